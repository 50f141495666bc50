from celery import shared_task

from privacy.services import cohort_purge, cohorts_due_for_purge


@shared_task
def retention_purge() -> int:
    """Purge every closed cohort past its organisation's retention period; safe to run again (each purge runs once)."""
    purged = 0
    for cohort_id in cohorts_due_for_purge():
        if cohort_purge(cohort_id=cohort_id):
            purged += 1
    return purged
