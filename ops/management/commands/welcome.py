"""`wiqaya welcome URL`: print where the site is and the demo accounts that exist."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from demo.loader import DEMO_ACCOUNTS


class Command(BaseCommand):
    help = "Print the site's address and the demo accounts (only those that exist)."

    def add_arguments(self, parser):
        parser.add_argument("url")

    def handle(self, *args, url, **options):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Wiqaya is running at {url}"))
        self.stdout.write(f"  Arabic: {url.rstrip('/')}/ar/   English: {url.rstrip('/')}/en/   API docs: {url.rstrip('/')}/api/docs/")
        existing = set(get_user_model().objects.filter(is_demo=True).values_list("username", flat=True))
        accounts = [a for a in DEMO_ACCOUNTS if a[0] in existing]
        if accounts:
            self.stdout.write("Demo accounts (username / password — role):")
            for username, password, role in accounts:
                self.stdout.write(f"  {username:<12} / {password} — {role!s}")
        self.stdout.write("Press Ctrl+C to stop the server and the worker.")
        self.stdout.write("")
