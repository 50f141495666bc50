"""Events reach everyone in their audience: people there when the event is arranged, and people who join later."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meetings import reminders
from notifications.models import Notification
from programmes.models import Attendance, Cohort, Event, Participant
from programmes.services import events
from programmes.services import leads as lead_services
from programmes.services.participant import participant_express_interest
from programmes.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _arrange(world, *, audience="all", days=30, title="Launch briefing", notes=""):
    starts_at = timezone.localtime() + datetime.timedelta(days=days)
    world.client_for("lead").post(
        reverse("programmes:events", args=[world.cohort.pk]),
        {
            "kind": "briefing",
            "title": title,
            "starts_at": starts_at.strftime("%Y-%m-%dT%H:%M"),
            "audience": audience,
            "notes": notes,
        },
    )
    return Event.objects.get(title=title)


def _invite(world, email="late.joiner@example.org", role="mentee"):
    world.client_for("lead").post(
        reverse("programmes:invite", args=[world.cohort.pk]),
        {"form": "one", "one-email": email, "one-name": "Late Joiner", "one-role": role},
    )
    return Participant.objects.get(user__email=email)


def _invitations(event):
    return Notification.objects.filter(kind="event_invitation", subject_id=event.pk)


def test_an_event_arranged_before_someone_is_invited_is_on_their_programme_when_they_are(world):
    event = _arrange(world)
    joiner = _invite(world)
    page = world.client_for("lead").get(reverse("programmes:my_programme"))  # the lead takes part in nothing
    assert event.title not in page.content.decode()
    client = world.client_for("lead")
    client.force_login(joiner.user)
    page = client.get(reverse("programmes:my_programme")).content.decode()
    assert event.title in page and "No events coming up" not in page
    assert _invitations(event).filter(recipient=joiner.user).count() == 1


def test_the_lead_opening_the_event_page_writes_nothing(world):
    event = _arrange(world)
    before = set(Attendance.objects.values_list("pk", flat=True))
    ParticipantFactory(cohort=world.cohort, role=Participant.Role.MENTOR)  # arrives by a path that invites nobody
    response = world.client_for("lead").get(reverse("programmes:event", args=[event.pk]))
    assert response.status_code == 200
    assert set(Attendance.objects.values_list("pk", flat=True)) == before


def test_the_audience_is_emailed_once_each_through_the_notification_path(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = _arrange(world, audience="mentors", notes="Two mentors worried about time away from shifts.")
    mentors = {world.objects["mentor"].user.email, world.objects["other_mentor"].user.email}
    assert {m.to[0] for m in mail.outbox} == mentors and len(mail.outbox) == 2
    message = mail.outbox[0]
    assert event.title in message.subject
    assert reverse("programmes:my_programme") in message.body
    # Peer-support notes are for leads only: never in an email.
    assert "worried" not in message.body and "worried" not in message.alternatives[0][0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        # Saving the event again, the late-joiner hook and the hourly scan all find nothing new to send.
        world.client_for("lead").post(
            reverse("programmes:event", args=[event.pk]),
            {
                "edit": "1",
                "kind": "briefing",
                "title": event.title,
                "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
                "audience": "mentors",
            },
        )
        events.participants_join_events(participants=world.cohort.participants.all())
        reminders.reminders_scan()
    assert mail.outbox == []
    assert _invitations(event).count() == 2


def test_an_event_in_the_past_is_recorded_for_attendance_but_emails_nobody(world):
    event = _arrange(world, days=-3)
    assert event.attendances.count() == 4
    assert not _invitations(event).exists()


def test_someone_who_applies_after_the_event_is_arranged_is_invited(world):
    world.cohort.status = Cohort.Status.RECRUITING
    world.cohort.save()
    event = _arrange(world, audience="mentors")
    applicant = world.users["other_cohort_participant"]
    participant = participant_express_interest(cohort=world.cohort, user=applicant, role="mentor")
    assert event.attendances.filter(participant=participant).exists()
    assert _invitations(event).filter(recipient=applicant).count() == 1


def test_someone_accepted_back_after_the_event_is_arranged_is_invited(world):
    declined = ParticipantFactory(cohort=world.cohort, role=Participant.Role.MENTEE, status=Participant.Status.DECLINED)
    event = _arrange(world)
    assert not event.attendances.filter(participant=declined).exists()
    lead_services.participants_bulk_update(cohort=world.cohort, participant_ids=[declined.pk], action="accept")
    assert event.attendances.filter(participant=declined).exists()
    assert _invitations(event).filter(recipient=declined.user).count() == 1


def test_a_person_whose_role_changes_moves_to_the_events_of_their_new_role(world):
    for_mentors = _arrange(world, audience="mentors", title="Mentoring skills")
    for_mentees = _arrange(world, audience="mentees", title="Listening and allyship")
    mentor = world.objects["mentor"]
    Participant.objects.filter(pk=mentor.pk).update(role=Participant.Role.MENTEE)
    events.participants_join_events(participants=Participant.objects.filter(pk=mentor.pk))
    assert not for_mentors.attendances.filter(participant=mentor).exists()
    assert for_mentees.attendances.filter(participant=mentor).exists()
    assert _invitations(for_mentees).filter(recipient=mentor.user).count() == 1


def test_narrowing_an_events_audience_uninvites_the_rest_but_keeps_a_past_events_record(world):
    coming = _arrange(world, title="Coming")
    past = _arrange(world, days=-2, title="Past")
    for event in (coming, past):
        Event.objects.filter(pk=event.pk).update(audience="mentors")
    events.events_invite_audience(events=Event.objects.all())
    roles = set(coming.attendances.values_list("participant__role", flat=True))
    assert roles == {"mentor"}
    assert past.attendances.count() == 4


def test_the_day_before_reminder_reaches_people_who_joined_after_the_event_was_arranged(world):
    event = _arrange(world, days=1)
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() + datetime.timedelta(days=1))
    joiner = _invite(world)
    # Someone added without any of the joining paths (e.g. by a site administrator): the hourly scan invites them.
    stray = ParticipantFactory(cohort=world.cohort, role=Participant.Role.MENTOR)
    reminders.reminders_scan()
    reminded = set(
        Notification.objects.filter(kind="event_reminder", subject_id=event.pk).values_list("recipient", flat=True)
    )
    assert {joiner.user_id, stray.user_id} <= reminded
    assert _invitations(event).filter(recipient=stray.user).count() == 1
    # A second run finds the same people and records nothing new.
    assert reminders.event_reminders_scan() == len(reminded)
    assert Notification.objects.filter(kind="event_reminder", subject_id=event.pk).count() == len(reminded)
