"""Seal the survey responses that are waiting again with the newest key (docs/deploy.md, "Survey seal keys")."""

from django.core.management.base import BaseCommand

from evaluation import services


class Command(BaseCommand):
    help = (
        "Seal every survey response still waiting to be opened again with the first key in SURVEY_SEAL_KEYS. "
        "Run it after putting a new key first; then the older keys can be removed."
    )

    def handle(self, *args, **options):
        count = services.sealed_responses_rekey()
        self.stdout.write(f"{count} sealed response{'' if count == 1 else 's'} now sealed with the newest key.")
