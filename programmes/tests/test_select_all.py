"""Bulk work is bulk: "select all shown" on the roster, certificates and attendance acts, on the server, on
everyone the page's filters select, and on nobody they hide."""

import pytest
from django.urls import reverse

from evaluation.models import Certificate
from programmes.models import Attendance, Event, Participant
from programmes.services.events import events_invite_audience
from programmes.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(world):
    """Twenty more accepted mentors and ten more mentees: enough that ticking one by one would hurt."""
    mentors = [ParticipantFactory(cohort=world.cohort, role="mentor", status="accepted") for _ in range(20)]
    mentees = [ParticipantFactory(cohort=world.cohort, role="mentee", status="accepted") for _ in range(10)]
    return mentors, mentees


def test_select_all_on_the_roster_acts_on_everyone_the_filters_select(world, crowd):
    url = reverse("programmes:cohort", args=[world.cohort.pk]) + "?role=mentor"
    client = world.client_for("lead")
    page = client.get(url).content.decode()
    mentors = world.cohort.participants.filter(role="mentor").count()
    assert f"Select all {mentors} people shown (matching the filters)" in page
    response = client.post(url, {"action": "ready", "everyone_shown": "1"})
    assert response.status_code == 302 and response["Location"] == url
    assert not world.cohort.participants.filter(role="mentor", ready_to_match=False).exists()
    assert not world.cohort.participants.filter(role="mentee", ready_to_match=True).exists()


def test_select_all_on_the_roster_leaves_out_people_a_search_hides(world, crowd):
    mentor = world.objects["mentor"]
    url = reverse("programmes:cohort", args=[world.cohort.pk]) + f"?q={mentor.user.email}"
    world.client_for("lead").post(url, {"action": "withdraw", "everyone_shown": "1"})
    withdrawn = set(world.cohort.participants.filter(status="withdrawn").values_list("pk", flat=True))
    assert withdrawn == {mentor.pk}


def test_select_all_never_reaches_another_cohort(world, crowd):
    other = world.objects["other_cohort_participant"]
    url = reverse("programmes:cohort", args=[world.cohort.pk])
    world.client_for("lead").post(url, {"action": "decline", "everyone_shown": "1"})
    other.refresh_from_db()
    assert other.status != Participant.Status.DECLINED
    assert not world.cohort.participants.exclude(status="declined").exists()


def test_the_roster_still_asks_for_someone_when_nothing_is_selected(world):
    url = reverse("programmes:cohort", args=[world.cohort.pk])
    response = world.client_for("lead").post(url, {"action": "accept"}, follow=True)
    assert "Select at least one person." in response.content.decode()


def test_select_all_on_the_certificates_page_issues_to_everyone_shown(world, crowd):
    url = reverse("evaluation:certificates", args=[world.cohort.pk]) + "?role=mentee"
    client = world.client_for("lead")
    page = client.get(url).content.decode()
    shown = world.cohort.participants.filter(role="mentee").exclude(status__in=["declined", "invited"]).count()
    assert f"Select all {shown} people shown (matching the filters)" in page
    client.post(url, {"action": "issue", "everyone_shown": "1"})
    assert Certificate.objects.filter(participant__role="mentee").count() == shown
    assert not Certificate.objects.filter(participant__role="mentor").exists()
    client.post(url, {"action": "withdraw", "everyone_shown": "1"})
    assert not Certificate.objects.exists()


def test_the_certificates_page_filters_by_completion_and_certificate(world, crowd):
    base = reverse("evaluation:certificates", args=[world.cohort.pk])
    client = world.client_for("lead")
    paired = {world.objects[k].pk for k in ("mentor", "mentee", "other_mentor", "other_pair")}
    # Nobody has met yet, so the programme's rule completes nobody: the lead marks the four pairs' people.
    client.post(base, {"action": "complete", "participants": sorted(paired)})
    client.post(base + "?completed=yes", {"action": "issue", "everyone_shown": "1"})
    assert set(Certificate.objects.values_list("participant_id", flat=True)) == paired
    page = client.get(base + "?certificate=no").content.decode()
    assert world.objects["mentor"].user.name not in page and crowd[0][0].user.name in page


@pytest.fixture
def briefing(world, crowd):
    event = Event.objects.create(cohort=world.cohort, kind="briefing", title="Briefing", starts_at="2026-05-01T10:00Z")
    events_invite_audience(events=Event.objects.filter(pk=event.pk))
    return event


def test_select_all_on_attendance_marks_everyone_shown_and_keeps_what_the_filter_hides(world, briefing):
    mentor_rows = briefing.attendances.filter(participant__role="mentor")
    mentee_rows = briefing.attendances.filter(participant__role="mentee")
    mentee_rows.update(attended=True)
    url = reverse("programmes:event", args=[briefing.pk]) + "?role=mentor"
    client = world.client_for("lead")
    page = client.get(url).content.decode()
    assert f"Select all {mentor_rows.count()} people shown (matching the filters)" in page
    client.post(url, {"attendance": "1", "everyone_shown": "1"})
    assert not mentor_rows.exclude(attended=True).exists()
    # The mentees were hidden by the filter: what was recorded for them stays.
    assert not mentee_rows.exclude(attended=True).exists()


def test_attendance_by_reply_marks_those_who_said_they_would_come(world, briefing):
    coming = list(briefing.attendances.all()[:5])
    Attendance.objects.filter(pk__in=[a.pk for a in coming]).update(reply="yes")
    url = reverse("programmes:event", args=[briefing.pk]) + "?reply=yes"
    world.client_for("lead").post(url, {"attendance": "1", "everyone_shown": "1"})
    assert set(briefing.attendances.filter(attended=True).values_list("pk", flat=True)) == {a.pk for a in coming}
    assert not briefing.attendances.filter(attended=False).exists()


def test_ticking_one_by_one_still_records_the_rest_as_absent(world, briefing):
    first = briefing.attendances.order_by("pk").first()
    world.client_for("lead").post(
        reverse("programmes:event", args=[briefing.pk]), {"attendance": "1", "attended": [first.pk]}
    )
    assert list(briefing.attendances.filter(attended=True)) == [first]
    assert briefing.attendances.filter(attended=False).count() == briefing.attendances.count() - 1
