from django.conf import settings
from django.core.management.base import BaseCommand

from remento.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Load the demo organisations, programmes and people (safe to run again)."

    def handle(self, *args, **options):
        logins = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at http://127.0.0.1:8000/ as:"))
        width = max(len(role) for role in logins)
        for role, email in logins.items():
            self.stdout.write(f"  {role:<{width}}  {email}")
        self.stdout.write(f"  Password for every demo account: {DEMO_PASSWORD}")
        if settings.SITE_URL:
            self.stdout.write(f"Links in emails start with SITE_URL: {settings.SITE_URL}")
        else:
            self.stdout.write("Links in emails use the address you open the site at (set SITE_URL to fix one).")
