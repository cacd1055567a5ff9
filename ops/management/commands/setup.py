"""`wiqaya setup`: migrate, load reference data, and load the demo set into a database that has no users."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from core.actors import system
from core.retention import schedule
from dashboards.opendata import schedule as schedule_open_data
from demo.loader import load_demo
from events.notices import schedule as schedule_events_notices
from frameworks.services import load_definitions
from glossary.services import load_shipped as load_glossary
from places.services import load_reference_places, load_shipped_boundaries
from plans.notices import schedule as schedule_overdue_notices
from support.notices import schedule as schedule_support_notices


class Command(BaseCommand):
    help = "Migrate the database, load reference data, and load the demo data into a database with no users."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Never load the demo data.")

    def handle(self, *args, no_demo=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database migrated")
        # The demo set brings an `admin` account whose password the README prints: it goes only into a database
        # nobody uses yet, never into one that has accounts of its own (with or without practices).
        has_users = get_user_model().objects.exists()
        if not no_demo and not has_users and settings.WIQAYA_ALLOW_DEMO:
            counts = load_demo()
            summary = ", ".join(f"{v} {k}" for k, v in counts.items())
            self.stdout.write(self.style.SUCCESS(f"demo data loaded: {summary}"))
        else:
            load_reference_places(actor=system("setup"))
            load_definitions(actor=system("setup"))
            self.stdout.write("reference data (places, frameworks) up to date; demo data not loaded"
                              + (" (the database already has users)" if has_users else ""))
        # The governorates' boundaries that ship with the project, unless the installation loaded its own.
        boundaries = load_shipped_boundaries(actor=system("setup"))
        if boundaries:
            self.stdout.write(f"boundaries: {boundaries} governorates loaded from the shipped file")
        added = load_glossary(actor=system("setup"))
        if added:
            self.stdout.write(f"glossary: {added} shipped terms added")
        if schedule():
            self.stdout.write("retention purge scheduled: the worker runs it daily (see docs/security.md)")
        if schedule_overdue_notices():
            self.stdout.write("overdue progress notices scheduled: the worker sends them daily")
        if schedule_support_notices():
            self.stdout.write("support desk notices and digest scheduled: the worker sends them daily")
        if schedule_events_notices():
            self.stdout.write("recommendation reminders scheduled: the worker sends them daily")
        if schedule_open_data():
            self.stdout.write("open-data package scheduled: the worker builds it daily (/open-data/)")
