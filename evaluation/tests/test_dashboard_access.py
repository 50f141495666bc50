"""Who may open each results page: steering members and leads of the programme read aggregates, leads moderate and
issue certificates, a participant opens only their own certificate; everyone else gets 404."""

import pytest
from django.urls import reverse

from evaluation.models import Answer, Certificate
from evaluation.tests import access_urls_results
from evaluation.tests.results_factories import answer_many, make_survey

pytestmark = pytest.mark.django_db


def test_every_results_url_answers_each_role_as_the_matrix_says(world):
    fixtures = access_urls_results.fixtures(world)
    for name, (arguments, expected) in access_urls_results.MATRIX.items():
        world.assert_only(reverse(name, args=arguments(world, fixtures)), expected)


def test_a_steering_member_of_another_programme_cannot_open_this_dashboard(world):
    from programmes.models import ProgrammeRole
    from programmes.tests.factories import ProgrammeRoleFactory

    outsider = ProgrammeRoleFactory(programme=world.objects["other_programme"], role=ProgrammeRole.Role.STEERING).user
    world.users["outsider_steering"] = outsider
    response = world.client_for("outsider_steering").get(reverse("evaluation:dashboard", args=[world.cohort.pk]))
    assert response.status_code == 404


def test_only_a_lead_of_the_programme_can_approve_a_quote(world):
    survey = make_survey(world.cohort)
    answer_many(survey, "mentor", 5, benefits="I understood the barriers better")
    target = Answer.objects.filter(question__code="benefits").first()
    url = reverse("evaluation:quote_decide", args=[world.cohort.pk, target.pk])
    world.assert_only(
        url,
        {"lead": 302, "co_lead": 302, "anonymous": 302},
        method="post",
        data={"decision": "approved"},
    )
    target.refresh_from_db()
    assert target.quote == "approved"


def test_a_quote_decision_from_a_steering_member_changes_nothing(world):
    survey = make_survey(world.cohort)
    answer_many(survey, "mentor", 5, benefits="Confidence")
    target = Answer.objects.filter(question__code="benefits").first()
    response = world.client_for("steering").post(
        reverse("evaluation:quote_decide", args=[world.cohort.pk, target.pk]), {"decision": "approved"}
    )
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.quote == ""


def test_only_leads_can_issue_certificates_and_ids_from_another_cohort_are_ignored(world):
    url = reverse("evaluation:certificates", args=[world.cohort.pk])
    stranger = world.objects["other_cohort_participant"]
    mentor = world.objects["mentor"]
    world.assert_only(
        url,
        {"lead": None, "co_lead": None, "anonymous": 302},
        method="post",
        data={"participants": [mentor.pk], "action": "issue"},
    )
    assert not Certificate.objects.exists()
    response = world.client_for("lead").post(url, {"participants": [mentor.pk, stranger.pk], "action": "issue"})
    assert response.status_code == 302
    assert list(Certificate.objects.values_list("participant_id", flat=True)) == [mentor.pk]
