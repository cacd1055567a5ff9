"""`wiqaya support-digest [--dry-run]`: send the support desk's daily digest now (the worker also does it daily).

Once per user per day: running it again the same day sends nothing new. `--dry-run` prints who would get one and
what it says, and sends nothing."""

from django.core.management.base import BaseCommand

from core.actors import system
from core.words import count
from support.notices import send_digest


class Command(BaseCommand):
    help = "Send the support desk's digest e-mails now (once per user per day); --dry-run only shows them."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show the digests without sending them.")

    def handle(self, *args, dry_run=False, **options):
        messages = send_digest(actor=system("wiqaya support-digest"), dry_run=dry_run)
        if dry_run:
            for message in messages:
                self.stdout.write(f"To: {', '.join(message.to)}\nSubject: {message.subject}\n\n{message.body}\n")
            self.stdout.write(f"{count(len(messages), 'digest')} would be sent (dry run: nothing sent)")
        else:
            self.stdout.write(f"{count(len(messages), 'digest')} sent")
