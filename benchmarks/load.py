"""Load benchmark: gunicorn (2 workers) on PostgreSQL, the demo scaled to 50 cohorts, a mixed load at concurrency 10.

What it does, in one run:
1. (Re)creates its own database `remento_bench_load` (BENCH_DATABASE_URL to change it), migrates, collects
   static files, loads the demo (`seed_demo`) and bulk-creates more cohorts like the demo's active pilot
   (24 mentors and 24 mentees each, active pairings, meetings, an open survey with invitations) up to 50.
2. Signs people in by writing their sessions (participants, the lead, a steering member; the lead has an
   authenticator app, as production requires), so the run measures pages, not password hashing.
3. Starts gunicorn with 2 sync workers (as the Procfile; --threads N to try threaded workers) and production
   settings behind a pretend proxy (X-Forwarded-Proto: https).
4. Drives, with 10 threads on loopback, first a trivial page (/healthz), then a mix weighted as real use:
   participants far outnumber leads. Each request is timed; any answer other than 200/302 is an error.
5. Prints one JSON line: requests per second for the mix and for the trivial page, p50/p95 (ms) per page,
   errors, and whether each target is met (p95 ≤ 300 ms participants' pages, ≤ 600 ms leads' and steering
   members' pages, mixed throughput ≥ 10% of the trivial page's, no errors).

Run: .venv/bin/python benchmarks/load.py [--requests 2000] [--trivial-requests 2000] [--reuse]
Needs PostgreSQL (as for the tests) and Redis (REDIS_URL, default redis://127.0.0.1:6379/0 db; the run
flushes nothing). A benchmark prints figures; it never fails a build on timing.
"""

import argparse
import datetime
import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COHORTS = 50
PER_ROLE = 24
CONCURRENCY = 10
WORKERS = 2

# page name -> (weight in the mix, whose page it is). Participants far outnumber leads and steering members.
MIX = {
    "participant_home": (30, "participant"),
    "pair_page": (30, "participant"),
    "log_meeting": (8, "participant"),
    "survey_form": (4, "participant"),
    "survey_submit": (4, "participant"),
    "lead_roster": (10, "lead"),
    "dashboard": (8, "steering"),
}
# A form that is sent and accepted redirects; a 200 there means it was refused, which counts as an error.
OK_STATUSES = {"log_meeting": (302,), "survey_submit": (302,)}
TARGET_P95_MS = {"participant": 300, "lead": 600, "steering": 600}


def _database_url() -> str:
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    base = urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/remento")
    return base._replace(path="/remento_bench_load").geturl()


def production_env(port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="remento.settings",
        SECRET_KEY="bench-only-secret-" + "k" * 40,
        DATABASE_URL=_database_url(),
        REDIS_URL=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{port}",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    return env


# --- 1. The database -------------------------------------------------------------------


def create_database() -> None:
    from benchmarks._database import ensure_database

    ensure_database(_database_url(), fresh=True)


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def scale_to(cohorts: int) -> None:
    """Copy the demo's active pilot into more active cohorts until there are `cohorts` in all."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from accounts.models import User
    from evaluation import services as evaluation_services
    from evaluation.models import Invitation, Survey
    from matching.models import Pairing
    from meetings.models import Meeting
    from programmes.models import Cohort, Membership, Participant

    pilot = (
        Cohort.objects.filter(status=Cohort.Status.ACTIVE).annotate(n=Count("pairings")).order_by("-n", "pk").first()
    )
    programme, organisation = pilot.programme, pilot.programme.organisation
    mentor_grades = [p.grade for p in pilot.participants.filter(role="mentor").exclude(grade=None)[:4]]
    mentee_grades = [p.grade for p in pilot.participants.filter(role="mentee").exclude(grade=None)[:4]]
    directorates = list(organisation.directorates.all())
    rng = random.Random(50)
    today = timezone.localdate()
    unusable = make_password(None)
    number = Cohort.objects.count()
    while number < cohorts:
        number += 1
        with transaction.atomic():
            cohort = Cohort.objects.create(
                programme=programme,
                name=f"Load wave {number}",
                status=Cohort.Status.ACTIVE,
                starts_on=today - datetime.timedelta(days=120),
                ends_on=today + datetime.timedelta(days=60),
            )
            users = User.objects.bulk_create(
                User(email=f"wave{number}.person{i}@bench.invalid", name=f"Wave {number} Person {i}", password=unusable)
                for i in range(2 * PER_ROLE)
            )
            Membership.objects.bulk_create(Membership(organisation=organisation, user=u) for u in users)
            participants = Participant.objects.bulk_create(
                Participant(
                    cohort=cohort,
                    user=user,
                    role="mentor" if i < PER_ROLE else "mentee",
                    status=Participant.Status.ACCEPTED,
                    grade=rng.choice(mentor_grades if i < PER_ROLE else mentee_grades),
                    directorate=rng.choice(directorates),
                    objectives="Understand barriers to promotion and how to be a better ally.",
                    profile_completed_at=timezone.now(),
                )
                for i, user in enumerate(users)
            )
            mentors, mentees = participants[:PER_ROLE], participants[PER_ROLE:]
            pairings = Pairing.objects.bulk_create(
                Pairing(cohort=cohort, mentor=m, mentee=e, status=Pairing.Status.ACTIVE)
                for m, e in zip(mentors, mentees, strict=True)
            )
            # Introduced before their first meeting: a meeting is logged within its pairing's life.
            Pairing.objects.filter(cohort=cohort).update(created_at=timezone.now() - datetime.timedelta(days=120))
            Meeting.objects.bulk_create(
                Meeting(
                    pairing=pairing,
                    logged_by=pairing.mentor,
                    held_on=today - datetime.timedelta(days=100 - 25 * k),
                    duration_minutes=60 + 15 * (k % 3),
                    format=rng.choice(["in_person", "online", "phone"]),
                    summary="We talked about what the week had been like and agreed to shadow a meeting.",
                    confirmed_at=timezone.now(),
                )
                for pairing in pairings
                for k in range(rng.randint(1, 4))
            )
            survey = evaluation_services.survey_create(
                cohort=cohort, title="Halfway survey", kind=Survey.Kind.END, from_template=True
            )
            Survey.objects.filter(pk=survey.pk).update(
                status=Survey.Status.OPEN,
                opens_on=today - datetime.timedelta(days=3),
                closes_on=today + datetime.timedelta(days=20),
            )
            Invitation.objects.bulk_create(
                Invitation(survey=survey, participant=p, token_hash=secrets.token_hex(32)) for p in participants
            )


def sign_in_directly(user) -> str:
    """A session like a real sign-in's, written through the site's session engine: the key for the cookie."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from accounts.sessions import LAST_SEEN_AT, SIGNED_IN_AT

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    now = time.time()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN_AT] = now
    session["account_authentication_methods"] = [{"method": "sign_in", "at": now, "reauthenticated": True}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.create()
    return session.session_key


def prepare(reuse: bool, port: int) -> dict:
    """Build the data (unless reusing it) and return the people to act as, with their sessions."""
    env = production_env(port)
    if not reuse:
        create_database()
        manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    os.environ.update(env)
    import django

    django.setup()
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from evaluation.models import Invitation
    from matching.models import Pairing
    from programmes.models import Cohort, ProgrammeRole
    from remento.demo import seed_demo

    if not reuse:
        seed_demo()
        scale_to(COHORTS)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh tables have no statistics yet: plan as a live database would
    rng = random.Random(7)
    pairings = list(Pairing.objects.filter(status=Pairing.Status.ACTIVE).select_related("mentor__user", "mentee__user"))
    chosen = rng.sample(pairings, min(60, len(pairings)))
    participants = []
    for pairing in chosen:
        for person in (pairing.mentor, pairing.mentee):
            invitations = list(
                Invitation.objects.filter(participant=person, used=False, survey__status="open").values_list(
                    "pk", flat=True
                )
            )
            participants.append(
                {"session": sign_in_directly(person.user), "pairing": pairing.pk, "invitations": invitations}
            )
    lead_role = ProgrammeRole.objects.filter(role=ProgrammeRole.Role.LEAD).select_related("user", "programme").first()
    steering_role = ProgrammeRole.objects.filter(
        role=ProgrammeRole.Role.STEERING, programme=lead_role.programme
    ).first()
    if not Authenticator.objects.filter(user=lead_role.user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(lead_role.user, generate_totp_secret())
    cohorts = list(Cohort.objects.filter(programme=lead_role.programme, status="active").values_list("pk", flat=True))
    from django.db import connections

    connections.close_all()
    return {
        "participants": participants,
        "leads": [{"session": sign_in_directly(lead_role.user)} for _ in range(3)],
        "steering": [{"session": sign_in_directly(steering_role.user)} for _ in range(3)],
        "cohorts": cohorts,
        "total_cohorts": Cohort.objects.count(),
    }


# --- 3. gunicorn ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, threads: int = 1) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "remento.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--forwarded-allow-ips",
            "127.0.0.1",
            "--threads",
            str(threads),
        ],
        cwd=ROOT,
        env=production_env(port),
        start_new_session=True,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start")


# --- 4. The load ---------------------------------------------------------------------

CSRF = secrets.token_hex(16)  # a 32-character secret, sent as the cookie and in each form


class Browser:
    """One person's HTTP/1.1 keep-alive connection with their session cookie."""

    def __init__(self, port: int, session: str | None):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = f"csrftoken={CSRF}" + (f"; sessionid={session}" if session else "")

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str]:
        headers = {
            "Host": "127.0.0.1",
            "Cookie": self.cookie,
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1:{self.port}{path}",
        }
        body = None
        if data is not None:
            body = urlencode({**data, "csrfmiddlewaretoken": CSRF}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError):
                # gunicorn closes an idle keep-alive connection after a few seconds: the request never
                # reached it, so open a new connection and send it once more.
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    return 599, ""
        return response.status, content


class _SurveyForm(HTMLParser):
    """The survey's fields: the first offered answer for each choice, words or a number for the rest."""

    def __init__(self):
        super().__init__()
        self.data, self._select = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                self.data.setdefault(name, attrs.get("value", "on"))
            elif kind == "number":
                self.data[name] = "3"
            else:
                self.data[name] = attrs.get("value") or "It helped me listen better."
        elif tag == "textarea" and name:
            self.data[name] = "Honest conversations I would not have had otherwise."
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and attrs.get("value"):
            self.data.setdefault(self._select, attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def one_request(page: str, people: dict, port: int, rng: random.Random, browsers: dict) -> list[tuple[str, float, int]]:
    """Do one piece of work for `page`; return (page, seconds, status) for each HTTP request it made."""
    kind = MIX[page][1]
    person = rng.choice(people[{"participant": "participants", "lead": "leads", "steering": "steering"}[kind]])
    browser = browsers.setdefault(person["session"], Browser(port, person["session"]))

    def timed(name, method, path, data=None):
        start = time.perf_counter()
        status, content = browser.request(method, path, data)
        return (name, time.perf_counter() - start, status), content

    if page == "participant_home":
        return [timed(page, "GET", "/")[0]]
    if page == "pair_page":
        return [timed(page, "GET", f"/pairings/{person['pairing']}/")[0]]
    if page == "log_meeting":
        data = {
            "log-held_on": (datetime.date.today() - datetime.timedelta(days=rng.randint(0, 90))).isoformat(),
            "log-duration_minutes": "60",
            "log-format": "online",
            "log-activity": "conversation",
            "log-summary": "We compared notes on the promotion board and agreed what to try next.",
        }
        return [timed(page, "POST", f"/pairings/{person['pairing']}/meetings/", data)[0]]
    if page == "lead_roster":
        return [timed(page, "GET", f"/cohorts/{rng.choice(people['cohorts'])}/")[0]]
    if page == "dashboard":
        return [timed(page, "GET", f"/results/cohorts/{rng.choice(people['cohorts'])}/")[0]]
    # The survey: the person's invitation page (which issues the one-time token), then the answers.
    if not person["invitations"]:
        return [timed("survey_form", "GET", "/")[0]]
    invitation = person["invitations"].pop()
    result, content = timed("survey_form", "GET", f"/surveys/invitations/{invitation}/")
    if page == "survey_form":
        person["invitations"].append(invitation)  # only looked at: still to answer
        return [result]
    form = _SurveyForm()
    form.feed(content)
    if "token" not in form.data:
        return [result]
    return [result, timed("survey_submit", "POST", "/surveys/answer/", form.data)[0]]


def drive(port: int, people: dict, pages: list[str], seed: int) -> tuple[list, float]:
    """Run the pages on CONCURRENCY threads; return every timing and the wall-clock seconds."""
    queue, lock, results = list(pages), threading.Lock(), []

    def worker(n):
        rng, browsers = random.Random(seed * 100 + n), {}
        while True:
            with lock:
                if not queue:
                    return
                page = queue.pop()
            timings = (
                [("healthz", *_time_healthz(browsers, port))]
                if page == "healthz"
                else one_request(page, people, port, rng, browsers)
            )
            with lock:
                results.extend(timings)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(CONCURRENCY)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - start


def _time_healthz(browsers, port):
    browser = browsers.setdefault(None, Browser(port, None))
    start = time.perf_counter()
    status, _ = browser.request("GET", "/healthz")
    return time.perf_counter() - start, status


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def summarise(results, seconds) -> dict:
    pages = {}
    for name in sorted({r[0] for r in results}):
        times = [r[1] * 1000 for r in results if r[0] == name]
        pages[name] = {
            "n": len(times),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 95), 1),
            "errors": sum(1 for r in results if r[0] == name and r[2] not in OK_STATUSES.get(name, (200,))),
        }
    return {"rps": round(len(results) / seconds, 1), "seconds": round(seconds, 2), "pages": pages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="pieces of work in the mixed phase")
    parser.add_argument("--trivial-requests", type=int, default=2000)
    parser.add_argument("--reuse", action="store_true", help="keep the database from the last run")
    parser.add_argument(
        "--threads", type=int, default=1, help="gunicorn threads per worker (1: sync workers, as the Procfile)"
    )
    arguments = parser.parse_args()

    port = free_port()
    started = time.perf_counter()
    people = prepare(arguments.reuse, port)
    prepared = time.perf_counter() - started
    gunicorn = start_gunicorn(port, arguments.threads)
    try:
        rng = random.Random(1)
        drive(port, people, ["healthz"] * 50 + ["participant_home", "lead_roster", "dashboard"] * 10, seed=0)  # warm up
        trivial, trivial_seconds = drive(port, people, ["healthz"] * arguments.trivial_requests, seed=1)
        names = list(MIX)
        weights = [MIX[n][0] for n in names]
        mixed, mixed_seconds = drive(port, people, rng.choices(names, weights, k=arguments.requests), seed=2)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)

    mix, plain = summarise(mixed, mixed_seconds), summarise(trivial, trivial_seconds)
    targets = {
        page: figures["p95_ms"] <= TARGET_P95_MS[MIX.get(page, (0, "participant"))[1]]
        for page, figures in mix["pages"].items()
    }
    errors = sum(f["errors"] for f in mix["pages"].values()) + plain["pages"]["healthz"]["errors"]
    print(
        json.dumps(
            {
                "benchmark": "load",
                "cohorts": people["total_cohorts"],
                "workers": WORKERS,
                "threads": arguments.threads,
                "concurrency": CONCURRENCY,
                "seconds_preparing": round(prepared, 1),
                "mixed_rps": mix["rps"],
                "trivial_rps": plain["rps"],
                "mixed_to_trivial": round(mix["rps"] / plain["rps"], 3),
                "errors": errors,
                "pages": {**mix["pages"], "healthz": plain["pages"]["healthz"]},
                "targets_met": {
                    "no_errors": errors == 0,
                    "p95": targets,
                    "throughput_at_least_10_percent_of_trivial": mix["rps"] >= 0.1 * plain["rps"],
                },
            }
        )
    )


if __name__ == "__main__":
    main()
