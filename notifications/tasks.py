from celery import shared_task
from django.utils import timezone

from notifications import services

# Countdowns stay far below the broker's visibility timeout (3600 s), so Redis never re-delivers a task that
# is only waiting. A longer wait is kept in the database (next_attempt_at) and beat's requeue picks it up.
LONGEST_COUNTDOWN = 900


def _send(task, notification_ids: list[int], retry_args) -> int:
    try:
        return services.notifications_send_many(notification_ids=notification_ids)
    except services.TransientSendError as exc:
        wait = (exc.retry_at - timezone.now()).total_seconds()
        if wait > LONGEST_COUNTDOWN or task.request.is_eager:
            return 0  # beat re-queues them when their time comes (run eagerly, a countdown could not wait)
        # Only the records that failed, and not before their floor (the claim would refuse an early attempt).
        raise task.retry(args=retry_args(exc.notification_ids), countdown=max(wait, 0) + 1, exc=exc) from exc


# The number of attempts is the database's to count (settings.REMENTO_EMAIL_RETRY_DELAYS), not Celery's.
@shared_task(bind=True, max_retries=None)
def send_notification(self, notification_id: int) -> bool:
    return _send(self, [notification_id], lambda ids: [notification_id]) == 1


@shared_task(bind=True, max_retries=None)
def send_notifications(self, notification_ids: list[int]) -> int:
    """Many sends at once, for scans that record hundreds of reasons in one batch. Ids only, never text."""
    return _send(self, notification_ids, lambda ids: [ids])


@shared_task
def requeue_pending() -> int:
    """Beat: retries whose time has come, and first sends whose task was lost."""
    return services.notifications_requeue()
