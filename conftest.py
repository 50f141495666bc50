"""Shared fixtures: standing users, the service check, real Chromium for browser tests, a real Celery worker."""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest

# Sync Playwright runs an event loop in the test thread; Django's ORM refuses
# to run there unless told it is safe (it is: one thread, one connection).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def pytest_sessionstart(session):
    """Stop at once, in one line, when PostgreSQL or Redis is not there."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        host, port = database.get("HOST") or "127.0.0.1", int(database.get("PORT") or 5432)
        if not _reachable(f"postgres://{host}:{port}", 5432):
            pytest.exit(f"PostgreSQL is not reachable at {host}:{port} (start it, or set DATABASE_URL).", returncode=3)
    if not _reachable(settings.REDIS_URL, 6379):
        pytest.exit(f"Redis is not reachable at {settings.REDIS_URL} (start it, or set REDIS_URL).", returncode=3)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache, so allauth's per-IP rate limits never carry between tests."""
    from django.core.cache import cache

    cache.clear()
    yield


# --- Browser tests -----------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)."
        if IN_CI:
            pytest.fail(message + " Browser tests may not skip in CI.")
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # bypass_csp lets the tests inject axe-core under the site's strict policy.
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


# --- The shared world of roles (remento.testing.world.py) -------------------
from remento.testing.world import world  # noqa: E402,F401


def _reset_celery_connections(app):
    """Forget pooled broker connections and the cached queue table, so both follow the current configuration
    (another test may have started a worker on another queue earlier in this process)."""
    app._pool = None
    app.__dict__.pop("amqp", None)


@pytest.fixture
def celery_worker_on_redis():
    """A real Celery worker (solo pool) on Redis, on a queue of its own, with tasks no longer run eagerly."""
    import uuid

    from celery.contrib.testing.worker import start_worker
    from django.conf import settings

    from remento.celery import app

    queue = f"test-{uuid.uuid4().hex}"
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=settings.REDIS_URL, task_always_eager=False, task_default_queue=queue)
    _reset_celery_connections(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10):
            yield
    finally:
        app.conf.update(saved)
        _reset_celery_connections(app)


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's site administrator, with a name: a person without one is asked for it before anything else."""
    admin_user.name = "Site Administrator"
    admin_user.save(update_fields=["name"])
    return admin_user
