"""Uploads are refused by size while they stream in, a refused batch starts no job, a file that failed for a
reason of its own is not run again, and the same bytes never reveal another organisation's document (the
security findings, items 2 and 5)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile
from django.test import RequestFactory, override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import Job
from core.uploads import LimitedUploadHandler
from documents import services
from documents.models import SourceDocument
from tests.factories import make_org, make_user

TEXT = b"Not a compendium, but text all the same.\n"


@pytest.fixture
def importer(reference):
    return make_user("uploader", organisation=make_org("Uploading NGO"))


@override_settings(WIQAYA_MAX_IMPORT_BYTES=100_000)
def test_the_handler_drops_a_file_as_soon_as_it_passes_the_limit():
    request = RequestFactory().post("/")
    handler = LimitedUploadHandler(request)
    handler.new_file("file", "big.pdf", "application/pdf", None)
    chunk = b"x" * 65_536
    assert handler.receive_data_chunk(chunk, 0) == chunk
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(chunk, 65_536)  # 131,072 bytes read: refused at once, not at the end
    assert request.refused_uploads == [("big.pdf", 131_072)]


@override_settings(WIQAYA_MAX_IMPORT_BYTES=100_000)
def test_a_file_over_the_limit_is_refused_by_name_and_starts_no_job(client, importer):
    client.force_login(importer)
    big = SimpleUploadedFile("big.txt", b"a" * 300_000, content_type="text/plain")
    response = client.post(reverse("documents:import"), {"files": [big]})
    assert response.status_code == 200
    assert "big.txt: the file is too large (the limit is 0 MB)" in response.content.decode()
    assert not SourceDocument.objects.exists() and not Job.objects.exists()


@override_settings(WIQAYA_MAX_REQUEST_BYTES=50_000)
def test_a_request_over_the_body_limit_is_not_read(client, importer):
    client.force_login(importer)
    files = [SimpleUploadedFile(f"part{i}.txt", b"b" * 20_000, content_type="text/plain") for i in range(4)]
    response = client.post(reverse("documents:import"), {"files": files})
    assert response.status_code == 200 and "The upload is too large" in response.content.decode()
    assert not SourceDocument.objects.exists() and not Job.objects.exists()


@override_settings(WIQAYA_MAX_IMPORT_BYTES=100_000)
def test_the_api_refuses_an_oversized_upload_with_400(importer):
    api = APIClient()
    api.force_authenticate(importer)
    response = api.post("/api/v1/documents/", {"file": SimpleUploadedFile("big.pdf", b"%PDF-" + b"a" * 300_000)},
                        format="multipart")
    assert response.status_code == 400 and "big.pdf: the file is too large" in str(response.json())
    assert not Job.objects.exists()


def test_a_batch_of_refused_files_starts_no_job(client, importer):
    client.force_login(importer)
    response = client.post(reverse("documents:import"), {"files": [
        SimpleUploadedFile("notes.exe", b"MZ...", content_type="application/octet-stream"),
        SimpleUploadedFile("empty.txt", b"", content_type="text/plain"),
    ]})
    assert response.status_code == 200
    page = response.content.decode()
    # The form names the wrong kind before the service is asked (documents/tests/test_upload_kinds.py).
    assert "“\u2068notes.exe\u2069” is a \u2068.exe\u2069 file, which cannot be imported here" in page
    assert not Job.objects.exists() and not SourceDocument.objects.exists()


def test_a_file_refused_for_what_it_is_is_not_run_again(importer):
    [document], _ = services.prepare_uploads(actor=importer, files=[("notes.txt", TEXT)])
    report = services.import_document(actor=importer, document=document)
    assert report.status == "failed"
    document.refresh_from_db()
    assert document.failure_is_final
    to_import, reports = services.prepare_uploads(actor=importer, files=[("notes again.txt", TEXT)])
    assert to_import == []
    assert reports[0].status == "failed" and "refused" in reports[0].error and report.error in reports[0].error


def test_a_file_that_failed_unexpectedly_is_run_again(importer):
    [document], _ = services.prepare_uploads(actor=importer, files=[("notes.txt", TEXT)])
    SourceDocument.objects.filter(pk=document.pk).update(status="failed", failure_is_final=False,
                                                         error="unexpected error while importing: disk full")
    to_import, reports = services.prepare_uploads(actor=importer, files=[("notes.txt", TEXT)])
    assert [d.pk for d in to_import] == [document.pk] and reports == []


def test_the_same_bytes_never_reveal_another_organisations_document(importer):
    secret = "Private compendium of the first NGO.txt"
    [theirs], _ = services.prepare_uploads(actor=importer, files=[(secret, TEXT)])
    other = make_user("other-uploader", organisation=make_org("Second NGO"))
    to_import, reports = services.prepare_uploads(actor=other, files=[("mine.txt", TEXT)])
    assert reports == [] and len(to_import) == 1
    mine = to_import[0]
    assert mine.pk != theirs.pk and mine.organisation.name == "Second NGO" and mine.original_name == "mine.txt"
    # And once imported, its report speaks of its own file only.
    report = services.import_document(actor=other, document=mine)
    assert secret not in report.as_dict().__repr__() and str(theirs.pk) not in str(report.document_id)
