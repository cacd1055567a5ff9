"""`wiqaya setup`: migrate, load reference data, and load the demo set when the database is empty."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from core.actors import system
from frameworks.services import load_definitions
from places.services import load_reference_places


class Command(BaseCommand):
    help = "Migrate the database, load reference data, and load the demo data on an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Never load the demo data.")

    def handle(self, *args, no_demo=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database migrated")
        from practices.models import Practice

        empty = not Practice.objects.exists()
        if not no_demo and empty and settings.WIQAYA_ALLOW_DEMO:
            from demo.loader import load_demo

            counts = load_demo()
            summary = ", ".join(f"{v} {k}" for k, v in counts.items())
            self.stdout.write(self.style.SUCCESS(f"demo data loaded: {summary}"))
        else:
            load_reference_places(actor=system("setup"))
            load_definitions(actor=system("setup"))
            self.stdout.write("reference data (places, frameworks) up to date; demo data not loaded"
                              + (" (the database already has practices)" if not empty else ""))
        from core.retention import schedule

        if schedule():
            self.stdout.write("retention purge scheduled: the worker runs it daily (see docs/security.md)")
