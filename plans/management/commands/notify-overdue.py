"""`wiqaya notify-overdue`: tell reporters about overdue progress updates now (the worker also does it daily).

Once per indicator per reporting period: running it again the same period sends nothing new."""

from django.core.management.base import BaseCommand

from core.actors import system
from core.words import count
from plans.notices import notify_overdue


class Command(BaseCommand):
    help = "Notify the reporters of overdue progress updates (once per indicator per reporting period)."

    def handle(self, *args, **options):
        sent = notify_overdue(actor=system("wiqaya notify-overdue"))
        self.stdout.write(f"{count(sent, 'overdue notice')} sent")
