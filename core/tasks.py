"""The single django.tasks task that runs every Job (see core.jobs)."""

from django.tasks import task


@task()
def run_job(job_id: int) -> str:
    from .jobs import execute
    from .models import Job

    job = Job.objects.get(pk=job_id)
    return execute(job).status



@task()
def purge_expired() -> dict:
    """The daily retention purge (core.retention); it enqueues its next run."""
    from .retention import run_scheduled

    return run_scheduled()
