from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluation"

    def ready(self):
        from evaluation import emails  # noqa: F401  (registers the kinds of email)
