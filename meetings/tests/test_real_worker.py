"""A reminder end to end: the beat's task on a real Celery worker via Redis, the send on the same worker, the outbox."""

import datetime
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.utils import timezone

from meetings.models import ScheduledMeeting
from meetings.tasks import scan_reminders
from notifications.models import Notification
from remento.celery import app


def _reset_connections():
    """Forget pooled broker connections and the cached queue table, so both follow the current configuration
    (another test may have started a worker on another queue earlier in this process)."""
    app._pool = None
    app.__dict__.pop("amqp", None)


@pytest.fixture
def worker_on_redis():
    queue = f"test-meetings-{uuid.uuid4().hex}"
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
def test_a_real_worker_scans_and_sends_the_meeting_reminder_with_its_ics(world, worker_on_redis):
    pairing = world.objects["pairing"]
    tomorrow = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=1), datetime.time(9, 30))
    )
    ScheduledMeeting.objects.create(pairing=pairing, starts_at=tomorrow, place="Room 4")
    scan_reminders.delay()  # no arguments: the worker finds what is due in the database
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and Notification.objects.filter(status="sent").count() < 2:
        time.sleep(0.1)
    statuses = list(Notification.objects.values_list("kind", "status"))
    assert statuses == [("meeting_reminder", "sent")] * 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.users["mentor"].email, world.users["mentee"].email])
    assert all(m.attachments[0][0] == "meeting.ics" for m in mail.outbox)
