"""The matching review shows what people shared for matching: a recent sign-in first, and an audit entry for each look.

The same rule as a participant's page (programmes:participant). The pair page, where a partner sees what the other
chose to show them, is that person's own choice and asks for nothing more (matching/tests/test_pages.py).
"""

import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.conf import settings
from django.urls import reverse

from accounts import audit
from matching import services
from matching.algorithm import Weights
from matching.models import MatchRun
from matching.tests.factories import add_person, matching_cohort
from programmes.models import Participant
from remento.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _signed_in_long_ago(client):
    session = client.session
    for record in session[AUTHENTICATION_METHODS_SESSION_KEY]:
        record["at"] = time.time() - settings.ACCOUNT_REAUTHENTICATION_TIMEOUT - 60
    session.save()


@pytest.fixture
def review(client):
    """A run whose explanations name the mentors' shared topics, and a mentor who would rather not discuss Race."""
    setup = matching_cohort(1, 1)
    setup.lead.set_password(DEMO_PASSWORD)
    setup.lead.save()
    avoids_race = add_person(setup, Participant.Role.MENTOR, topics=("Disability",))
    avoids_race.avoid_topics.set([setup.topics["Race"]])
    run = services.match_run_create(cohort=setup.cohort, user=setup.lead, weights=Weights())
    client.force_login(setup.lead)
    return setup, run, avoids_race


def _requests(setup, run, avoids_race):
    weights = Weights().__dict__
    return [
        ("get", reverse("matching:cohort", args=[setup.cohort.pk]), {}),
        ("post", reverse("matching:run_create", args=[setup.cohort.pk]), {**weights, "topics": "-1"}),
        ("get", reverse("matching:manual_pair", args=[run.pk]), {}),
        (
            "post",
            reverse("matching:manual_pair", args=[run.pk]),
            {"mentor": avoids_race.pk, "mentee": setup.mentees[0].pk},
        ),
    ]


def test_a_lead_who_signed_in_a_while_ago_types_the_password_again_before_the_review_names_any_topic(client, review):
    setup, run, avoids_race = review
    assert "Race" in client.get(reverse("matching:cohort", args=[setup.cohort.pk])).content.decode()
    _signed_in_long_ago(client)
    for method, url, data in _requests(*review):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_reauthenticate")), url
        assert "Race" not in response.content.decode()
    assert MatchRun.objects.count() == 1  # the refused run was not made either


def test_after_signing_in_again_the_review_opens_and_each_look_is_in_the_audit_log(client, review):
    setup, run, avoids_race = review
    _signed_in_long_ago(client)
    url = reverse("matching:cohort", args=[setup.cohort.pk])
    response = client.post(client.get(url)["Location"], {"password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == url
    looks = []

    def recorded(sender, **event):
        if event["action"] == audit.VIEWED_DISCLOSURES and event["actor_id"] == setup.lead.pk:
            looks.append(event["detail"])

    audit.audit_recorded.connect(recorded)
    try:
        assert "Race" in client.get(url).content.decode()
        assert looks == [f"matching proposals, cohort {setup.cohort.pk}, run {run.pk}"]
        response = client.post(
            reverse("matching:manual_pair", args=[run.pk]), {"mentor": avoids_race.pk, "mentee": setup.mentees[0].pk}
        )
    finally:
        audit.audit_recorded.disconnect(recorded)
    assert "(Race) is one the mentor prefers not to discuss" in response.content.decode()
    assert looks[1:] == [f"manual pair check, cohort {setup.cohort.pk}, run {run.pk}"]
