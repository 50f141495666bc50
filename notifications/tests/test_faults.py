"""Email exactly once under real faults, against a real SMTP server on 127.0.0.1 (notifications/tests/smtp_server.py).

A message the server may have stored is never sent again by itself; a transient refusal waits at least its floor
and no second task can claim the record early; a day-long outage loses nothing; a retry whose reason has passed
is not sent.
"""

from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications import kinds, services
from notifications.admin import INTERRUPTED_AFTER
from notifications.models import Notification
from notifications.tasks import requeue_pending, send_notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def test_kind():
    kinds.register(kinds.Kind("test_hello", reason="a test registered this kind"))
    yield
    kinds.KINDS.pop("test_hello", None)


def queue(recipient):
    with mock.patch.object(services, "notification_enqueue"):  # the test sends by hand
        return services.notification_queue(kind="test_hello", recipient=recipient, subject=recipient, link="/x")


def refreshed(notification):
    notification.refresh_from_db()
    return notification


def _time_passes(notification):
    Notification.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now() - timezone.timedelta(seconds=1)
    )


# --- 4. A failure after the message was handed over is ambiguous ---------------------------------------------


@pytest.mark.parametrize("fault", ["drop", "slow"])
def test_a_message_the_server_stored_before_the_connection_failed_is_never_sent_again(smtp_server, fault):
    person = UserFactory()
    notification = queue(person)
    smtp_server.faults[person.email] = [fault]

    assert services.notification_send(notification_id=notification.pk) is False  # no TransientSendError: no retry

    assert refreshed(notification).status == Notification.Status.UNKNOWN
    assert "handed over" in notification.last_error
    Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - timezone.timedelta(days=1))
    requeue_pending()
    assert send_notification.apply(args=[notification.pk]).get() is False
    assert smtp_server.count() == {(person.email, "A test message about " + str(person)): 1}
    assert refreshed(notification).status == Notification.Status.UNKNOWN


def test_in_a_batch_the_cut_off_message_waits_for_a_decision_and_the_others_go(smtp_server):
    people = UserFactory.create_batch(4)
    notifications = [queue(person) for person in people]
    smtp_server.faults[people[1].email] = ["drop"]

    assert services.notifications_send_many(notification_ids=[n.pk for n in notifications]) == 3

    statuses = [refreshed(n).status for n in notifications]
    assert statuses == ["sent", "unknown", "sent", "sent"]
    assert sorted(recipient for recipient, _ in smtp_server.count().elements()) == sorted(p.email for p in people)


def test_a_refusal_after_data_is_an_answer_so_it_is_retried(smtp_server):
    person = UserFactory()
    notification = queue(person)
    smtp_server.faults[person.email] = ["451-data"]
    with pytest.raises(services.TransientSendError):
        services.notification_send(notification_id=notification.pk)
    assert refreshed(notification).status == Notification.Status.PENDING
    _time_passes(notification)
    assert services.notification_send(notification_id=notification.pk) is True
    assert list(smtp_server.count().values()) == [1]


def test_site_admins_find_the_cut_off_send_under_needs_a_decision_and_can_send_it_again(
    smtp_server, admin_client, django_capture_on_commit_callbacks
):
    person = UserFactory(name="Cut Off")
    notification = queue(person)
    smtp_server.faults[person.email] = ["drop"]
    services.notification_send(notification_id=notification.pk)

    changelist = reverse("admin:notifications_notification_changelist")
    page = admin_client.get(changelist + "?interrupted=yes").content.decode()
    assert "Cut Off" in page and "Sending — needs a decision" in page
    assert "1 email was cut off while sending" in admin_client.get(changelist).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(changelist, {"action": "send_again", "_selected_action": [notification.pk]})
    assert refreshed(notification).status == Notification.Status.SENT
    assert list(smtp_server.count().values()) == [2]  # the admin's decision, never the machine's


def test_a_send_still_claimed_after_a_while_is_listed_too(admin_client):
    notification = queue(UserFactory(name="Killed Worker"))
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENDING, claimed_at=timezone.now() - INTERRUPTED_AFTER * 2
    )
    page = admin_client.get(reverse("admin:notifications_notification_changelist") + "?interrupted=yes")
    assert "Killed Worker" in page.content.decode()


# --- 6. An outage loses nothing, and one sender per record ------------------------------------------------------


def test_a_second_send_task_during_the_wait_claims_nothing_and_burns_no_attempt(smtp_server):
    person = UserFactory()
    notification = queue(person)
    smtp_server.outage_for(60)
    with pytest.raises(services.TransientSendError):
        services.notification_send(notification_id=notification.pk)
    for _ in range(5):  # other send tasks for the same record: a requeue, a scan's enqueue, a retry
        assert services.notification_send(notification_id=notification.pk) is False
        assert services.notifications_send_many(notification_ids=[notification.pk]) == 0
    assert refreshed(notification).attempts == 1 and smtp_server.refused == 1


def test_the_retry_schedule_has_a_floor_and_outlasts_a_day_long_outage(smtp_server):
    """Beat's requeue every minute through a simulated 23-hour outage: each attempt waits at least its floor, the
    message goes once the server is back, and the record is never marked failed meanwhile."""
    delays = services.retry_delays()
    assert all(later >= earlier for earlier, later in zip(delays, delays[1:], strict=False))
    assert delays[0] >= 60 and sum(delays) >= 24 * 3600

    person = UserFactory()
    notification = queue(person)
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())  # due at once
    start = timezone.now()
    clock = {"now": start}
    smtp_server.outage_for(10**6)
    claims = []
    with mock.patch("django.utils.timezone.now", lambda: clock["now"]):
        while clock["now"] < start + timezone.timedelta(hours=36):
            if clock["now"] >= start + timezone.timedelta(hours=23):
                smtp_server.outage_until = 0
            requeue_pending()  # beat; its tasks run eagerly here, and their short retries come back at once
            record = refreshed(notification)
            if record.claimed_at and (not claims or claims[-1][0] != record.claimed_at):
                claims.append((record.claimed_at, record.next_attempt_at))
            if record.status != Notification.Status.PENDING:
                break
            # The next minutely beat: those before the record's next attempt would find nothing to do.
            clock["now"] = max(clock["now"], record.next_attempt_at) + timezone.timedelta(minutes=1)
    assert refreshed(notification).status == Notification.Status.SENT
    assert list(smtp_server.count().values()) == [1]
    for (_claimed, next_at), (next_claim, _) in zip(claims, claims[1:], strict=False):
        assert next_claim >= next_at  # never earlier than the floor
    for attempt, (claimed, next_at) in enumerate(claims[:-1]):
        assert (next_at - claimed).total_seconds() >= delays[attempt]
    assert len(claims) == notification.attempts <= len(delays) + 1


def test_the_schedule_exhausted_the_record_fails(smtp_server):
    person = UserFactory()
    notification = queue(person)
    Notification.objects.filter(pk=notification.pk).update(attempts=len(services.retry_delays()))
    smtp_server.outage_for(60)
    assert services.notification_send(notification_id=notification.pk) is False
    assert refreshed(notification).status == Notification.Status.FAILED


def test_beat_requeues_a_retry_whose_time_has_come_and_a_lost_first_send_but_nothing_early():
    waiting, lost, fresh = (queue(UserFactory()) for _ in range(3))
    now = timezone.now()
    Notification.objects.filter(pk=waiting.pk).update(attempts=1, next_attempt_at=now + timezone.timedelta(minutes=5))
    Notification.objects.filter(pk=lost.pk).update(created_at=now - timezone.timedelta(minutes=11))
    with mock.patch.object(services, "notifications_enqueue_many") as enqueue:
        assert services.notifications_requeue(now=now) == 1
        assert enqueue.call_args.args[0] == [lost.pk]
        assert services.notifications_requeue(now=now + timezone.timedelta(minutes=5)) == 2
        assert sorted(enqueue.call_args.args[0]) == sorted([waiting.pk, lost.pk])
    assert fresh.pk not in enqueue.call_args.args[0]


def test_a_retry_whose_reason_has_passed_is_not_sent(smtp_server):
    still_current = {"yes": True}
    kinds.register(
        kinds.Kind("test_hello", reason="a test registered this kind", still_current=lambda n: still_current["yes"])
    )
    person = UserFactory()
    notification = queue(person)
    smtp_server.outage_for(60)
    with pytest.raises(services.TransientSendError):
        services.notification_send(notification_id=notification.pk)
    smtp_server.outage_until = 0
    still_current["yes"] = False  # e.g. the agreement was signed meanwhile
    _time_passes(notification)
    assert services.notification_send(notification_id=notification.pk) is False
    assert refreshed(notification).status == Notification.Status.EXPIRED
    assert not smtp_server.count()


def test_a_send_stopped_by_a_time_limit_while_talking_to_the_server_needs_a_decision(smtp_server):
    """Celery's soft time limit raises inside whatever runs: mid-DATA nobody knows whether the server has it."""
    from celery.exceptions import SoftTimeLimitExceeded

    first, second = (queue(UserFactory()) for _ in range(2))
    with (
        mock.patch("smtplib.SMTP.data", side_effect=SoftTimeLimitExceeded()),
        pytest.raises(SoftTimeLimitExceeded),
    ):
        services.notifications_send_many(notification_ids=[first.pk, second.pk])
    assert refreshed(first).status == Notification.Status.UNKNOWN
    assert refreshed(second).status == Notification.Status.PENDING  # never claimed: beat sends it later


def test_a_message_that_cannot_be_rendered_fails_without_a_retry(smtp_server):
    notification = queue(UserFactory())
    with mock.patch.object(services, "render_email", side_effect=ValueError("no such template")):
        assert services.notification_send(notification_id=notification.pk) is False
    assert refreshed(notification).status == Notification.Status.FAILED
    assert "no such template" in notification.last_error and not smtp_server.count()


def test_when_the_server_cannot_be_reached_the_whole_batch_waits_and_only_one_attempt_is_spent(settings):
    from notifications.tests.smtp_server import free_port

    settings.EMAIL_BACKEND = "notifications.mail.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", free_port(), False  # nobody there
    notifications = [queue(UserFactory()) for _ in range(5)]
    with pytest.raises(services.TransientSendError) as raised:
        services.notifications_send_many(notification_ids=[n.pk for n in notifications])
    assert sorted(raised.value.notification_ids) == sorted(n.pk for n in notifications)
    records = [refreshed(n) for n in notifications]
    assert [r.status for r in records] == ["pending"] * 5
    assert [r.attempts for r in records] == [1, 0, 0, 0, 0]  # one connection refused, one attempt spent
    assert all(r.next_attempt_at >= timezone.now() + timezone.timedelta(seconds=55) for r in records)
    assert services.notifications_send_many(notification_ids=[n.pk for n in notifications]) == 0  # not before then
