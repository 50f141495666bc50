"""Free text in matching's forms has a sensible limit, refused beside the field with nothing typed lost."""

import pytest
from django.urls import reverse

from accounts.limits import SHORT_TEXT, TEXT
from matching import services
from matching.algorithm import Weights
from matching.models import Concern, Pairing, ProposedPair
from matching.tests.factories import add_person, matching_cohort
from programmes.models import Participant
from remento.testing.text_limits import assert_refused_beside_the_field, too_long

pytestmark = pytest.mark.django_db


def test_a_concern_that_is_too_long_is_refused_beside_the_field(world):
    typed = too_long(TEXT)
    url = reverse("matching:concern", args=[world.objects["pairing"].pk])
    response = world.client_for("mentee").post(url, {"message": typed})
    assert_refused_beside_the_field(response, "id_message", typed, TEXT)
    assert not Concern.objects.exists()
    assert world.client_for("mentee").post(url, {"message": typed[:-1]}).status_code == 302


def test_a_reason_for_ending_a_pairing_that_is_too_long_is_refused_beside_the_field(world):
    typed = too_long(SHORT_TEXT)
    pairing = world.objects["pairing"]
    url = reverse("matching:pairing_end", args=[pairing.pk])
    response = world.client_for("lead").post(url, {"reason": typed})
    assert_refused_beside_the_field(response, "id_reason", typed, SHORT_TEXT)
    assert Pairing.objects.get(pk=pairing.pk).status == Pairing.Status.ACTIVE


def test_a_reason_for_a_pair_made_by_hand_that_is_too_long_is_refused_beside_the_field(client):
    setup = matching_cohort(1, 1)
    senior = add_person(setup, Participant.Role.MENTOR, level=6)
    run = services.match_run_create(cohort=setup.cohort, user=setup.lead, weights=Weights())
    client.force_login(setup.lead)
    typed = too_long(SHORT_TEXT)
    pair = {"mentor": senior.pk, "mentee": setup.mentees[0].pk}
    response = client.post(reverse("matching:manual_pair", args=[run.pk]), {**pair, "reason": typed})
    assert_refused_beside_the_field(response, "id_reason", typed, SHORT_TEXT)
    assert not ProposedPair.objects.filter(run=run, mentor=senior).exists()
