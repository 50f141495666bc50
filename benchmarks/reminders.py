"""Benchmark: the nudge scan over 100,000 active pairings, 10% of them due a nudge, then sending the emails.

Prints one JSON line: pairings, due, seconds_scan (finding the due pairings and recording their nudges and
notifications), queries_scan, seconds_send and emails_sent (claiming, rendering and sending the notifications
through the send path scans use, notifications_send_many, to Django's in-memory email backend).
Targets: seconds_scan ≤ 5 with queries_scan growing with batches of pairings, not with pairings; at least
1,000 emails a second.

Runs against PostgreSQL in a database of its own (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/remento_bench_reminders), created if missing and emptied first; never the
shared ones. Run: .venv/bin/python benchmarks/reminders.py [--pairings N]
"""

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/remento_bench_reminders")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remento.test_settings")


def _create_database() -> None:
    from benchmarks._database import ensure_database

    ensure_database(DATABASE_URL, fresh=False)


def _build(pairings: int, due_share: float = 0.1) -> int:
    """Bulk inserts: one organisation, programme and cohort; 2 users, 2 participants and 2 meetings per pairing."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from matching.models import Pairing
    from meetings.models import Meeting
    from programmes.models import Cohort, Organisation, Participant, Programme

    organisation = Organisation.objects.create(name="Benchmark Constabulary")
    programme = Programme.objects.create(organisation=organisation, name="Benchmark programme", nudge_after_days=28)
    cohort = Cohort.objects.create(programme=programme, name="Benchmark cohort", status=Cohort.Status.ACTIVE)
    unusable = make_password(None)
    batch = 10_000
    today = timezone.localdate()
    due = 0
    for start in range(0, pairings, batch):
        stop = min(start + batch, pairings)
        users = User.objects.bulk_create(
            [
                User(email=f"{role}{n}@bench.invalid", name=f"{role.title()} {n}", password=unusable)
                for n in range(start, stop)
                for role in ("mentor", "mentee")
            ],
            batch_size=batch,
        )
        participants = Participant.objects.bulk_create(
            [
                Participant(cohort=cohort, user=user, role=user.email[:6], status=Participant.Status.ACCEPTED)
                for user in users
            ],
            batch_size=batch,
        )
        made = Pairing.objects.bulk_create(
            [
                Pairing(cohort=cohort, mentor=participants[i], mentee=participants[i + 1], status="active")
                for i in range(0, len(participants), 2)
            ],
            batch_size=batch,
        )
        meetings = []
        for offset, pairing in enumerate(made):
            n = start + offset
            # Every tenth pairing last met 30–59 days ago: due a first nudge. The others met in the last 3 weeks.
            quiet = n % round(1 / due_share) == 0
            due += quiet
            last = 30 + n % 30 if quiet else 1 + n % 21
            for days_ago in (last, last + 21):
                meetings.append(
                    Meeting(
                        pairing=pairing,
                        held_on=today - datetime.timedelta(days=days_ago),
                        duration_minutes=60,
                        format="in_person",
                    )
                )
        Meeting.objects.bulk_create(meetings, batch_size=batch)
    Pairing.objects.update(created_at=timezone.now() - datetime.timedelta(days=120))
    return due


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairings", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true", help="keep the pairings of the last run (faster reruns)")
    args = parser.parse_args()

    _create_database()
    import django

    django.setup()
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from matching.models import Pairing
    from meetings import reminders
    from meetings.models import Nudge
    from notifications import services
    from notifications.models import Notification

    call_command("migrate", verbosity=0, interactive=False)
    if args.reuse and Pairing.objects.count() == args.pairings:
        Nudge.objects.all().delete()
        Notification.objects.all().delete()
        cutoff = timezone.localdate() - datetime.timedelta(days=28)
        due = Pairing.objects.exclude(meetings__held_on__gt=cutoff).count()
        mail.outbox = []
    else:
        call_command("flush", verbosity=0, interactive=False)
        due = _build(args.pairings)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    # A running worker has its URLconf and templates loaded: load them before the clock starts.
    from django.urls import reverse

    reverse("meetings:pair", args=[1])

    # The scan records notifications and enqueues their sends on commit; here the queue is a list, so the
    # scan's time is the scan's alone and the sends are timed below.
    queued: list[list[int]] = []
    real_enqueue = services.notifications_enqueue_many
    services.notifications_enqueue_many = queued.append
    try:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            counts = reminders.nudges_scan()
            seconds_scan = time.perf_counter() - started
    finally:
        services.notifications_enqueue_many = real_enqueue

    mail.outbox = []
    started = time.perf_counter()
    for notification_ids in queued:  # what each send task does, one task per batch the scan recorded
        services.notifications_send_many(notification_ids=notification_ids)
    seconds_send = time.perf_counter() - started

    result = {
        "pairings": args.pairings,
        "due": due,
        "nudged": counts["nudged"],
        "notifications": Notification.objects.count(),
        "seconds_scan": round(seconds_scan, 3),
        "queries_scan": len(queries),
        "seconds_send": round(seconds_send, 3),
        "emails_sent": len(mail.outbox),
        "emails_per_second": round(len(mail.outbox) / seconds_send) if seconds_send else None,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
