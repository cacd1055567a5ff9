"""`wiqaya reindex [--background]`: rebuild the search index from the records, as a job with progress."""

from django.core.management.base import BaseCommand, CommandError

from core.actors import system
from core.jobs import execute
from core.models import Job
from core.words import count
from search import services


class Command(BaseCommand):
    help = "Rebuild the search index: every record's text, then the vectors still missing."

    def add_arguments(self, parser):
        parser.add_argument("--background", action="store_true",
                            help="Leave the work to the background worker (wiqaya db_worker) and return at once.")

    def handle(self, *args, background=False, **options):
        if background:
            job = services.start_reindex(actor=system("wiqaya reindex"))
            self.stdout.write(f"job {job.pk} queued: the worker rebuilds the index")
            return
        # The same handler as the background job, run here, so the Job row still shows progress and outcome.
        job = Job.objects.create(kind="search_reindex", message="rebuilding the search index")
        job = execute(job)
        if job.status != Job.Status.DONE:
            raise CommandError(f"job {job.pk} failed: {job.error}")
        result = job.result
        records = ", ".join(count(n, kind) for kind, n in result["records"].items()) or "nothing"
        self.stdout.write(f"job {job.pk}: indexed {records}; {count(result['embedded'], 'vector')} computed, "
                          f"{count(result['removed'], 'stale entry', 'stale entries')} removed")
