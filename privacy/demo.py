"""Demo audit events for the pilot programme: a lead's views of what mentors shared, a role change, an export.

Idempotent: the audit log is append-only, so nothing is added once the demo mentor's export is recorded.
"""

import datetime

from django.utils import timezone

from privacy.models import AuditEvent


def seed(context) -> None:
    programme, lead, steering = context["programme"], context["lead"], context["steering"]
    mentor = context["mentors"][0]
    if AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED_DATA, actor=mentor.user).exists():
        return
    now = timezone.now()
    events = [
        AuditEvent(at=now - datetime.timedelta(days=40), actor=lead, action=AuditEvent.Action.ROLE_ADDED,
                   target_user=steering, programme=programme, detail="role: steering"),
        AuditEvent(at=now - datetime.timedelta(days=9), actor=mentor.user, action=AuditEvent.Action.EXPORTED_DATA,
                   target_user=mentor.user, detail="JSON download"),
    ]  # fmt: skip
    for days, participant in zip((30, 29, 28), context["mentors"][:3], strict=False):
        events.append(
            AuditEvent(
                at=now - datetime.timedelta(days=days),
                actor=lead,
                action=AuditEvent.Action.VIEWED_DISCLOSURES,
                target_user=participant.user,
                programme=programme,
                detail=f"participant {participant.pk}",
            )
        )
    AuditEvent.objects.bulk_create(events)
