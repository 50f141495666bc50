"""Celery entry points for surveys: thin, they take ids and call services. The schedule is in remento/celery.py."""

from celery import shared_task

from evaluation import services


@shared_task
def scan_surveys() -> dict:
    """Open and close surveys on their dates, invite those who now qualify, send due reminders."""
    return services.surveys_scan()


@shared_task
def reseal_survey(survey_id: int) -> int:
    """At close: rewrite the survey's responses in a random order, then vacuum the old row versions away."""
    count = services.survey_reseal(survey_id=survey_id)
    services.storage_vacuum()
    return count


@shared_task
def reseal_open_surveys() -> int:
    """Nightly while surveys are open, so the day's submission order does not stay on disk."""
    count = sum(services.survey_reseal(survey_id=survey_id) for survey_id in services.open_survey_ids())
    services.storage_vacuum()
    return count
