"""Benchmark: a cohort's results dashboard with 1,000 pairs, 10,000 meetings and 2,000 survey responses.

Fills its own PostgreSQL database (dropped and made again each run, with bulk inserts), then times the
dashboard over 20 requests through Django's test client and prints one JSON line:
dashboard_median_seconds, dashboard_queries (and the count for a small cohort, which must be the same),
trivial_median_seconds (/healthz in the same run). Target: median ≤ 0.25 s, queries not growing with data.

Run: .venv/bin/python benchmarks/dashboard.py   (BENCH_DATABASE_URL to use another server or database name)
"""

import datetime
import json
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/remento_bench_dashboard")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "remento.test_settings"

PAIRS, MEETINGS, RESPONSES = 1000, 10_000, 2000
REQUESTS = 20


def _fresh_database():
    from benchmarks._database import ensure_database

    ensure_database(DATABASE_URL, fresh=True)


def _fill():
    from accounts.models import User
    from evaluation.models import Answer, Invitation, Question, Response, Survey
    from matching.models import Pairing
    from meetings.models import Action, Meeting, Outcome
    from programmes.models import Cohort, Organisation, Participant, Programme, ProgrammeRole, StaffNetwork, Topic

    rng = random.Random(2026)
    organisation = Organisation.objects.create(name="Benchmark Constabulary")
    networks = StaffNetwork.objects.bulk_create(
        [StaffNetwork(organisation=organisation, name=f"Network {i}") for i in range(6)]
    )
    topics = Topic.objects.bulk_create(
        [Topic(organisation=organisation, name=f"Topic {i}", is_protected_characteristic=True) for i in range(14)]
    )
    programme = Programme.objects.create(organisation=organisation, name="Benchmark programme")
    pilot = Cohort.objects.create(programme=programme, name="Small pilot", status="closed")
    cohort = Cohort.objects.create(programme=programme, name="Large cohort", status="closed")
    steering = User.objects.create(email="steering@bench.invalid", name="Steering Member")
    ProgrammeRole.objects.create(programme=programme, user=steering, role="steering")

    users = User.objects.bulk_create(
        [User(email=f"person{i}@bench.invalid", name=f"Person {i}", password="!") for i in range(2 * PAIRS + 12)]
    )
    consent = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    participants = Participant.objects.bulk_create(
        [
            Participant(
                cohort=cohort if i < 2 * PAIRS else pilot,
                user=user,
                role="mentor" if i % 2 == 0 else "mentee",
                status="accepted",
                consent_given_at=consent if i % 3 else None,
            )
            for i, user in enumerate(users)
        ]
    )
    Through = Participant.networks.through
    Through.objects.bulk_create(
        [Through(participant=p, staffnetwork=rng.choice(networks)) for p in participants if rng.random() < 0.6]
    )
    Shared = Participant.shared_topics.through
    Shared.objects.bulk_create(
        [Shared(participant=p, topic=t) for p in participants for t in rng.sample(topics, rng.randint(0, 2))]
    )
    pairings = Pairing.objects.bulk_create(
        [
            Pairing(cohort=p.cohort, mentor=p, mentee=participants[i + 1], status="ended")
            for i, p in enumerate(participants)
            if i % 2 == 0 and i + 1 < len(participants)
        ]
    )
    large_pairs = [p for p in pairings if p.cohort_id == cohort.pk]
    start = datetime.date(2026, 1, 5)
    Meeting.objects.bulk_create(
        [
            Meeting(
                pairing=rng.choice(large_pairs),
                held_on=start + datetime.timedelta(days=rng.randint(0, 180)),
                duration_minutes=rng.choice([45, 60, 90, 120]),
                format="in_person",
            )
            for _ in range(MEETINGS)
        ],
        batch_size=2000,
    )
    Action.objects.bulk_create(
        [
            Action(pairing=pair, description="x", owner="mentee", status=status, outcome="done" if status else "")
            for pair in large_pairs
            for status in rng.sample(["done", "open", ""], 2)
        ]
    )
    Action.objects.filter(status="").update(status="open")
    Outcome.objects.bulk_create(
        [Outcome(programme=programme, cohort=cohort, title=f"Outcome {i}", achieved_on=start) for i in range(20)]
    )

    for target, count in ((cohort, RESPONSES), (pilot, 6)):
        survey = Survey.objects.create(cohort=target, title="Evaluation", status="closed", kind="end")
        specs = [
            ("purpose_clear", "likert", "process"), ("briefings", "likert", "process"),
            ("honest", "likert", "conversations"), ("times_met", "number", "time"),
            ("protected_time", "yes_no", "time"), ("behaviour", "yes_no", "impact"),
            ("activities", "multiple", "process"), ("benefits", "text", "benefits"),
            ("learning", "text", "learning"), ("recommend", "yes_no", "benefits"),
        ]  # fmt: skip
        questions = Question.objects.bulk_create(
            [
                Question(
                    survey=survey,
                    order=i,
                    code=code,
                    text=code,
                    kind=kind,
                    theme=theme,
                    choices=["Talk", "Shadowing", "Event"] if kind == "multiple" else [],
                )  # fmt: skip
                for i, (code, kind, theme) in enumerate(specs)
            ]
        )
        people = [p for p in participants if p.cohort_id == target.pk]
        Invitation.objects.bulk_create(
            [Invitation(survey=survey, participant=p, token_hash=uuid.uuid4().hex, used=True) for p in people]
        )
        responses = Response.objects.bulk_create(
            [Response(survey=survey, role=rng.choice(["mentor", "mentee"])) for _ in range(count)]
        )
        answers = []
        for response in responses:
            for question in questions:
                answer = Answer(response=response, question=question)
                if question.kind == "likert":
                    answer.number = rng.randint(1, 5)
                elif question.kind == "number":
                    answer.number = rng.randint(0, 12)
                elif question.kind == "yes_no":
                    answer.choice = rng.choice(["yes", "no", "undecided"])
                elif question.kind == "multiple":
                    answer.choices = rng.sample(["Talk", "Shadowing", "Event"], rng.randint(1, 2))
                else:
                    answer.text = f"Comment {rng.randint(0, 10**6)}"
                    answer.quote = "approved" if rng.random() < 0.01 else ""
                answers.append(answer)
        Answer.objects.bulk_create(answers, batch_size=5000)
    return steering, cohort, pilot


def main():
    _fresh_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    steering, cohort, pilot = _fill()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    # One connection for the whole run, as under persistent connections (and so the queries can be counted).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client(HTTP_HOST="localhost")
    client.force_login(steering)
    url = reverse("evaluation:dashboard", args=[cohort.pk])
    assert client.get(url).status_code == 200  # warm up templates and connections

    def timed(path):
        times = []
        for _ in range(REQUESTS):
            began = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - began)
            assert response.status_code == 200, response.status_code
        return statistics.median(times)

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    large_queries = len(large)  # read now: the context reads the connection's log when asked
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("evaluation:dashboard", args=[pilot.pk]))
    small_queries = len(small)
    dashboard = timed(url)
    trivial = timed(reverse("healthz"))
    print(
        json.dumps(
            {
                "pairs": PAIRS,
                "meetings": MEETINGS,
                "responses": RESPONSES,
                "dashboard_median_seconds": round(dashboard, 4),
                "dashboard_queries": large_queries,
                "dashboard_queries_small_cohort": small_queries,
                "trivial_median_seconds": round(trivial, 4),
            }
        )
    )


if __name__ == "__main__":
    main()
