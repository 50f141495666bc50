"""One notification end to end: commit → Redis → a real Celery worker → the outbox."""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from accounts.tests.factories import UserFactory
from notifications import kinds, services
from notifications.models import Notification
from remento.celery import app


def _reset_connections():
    """Forget pooled broker connections so the next send uses the current broker_url."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_worker():
    queue = f"test-{uuid.uuid4().hex}"
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=settings.REDIS_URL, task_always_eager=False, task_default_queue=queue)
    _reset_connections()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10):
            yield
    finally:
        app.conf.update(saved)
        _reset_connections()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_sends_the_email_once(redis_worker):
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
