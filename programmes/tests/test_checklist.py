"""My programme's checklist: each step reads what is recorded and links to where it is done."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.models import Participant, Programme
from programmes.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _steps(client) -> dict[str, tuple[str, str]]:
    """Each step's label -> (its badge, the link it carries or "")."""
    page = client.get(reverse("programmes:my_programme")).content.decode()
    steps = {}
    for item in re.findall(r'<li class="list-group-item.*?</li>', page, re.S):
        link = re.search(r'<a href="([^"]+)">([^<]+)</a>', item)
        label = link.group(2) if link else re.search(r'<span class="ms-2 me-auto">([^<]+)', item).group(1)
        badge = re.search(r'<span class="badge[^"]*">([^<]+)</span>', item).group(1)
        steps[label.strip()] = (badge, link.group(1) if link else "")
    return steps


def _meet(pairing):
    # Through the reverse relation: programmes' tests, like programmes, do not import meetings.
    pairing.meetings.create(held_on=timezone.localdate(), duration_minutes=60, format="online")


def test_people_in_an_active_pair_who_have_met_see_meet_your_match_done_with_a_link_to_their_pairing(world):
    pairing = world.objects["pairing"]
    _meet(pairing)
    pair_url = reverse("meetings:pair", args=[pairing.pk])
    for role in ("mentor", "mentee"):
        assert _steps(world.client_for(role))["Meet your match"] == ("Done", pair_url)


def test_a_pair_that_has_not_met_yet_is_to_do_and_links_to_the_pairing(world):
    pairing = world.objects["pairing"]
    steps = _steps(world.client_for("mentee"))
    assert steps["Meet your match"] == ("To do", reverse("meetings:pair", args=[pairing.pk]))


def test_before_a_match_the_step_says_how_people_hear_of_it_and_links_nowhere(world):
    client = world.client_for("other_cohort_participant")
    assert _steps(client)["Meet your match"] == ("To do", "")
    page = client.get(reverse("programmes:my_programme")).content.decode()
    assert "You will be introduced by email when you are matched." in page


def test_a_mentor_with_two_mentees_is_done_only_when_both_pairs_have_met(world):
    mentor, pairing = world.objects["mentor"], world.objects["pairing"]
    second_mentee = ParticipantFactory(cohort=world.cohort, role=Participant.Role.MENTEE)
    second = pairing.__class__.objects.create(cohort=world.cohort, mentor=mentor, mentee=second_mentee)
    _meet(pairing)
    _meet(pairing)  # two meetings with the first mentee do not count for the second
    assert _steps(world.client_for("mentor"))["Meet your match"] == (
        "To do",
        reverse("meetings:pair", args=[second.pk]),
    )
    _meet(second)
    assert _steps(world.client_for("mentor"))["Meet your match"][0] == "Done"


def test_an_ended_pairing_leaves_the_step_to_do_until_the_next_match(world):
    pairing = world.objects["pairing"]
    _meet(pairing)
    pairing.__class__.objects.filter(pk=pairing.pk).update(status="rematch", ended_at=timezone.now())
    assert _steps(world.client_for("mentee"))["Meet your match"] == ("To do", "")


def test_every_step_links_to_where_it_is_done_and_reads_what_is_recorded(world):
    mentor = world.objects["mentor"]
    Programme.objects.filter(pk=world.programme.pk).update(mentor_training_required=True, mentee_training_required=True)
    Participant.objects.filter(pk=mentor.pk).update(status=Participant.Status.APPLIED)
    steps = _steps(world.client_for("mentor"))
    assert steps["Complete your application"] == ("To do", reverse("programmes:apply", args=[mentor.pk]))
    assert steps["Choose what you are comfortable sharing (optional)"] == (
        "To do",
        reverse("programmes:disclosures", args=[mentor.pk]),
    )
    assert steps["Come to training"] == ("To do", f"#events-{mentor.pk}")
    assert steps["Wait for the programme lead to accept you"] == ("To do", "")
    training = world.cohort.events.create(
        kind="training", title="Skills", starts_at=timezone.now() - datetime.timedelta(days=3)
    )
    training.attendances.create(participant=mentor, attended=True)
    Participant.objects.filter(pk=mentor.pk).update(
        status=Participant.Status.ACCEPTED, profile_completed_at=timezone.now(), consent_given_at=timezone.now()
    )
    steps = _steps(world.client_for("mentor"))
    assert {label: badge for label, (badge, _) in steps.items() if label != "Meet your match"} == {
        "Complete your application": "Done",
        "Choose what you are comfortable sharing (optional)": "Done",
        "Come to training": "Done",
        "Wait for the programme lead to accept you": "Done",
    }
    # Mentees are never asked what they are comfortable sharing.
    assert not any("comfortable sharing" in label for label in _steps(world.client_for("mentee")))
