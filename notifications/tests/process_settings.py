"""Settings for the worker and beat processes that test_faults_real.py starts: the test settings, on the test
database, with a real broker queue of the test's own, the production SMTP backend pointed at the test's SMTP
server, and the retry schedule and requeue delay in seconds so the test takes seconds, not a day."""

import os

from remento.test_settings import *  # noqa: F403
from remento.test_settings import DATABASES

DATABASES["default"]["NAME"] = os.environ["REMENTO_TEST_DATABASE_NAME"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["REMENTO_TEST_QUEUE"]
EMAIL_BACKEND = "notifications.mail.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["REMENTO_TEST_SMTP_PORT"])
EMAIL_USE_TLS = False
EMAIL_TIMEOUT = 3
REMENTO_EMAIL_RETRY_DELAYS = [1, 1, 2, 2, 3, 5, 8]
REMENTO_EMAIL_REQUEUE_AFTER = 2
