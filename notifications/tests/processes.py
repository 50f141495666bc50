"""Runs one real Celery worker or beat for test_faults_real.py:

    python -m notifications.tests.processes worker NAME
    python -m notifications.tests.processes beat SCHEDULE_FILE

Beat runs the production schedule's reminder scans and the notification requeue every second or two.
"""

import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "notifications.tests.process_settings"

import django  # noqa: E402

django.setup()

from remento.celery import app  # noqa: E402

TEST_SCHEDULE = {
    "notifications-requeue-pending": 1.0,
    "meetings-scan-reminders": 2.0,
    "evaluation-scan-surveys": 2.0,
}


def main(role: str, argument: str) -> None:
    if role == "beat":
        app.conf.beat_schedule = {
            name: {**app.conf.beat_schedule[name], "schedule": seconds} for name, seconds in TEST_SCHEDULE.items()
        }
        app.start(["beat", "--schedule", argument, "--loglevel", "WARNING"])
    else:
        queue = os.environ["REMENTO_TEST_QUEUE"]
        app.worker_main(
            ["worker", "--pool", "solo", "--queues", queue, "--hostname", f"{argument}@%h", "--loglevel", "WARNING"]
            + ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        )


if __name__ == "__main__":
    main(*sys.argv[1:3])
