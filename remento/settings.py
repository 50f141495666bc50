"""Remento settings: one module, every deploy-time choice from the environment.

With nothing set you get the demo: SQLite in var/, Celery tasks run eagerly,
emails written to the console. Production sets DATABASE_URL, REDIS_URL,
SECRET_KEY and the EMAIL_* variables (see README "Production").
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from remento.env import env, envbool, envint, envlist

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "demo-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    # Ours, in import order: nothing imports an app listed after it.
    "accounts",
    "notifications",
    "programmes",
    "matching",
    "meetings",
    "evaluation",
    "privacy",
    "remento",  # the project package: demo data command, shared test helpers
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "remento.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "remento.middleware.SessionLimitsMiddleware",
    "remento.middleware.RequireMFAMiddleware",
    "remento.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "remento.urls"
WSGI_APPLICATION = "remento.wsgi.application"
ASGI_APPLICATION = "remento.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "remento.context_processors.navigation",
            ],
        },
    },
]

# --- Database: SQLite for the demo, PostgreSQL through DATABASE_URL otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'demo.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when there is one (allauth's rate limits live here, so every
# web process must share it), otherwise per-process memory for the demo.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "remento",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts: email is the login; allauth does sign-in, verification, reset.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's rate limits are on by default (login, failed logins, codes, resets);
# they count in the cache above, which is Redis in production, per client address.
# Behind the proxy of docs/deploy.md every request comes from the proxy's address, so the
# client's is the last X-Forwarded-For entry, the one the proxy itself appends: trusting
# exactly that many entries from the right means an address a client puts in the header
# is never believed. Without it one person's failed sign-ins would lock everyone out.
BEHIND_PROXY = envbool("BEHIND_PROXY", not DEBUG)
ALLAUTH_TRUSTED_PROXY_COUNT = envint("ALLAUTH_TRUSTED_PROXY_COUNT", 1 if BEHIND_PROXY else 0)
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
# Staff are invited by their programme; open self-registration is off unless chosen.
REMENTO_OPEN_SIGNUP = envbool("REMENTO_OPEN_SIGNUP", False)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Remento] "
# A sign-in or re-authentication within this many seconds lets a person export
# or erase data or read someone's disclosures without typing the password again.
ACCOUNT_REAUTHENTICATION_TIMEOUT = envint("ACCOUNT_REAUTHENTICATION_TIMEOUT", 15 * 60)

# --- Multi-factor sign-in: an authenticator app (TOTP) and recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "remento.mfa.MFAAdapter"
MFA_TOTP_ISSUER = "Remento"
# TOTP secrets are encrypted in the database (remento.mfa.MFAAdapter) with this Fernet key, or with a key
# derived from SECRET_KEY when it is not set (then rotating SECRET_KEY needs SECRET_KEY_FALLBACKS).
MFA_ENCRYPTION_KEY = env("MFA_ENCRYPTION_KEY")
# Organisation administrators, programme leads and site administrators must set
# up MFA before anything else (remento.middleware.RequireMFAMiddleware). On in
# production; off in the demo (DEBUG) so its printed logins work with a password.
REMENTO_REQUIRE_MFA = envbool("REMENTO_REQUIRE_MFA", not DEBUG)

# --- Email
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Remento <no-reply@remento.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery: eager in the demo (no REDIS_URL), a real broker otherwise.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 180)
# Every countdown we use stays well below this, so Redis never re-delivers a
# task that is only waiting; later work comes from the database via beat.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/London"

# --- Internationalisation
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files, vendored into static/ and served by whitenoise.
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security. Production defaults are strict; the demo relaxes only HTTPS.
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# Sessions are kept in PostgreSQL (they survive a Redis restart) and read through the cache: every signed-in
# request reads its session, and a cache read costs half a database query.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions end after 30 minutes idle (the cookie's and the row's own expiry, pushed
# on as the person uses the site) and 12 hours in all (remento.middleware.SessionLimitsMiddleware).
REMENTO_SESSION_IDLE_SECONDS = envint("REMENTO_SESSION_IDLE_SECONDS", 30 * 60)
REMENTO_SESSION_MAX_SECONDS = envint("REMENTO_SESSION_MAX_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = REMENTO_SESSION_IDLE_SECONDS
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: every script and stylesheet is a file in static/.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
