"""A job's queued note ("waiting for the worker") is gone once the worker runs it."""

import pytest

from core.jobs import execute
from core.models import Job
from core.templatetags.wiqaya import job_note


@pytest.mark.django_db
def test_the_queued_note_is_cleared_when_the_job_runs():
    job = Job.objects.create(kind="no-such-kind", message="waiting for the worker")
    assert job_note(job) == "it will start in a few seconds."
    job = execute(job)
    assert job.status == Job.Status.FAILED and job.message == ""
    assert job_note(job) == ""
