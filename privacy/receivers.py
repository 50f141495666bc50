from privacy.models import AuditEvent


def store_audit_event(*, actor_id, action, target_user_id, programme_id, detail, **kwargs):
    AuditEvent.objects.create(
        actor_id=actor_id, action=action, target_user_id=target_user_id, programme_id=programme_id, detail=detail[:200]
    )
