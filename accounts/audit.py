"""The audit log's entry point for every app: who did what to whom, never the values.

Apps low in the import order (programmes, matching, ...) cannot import
`privacy`, which stores the log. They call `record(...)`; it sends a signal that
`privacy` (installed in every configuration) turns into an append-only row.
If nothing listens, `record` raises instead of losing the event silently.
"""

from django.dispatch import Signal

VIEWED_DISCLOSURES = "viewed_disclosures"
EXPORTED_DATA = "exported_data"
ERASED_PERSON = "erased_person"
ROLE_ADDED = "role_added"
ROLE_REMOVED = "role_removed"
ORG_ADMIN_ADDED = "org_admin_added"
ORG_ADMIN_REMOVED = "org_admin_removed"
RETENTION_PURGE = "retention_purge"

audit_recorded = Signal()


def record(*, actor, action: str, target_user=None, programme_id: int | None = None, detail: str = "") -> None:
    """Write one audit event. `detail` names objects ("participant 12", "role: lead"), never personal values."""
    if not audit_recorded.has_listeners():
        raise RuntimeError("No audit log is listening: is the privacy app installed?")
    audit_recorded.send(
        sender=None,
        actor_id=getattr(actor, "pk", actor),
        action=action,
        target_user_id=getattr(target_user, "pk", target_user),
        programme_id=programme_id,
        detail=detail,
    )
