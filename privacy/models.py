"""The audit log and the record of retention purges.

Audit events name people and programmes by id and never hold the values that
were seen or changed. They are append-only: the manager refuses updates and
deletes, and on PostgreSQL a trigger (migration 0002) refuses them for
everyone, the application included. Nothing needs to change an event later:
erasure anonymises the account an event points to (the account row stays, its
name and email replaced), so the log keeps "who" as an id without a name.
The references carry no database constraint, so deleting a programme or an
account never has to touch (or is blocked by) the log.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts import audit
from programmes.models import Cohort, Programme


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEWED_DISCLOSURES = audit.VIEWED_DISCLOSURES, "Viewed what a person shared for matching"
        EXPORTED_DATA = audit.EXPORTED_DATA, "Downloaded their data"
        ERASED_PERSON = audit.ERASED_PERSON, "Erased a person"
        ROLE_ADDED = audit.ROLE_ADDED, "Gave a programme role"
        ROLE_REMOVED = audit.ROLE_REMOVED, "Removed a programme role"
        ORG_ADMIN_ADDED = audit.ORG_ADMIN_ADDED, "Made an organisation administrator"
        ORG_ADMIN_REMOVED = audit.ORG_ADMIN_REMOVED, "Removed an organisation administrator"
        RETENTION_PURGE = audit.RETENTION_PURGE, "Purged a closed cohort's personal data"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Null for the scheduled retention purge, which nobody in particular does.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    action = models.CharField(max_length=24, choices=Action.choices)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    # Which object, in words without values: "participant 12", "role: steering", "cohort 3".
    detail = models.CharField(max_length=200, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["programme", "at"], name="privacy_audit_programme_at"),
            models.Index(fields=["target_user", "at"], name="privacy_audit_target_at"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


class CohortPurge(models.Model):
    """A closed cohort whose personal data the retention task has purged: counts only, never names."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="purge")
    purged_at = models.DateTimeField(default=timezone.now)
    participants = models.PositiveIntegerField(default=0)
    reflections_deleted = models.PositiveIntegerField(default=0)
    texts_blanked = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"Cohort {self.cohort_id} purged {self.purged_at:%Y-%m-%d}"
