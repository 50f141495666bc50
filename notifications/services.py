"""The one path every email takes.

notification_queue() records a reason to email someone, inside the caller's
transaction, and enqueues the send on commit. notification_send() claims the
record with a conditional update before it touches SMTP, so a retried,
doubled or concurrent task sends nothing twice.
"""

import logging
import smtplib
import socket
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from notifications.kinds import get_kind
from notifications.models import EmailPreference, Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


class TransientSendError(Exception):
    """The mail server could not take the message now; try again later."""


def notification_queue(*, kind: str, recipient, subject, period: str = "", link: str = "") -> Notification | None:
    """Record that `recipient` gets the `kind` email about `subject` (once per period).

    Returns the new record, or None when this reason was already recorded, in
    which case nothing more will be sent. The send is enqueued only when the
    caller's transaction commits, so a rolled-back decision sends nothing.
    """
    get_kind(kind)
    try:
        with transaction.atomic():  # a savepoint: a duplicate leaves the caller's transaction usable
            notification = Notification.objects.create(
                kind=kind,
                recipient=recipient,
                subject_type=ContentType.objects.get_for_model(subject),
                subject_id=subject.pk,
                period=period,
                link=link,
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: notification_enqueue(notification.pk))
    return notification


def notification_queue_many(*, kind: str, subject_model, rows) -> int:
    """Record many reasons of one kind at once: `rows` are (recipient_id, subject_id, period, link).

    For scans over thousands of objects: one insert per batch instead of one per email. Reasons already
    recorded are skipped by the same unique key as notification_queue(); every record still pending is
    enqueued on commit (a record enqueued twice is still sent once: the send claims it). Returns the
    number of rows offered.
    """
    get_kind(kind)
    rows = list(rows)
    if not rows:
        return 0
    subject_type = ContentType.objects.get_for_model(subject_model)
    Notification.objects.bulk_create(
        [
            Notification(
                kind=kind,
                recipient_id=recipient_id,
                subject_type=subject_type,
                subject_id=subject_id,
                period=period,
                link=link,
            )  # fmt: skip
            for recipient_id, subject_id, period, link in rows
        ],
        ignore_conflicts=True,
    )
    wanted = {(recipient_id, subject_id, period) for recipient_id, subject_id, period, _ in rows}
    pending = Notification.objects.filter(
        kind=kind,
        subject_type=subject_type,
        subject_id__in={subject_id for _, subject_id, _, _ in rows},
        status=Notification.Status.PENDING,
        attempts=0,
    ).values_list("pk", "recipient_id", "subject_id", "period")
    ids = [pk for pk, *key in pending if tuple(key) in wanted]
    if ids:
        transaction.on_commit(partial(notifications_enqueue_many, ids))
    return len(rows)


def notification_enqueue(notification_id: int) -> None:
    from notifications.tasks import send_notification

    send_notification.delay(notification_id)


def notifications_enqueue_many(notification_ids: list[int]) -> None:
    from notifications.tasks import send_notifications

    send_notifications.delay(list(notification_ids))


def _is_transient(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, socket.timeout, ConnectionError))


def _render_plain_text(template_name: str, context: dict) -> str:
    """A subject or a plain-text body is not HTML: "O'Brien" stays O'Brien, never O&#x27;Brien.

    Only the HTML body is escaped (render_to_string's default).
    """
    return get_template(template_name).template.render(Context(context, autoescape=False))


def render_email(notification: Notification) -> EmailMultiAlternatives:
    kind = get_kind(notification.kind)
    context = {
        "recipient": notification.recipient,
        "subject": notification.subject,
        "link": f"{settings.SITE_URL}{notification.link}" if notification.link else settings.SITE_URL + "/",
        "reason": kind.reason,
        "optional": kind.optional,
        "site_url": settings.SITE_URL,
    }
    folder = f"notifications/email/{notification.kind}"
    subject = " ".join(_render_plain_text(f"{folder}/subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=_render_plain_text(f"{folder}/body.txt", context),
        to=[notification.recipient.email],
    )
    message.attach_alternative(render_to_string(f"{folder}/body.html", context), "text/html")
    for filename, content, mimetype in kind.attachments(notification) if kind.attachments else ():
        message.attach(filename, content, mimetype)
    return message


def _release_or_fail(notification: Notification, exc: Exception) -> bool:
    """After a failed send: back to pending if the failure is transient and attempts remain (True), else failed."""
    notification.last_error = f"{type(exc).__name__}: {exc}"[:500]
    transient = _is_transient(exc) and notification.attempts < MAX_ATTEMPTS
    Notification.objects.filter(pk=notification.pk, status=Notification.Status.SENDING).update(
        status=Notification.Status.PENDING if transient else Notification.Status.FAILED,
        last_error=notification.last_error,
    )
    logger.warning(
        "notification %s %s: %s", notification.pk, "will retry" if transient else "failed", notification.last_error
    )
    return transient


def notification_send(*, notification_id: int) -> bool:
    """Send one recorded notification if, and only if, this call claims it.

    A record left "sending" (the process died between claim and result) is
    never picked up again automatically: the message may or may not have left,
    so a site admin decides. Raises TransientSendError when the send should be
    retried; the record is released back to "pending" for that retry.
    """
    claimed = Notification.objects.filter(pk=notification_id, status=Notification.Status.PENDING).update(
        status=Notification.Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient", "subject_type").get(pk=notification_id)
    if get_kind(notification.kind).optional and not email_wanted(user=notification.recipient, kind=notification.kind):
        Notification.objects.filter(pk=notification_id).update(status=Notification.Status.SKIPPED)
        return False
    try:
        render_email(notification).send()
    except Exception as exc:
        if _release_or_fail(notification, exc):
            raise TransientSendError(notification.last_error) from exc
        return False
    Notification.objects.filter(pk=notification_id).update(status=Notification.Status.SENT, sent_at=timezone.now())
    return True


SEND_CHUNK = 100


def _claim(notification_ids: list[int]) -> list[int]:
    """The conditional update of notification_send() for many rows in one statement: only rows still pending
    change, and RETURNING says which this call claimed (a concurrent call claims the others, never the same)."""
    table = Notification._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = %s, claimed_at = %s, attempts = attempts + 1 "
            f"WHERE id IN ({', '.join(['%s'] * len(notification_ids))}) AND status = %s RETURNING id",
            [Notification.Status.SENDING, timezone.now(), *notification_ids, Notification.Status.PENDING],
        )
        return [row[0] for row in cursor.fetchall()]


def notifications_send_many(*, notification_ids: list[int]) -> int:
    """Send many recorded notifications, as notification_send() does one, in chunks over one mail connection.

    Each chunk is claimed in one conditional UPDATE (only records still pending; a concurrent call waits for the
    row locks and then finds them claimed), sent,
    then marked sent in one statement: a crash leaves at most one chunk "sending" for a site admin to decide, and
    nothing is ever sent twice. Transient failures go back to pending and, once the rest has been tried, raise
    TransientSendError so the task retries (a retry claims only what is still pending). Returns the number sent.
    """
    from django.core.mail import get_connection

    sent = 0
    retry = []
    mail_connection = get_connection()
    try:
        for start in range(0, len(notification_ids), SEND_CHUNK):
            chunk = notification_ids[start : start + SEND_CHUNK]
            claimable = _claim(chunk)
            if not claimable:
                continue
            notifications = list(
                Notification.objects.filter(pk__in=claimable)
                .select_related("recipient", "subject_type")
                .prefetch_related("subject")
            )
            turned_off = set(
                EmailPreference.objects.filter(
                    user_id__in={n.recipient_id for n in notifications}, enabled=False
                ).values_list("user_id", "kind")
            )
            done, skipped = [], []
            for notification in notifications:
                if (
                    get_kind(notification.kind).optional
                    and (notification.recipient_id, notification.kind) in turned_off
                ):
                    skipped.append(notification.pk)
                    continue
                try:
                    message = render_email(notification)
                    message.connection = mail_connection
                    mail_connection.open()  # once: an open connection stays open for the rest of the batch
                    message.send()
                except Exception as exc:
                    if _release_or_fail(notification, exc):
                        retry.append(notification.pk)
                    continue
                done.append(notification.pk)
            Notification.objects.filter(pk__in=skipped).update(status=Notification.Status.SKIPPED)
            Notification.objects.filter(pk__in=done).update(status=Notification.Status.SENT, sent_at=timezone.now())
            sent += len(done)
    finally:
        mail_connection.close()
    if retry:
        raise TransientSendError(f"{len(retry)} of {len(notification_ids)} notifications will be retried")
    return sent


def notifications_requeue_pending(*, older_than_minutes: int = 10, batch_size: int = 500) -> int:
    """Enqueue sends for records still pending after a while (their task was lost).

    Safe to run at any time: the claim in notification_send stops doubles.
    """
    cutoff = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    ids = list(
        Notification.objects.filter(
            status=Notification.Status.PENDING, created_at__lt=cutoff, attempts__lt=MAX_ATTEMPTS
        ).values_list("pk", flat=True)[:batch_size]
    )
    for notification_id in ids:
        notification_enqueue(notification_id)
    return len(ids)


def email_wanted(*, user, kind: str) -> bool:
    """Optional kinds are sent unless the person turned them off; the others always are."""
    return not EmailPreference.objects.filter(user=user, kind=kind, enabled=False).exists()


@transaction.atomic
def email_preferences_set(*, user, enabled_kinds: set[str]) -> None:
    """Record, for every optional kind, whether `user` wants it."""
    from notifications.kinds import KINDS

    for kind in (k for k in KINDS.values() if k.optional):
        EmailPreference.objects.update_or_create(
            user=user, kind=kind.name, defaults={"enabled": kind.name in enabled_kinds}
        )
