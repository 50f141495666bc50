"""System checks for the survey seal keys (`manage.py check`, and `check --deploy` before a release)."""

from django.conf import settings
from django.core import checks

from evaluation import sealing


@checks.register(checks.Tags.security)
def seal_keys_are_fernet_keys(app_configs, **kwargs):
    return [checks.Error(problem, id="evaluation.E001") for problem in sealing.key_problems()]


@checks.register(checks.Tags.security, deploy=True)
def seal_keys_are_set(app_configs, **kwargs):
    if settings.SURVEY_SEAL_KEYS:
        return []
    return [
        checks.Warning(
            "SURVEY_SEAL_KEYS is not set: survey answers waiting to be opened are sealed with a key derived from "
            "SECRET_KEY.",
            hint="Set SURVEY_SEAL_KEYS to a Fernet key kept apart from the database and its backups "
            "(docs/deploy.md, 'Survey seal keys').",
            id="evaluation.W001",
        )
    ]
