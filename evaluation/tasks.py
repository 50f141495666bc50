"""Celery entry points for surveys: thin, they take ids and call services. The schedule is in remento/celery.py."""

from celery import shared_task
from django.db import OperationalError

from evaluation import services

# A reseal waits at most a few seconds for the tables (a running backup holds them to its end), then tries later.
RESEAL_RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": 300, "retry_jitter": False, "max_retries": 8}


@shared_task
def scan_surveys() -> dict:
    """Open and close surveys on their dates, invite those who now qualify, send due reminders."""
    return services.surveys_scan()


@shared_task(**RESEAL_RETRY)
def reseal_survey(survey_id: int) -> int:
    """At close: open whatever still waits sealed, rewrite the responses in a random order and the tables."""
    return services.survey_reseal(survey_id=survey_id)


@shared_task(**RESEAL_RETRY)
def reseal_open_surveys() -> int:
    """Nightly while surveys are open: open any batch that is due (after a failure), and rewrite the responses so
    neither the day's batches nor old row versions stay in storage."""
    return services.responses_reseal(survey_ids=services.open_survey_ids())
