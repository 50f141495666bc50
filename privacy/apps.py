from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"

    def ready(self):
        # Other apps record audit events through accounts.audit; the log lives here.
        from accounts.audit import audit_recorded
        from privacy.receivers import store_audit_event

        audit_recorded.connect(store_audit_event, dispatch_uid="privacy.store_audit_event")
