"""The Celery app. Tasks live in each app's tasks.py; the schedule lives here, in one place."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remento.settings")

app = Celery("remento")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Notifications waiting in the database: retries whose next attempt has come (long waits live there, not in
    # Celery countdowns) and first sends whose task was lost. The claim inside the send makes this safe to repeat.
    "notifications-requeue-pending": {
        "task": "notifications.tasks.requeue_pending",
        "schedule": crontab(minute="*"),
    },
    # Meeting, nudge, agreement, action and event reminders. Hourly so a missed run costs an hour, not a day;
    # the unique key per (kind, recipient, object, period) makes every extra run send nothing twice.
    "meetings-scan-reminders": {
        "task": "meetings.tasks.scan_reminders",
        "schedule": crontab(minute=7),
    },
    # Surveys: open and close on their dates, invite people whose pairing has logged enough meetings,
    # and send due reminders (each at most once, by a conditional update on reminders_sent).
    "evaluation-scan-surveys": {
        "task": "evaluation.tasks.scan_surveys",
        "schedule": crontab(minute=17),
    },
    # Nightly while surveys are open: open any batch of sealed answers a failure left waiting, rewrite the
    # responses in a random order and the tables' files, so neither storage order, transaction stamps nor dead
    # row versions keep the day's batches (docs/anonymity.md).
    "evaluation-reseal-open-surveys": {
        "task": "evaluation.tasks.reseal_open_surveys",
        "schedule": crontab(hour=3, minute=30),
    },
    # Sessions end after 30 minutes idle; their rows go within the hour (safe to repeat).
    "accounts-sessions-clear-expired": {
        "task": "accounts.tasks.sessions_clear_expired",
        "schedule": crontab(minute=41),
    },
    # Closed cohorts past their organisation's retention period lose their personal data; each cohort is
    # purged once (privacy.CohortPurge), so a repeated or doubled run changes nothing.
    "privacy-retention-purge": {
        "task": "privacy.tasks.retention_purge",
        "schedule": crontab(hour=3, minute=17),
    },
}
