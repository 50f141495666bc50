from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One email for one reason: (kind, recipient, subject object, period).

    The unique constraint is what makes "sent exactly once" hold: the row is
    written in the transaction that decides to send, and the send task claims
    it with a conditional update before touching SMTP.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Sending (claimed)"
        # The mail server may have stored the message (the connection failed after it was handed over):
        # resending could deliver it twice, so a site admin decides.
        UNKNOWN = "unknown", _("Sending — needs a decision")
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Not sent (turned off by the recipient)"
        EXPIRED = "expired", _("Not sent (its reason had passed before the mail server took it)")

    kind = models.CharField(max_length=64)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    # What the email is about (a pairing, a survey, an event...).
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    # Distinguishes repeats of the same reason: "2026-11-24" for a daily
    # reminder, "nudge-2" for the second nudge; empty for one-off emails.
    period = models.CharField(max_length=64, blank=True, default="")
    # Where the email links to: a path on this site, never personal text.
    link = models.CharField(max_length=500, blank=True, default="")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # After a transient failure: no send may claim the record before this time (the retry schedule's floor).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "subject_type", "subject_id", "period"],
                name="notification_once_per_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            # "What was emailed about this object?": the survey reminder's claim asks it for every reminder.
            models.Index(fields=["subject_type", "subject_id"], name="notification_subject"),
        ]
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} to user {self.recipient_id} ({self.get_status_display()})"


class EmailPreference(models.Model):
    """A person's choice to stop one optional kind of email (reminders, nudges)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences")
    kind = models.CharField(max_length=64)
    enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="email_preference_once")]
