"""The one path every email takes.

notification_queue() records a reason to email someone, inside the caller's
transaction, and enqueues the send on commit. notification_send() claims the
record with a conditional update before it touches SMTP, so a retried,
doubled or concurrent task sends nothing twice.
"""

import contextlib
import logging
import random
import smtplib
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from notifications.kinds import get_kind
from notifications.links import site_url
from notifications.mail import DeliveryUnknown
from notifications.models import EmailPreference, Notification

logger = logging.getLogger(__name__)


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


class TransientSendError(Exception):
    """The mail server could not take these messages now: each is back to pending, not to be claimed before its
    next attempt (the earliest of them is `retry_at`)."""

    def __init__(self, notification_ids: list[int], retry_at):
        super().__init__(f"{len(notification_ids)} notification(s) will be retried from {retry_at:%H:%M:%S}")
        self.notification_ids = notification_ids
        self.retry_at = retry_at


def retry_delays() -> list[int]:
    """Seconds to wait after the 1st, 2nd ... failed attempt (a floor: jitter only adds). Their sum is how long an
    outage a message survives: a little over a day by default (settings.REMENTO_EMAIL_RETRY_DELAYS)."""
    return list(settings.REMENTO_EMAIL_RETRY_DELAYS)


def _is_transient(exc: Exception) -> bool:
    """A failure before the message was handed over that may not happen again: a 4xx answer, or the connection
    refused, dropped or timed out (an OSError; smtplib's errors are OSErrors too). 5xx answers are permanent."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return False  # the server lacks what the settings ask for (STARTTLS, AUTH): no retry will change that
    return isinstance(exc, OSError)


def _render_plain_text(template_name: str, context: dict) -> str:
    """A subject or a plain-text body is not HTML: "O'Brien" stays O'Brien, never O&#x27;Brien.

    Only the HTML body is escaped (render_to_string's default).
    """
    return get_template(template_name).template.render(Context(context, autoescape=False))


def render_email(notification: Notification) -> EmailMultiAlternatives:
    kind = get_kind(notification.kind)
    base = site_url()
    context = {
        "recipient": notification.recipient,
        "subject": notification.subject,
        "link": f"{base}{notification.link}" if notification.link else base + "/",
        "reason": kind.reason,
        "optional": kind.optional,
        "site_url": base,
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


def _after_failure(notification: Notification, exc: Exception, now, *, connecting: bool = False):
    """Record what a failed attempt means and return when to try again (None: never by itself).

    Handed over and then cut off, or stopped by anything but a mail error (a time limit, a bug) while talking to
    the server: "needs a decision", for a site admin (resending could deliver it twice). Transient with attempts
    left (or stopped while `connecting`, before anything was handed over): back to pending, not claimable
    before the schedule's next step. Anything else, or the schedule exhausted: failed.
    """
    last_error = f"{type(exc).__name__}: {exc}"[:500]
    delays = retry_delays()
    retry_at = None
    if isinstance(exc, DeliveryUnknown) or not (connecting or isinstance(exc, OSError)):
        status = Notification.Status.UNKNOWN
    elif (connecting or _is_transient(exc)) and notification.attempts <= len(delays):
        status = Notification.Status.PENDING
        floor = delays[notification.attempts - 1]
        # Jitter only ever lengthens the wait: it spreads a burst of retries without eating into the floor.
        retry_at = now + timezone.timedelta(seconds=floor * (1 + random.random() / 10))
    else:
        status = Notification.Status.FAILED
    Notification.objects.filter(pk=notification.pk, status=Notification.Status.SENDING).update(
        status=status, last_error=last_error, next_attempt_at=retry_at
    )
    logger.warning(
        "notification %s %s after attempt %s: %s", notification.pk, status, notification.attempts, last_error
    )
    return retry_at


def _claim(notification_id: int | None, now, outcome: tuple[int, str] | None = None) -> int | None:
    """The conditional update that makes one sender per record: it claims `notification_id` only while the record
    is pending and due (no next attempt's time, or that time has come). In the same statement it records
    `outcome`, (id, status), the result of this sender's previous message, so each message costs one write.
    Returns the attempt number claimed, or None when another sender has the record or it is not due."""
    Status = Notification.Status
    done_id, done_status = outcome or (None, None)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Notification._meta.db_table} SET "
            "status = CASE WHEN id = %s THEN %s ELSE %s END, "
            "claimed_at = CASE WHEN id = %s THEN %s ELSE claimed_at END, "
            "attempts = CASE WHEN id = %s THEN attempts + 1 ELSE attempts END, "
            "sent_at = CASE WHEN id = %s THEN sent_at ELSE %s END "
            "WHERE (id = %s AND status = %s AND (next_attempt_at IS NULL OR next_attempt_at <= %s)) "
            "OR (id = %s AND status = %s) RETURNING id, attempts",
            [
                notification_id,
                Status.SENDING,
                done_status,
                notification_id,
                now,
                notification_id,
                notification_id,
                now if done_status == Status.SENT else None,
                notification_id,
                Status.PENDING,
                now,
                done_id,
                Status.SENDING,
            ],  # fmt: skip
        )
        claimed = dict(cursor.fetchall())
    return claimed.get(notification_id)


def _late(notification: Notification, now) -> bool:
    """A retry, or a first send that waited longer than a task normally does: check its reason still holds."""
    return notification.attempts > 0 or notification.created_at < now - _requeue_after()


def notification_send(*, notification_id: int) -> bool:
    """Send one recorded notification, as notifications_send_many() does many."""
    return notifications_send_many(notification_ids=[notification_id]) == 1


SEND_CHUNK = 100


def notifications_send_many(*, notification_ids: list[int]) -> int:
    """Send recorded notifications over one mail connection, each only if this call claims it.

    Each record is claimed on its own just before its message goes (pending, and due: after a failure, not
    before its next attempt's time), and its outcome is written with the next claim, so a crash leaves at most
    one record "sending", for a site admin to decide, and the rest pending for beat to re-queue; nothing is ever
    sent twice. A failure after the message was handed over is "needs a decision", never retried. Emails turned
    off by the recipient, and retries or late sends whose reason has passed (the kind says), are not sent.
    Transient failures go back to pending with their next attempt's time and, once the rest has been tried,
    raise TransientSendError. Returns the number sent.
    """
    from django.core.mail import get_connection

    sent = 0
    retry, retry_at = [], None
    outcome = None  # the last message's result, written with the next claim
    unreachable = False
    mail_connection = get_connection()
    try:
        for start in range(0, len(notification_ids), SEND_CHUNK):
            if unreachable:
                break
            now = timezone.now()
            # One read for the chunk; records another sender holds, or not due yet, are left to their claim.
            due = (
                Notification.objects.filter(pk__in=notification_ids[start : start + SEND_CHUNK])
                .filter(status=Notification.Status.PENDING)
                .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            )
            notifications = list(
                due.select_related("recipient", "subject_type").prefetch_related("subject").order_by("pk")
            )
            not_sent = _not_to_send(notifications, now)
            for status in (Notification.Status.SKIPPED, Notification.Status.EXPIRED):
                if status in not_sent.values():
                    due.filter(pk__in=[pk for pk, why in not_sent.items() if why == status]).update(status=status)
            for notification in notifications:
                if notification.pk in not_sent:
                    continue
                now = timezone.now()
                attempt = _claim(notification.pk, now, outcome)
                outcome = None
                if attempt is None:
                    continue
                notification.attempts = attempt
                try:
                    message = render_email(notification)
                except Exception as exc:  # nothing left the building: a template or data error no retry mends
                    logger.exception("notification %s could not be rendered", notification.pk)
                    Notification.objects.filter(pk=notification.pk).update(
                        status=Notification.Status.FAILED, last_error=f"{type(exc).__name__}: {exc}"[:500]
                    )
                    continue
                try:
                    message.connection = mail_connection
                    mail_connection.open()  # an open connection stays open for the next message
                except Exception as exc:
                    # The server cannot be reached: nothing was handed over. This message waits its floor, and the
                    # rest of this task's wait as long without spending an attempt of their own.
                    _close_quietly(mail_connection)
                    when = _after_failure(notification, exc, now, connecting=True)
                    if not isinstance(exc, OSError):
                        raise  # a time limit: recorded, and the task stops as it was told
                    until = when or now + timezone.timedelta(seconds=retry_delays()[0])
                    deferred = _defer(notification_ids, until=until)
                    retry = sorted({*retry, *deferred, *([notification.pk] if when else [])})
                    retry_at = min(retry_at or until, until)
                    unreachable = True
                    break
                try:
                    message.send()
                except Exception as exc:
                    _close_quietly(mail_connection)  # the next message starts on a fresh connection
                    when = _after_failure(notification, exc, now)
                    if not isinstance(exc, OSError):
                        raise  # a time limit or a bug: recorded, and the task stops as it was told
                    if when is not None:
                        retry.append(notification.pk)
                        retry_at = min(retry_at or when, when)
                    continue
                outcome = (notification.pk, Notification.Status.SENT)
                sent += 1
    finally:
        if outcome:
            _claim(None, timezone.now(), outcome)
        _close_quietly(mail_connection)
    if retry:
        raise TransientSendError(retry, retry_at)
    return sent


def _defer(notification_ids: list[int], *, until) -> list[int]:
    """Records of this task still waiting (not claimed by anyone) may not be claimed before `until`."""
    waiting = Notification.objects.filter(pk__in=notification_ids, status=Notification.Status.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=until)
    )
    ids = list(waiting.values_list("pk", flat=True))
    waiting.filter(pk__in=ids).update(next_attempt_at=until)
    return ids


def _not_to_send(notifications: list[Notification], now) -> dict[int, str]:
    """Records to close without a message: an optional kind the recipient turned off (skipped), or a retry or late
    send whose reason has passed (expired). Decided before any claim; written only while still pending."""
    turned_off = set(
        EmailPreference.objects.filter(user_id__in={n.recipient_id for n in notifications}, enabled=False).values_list(
            "user_id", "kind"
        )
    )
    not_sent = {}
    for notification in notifications:
        kind = get_kind(notification.kind)
        if kind.optional and (notification.recipient_id, notification.kind) in turned_off:
            not_sent[notification.pk] = Notification.Status.SKIPPED
        elif kind.still_current and _late(notification, now) and not kind.still_current(notification):
            not_sent[notification.pk] = Notification.Status.EXPIRED
    return not_sent


def _close_quietly(mail_connection) -> None:
    # smtplib's errors are OSErrors; a broken connection has nothing left to say.
    with contextlib.suppress(OSError):
        mail_connection.close()


def _requeue_after():
    return timezone.timedelta(seconds=settings.REMENTO_EMAIL_REQUEUE_AFTER)


def notifications_requeue(*, now=None, batch_size: int = 5000) -> int:
    """Beat's part of the schedule: enqueue sends for records waiting in the database.

    A retry whose next attempt has come (long waits live here, not in Celery countdowns, which must stay below
    the broker's visibility timeout), and a first send still pending after REMENTO_EMAIL_REQUEUE_AFTER (its task
    was lost). Safe to run at any time, from any number of beats: the claim lets one sender through per attempt.
    """
    now = now or timezone.now()
    ids = list(
        Notification.objects.filter(status=Notification.Status.PENDING)
        .filter(Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, created_at__lt=now - _requeue_after()))
        .order_by("pk")
        .values_list("pk", flat=True)[:batch_size]
    )
    for start in range(0, len(ids), SEND_CHUNK):
        notifications_enqueue_many(ids[start : start + SEND_CHUNK])
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
