"""Settings for the test suite: the production settings against real PostgreSQL.

A bare `pytest` tests PostgreSQL on 127.0.0.1:5432 unless DATABASE_URL says
otherwise; Redis (127.0.0.1:6379 or REDIS_URL) is the broker for the test that
runs a real Celery worker. Everything else runs tasks eagerly in-process.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-real-site-0123456789")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/remento")
TEST_REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
os.environ.pop("REDIS_URL", None)  # the cache and eager mode below are chosen here, not from the environment

from remento.settings import *  # noqa: E402,F403
from remento.settings import STORAGES  # noqa: E402

DEBUG = False
REDIS_URL = TEST_REDIS_URL
CELERY_BROKER_URL = TEST_REDIS_URL
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The live server for browser tests speaks plain HTTP on loopback.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
SECURE_PROXY_SSL_HEADER = None
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
SITE_URL = "http://testserver"
# Templates for the kinds that notification tests register.
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "notifications" / "tests" / "templates"]  # noqa: F405
# Static files come from the finders; there is no collectstatic before tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# No persistent connections: the live server's threads must not hold the test database open at teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Most tests sign leads in with force_login and no second factor; the tests of the
# MFA requirement turn it on with override_settings.
REMENTO_REQUIRE_MFA = False
