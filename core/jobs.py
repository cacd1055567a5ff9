"""One wrapper for long work: a Job row the user can watch, run by the background worker.

An app registers a handler with `@job_handler("kind")`; `start_job()` creates the row and enqueues
`run_job` (the one django.tasks task for every Job, defined here). The handler receives the Job and a `progress(done, total, message)` callable and
returns the result dict stored on the row. A handler that raises marks the job failed with the error kept.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Job

log = logging.getLogger(__name__)
_HANDLERS: dict[str, Callable] = {}
# A queued job the worker has not picked up after this long suggests that no worker is running.
WORKER_PICKUP_SECONDS = 60


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


def note(job: Job) -> str:
    """What a job that has not finished is doing, in plain words (pages and the API say it): a queued job says when
    it will start — in a few seconds when it is next, else after the jobs queued before it, with its place in the
    queue — or, queued for a minute already, that the administrator has to start the background worker; a running
    one shows its progress message. A finished job has none."""
    if job.is_finished:
        return ""
    if job.status == Job.Status.QUEUED:
        waited = timezone.now() - job.created_at if job.created_at else datetime.timedelta(0)
        if waited.total_seconds() > WORKER_PICKUP_SECONDS:
            return _("it has not started after a minute: the background worker may not be running. "
                     "Ask the administrator to start it (wiqaya db_worker).")
        ahead = queue_position(job) - 1
        if ahead <= 0:
            return _("it will start in a few seconds.")
        return ngettext(
            "it will start once the job queued before it is done (position %(position)d in the queue).",
            "it will start once the %(ahead)d jobs queued before it are done (position %(position)d in the queue).",
            ahead) % {"ahead": ahead, "position": ahead + 1}
    return job.message


@task()
def run_job(job_id: int) -> str:
    """The worker's task: run one Job (whatever its kind) and return its final status."""
    return execute(Job.objects.get(pk=job_id)).status
