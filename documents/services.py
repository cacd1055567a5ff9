"""Storing uploaded files and importing compendium documents into draft practices.

A file is stored once per sha256. Importing a file is one unit of work: its practices are written in one
transaction, so a failure leaves none of them behind, and the document keeps the error.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.permissions import primary_organisation
from core import audit
from core.jobs import job_handler, start_job
from frameworks.services import framework_for_citations
from practices.services import import_parsed_practice
from search import index as search_index

from . import permissions
from .choices import DocumentStatus
from .models import SourceDocument
from .reports import FileReport

SUPPORTED_EXTENSIONS = {".txt", ".md", ".pdf", ".docx"}


def _check_upload(name: str, size: int) -> None:
    """Refuse what cannot be imported before storing it: unknown type, empty or too large."""
    ext = Path(name).suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        raise ValidationError(
            _("%(file)s: unsupported file type “%(ext)s”; use .txt, .md, .pdf or .docx.") % {"file": name, "ext": ext or "?"}
        )
    if size == 0:
        raise ValidationError(_("%(file)s: the file is empty.") % {"file": name})
    limit = settings.WIQAYA_MAX_IMPORT_BYTES
    if size > limit:
        raise ValidationError(
            _("%(file)s: the file is too large (%(size)d MB; the limit is %(limit)d MB).")
            % {"file": name, "size": size // 2**20, "limit": limit // 2**20}
        )


def _read_upload(data) -> tuple[str, int, object]:
    """(sha256, size, file) of an upload given as bytes or as a file (an UploadedFile streams from disk)."""
    if isinstance(data, bytes | bytearray):
        return hashlib.sha256(data).hexdigest(), len(data), ContentFile(bytes(data))
    digest, size = hashlib.sha256(), 0
    data.seek(0)
    for chunk in iter(lambda: data.read(2**20), b""):
        digest.update(chunk)
        size += len(chunk)
    data.seek(0)
    return digest.hexdigest(), size, File(data)


@transaction.atomic
def store_document(*, actor, name: str, data, organisation=None) -> tuple[SourceDocument, bool]:
    """Store an upload (bytes, or a file read in chunks) once per organisation. Returns (document, created).

    The same bytes again return the earlier document only when the actor may see it (their organisation's, or a
    public one); another organisation's private copy is never mentioned, and this upload is stored apart."""
    if not permissions.can(actor, "import"):
        raise PermissionDenied(_("You may not import documents."))
    name = Path(name).name[:300] or "document"
    sha, size, content = _read_upload(data)
    _check_upload(name, size)
    organisation = organisation or primary_organisation(actor)
    existing = permissions.visible_to(actor, SourceDocument.objects.filter(sha256=sha)).order_by(
        "-is_public", "id").first()
    if existing:
        return existing, False
    document = SourceDocument(
        original_name=name, sha256=sha, size=size, uploaded_by=actor if actor.is_authenticated else None,
        organisation=organisation,
    )
    document.file.save(name, content, save=False)
    document.save()
    audit.record(actor=actor, action="document.upload", obj=document, changes={"sha256": sha, "size": size})
    return document, True


def _set_status(document: SourceDocument, status: str, **fields) -> None:
    SourceDocument.objects.filter(pk=document.pk).update(status=status, **fields)
    document.status = status
    for key, value in fields.items():
        setattr(document, key, value)


def import_document(*, actor, document: SourceDocument) -> FileReport:
    """Extract, parse and store one document's practices in one transaction; the document records the outcome."""
    # Imported here, not at module level: the web process starts without loading the PDF and Word readers.
    from .extraction import ExtractionError

    if not permissions.can(actor, "import", document) or not permissions.can(actor, "view", document):
        raise PermissionDenied(_("You may not import this document."))
    report = FileReport(file=document.original_name, status="imported", document_id=document.pk)
    _set_status(document, DocumentStatus.EXTRACTING, error="")
    try:
        from practices.compendium import parse_compendium

        from .extraction import extract_text

        with document.file.open("rb") as fh:
            data = fh.read()
        extracted = extract_text(data, document.original_name)
        parsed = parse_compendium(extracted.text)
        if not parsed:
            raise ExtractionError(_("no practice was found in it (no “Country:” / “البلد:” entries)"))
        # What a private document names that the platform does not hold yet is its organisation's proposal:
        # seen by that organisation and coordinators only, until a coordinator accepts or merges it.
        proposed_by = None if document.is_public else (document.organisation or primary_organisation(actor))
        with transaction.atomic():
            cited = [(goal.number, goal.title) for item in parsed for goal in item.goals]
            framework, warning = framework_for_citations(
                actor=actor, cited=cited, name_hint=Path(document.original_name).stem, proposed_by=proposed_by
            )
            if warning:
                report.warnings.append(warning)
            for item in parsed:
                outcome = import_parsed_practice(
                    actor=actor, parsed=item, document=document, owner=document.organisation, framework=framework,
                    proposed_by=proposed_by,
                )
                entry = outcome.as_dict()
                if outcome.outcome == "created":
                    report.created.append(entry)
                    report.warnings.extend(f"{outcome.name}: {w}" for w in outcome.warnings)
                else:
                    report.duplicates.append(entry)
            report.warnings[:0] = list(extracted.warnings)
            report.framework = framework.slug
            result = {k: v for k, v in report.as_dict().items() if k in {"created", "duplicates", "warnings"}}
            _set_status(document, DocumentStatus.DONE, result=result, encoding=extracted.encoding or "",
                        pages=extracted.pages)
            audit.record(actor=actor, action="document.import", obj=document,
                         changes={"created": len(report.created), "duplicates": len(report.duplicates)})
    except (ExtractionError, ValidationError) as exc:
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        report.status, report.error = "failed", message
        # The same bytes will fail the same way: uploading them again shows this error without a new run.
        _set_status(document, DocumentStatus.FAILED, error=message, result={}, failure_is_final=True)
    except Exception as exc:  # never a stack trace to the user: the error is named and kept on the document
        report.status, report.error = "failed", _("unexpected error while importing: %(error)s") % {"error": exc}
        _set_status(document, DocumentStatus.FAILED, error=report.error, result={}, failure_is_final=False)
    if report.status == "failed":
        audit.record(actor=actor, action="document.import_failed", obj=document, changes={"error": report.error})
    return report


def _duplicate_file_report(document: SourceDocument, name: str) -> FileReport:
    """The upload is a document the actor can already see (store_document finds only those)."""
    if document.status == DocumentStatus.FAILED:
        return FileReport(file=name, status="failed", document_id=document.pk, error=_(
            "this file was already imported on %(date)s and refused: %(error)s") % {
            "date": document.created_at.date().isoformat(), "error": document.error})
    return FileReport(
        file=name,
        status="duplicate_file",
        document_id=document.pk,
        error=_("this file was already imported as “%(name)s” on %(date)s; nothing new was created")
        % {"name": document.original_name, "date": document.created_at.date().isoformat()},
    )


def prepare_uploads(*, actor, files: list[tuple[str, object]]) -> tuple[list[SourceDocument], list[FileReport]]:
    """Store each file; return the documents to import and the reports of files refused or already imported.

    A document that failed for a reason of its own (not a text document, a compression bomb, no practice in it)
    is not run again when the same bytes come back; one that failed on an unexpected error is."""
    to_import, reports = [], []
    for name, data in files:
        try:
            document, created = store_document(actor=actor, name=name, data=data)
        except ValidationError as exc:
            reports.append(FileReport(file=Path(name).name, status="failed", error="; ".join(exc.messages)))
            continue
        retry = document.status == DocumentStatus.UPLOADED or (
            document.status == DocumentStatus.FAILED and not document.failure_is_final)
        if created or retry:
            to_import.append(document)
        else:
            reports.append(_duplicate_file_report(document, Path(name).name))
    return to_import, reports


def start_import(*, actor, files: list[tuple[str, object]]):
    """Store the files and start one background job that imports them; returns the Job.

    When every file is refused (type, size, emptiness), no job is started: ValidationError lists why."""
    to_import, reports = prepare_uploads(actor=actor, files=files)
    if not to_import and reports and all(r.status == "failed" and r.document_id is None for r in reports):
        raise ValidationError([r.error for r in reports])
    job = start_job(
        kind="import_documents",
        actor=actor,
        params={
            "document_ids": [d.pk for d in to_import],
            "reports": [r.as_dict() for r in reports],
            "language": translation.get_language() or settings.LANGUAGE_CODE,
        },
        total=len(to_import),
        message=_("waiting for the worker"),
    )
    SourceDocument.objects.filter(pk__in=[d.pk for d in to_import]).update(job=job)
    return job


@job_handler("import_documents")
def run_import_job(job, progress) -> dict:
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.filter(pk=job.created_by_id, is_active=True).first()
    if actor is None:
        raise PermissionDenied(_("The person who started this import can no longer import documents."))
    files = list(job.params.get("reports", []))
    ids = job.params.get("document_ids", [])
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        documents = {d.pk: d for d in SourceDocument.objects.filter(pk__in=ids)}
        created = []
        for done, doc_id in enumerate(ids):
            document = documents[doc_id]
            progress(done, len(ids), _("importing %(file)s") % {"file": document.original_name})
            report = import_document(actor=actor, document=document)
            files.append(report.as_dict())
            created += [("practice", c["practice_id"]) for c in report.created]
        # Search vectors of the new practices: the slow part of indexing, done here rather than in a request.
        total = len(ids) + len(created)
        search_index.embed_missing(
            ids=created, offset=len(ids), total=len(created),
            progress=lambda done, _total, message: progress(done, total, message),
        )
        progress(total, total, _("finished"))
    return {"files": files}
