"""A failed import says so: on its page (the outcome, a red bar reading "Failed", never "Done · 100 %") and in
the import history, in both languages — whether the job raised or ran to the end with every file failed (a
compendium import) or the file refused (a plan spreadsheet)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.choices import OrganisationKind, Role
from core.models import Job
from places.models import Place
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db

WORDS = {"en": ("Failed", "Done"), "ar": ("فشل", "مكتمل")}


def _job(user, kind, **fields):
    return Job.objects.create(kind=kind, created_by=user, **fields)


def _outcomes(page: str) -> list[str]:
    return [m.strip() for m in re.findall(r'data-testid="job-outcome"[^>]*>([^<—]*)', page)]


@pytest.fixture
def importer(reference):
    return make_user("importer", organisation=make_org("Importing NGO"))


@pytest.fixture
def focal(reference):
    committee = make_org("Nineveh committee", kind=OrganisationKind.COMMITTEE, place=Place.objects.get(code="IQ-NI"))
    return make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=committee)


def test_job_outcome_and_percent():
    raised = Job(status=Job.Status.FAILED, progress=3, total=4)
    assert raised.failed and raised.outcome == "failed" and raised.percent == 75
    every_file_failed = Job(status=Job.Status.DONE, progress=2, total=2,
                            result={"files": [{"status": "failed"}, {"status": "failed"}]})
    assert every_file_failed.failed and every_file_failed.outcome == "failed"
    refused = Job(status=Job.Status.DONE, total=0, result={"status": "invalid", "errors": []})
    assert refused.failed and refused.percent == 0
    some_imported = Job(status=Job.Status.DONE, progress=2, total=2,
                        result={"files": [{"status": "failed"}, {"status": "imported"}]})
    assert not some_imported.failed and some_imported.outcome == "done" and some_imported.percent == 100
    with translation.override("ar"):
        assert refused.outcome_display == "فشل"


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("how", ["raised", "every_file_failed"])
def test_a_failed_document_import_reads_failed_on_its_page_and_in_the_history(client, importer, lang, how):
    failed, done = WORDS[lang]
    if how == "raised":
        job = _job(importer, "import_documents", status="failed", progress=1, total=1, error="OSError: disk full")
    else:
        job = _job(importer, "import_documents", status="done", progress=1, total=1,
                   result={"files": [{"file": "broken.pdf", "status": "failed", "error": "not a PDF"}]})
    client.force_login(importer)
    page = client.get(f"/{lang}" + reverse("documents:job", args=[job.pk])[3:]).content.decode()
    assert _outcomes(page) == [failed]
    assert 'data-outcome="failed"' in page and 'data-testid="job-failed"' in page
    assert ">100%<" not in page and f">{done}<" not in page
    history = client.get(f"/{lang}" + reverse("documents:import")[3:]).content.decode()
    assert _outcomes(history) == [failed] and "text-bg-danger" in history


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_refused_plan_file_reads_failed_on_its_page_and_in_the_history(client, focal, lang):
    failed, done = WORDS[lang]
    refused = _job(focal, "plan_import", status="done", result={
        "status": "invalid", "errors": [{"sheet": "Plan", "row": 2, "column": "B", "message": "Missing."}]})
    imported = _job(focal, "plan_import", status="done", result={"status": "imported", "plan_id": None})
    client.force_login(focal)
    page = client.get(f"/{lang}/plans/import/{refused.pk}/").content.decode()
    assert _outcomes(page) == [failed] and 'data-testid="job-failed"' in page and ">100%<" not in page
    history = client.get(f"/{lang}/plans/import/").content.decode()
    assert sorted(_outcomes(history)) == sorted([failed, done])
    assert f'data-outcome="done">{done}<' in history and imported.outcome == "done"
