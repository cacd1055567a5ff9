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


@pytest.mark.django_db
def test_the_api_says_where_a_queued_job_stands_in_words():
    from rest_framework.test import APIClient

    from tests.factories import make_user

    user = make_user()
    first, second = (Job.objects.create(kind="import_documents", created_by=user) for _ in range(2))
    client = APIClient()
    client.force_authenticate(user)
    data = client.get(f"/api/v1/jobs/{second.pk}/").json()
    assert data["queue_position"] == 2
    assert data["note"] == "it will start once the job queued before it is done (position 2 in the queue)."
    data = client.get(f"/api/v1/jobs/{first.pk}/", HTTP_ACCEPT_LANGUAGE="ar").json()
    assert data["queue_position"] == 1 and data["note"] in {"it will start in a few seconds.", "سيبدأ خلال ثوانٍ."}
    execute(first)
    data = client.get(f"/api/v1/jobs/{first.pk}/").json()
    assert data["queue_position"] == 0 and data["note"] == ""
