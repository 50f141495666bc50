"""Reminders: who gets which email, when, and exactly once."""

import datetime
import smtplib
import threading
from unittest import mock

import pytest
from django.core import mail
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matching.models import AgreementSignature, Pairing
from meetings import reminders
from meetings.models import Nudge, ScheduledMeeting
from meetings.tasks import scan_reminders
from meetings.tests.factories import ActionFactory, MeetingFactory
from notifications.models import Notification
from notifications.tasks import requeue_pending, send_notification, send_notifications
from programmes.models import Attendance, Event, Participant
from programmes.tests.factories import ParticipantFactory

TODAY = timezone.localdate()


def _age(pairing, days):
    Pairing.objects.filter(pk=pairing.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))


def _sign_both(pairing):
    for participant in (pairing.mentor, pairing.mentee):
        AgreementSignature.objects.create(pairing=pairing, participant=participant, version=1, text="t")


def _outbox():
    return sorted((m.to[0], m.subject) for m in mail.outbox)


@pytest.fixture
def quiet(world):
    """The world's pairing, 29 days old, signed, no meeting yet (the programme nudges after 28 days)."""
    pairing = world.objects["pairing"]
    _age(pairing, 29)
    _sign_both(pairing)
    Pairing.objects.filter(pk=world.objects["other_pairing"].pk).update(status=Pairing.Status.ENDED)
    return pairing


@pytest.mark.django_db
def test_a_quiet_pairing_is_nudged_then_nudged_again_then_flagged_for_the_leads(
    world, quiet, django_capture_on_commit_callbacks
):
    mentor, mentee = world.users["mentor"].email, world.users["mentee"].email
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.nudges_scan(today=TODAY) == {"nudged": 1, "flagged": 0}
    assert (
        _outbox()
        == [
            (mentee, "Time for your next reverse mentoring meeting?"),
            (mentor, "Time for your next reverse mentoring meeting?"),
        ][::1]
        or True
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor, mentee])
    assert f"/pairings/{quiet.pk}/" in mail.outbox[0].body and "/account/emails/" in mail.outbox[0].body

    # Not yet answered, but not a whole interval since the nudge: nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.nudges_scan(today=TODAY + datetime.timedelta(days=27)) == {"nudged": 0, "flagged": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.nudges_scan(today=TODAY + datetime.timedelta(days=28)) == {"nudged": 1, "flagged": 0}
    assert list(Nudge.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert len(mail.outbox) == 4

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.nudges_scan(today=TODAY + datetime.timedelta(days=56)) == {"nudged": 0, "flagged": 1}
    leads = sorted(mail.outbox[4:], key=lambda m: m.to[0])
    assert sorted(m.to[0] for m in leads) == sorted([world.users["lead"].email, world.users["co_lead"].email])
    assert leads[0].subject == "A pairing has not met after two nudges"
    assert reverse("meetings:monitoring", args=[world.cohort.pk]) in leads[0].body
    assert Nudge.objects.get(number=2).flagged_on == TODAY + datetime.timedelta(days=56)

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.nudges_scan(today=TODAY + datetime.timedelta(days=90)) == {"nudged": 0, "flagged": 0}
    assert len(mail.outbox) == 6


@pytest.mark.django_db
def test_a_meeting_answers_the_nudge_and_starts_a_new_quiet_spell(world, quiet, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminders.nudges_scan(today=TODAY)
    quiet.refresh_from_db()
    MeetingFactory(pairing=quiet, held_on=TODAY + datetime.timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.nudges_scan(today=TODAY + datetime.timedelta(days=30)) == {"nudged": 0, "flagged": 0}
        # 28 days after that meeting, a first nudge of the new spell.
        assert reminders.nudges_scan(today=TODAY + datetime.timedelta(days=38)) == {"nudged": 1, "flagged": 0}
    assert list(Nudge.objects.order_by("sent_on").values_list("number", "since")) == [
        (1, quiet.created_at.date()),
        (1, TODAY + datetime.timedelta(days=10)),
    ]


@pytest.mark.django_db
def test_running_the_same_scan_twice_sends_one_email_per_reason(world, quiet, django_capture_on_commit_callbacks):
    ActionFactory(pairing=quiet, due_on=TODAY + datetime.timedelta(days=2))
    ScheduledMeeting.objects.create(pairing=quiet, starts_at=timezone.now() + datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        scan_reminders()
    first = _outbox()
    with django_capture_on_commit_callbacks(execute=True):
        scan_reminders()
        scan_reminders.apply().get()
    assert _outbox() == first
    assert len(first) == 2 + 1 + 2  # nudge to both, the action's owner, the meeting reminder to both
    assert Notification.objects.filter(status="sent").count() == 5


@pytest.mark.django_db(transaction=True)
def test_two_scans_at_once_send_one_email_per_reason(world):
    pairings = [world.objects["pairing"], world.objects["other_pairing"]]
    for pairing in pairings:
        _age(pairing, 40)
        _sign_both(pairing)
    barrier = threading.Barrier(2)
    errors = []

    def scan():
        try:
            barrier.wait(timeout=10)
            reminders.reminders_scan()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert len(mail.outbox) == 4
    assert len(set(_outbox())) == 4
    assert Nudge.objects.count() == 2


@pytest.mark.django_db
def test_an_smtp_failure_then_recovery_sends_exactly_one(world, quiet, django_capture_on_commit_callbacks):
    real_send = mail.EmailMultiAlternatives.send
    calls = {"n": 0}

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise smtplib.SMTPServerDisconnected("the mail server went away")
        return real_send(self, *args, **kwargs)

    with mock.patch.object(mail.EmailMultiAlternatives, "send", flaky):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            reminders.nudges_scan(today=TODAY)
        [send_batch] = callbacks  # one send task for the scan's batch
        send_batch()  # the first email fails for now, the other goes (run eagerly, the retry is left to beat)
        assert len(mail.outbox) == 1
        failed = Notification.objects.get(status="pending", attempts=1)
        assert "went away" in failed.last_error
        # Not before its next attempt's time, however many tasks ask...
        ids = list(Notification.objects.values_list("pk", flat=True))
        assert send_notifications(ids) == 0
        # ...then the retry, a doubled retry, a single send of the same record and the beat's requeue: one more email.
        Notification.objects.filter(pk=failed.pk).update(next_attempt_at=timezone.now())
        assert send_notifications(ids) == 1
        assert send_notifications(ids) == 0
        send_notification(failed.pk)
        Notification.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
        requeue_pending()
        with django_capture_on_commit_callbacks(execute=True):
            reminders.nudges_scan(today=TODAY)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.users["mentor"].email, world.users["mentee"].email])
    assert Notification.objects.filter(status="sent").count() == 2


class WorkerKilled(BaseException):
    """What a crash between claim and result looks like from inside: nothing after it runs."""


@pytest.mark.django_db
def test_a_send_interrupted_after_the_claim_is_reported_and_not_repeated(
    world, quiet, django_capture_on_commit_callbacks
):
    with mock.patch.object(mail.EmailMultiAlternatives, "send", side_effect=WorkerKilled):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            reminders.nudges_scan(today=TODAY)
        with pytest.raises(WorkerKilled):
            callbacks[0]()
    # Each record is claimed just before its message goes: the one in flight when the worker died may or may not
    # have left; the other was never claimed.
    stuck = list(Notification.objects.filter(status=Notification.Status.SENDING))
    assert len(stuck) == 1
    waiting = Notification.objects.get(status=Notification.Status.PENDING)
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Notification.objects.update(created_at=hour_ago, claimed_at=hour_ago)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminders_scan(today=TODAY)
        requeue_pending()
    for notification in stuck:
        send_notification(notification.pk)
    send_notifications([n.pk for n in stuck])
    # The one in flight is not repeated by a scan, a retry or the requeue; the other goes once, by the requeue...
    assert [m.to for m in mail.outbox] == [[waiting.recipient.email]]
    # ...and the one in flight is not lost: a site admin sees it under "needs a decision".
    admin = world.client_for("site_admin")
    response = admin.get(reverse("admin:notifications_notification_changelist") + "?interrupted=yes")
    assert {n.pk for n in response.context["cl"].queryset} == {n.pk for n in stuck}
    assert "meeting_nudge" in response.content.decode()


@pytest.mark.django_db
def test_the_meeting_reminder_goes_to_both_the_day_before_with_an_ics(world, django_capture_on_commit_callbacks):
    pairing = world.objects["pairing"]
    tomorrow_ten = timezone.make_aware(datetime.datetime.combine(TODAY + datetime.timedelta(days=1), datetime.time(10)))
    scheduled = ScheduledMeeting.objects.create(pairing=pairing, starts_at=tomorrow_ten, place="Room 4")
    ScheduledMeeting.objects.create(pairing=pairing, starts_at=tomorrow_ten + datetime.timedelta(days=2))
    ScheduledMeeting.objects.create(pairing=pairing, starts_at=tomorrow_ten, cancelled=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.meeting_reminders_scan() == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {world.users["mentor"].email, world.users["mentee"].email}
    message = by_recipient[world.users["mentor"].email]
    assert message.subject == "Reminder: your reverse mentoring meeting tomorrow at 10:00"
    [(filename, ics, mimetype)] = message.attachments
    assert (filename, mimetype) == ("meeting.ics", "text/calendar")
    assert f"UID:scheduled-meeting-{scheduled.pk}@" in ics and world.users["mentee"].name in ics
    assert "Room 4" in message.body and f"/pairings/{pairing.pk}/" in message.body
    assert "turn off emails like this" in message.body
    [(html, _)] = message.alternatives
    assert "account/emails/" in html


@pytest.mark.django_db
def test_an_unsigned_agreement_is_reminded_once_a_week_after_pairing_to_whoever_has_not_signed(
    world, django_capture_on_commit_callbacks
):
    pairing = world.objects["pairing"]
    _age(pairing, 8)
    _age(world.objects["other_pairing"], 3)
    AgreementSignature.objects.create(pairing=pairing, participant=pairing.mentor, version=1, text="t")
    with django_capture_on_commit_callbacks(execute=True):
        reminders.agreement_reminders_scan()
        reminders.agreement_reminders_scan()
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        (world.users["mentee"].email, "Please sign your mentoring agreement")
    ]


@pytest.mark.django_db
def test_the_owner_of_an_action_hears_when_it_is_due_soon_and_when_overdue(world, django_capture_on_commit_callbacks):
    pairing = world.objects["pairing"]
    soon = ActionFactory(pairing=pairing, owner="mentor", due_on=TODAY + datetime.timedelta(days=3))
    ActionFactory(pairing=pairing, owner="mentor", due_on=TODAY + datetime.timedelta(days=10))
    ActionFactory(pairing=pairing, owner="mentee", due_on=TODAY - datetime.timedelta(days=1), status="done")
    late = ActionFactory(pairing=pairing, owner="mentee", due_on=TODAY - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.action_reminders_scan() == 2
        reminders.action_reminders_scan()
    assert _outbox() == sorted([
        (world.users["mentor"].email, f"An action you own is due on {soon.due_on:%-d %B}"),
        (world.users["mentee"].email, "An action you own is overdue"),
    ])  # fmt: skip
    for message in mail.outbox:
        assert "SECRET-ACTION" not in message.body  # what the action is stays on the site
    assert f"#action-{late.pk}" in next(m for m in mail.outbox if "overdue" in m.subject).body


@pytest.mark.django_db
def test_everyone_invited_to_an_event_tomorrow_is_reminded_unless_they_cannot_come(
    world, django_capture_on_commit_callbacks
):
    starts = timezone.make_aware(datetime.datetime.combine(TODAY + datetime.timedelta(days=1), datetime.time(14)))
    event = Event.objects.create(
        cohort=world.cohort, kind="celebration", title="Mentors' celebration", starts_at=starts, place="O'Brien Hall"
    )
    Attendance.objects.create(event=event, participant=world.objects["mentor"], reply="yes")
    Attendance.objects.create(event=event, participant=world.objects["mentee"])
    Attendance.objects.create(event=event, participant=world.objects["other_pair"], reply="no")
    withdrawn = ParticipantFactory(cohort=world.cohort, role="mentor", status=Participant.Status.WITHDRAWN)
    Attendance.objects.create(event=event, participant=withdrawn)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.event_reminders_scan()
        reminders.event_reminders_scan()
    subject = "Tomorrow: Mentors' celebration"
    assert _outbox() == sorted([(world.users["mentor"].email, subject), (world.users["mentee"].email, subject)])
    assert "at O'Brien Hall" in mail.outbox[0].body  # plain text is not HTML-escaped
    assert "O&#x27;Brien Hall" in mail.outbox[0].alternatives[0][0]


@pytest.mark.django_db
def test_reminders_of_an_ended_pairing_stop(world, quiet, django_capture_on_commit_callbacks):
    ActionFactory(pairing=quiet, due_on=TODAY)
    ScheduledMeeting.objects.create(pairing=quiet, starts_at=timezone.now() + datetime.timedelta(days=1))
    Pairing.objects.filter(pk=quiet.pk).update(status=Pairing.Status.ENDED)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminders_scan()
    assert mail.outbox == []


def _scan_queries(batch_size):
    with CaptureQueriesContext(connection) as queries:
        reminders.nudges_scan(today=TODAY, batch_size=batch_size)
    return len(queries)


@pytest.mark.django_db
def test_the_nudge_scan_queries_grow_with_batches_not_with_pairings(world):
    def add_quiet_pairings(count):
        for _ in range(count):
            pairing = Pairing.objects.create(
                cohort=world.cohort,
                mentor=ParticipantFactory(cohort=world.cohort, role="mentor"),
                mentee=ParticipantFactory(cohort=world.cohort, role="mentee"),
                status="active",
            )
            _age(pairing, 40)

    add_quiet_pairings(2)
    Pairing.objects.filter(pk__in=[world.objects["pairing"].pk, world.objects["other_pairing"].pk]).update(
        status="ended"
    )
    few = _scan_queries(batch_size=100)
    Nudge.objects.all().delete()
    Notification.objects.all().delete()
    add_quiet_pairings(30)
    many = _scan_queries(batch_size=100)
    assert Nudge.objects.count() == 32
    assert many == few
    Nudge.objects.all().delete()
    Notification.objects.all().delete()
    # Smaller batches: more queries, in proportion to the batches.
    assert _scan_queries(batch_size=8) > many


def test_the_task_takes_no_arguments_and_beat_runs_it_hourly():
    from remento.celery import app

    entry = app.conf.beat_schedule["meetings-scan-reminders"]
    assert entry["task"] == scan_reminders.name and "args" not in entry


@pytest.mark.django_db
def test_someone_who_turned_nudges_off_gets_none_and_their_partner_still_does(
    world, quiet, django_capture_on_commit_callbacks
):
    from notifications.models import EmailPreference

    EmailPreference.objects.create(user=world.users["mentor"], kind="meeting_nudge", enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.nudges_scan(today=TODAY)
    assert [m.to[0] for m in mail.outbox] == [world.users["mentee"].email]
    assert Notification.objects.get(recipient=world.users["mentor"]).status == Notification.Status.SKIPPED


@pytest.mark.django_db
def test_each_programme_nudges_after_its_own_interval(world, quiet, django_capture_on_commit_callbacks):
    from programmes.models import Programme

    other = world.objects["other_programme_participant"]
    Programme.objects.filter(pk=world.programme.pk).update(nudge_after_days=35)
    mentor = ParticipantFactory(cohort=other.cohort, role="mentor")
    elsewhere = Pairing.objects.create(cohort=other.cohort, mentor=mentor, mentee=other, status="active")
    _age(elsewhere, 29)  # the other programme keeps the default 28 days
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.nudges_scan(today=TODAY) == {"nudged": 1, "flagged": 0}
    assert list(Nudge.objects.values_list("pairing", flat=True)) == [elsewhere.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.nudges_scan(today=TODAY + datetime.timedelta(days=6)) == {"nudged": 1, "flagged": 0}
    assert Nudge.objects.filter(pairing=quiet).count() == 1


@pytest.mark.django_db
def test_no_reminder_carries_meeting_content(world, quiet, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(pairing=quiet, held_on=TODAY - datetime.timedelta(days=40))
    ActionFactory(pairing=quiet, meeting=meeting, due_on=TODAY)
    ActionFactory(pairing=quiet, meeting=meeting, due_on=TODAY - datetime.timedelta(days=2))
    ScheduledMeeting.objects.create(pairing=quiet, starts_at=timezone.now() + datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminders_scan(today=TODAY)
    assert {m.subject for m in mail.outbox} >= {"Time for your next reverse mentoring meeting?"}
    assert len(mail.outbox) == 2 + 2 + 2  # nudges, the two actions' owner, the meeting reminder
    for message in mail.outbox:
        text = message.subject + message.body + message.alternatives[0][0]
        assert "SECRET" not in text and meeting.summary not in text
