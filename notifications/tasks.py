from celery import shared_task

from notifications import services

# Transient SMTP failures are retried with back-off, never longer than the broker's visibility timeout.
RETRY_TRANSIENT = dict(
    autoretry_for=(services.TransientSendError,),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=services.MAX_ATTEMPTS,
)


@shared_task(**RETRY_TRANSIENT)
def send_notification(notification_id: int) -> bool:
    return services.notification_send(notification_id=notification_id)


@shared_task(**RETRY_TRANSIENT)
def send_notifications(notification_ids: list[int]) -> int:
    """Many sends at once, for scans that record hundreds of reasons in one batch. Ids only, never text."""
    return services.notifications_send_many(notification_ids=notification_ids)


@shared_task
def requeue_pending() -> int:
    return services.notifications_requeue_pending()
