"""`wiqaya events-remind [--dry-run]`: the follow-up's daily work now (the worker also runs it daily): refresh the
progress plan actions give, then remind owners of recommendations due soon, overdue or stale — each reminder once.

`--dry-run` prints who would be reminded of what, and changes nothing."""

from django.core.management.base import BaseCommand

from core.actors import system
from core.words import count
from events.notices import reminders, run_daily


class Command(BaseCommand):
    help = ("Remind the owners of recommendations due soon, overdue or without an update (each reminder once); "
            "--dry-run only shows them.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show the reminders without sending them.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            found = reminders()
            for reminder in found:
                people = ", ".join(sorted(u.get_username() for u in reminder.recipients))
                self.stdout.write(f"{reminder.kind}: {reminder.recommendation.reference} → {people}")
            total = sum(len(r.recipients) for r in found)
            self.stdout.write(f"{count(total, 'reminder')} would be sent (dry run: nothing sent)")
            return
        result = run_daily(actor=system("wiqaya events-remind"))
        total = sum(result[kind] for kind in ("due_soon", "overdue", "stale"))
        self.stdout.write(f"{count(total, 'reminder')} sent "
                          f"(due soon {result['due_soon']}, overdue {result['overdue']}, stale {result['stale']}); "
                          f"{count(result['progress_refreshed'], 'recommendation')} with new progress from plan actions")
