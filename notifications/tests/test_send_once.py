import smtplib
import threading
from unittest import mock

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications import kinds, services
from notifications.models import Notification
from notifications.tasks import requeue_pending, send_notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def test_kind():
    kinds.register(kinds.Kind("test_hello", reason="a test registered this kind"))
    yield
    kinds.KINDS.pop("test_hello", None)


def queue(recipient, subject=None, period=""):
    return services.notification_queue(
        kind="test_hello", recipient=recipient, subject=subject or recipient, period=period, link="/somewhere"
    )


def test_it_sends_once_when_the_task_runs_twice(django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue(person)
    assert len(mail.outbox) == 1

    assert send_notification.apply(args=[notification.pk]).get() is False
    send_notification(notification.pk)
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1


def test_it_records_a_reason_only_once():
    person = UserFactory()
    assert queue(person) is not None
    assert queue(person) is None
    assert queue(person, period="2026-11-25") is not None
    assert Notification.objects.count() == 2


def test_it_sends_nothing_when_the_deciding_transaction_rolls_back(django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                queue(person)
                raise RuntimeError("the decision failed")
        except RuntimeError:
            pass
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_the_email_has_subject_text_and_html_and_links_to_the_page():
    person = UserFactory(name="Ada Example")
    services.notification_send(notification_id=queue(person).pk)
    [message] = mail.outbox
    assert message.to == [person.email]
    assert message.subject.startswith("A test message about")
    assert "http://testserver/somewhere" in message.body
    assert "You are receiving this email because a test registered this kind" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html" and 'href="http://testserver/somewhere"' in html


def _time_passes(notification):
    """As if the wait before the record's next attempt were over."""
    Notification.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now() - timezone.timedelta(seconds=1)
    )


def test_a_transient_smtp_failure_is_retried_after_its_wait_and_sends_exactly_once():
    person = UserFactory()
    notification = queue(person)
    real_send = mail.EmailMultiAlternatives.send
    calls = {"n": 0}

    def flaky_send(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise smtplib.SMTPServerDisconnected("connection dropped")
        return real_send(self, *args, **kwargs)

    with mock.patch.object(mail.EmailMultiAlternatives, "send", flaky_send):
        with pytest.raises(services.TransientSendError):
            services.notification_send(notification_id=notification.pk)
        notification.refresh_from_db()
        assert notification.status == Notification.Status.PENDING
        assert "connection dropped" in notification.last_error
        assert services.notification_send(notification_id=notification.pk) is False  # not before its time
        _time_passes(notification)
        assert services.notification_send(notification_id=notification.pk) is True
        assert services.notification_send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.attempts == 2


def test_the_task_waits_at_least_the_floor_in_a_countdown_below_the_visibility_timeout():
    person = UserFactory()
    notification = queue(person)
    with (
        mock.patch.object(mail.EmailMultiAlternatives, "send", side_effect=smtplib.SMTPConnectError(421, b"busy")),
        mock.patch.object(send_notification, "retry", side_effect=RuntimeError("retry scheduled")) as retry,
        pytest.raises(RuntimeError, match="retry scheduled"),
    ):
        send_notification.run(notification.pk)
    assert 60 <= retry.call_args.kwargs["countdown"] <= 60 * 1.1 + 1
    assert retry.call_args.kwargs["args"] == [notification.pk]


def test_a_long_wait_is_left_to_beat_not_to_a_celery_countdown():
    person = UserFactory()
    notification = queue(person)
    Notification.objects.filter(pk=notification.pk).update(attempts=5)  # the sixth attempt waits two hours after
    with (
        mock.patch.object(mail.EmailMultiAlternatives, "send", side_effect=smtplib.SMTPConnectError(421, b"busy")),
        mock.patch.object(send_notification, "retry") as retry,
    ):
        assert send_notification.run(notification.pk) is False
    retry.assert_not_called()
    notification.refresh_from_db()
    wait = (notification.next_attempt_at - notification.claimed_at).total_seconds()
    assert notification.status == Notification.Status.PENDING and 7200 <= wait <= 7200 * 1.1
    assert services.notifications_requeue(now=notification.next_attempt_at - timezone.timedelta(seconds=1)) == 0
    assert services.notifications_requeue(now=notification.next_attempt_at) == 1


def test_a_permanent_failure_is_marked_failed_and_not_retried():
    person = UserFactory()
    notification = queue(person)
    refused = smtplib.SMTPRecipientsRefused({person.email: (550, b"no such mailbox")})
    with mock.patch.object(mail.EmailMultiAlternatives, "send", side_effect=refused):
        assert services.notification_send(notification_id=notification.pk) is False
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert mail.outbox == []


def test_a_send_interrupted_after_the_claim_is_left_for_an_admin_not_repeated():
    person = UserFactory()
    notification = queue(person)
    # The worker died after claiming: the row says "sending" and nothing else happened.
    Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.SENDING)
    Notification.objects.filter(pk=notification.pk).update(created_at=notification.created_at.replace(year=2020))

    requeue_pending()
    assert services.notification_send(notification_id=notification.pk) is False
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENDING


def test_requeue_sends_a_pending_notification_whose_task_was_lost():
    person = UserFactory()
    notification = queue(person)  # no on-commit capture: the enqueue never happened
    Notification.objects.filter(pk=notification.pk).update(created_at=notification.created_at.replace(year=2020))
    assert requeue_pending() == 1
    assert len(mail.outbox) == 1
    assert requeue_pending() == 0


def test_an_unknown_kind_is_refused():
    with pytest.raises(LookupError):
        services.notification_queue(kind="no_such_kind", recipient=UserFactory(), subject=UserFactory())


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_at_the_same_moment_send_once():
    person = UserFactory()
    with mock.patch.object(services, "notification_enqueue"):  # the workers below do the sending
        notification = queue(person)
    barrier = threading.Barrier(4)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(services.notification_send(notification_id=notification.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert len(mail.outbox) == 1
