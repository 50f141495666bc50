"""A reminder end to end: the beat's task on a real Celery worker via Redis, the send on the same worker, the outbox."""

import datetime
import time

import pytest
from django.core import mail
from django.utils import timezone

from meetings.models import ScheduledMeeting
from meetings.tasks import scan_reminders
from notifications.models import Notification


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_scans_and_sends_the_meeting_reminder_with_its_ics(world, celery_worker_on_redis):
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
