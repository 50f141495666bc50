"""Deploy checks for email (manage.py check --deploy)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def email_settings_check(app_configs, **kwargs):
    problems = []
    if not settings.SITE_URL:
        problems.append(
            Warning(
                "SITE_URL is not set: emails sent by the Celery workers would link to "
                "http://127.0.0.1:8000 instead of this site.",
                hint="Set SITE_URL to the public address, e.g. https://remento.example.org.",
                id="notifications.W001",
            )
        )
    if settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
        problems.append(
            Warning(
                "Django's own SMTP backend cannot tell a connection lost after the message was handed over from "
                "one that never got going, so such a message would be retried and could arrive twice.",
                hint="Use notifications.mail.EmailBackend (the default when EMAIL_HOST is set).",
                id="notifications.W002",
            )
        )
    return problems
