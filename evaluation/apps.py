from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluation"

    def ready(self):
        from evaluation import checks, emails  # noqa: F401  (registers the system checks and the kinds of email)
