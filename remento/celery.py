"""The Celery app. Tasks live in each app's tasks.py; the schedule lives here, in one place."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remento.settings")

app = Celery("remento")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # A notification whose send task was lost (broker down at commit time) is
    # picked up again; the claim inside the send makes this safe to repeat.
    "notifications-requeue-pending": {
        "task": "notifications.tasks.requeue_pending",
        "schedule": crontab(minute="*/10"),
    },
}
