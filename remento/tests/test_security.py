import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_every_page_sends_the_security_headers(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_not_found_page_is_in_the_sites_style(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b'lang="en-GB"' in response.content


def _production_env(**extra):
    env = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="remento.settings",
        SECRET_KEY="k" * 20 + "-production-like-secret-0123456789-abcdefghij",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/remento"),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        ALLOWED_HOSTS="remento.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    env.update(extra)
    return env


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_production_env(SECRET_KEY=""),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_use_redis_for_rate_limits_and_a_real_broker():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CELERY_TASK_ALWAYS_EAGER, s.SESSION_COOKIE_SECURE, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_production_env(), capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "False", "True", "False"]


@pytest.mark.parametrize(("behind_proxy", "trusted"), [("on", "1"), ("off", "0")])
def test_sign_in_limits_believe_the_forwarded_address_only_behind_the_proxy(behind_proxy, trusted):
    code = "import django; django.setup(); from django.conf import settings as s; print(s.ALLAUTH_TRUSTED_PROXY_COUNT)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(BEHIND_PROXY=behind_proxy),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == [trusted], result.stderr


def test_the_suite_stops_with_one_clear_line_when_postgres_is_missing():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "remento/tests/test_security.py", "-k", "headers", "-q"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": "postgres://postgres@127.0.0.1:1/remento"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "PostgreSQL is not reachable at 127.0.0.1:1" in result.stdout + result.stderr


def test_the_django_admin_signs_people_in_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_signed_in_person_who_is_not_a_site_admin_cannot_open_the_admin(client):
    client.force_login(UserFactory())
    assert client.get("/admin/login/").status_code == 403


def test_the_server_error_page_stands_alone_in_the_sites_style():
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "Something went wrong" in page and 'lang="en-GB"' in page
    assert "<script" not in page  # it must render even when nothing else works


def test_the_health_check_answers_over_plain_http_for_the_load_balancer(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


# --- Pages with personal data are never stored by a browser or a proxy ----------------


def test_every_page_for_a_signed_in_person_says_no_store(world):
    for role, url in [
        ("mentor", reverse("programmes:my_programme")),
        ("lead", reverse("programmes:cohort", args=[world.cohort.pk])),
        ("lead", reverse("programmes:participant", args=[world.objects["mentor"].pk])),
        ("steering", reverse("home")),
        ("mentor", "/no-such-page/"),
    ]:
        response = world.client_for(role).get(url)
        assert "no-store" in response["Cache-Control"], f"{role} {url}"


def test_static_files_stay_cacheable_for_a_signed_in_person(world):
    response = world.client_for("mentor").get("/static/css/remento.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# --- Celery tasks take ids, never objects or personal values ---------------------------

ID_ANNOTATIONS = {int, "int", int | None, "int | None", list[int], "list[int]", "list[int] | None"}


def _our_tasks():
    import importlib

    from django.apps import apps

    from remento.celery import app

    for config in apps.get_app_configs():
        if not config.name.startswith(("django", "allauth", "crispy")):
            try:
                importlib.import_module(f"{config.name}.tasks")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.tasks":
                    raise
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def test_every_celery_task_takes_ids_only():
    import inspect

    tasks = _our_tasks()
    assert "notifications.tasks.send_notification" in tasks
    problems = []
    for name, task in tasks.items():
        for parameter in inspect.signature(task.run).parameters.values():
            annotation = parameter.annotation
            unannotated_id = annotation is inspect.Parameter.empty and parameter.name.endswith("_id")
            if annotation in ID_ANNOTATIONS or unannotated_id:
                continue
            problems.append(f"{name}({parameter.name}: {annotation})")
    assert not problems, "Task arguments must be ids (int): " + ", ".join(problems)


def test_the_beat_schedule_passes_ids_only():
    from remento.celery import app

    for name, entry in app.conf.beat_schedule.items():
        for value in [*entry.get("args", ()), *entry.get("kwargs", {}).values()]:
            assert value is None or isinstance(value, int), f"{name} passes {value!r}"


# --- No special-category value in a URL or a log line -----------------------------------

SAFE_STRING_ARGUMENTS = {"kind"}  # programmes: which organisation list ("directorates", "networks", ...)


def test_no_url_of_ours_carries_anything_but_ids_and_list_names():
    from django.urls import get_resolver
    from django.urls.converters import IntConverter, UUIDConverter

    from remento.tests.test_access_matrix import LIBRARY_NAMESPACES

    def walk(patterns):
        for entry in patterns:
            if hasattr(entry, "url_patterns"):
                if entry.namespace in LIBRARY_NAMESPACES or entry.urlconf_module.__name__.startswith("allauth"):
                    continue
                yield from walk(entry.url_patterns)
            else:
                yield entry

    problems = [
        f"{pattern.name}: <{name}>"
        for pattern in walk(get_resolver().url_patterns)
        for name, converter in pattern.pattern.converters.items()
        if not isinstance(converter, IntConverter | UUIDConverter) and name not in SAFE_STRING_ARGUMENTS
    ]
    assert not problems, "URL arguments must be ids: " + ", ".join(problems)


def test_what_a_mentor_discloses_never_reaches_a_log_line(world, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    mentor = world.objects["mentor"]
    marker = "Marker-lived-experience-7f3a"
    response = world.client_for("mentor").post(
        reverse("programmes:disclosures", args=[mentor.pk]),
        {
            "consent": "on",
            "shared_topics": [world.objects["topic"].pk],
            "shared_text": marker,
            "disclosure_visibility": "leads",
            "avoid_visibility": "leads",
        },
    )
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.shared_text == marker
    assert world.client_for("lead").get(reverse("programmes:participant", args=[mentor.pk])).status_code == 200
    world.client_for("other_programme_lead").get(reverse("programmes:participant", args=[mentor.pk]))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert marker not in logged
    assert "Race" not in logged


def test_the_deploy_guide_explains_every_environment_variable_the_settings_read():
    import re

    settings_source = (ROOT / "remento" / "settings.py").read_text()
    names = set(re.findall(r'env(?:bool|int|list)?\(\s*"([A-Z_]+)"', settings_source))
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "REMENTO_REQUIRE_MFA"} <= names
    guide = (ROOT / "docs" / "deploy.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in guide)
    assert not missing, f"docs/deploy.md does not explain: {missing}"


# --- The Content-Security-Policy holds on every page ------------------------------------------
# Browser tests run with bypass_csp (so axe can be injected), so they would not notice an inline
# script or style that production's policy blocks: every page of ours is read for them here.

JSON_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class _InlineCode(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") not in JSON_SCRIPT_TYPES:
            self.problems.append("inline <script>")
        if "style" in attrs:
            self.problems.append(f"style= on <{tag}>")
        self.problems += [f"{name}= on <{tag}>" for name in attrs if name.startswith("on")]
        self.problems += [
            f"javascript: URL on <{tag}>"
            for name in ("href", "src", "action")
            if (attrs.get(name) or "").strip().lower().startswith("javascript:")
        ]


def test_no_page_of_ours_has_inline_script_style_or_event_handlers(world):
    from remento.tests.test_access_matrix import MATRIX, _all_fixtures

    fixtures = _all_fixtures(world)
    problems = []
    for name, (arguments, expected) in MATRIX.items():
        url = reverse(name, args=arguments(world, fixtures))
        role = next((r for r, status in expected.items() if status == 200 and r != "anonymous"), None)
        if role is None:
            continue
        response = world.client_for(role).get(url)
        if "html" not in response.get("Content-Type", ""):
            continue
        parser = _InlineCode()
        parser.feed(response.content.decode())
        problems += [f"{name} ({role}): {problem}" for problem in sorted(set(parser.problems))]
    for url in ["/accounts/login/", "/accounts/password/reset/", "/accounts/login/code/", "/no-such-page/"]:
        parser = _InlineCode()
        parser.feed(Client().get(url).content.decode())
        problems += [f"{url}: {problem}" for problem in parser.problems]
    # allauth's account and MFA pages, for someone who has set up an authenticator app.
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    person = world.users["mentor"]
    TOTP.activate(person, generate_totp_secret())
    RecoveryCodes.activate(person)
    client = Client()
    client.force_login(person)
    for url in [
        "/accounts/2fa/",
        "/accounts/2fa/totp/deactivate/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/reauthenticate/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        parser = _InlineCode()
        parser.feed(response.content.decode())
        problems += [f"{url}: {problem}" for problem in parser.problems]
    assert not problems, "The CSP would block these:\n" + "\n".join(problems)


def test_the_inline_code_check_notices_what_the_policy_blocks():
    parser = _InlineCode()
    parser.feed(
        '<script>alert(1)</script><script type="application/json">{}</script><script src="/static/x.js"></script>'
        '<p style="color:red" onclick="x()"><a href="javascript:alert(1)">x</a></p>'
    )
    assert sorted(parser.problems) == [
        "inline <script>",
        "javascript: URL on <a>",
        "onclick= on <p>",
        "style= on <p>",
    ]


def test_tasks_enqueued_by_real_work_carry_ids_only(world, django_capture_on_commit_callbacks, monkeypatch):
    """Every task sent while a lead invites someone and every scheduled job runs once: arguments are ids."""
    from celery.app.task import Task

    from remento.celery import app

    sent = []
    original = Task.apply_async

    def recording(self, args=None, kwargs=None, *rest, **options):
        sent.append((self.name, tuple(args or ()), dict(kwargs or {})))
        return original(self, args, kwargs, *rest, **options)

    monkeypatch.setattr(Task, "apply_async", recording)
    _our_tasks()
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("lead").post(
            reverse("programmes:invite", args=[world.cohort.pk]),
            {"form": "one", "one-email": "new.person@example.org", "one-name": "New Person", "one-role": "mentor"},
        )
        for entry in app.conf.beat_schedule.values():
            app.tasks[entry["task"]].delay(*entry.get("args", ()), **entry.get("kwargs", {}))
    assert any(name == "notifications.tasks.send_notification" for name, _, _ in sent)

    def is_id(value):
        return (
            value is None
            or (isinstance(value, int) and not isinstance(value, bool))
            or (isinstance(value, list | tuple) and all(isinstance(v, int) for v in value))
        )

    bad = [(name, args, kwargs) for name, args, kwargs in sent if not all(map(is_id, [*args, *kwargs.values()]))]
    assert not bad, f"Tasks sent with values that are not ids: {bad}"
