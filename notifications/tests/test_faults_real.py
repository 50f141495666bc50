"""Email exactly once under real faults, end to end, in real processes.

Two Celery workers and two beats (a real deployment mistake) run at once on Redis against the test database,
sending through the production SMTP backend to a local SMTP server that first has an outage (451 to every
recipient), then drops one connection after storing the message, answers another only after the client gave
up, refuses one message after DATA, and holds one while the test kills the worker sending it (SIGKILL). The
reminders are found by beat's own scans (survey reminders, agreement reminders). Every message the server
stored is counted per (recipient, subject): exactly one for each reason, and none lost.
"""

import collections
import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from evaluation.tests.factories import open_survey
from matching.models import Pairing
from notifications.models import Notification
from notifications.services import render_email
from notifications.tests.smtp_server import FaultySMTPServer

ROOT = Path(__file__).resolve().parents[2]
FINAL = {"sent", "unknown", "sending"}  # a cut-off send and a killed one wait for a person


def _pid_holding_local_port(port: int, pids: list[int]) -> int | None:
    """Which of `pids` owns the TCP socket whose local port is `port` (/proc, Linux)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(fd) in inodes:
                    return pid
            except OSError:
                continue
    return None


@pytest.fixture
def processes(tmp_path):
    started = []
    queue = f"test-faults-{uuid.uuid4().hex}"

    def start(smtp_port, *roles):
        env = {
            **os.environ,
            "REMENTO_TEST_DATABASE_NAME": connection.settings_dict["NAME"],
            "REMENTO_TEST_QUEUE": queue,
            "REMENTO_TEST_SMTP_PORT": str(smtp_port),
            "REDIS_URL": settings.REDIS_URL,
        }
        for n, role in enumerate(roles):
            argument = f"w{n}-{queue}" if role == "worker" else str(tmp_path / f"beat-{n}")
            log = open(tmp_path / f"{role}-{n}.log", "w")  # noqa: SIM115 (closed at teardown)
            process = subprocess.Popen(
                [sys.executable, "-m", "notifications.tests.processes", role, argument],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            started.append((role, process, log))
        return [process for role, process, _ in started if role == "worker"]

    yield start
    for _, process, _ in started:
        if process.poll() is None:
            process.terminate()
    for _, process, log in started:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
    redis.Redis.from_url(settings.REDIS_URL).delete(queue, f"_kombu.binding.{queue}")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_two_workers_and_two_beats_through_an_outage_drops_and_a_killed_worker_send_each_reason_exactly_once(
    world, processes, tmp_path
):
    # Due now: a survey reminder for the four people invited 8 days ago, and an agreement reminder for each
    # partner of the two pairings made 10 days ago that nobody has signed.
    open_survey(world.cohort)
    for notification in Notification.objects.filter(kind="survey_invitation"):
        Notification.objects.filter(pk=notification.pk).update(
            created_at=notification.created_at - datetime.timedelta(days=8)
        )
    Pairing.objects.update(created_at=timezone.now() - datetime.timedelta(days=10))
    before = set(Notification.objects.values_list("pk", flat=True))
    mentor, mentee = world.users["mentor"].email, world.users["mentee"].email
    other_mentor = world.objects["pairing"].cohort.pairings.exclude(pk=world.objects["pairing"].pk).get().mentor
    other_mentor, other_mentee = other_mentor.user.email, world.users["other_pair"].email

    with FaultySMTPServer() as smtp:
        smtp.outage_for(10**6)  # down from the start, until three seconds after the first refusal
        smtp.slow_seconds = 6  # past the workers' 3-second timeout
        smtp.faults[mentor] = ["drop"]
        smtp.faults[mentee] = ["slow"]
        smtp.faults[other_mentor] = ["hold"]
        smtp.faults[other_mentee] = ["451-data"]
        workers = processes(smtp.port, "worker", "worker", "beat", "beat")
        deadline = time.monotonic() + 60
        while not smtp.refused and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(3)
        smtp.outage_until = 0

        assert smtp.holding.wait(timeout=60), "no message reached the server to be held"
        victim = _pid_holding_local_port(smtp.held_peer[1], [w.pid for w in workers])
        assert victim is not None
        os.kill(victim, signal.SIGKILL)

        records = Notification.objects.exclude(pk__in=before)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            statuses = list(records.values_list("status", flat=True))
            if len(statuses) >= 8 and set(statuses) <= FINAL:
                break
            time.sleep(0.5)
        time.sleep(4)  # beats and the surviving worker go on: nothing more may arrive
        stored = smtp.count()

    records = list(records.select_related("recipient", "subject_type"))
    statuses = collections.Counter(record.status for record in records)
    assert statuses == {"sent": 5, "unknown": 2, "sending": 1}, statuses
    assert collections.Counter(record.kind for record in records) == {"survey_reminder": 4, "agreement_reminder": 4}
    assert {record.period for record in records if record.kind == "survey_reminder"} == {"reminder-1"}
    expected = collections.Counter((record.recipient.email, render_email(record).subject) for record in records)
    assert stored == expected  # exactly one message per (recipient, reason), and none lost
    assert smtp.refused >= 8  # the outage refused every reason at least once: each was retried after it
    assert [w.wait(timeout=1) for w in workers if w.pid == victim] == [-signal.SIGKILL]
