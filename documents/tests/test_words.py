"""The import pages in plain words: counts with real plurals (no "file(s)"), a queued job that says when it starts,
and a document's page without "SHA-256" and "Encoding" in view."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from core.models import Job

pytestmark = pytest.mark.django_db


def _status(lang, summary, **job):
    job = Job(pk=5, kind="import_documents", **({"status": Job.Status.DONE} | job))
    with translation.override(lang):
        return render_to_string("documents/_job_status.html", {"job": job, "files": [], "summary": summary})


def test_the_import_summary_counts_in_words_in_english():
    page = _status("en", {"files": 1, "created": 3, "duplicates": 1, "warnings": 2, "failed": 0})
    assert "(s)" not in page
    for words in ("1 file read", "3 practices created", "1 duplicate skipped", "2 warnings"):
        assert words in page
    assert "failed" not in page  # nothing failed: no "0 files failed" line


def test_the_import_summary_uses_the_arabic_plural_forms():
    page = _status("ar", {"files": 2, "created": 11, "duplicates": 0, "warnings": 1, "failed": 1})
    for words in ("قُرئ ملفان", "أُنشئت 11 ممارسةً", "تحذير واحد", "فشل ملف واحد"):
        assert words in page, words
    assert "(s)" not in page and "file" not in page


@pytest.mark.parametrize(("lang", "first", "third"), [
    ("en", "it will start in a few seconds.",
     "it will start once the 2 jobs queued before it are done (position 3 in the queue)."),
    ("ar", "سيبدأ خلال ثوانٍ.", "سيبدأ بعد انتهاء المهمتين السابقتين في الدور (رقمه 3 في الدور)."),
])
def test_a_queued_import_says_where_it_stands_in_the_queue(lang, first, third):
    jobs = [Job.objects.create(kind="import_documents", message="waiting for the worker") for _ in range(3)]
    with translation.override(lang):
        page = render_to_string("documents/_job_status.html", {"job": jobs[0], "files": [], "summary": {}})
        assert first in page and "waiting for the worker" not in page
        page = render_to_string("documents/_job_status.html", {"job": jobs[2], "files": [], "summary": {}})
        assert third in page


def test_a_document_page_keeps_the_fingerprint_out_of_the_way(client):
    from documents.models import SourceDocument

    document = SourceDocument.objects.create(original_name="compendium.txt", sha256="a" * 64, size=10,
                                             encoding="utf-8", is_public=True, status="done")
    for lang, fingerprint in (("en", "File fingerprint"), ("ar", "بصمة الملف")):
        page = client.get(f"/{lang}/documents/{document.pk}/").content.decode()
        assert "SHA-256" not in page and "Encoding" not in page
        details = page[page.index('data-testid="technical-details"'):]
        assert fingerprint in details and "a" * 64 in details


def test_a_framework_created_from_a_file_reads_as_a_title_not_a_slug(reference):
    from documents import services
    from frameworks.models import Framework
    from tests.factories import make_org, make_user

    from .test_import import UNKNOWN_PLAN

    importer = make_user("words-importer", organisation=make_org("Words NGO"))
    document, _ = services.store_document(actor=importer, name="imported-compendium_weird.txt",
                                          data=UNKNOWN_PLAN.encode())
    report = services.import_document(actor=importer, document=document)
    framework = Framework.with_proposals.get(slug=report.framework)
    assert framework.short_name == "imported compendium weird"
    assert framework.title_en == "Framework cited in “imported compendium weird”"
    warning = next(w for w in report.warnings if "to review" in w)
    assert "a new framework, “imported compendium weird”, to review" in warning
    assert "imported-" not in warning and "_" not in warning and "compendium weird" in warning


def test_a_queued_plan_import_does_not_claim_the_worker_is_checking_the_file():
    job = Job.objects.create(kind="plan_import", message="")
    page = render_to_string("plans/_spreadsheet_job_status.html", {"job": job, "errors": []})
    assert "it will start in a few seconds." in page and "is checking the file" not in page
    job.status = Job.Status.RUNNING
    job.save()
    page = render_to_string("plans/_spreadsheet_job_status.html", {"job": job, "errors": []})
    assert "is checking the file" in page
