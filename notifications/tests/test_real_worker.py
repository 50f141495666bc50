"""One notification end to end: commit → Redis → a real Celery worker → the outbox."""

import time

import pytest
from django.core import mail

from accounts.tests.factories import UserFactory
from notifications import kinds, services
from notifications.models import Notification


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_sends_the_email_once(celery_worker_on_redis):
    kinds.register(kinds.Kind("test_hello", reason="a test registered this kind"))
    try:
        person = UserFactory()
        notification = services.notification_queue(kind="test_hello", recipient=person, subject=person)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            notification.refresh_from_db()
            if notification.status == Notification.Status.SENT:
                break
            time.sleep(0.1)
        assert notification.status == Notification.Status.SENT
        assert [m.to for m in mail.outbox] == [[person.email]]
    finally:
        kinds.KINDS.pop("test_hello", None)
