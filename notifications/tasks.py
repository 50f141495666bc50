from celery import shared_task

from notifications import services


@shared_task(
    autoretry_for=(services.TransientSendError,),
    retry_backoff=30,
    retry_backoff_max=1800,  # well below the broker's visibility timeout
    retry_jitter=True,
    max_retries=services.MAX_ATTEMPTS,
)
def send_notification(notification_id: int) -> bool:
    return services.notification_send(notification_id=notification_id)


@shared_task(
    autoretry_for=(services.TransientSendError,),
    retry_backoff=30,
    retry_backoff_max=1800,  # well below the broker's visibility timeout
    retry_jitter=True,
    max_retries=services.MAX_ATTEMPTS,
)
def send_notifications(notification_ids: list[int]) -> int:
    """Many sends at once, for scans that record hundreds of reasons in one batch. Ids only, never text."""
    return services.notifications_send_many(notification_ids=notification_ids)


@shared_task
def requeue_pending() -> int:
    return services.notifications_requeue_pending()
