"""The plan spreadsheet import as a background job: the upload is kept under MEDIA_ROOT/plan-imports/ until the
job has read it; the job checks the whole file, then writes it in one transaction, and keeps either the plan
(id, created or updated, counts) or the list of errors (sheet, row, column, message) as its result."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from core import audit
from core.jobs import job_handler, start_job

from . import spreadsheet

UPLOAD_DIR = "plan-imports"
EXTENSIONS = {".xlsx", ".xlsm"}


def check_upload(name: str, size: int) -> None:
    ext = Path(name).suffix.lower()
    if ext not in EXTENSIONS:
        raise ValidationError(_("%(file)s: use the Excel template (.xlsx).") % {"file": name})
    if size == 0:
        raise ValidationError(_("%(file)s: the file is empty.") % {"file": name})
    limit = settings.WIQAYA_MAX_IMPORT_BYTES
    if size > limit:
        raise ValidationError(_("%(file)s: the file is too large (%(size)d MB; the limit is %(limit)d MB).")
                              % {"file": name, "size": size // 2**20, "limit": limit // 2**20})


def store_upload(name: str, data: bytes) -> str:
    """Keep the uploaded bytes under MEDIA_ROOT/plan-imports/ under a random name; returns the relative path."""
    check_upload(name, len(data))
    relative = f"{UPLOAD_DIR}/{uuid.uuid4().hex}{Path(name).suffix.lower()}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return relative


def run_import(*, actor, file, progress=None) -> dict:
    """Check, then write, one file: {"status": "imported", "plan_id", "created", "counts"} or
    {"status": "invalid", "errors": [...]}. Shared by the job and `wiqaya plan import`."""
    data, errors = spreadsheet.read_workbook(file, progress=progress, actor=actor)
    if errors:
        return {"status": "invalid", "errors": errors}
    try:
        plan, created = spreadsheet.import_plan(actor=actor, data=data, progress=progress)
    except (PermissionDenied, ValidationError) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc) or _("Permission denied.")]
        if isinstance(exc, PermissionDenied):  # a refused import is a trace worth keeping (core.access)
            audit.record(actor=actor, action="access.refused", changes={"what": "plan.import", "reason": messages[0]})
        return {"status": "invalid", "errors": [
            {"sheet": spreadsheet.PLAN_SHEET, "row": None, "column": None, "message": m} for m in messages]}
    # Search vectors of the imported actions, after the import's transaction (reindex adds any left over).
    from search.index import embed_missing

    embed_missing(ids=[("action", pk) for pk in plan.actions.values_list("pk", flat=True)], progress=progress)
    return {"status": "imported", "plan_id": plan.pk, "title": plan.title, "created": created,
            "counts": plan.import_counts}


def start_plan_import(*, actor, name: str, data: bytes):
    path = store_upload(name, data)
    return start_job(kind="plan_import", actor=actor, total=0, message=_("waiting for the worker"), params={
        "path": path, "name": Path(name).name[:200],
        "language": translation.get_language() or settings.LANGUAGE_CODE})


@job_handler("plan_import")
def run_plan_import_job(job, progress) -> dict:
    actor = get_user_model().objects.filter(pk=job.created_by_id).first()
    path = Path(settings.MEDIA_ROOT) / job.params["path"]
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        try:
            progress(0, None, _("reading %(file)s") % {"file": job.params.get("name", "")})
            if actor is None:  # the user is gone: nobody to import as
                raise PermissionDenied(_("The user who uploaded the file no longer exists."))
            with path.open("rb") as fh:
                result = run_import(actor=actor, file=fh, progress=progress)
        except PermissionDenied as exc:
            result = {"status": "invalid", "errors": [{"sheet": "", "row": None, "column": None, "message": str(exc)}]}
        finally:
            path.unlink(missing_ok=True)
        progress(1, 1, _("finished"))
    return result | {"file": job.params.get("name", "")}
