"""`wiqaya open-data build [--date YYYY-MM-DD]`: build the day's open-data package now (the worker also builds it
daily) into the media folder, replacing that day's file."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from core.actors import system
from dashboards.opendata import publish_package, stored_packages


class Command(BaseCommand):
    help = "Build the open-data package (a dated Frictionless Data Package) into the media folder."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="Build the day's package now, replacing that day's file.")
        build.add_argument("--date", help="The package's date (YYYY-MM-DD); today when left out.")

    def handle(self, *args, action=None, date=None, **options):
        try:
            day = dt.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError(f"Not a date: {date} (YYYY-MM-DD)") from exc

        def progress(done, total, message):
            if message != "done":
                self.stdout.write(f"  {done + 1}/{total} {message}")

        path = publish_package(actor=system("wiqaya open-data build"), today=day, progress=progress)
        stored = next((s for s in stored_packages() if s.path == path), None)
        rows = ", ".join(f"{name} {n}" for name, n in (stored.rows if stored else {}).items())
        self.stdout.write(self.style.SUCCESS(f"{path} ({path.stat().st_size} bytes): {rows}"))
