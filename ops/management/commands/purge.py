"""`wiqaya purge [--dry-run]`: apply the retention rules now (the worker also runs them daily)."""

from django.core.management.base import BaseCommand

from core.retention import RULES, purge


class Command(BaseCommand):
    help = "Delete or blank records past their retention period (core/retention.py and the rules apps register).."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would go; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        counts = purge(dry_run=dry_run)
        for rule in RULES:
            verb = "would purge" if dry_run else "purged"
            self.stdout.write(f"{rule.name}: {verb} {counts.get(rule.name, 0)} (kept {rule.days()} days)")
