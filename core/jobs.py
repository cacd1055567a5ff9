"""One wrapper for long work: a Job row the user can watch, run by the background worker.

An app registers a handler with `@job_handler("kind")`; `start_job()` creates the row and enqueues
`run_job` (the one django.tasks task for every Job, defined here). The handler receives the Job and a `progress(done, total, message)` callable and
returns the result dict stored on the row. A handler that raises marks the job failed with the error kept.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .models import Job

log = logging.getLogger(__name__)
_HANDLERS: dict[str, Callable] = {}


def job_handler(kind: str):
    def register(func: Callable) -> Callable:
        _HANDLERS[kind] = func
        return func

    return register


def start_job(*, kind: str, actor=None, params: dict | None = None, total: int = 0, message: str = "") -> Job:
    """Create the Job row and hand it to the worker once the surrounding transaction commits."""
    if kind not in _HANDLERS:
        raise ValueError(f"No job handler is registered for {kind!r}")
    job = Job.objects.create(
        kind=kind,
        params=params or {},
        total=total,
        message=message,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def execute(job: Job) -> Job:
    """Run one job now, in this process (the worker's task calls this; so can a command)."""
    handler = _HANDLERS.get(job.kind)
    # The queued note ("waiting for the worker") no longer holds once it runs.
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now(), message="")
    job.refresh_from_db()

    def progress(done: int, total: int | None = None, message: str = "") -> None:
        fields = {"progress": done}
        if total is not None:
            fields["total"] = total
        if message:
            fields["message"] = message[:500]
        Job.objects.filter(pk=job.pk).update(**fields)

    try:
        if handler is None:
            raise ValueError(f"No job handler is registered for {job.kind!r}")
        result = handler(job, progress) or {}
    except Exception as exc:  # the job row keeps the error; the worker keeps running
        log.exception("job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:5000], finished_at=timezone.now()
        )
    else:
        job.refresh_from_db()
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.DONE, result=result, progress=max(job.progress, job.total), finished_at=timezone.now()
        )
    job.refresh_from_db()
    return job


def queue_position(job: Job) -> int:
    """Where a queued job stands in the worker's queue: 1 when it is next, 2 when one queued job is ahead of it…
    (jobs run in the order they were queued). 0 for a job that is not queued."""
    if job.status != Job.Status.QUEUED:
        return 0
    return Job.objects.filter(status=Job.Status.QUEUED, pk__lt=job.pk).count() + 1


@task()
def run_job(job_id: int) -> str:
    """The worker's task: run one Job (whatever its kind) and return its final status."""
    return execute(Job.objects.get(pk=job_id)).status
