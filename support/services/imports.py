"""Importing community needs from an assessment file (KoboToolbox, ActivityInfo): the mapping an organisation
saves for a form, the import itself (the whole file checked, then written in one transaction) and the background
job that runs it. Reading and aggregating are in `support.imports`."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Organisation
from core import audit
from core.jobs import job_handler, start_job
from places.choices import PlaceKind
from search import index as search_index
from search import registry as search_registry

from .. import imports, permissions
from ..choices import NeedSource
from ..models import ImportMapping, Need

UPLOAD_DIR = imports.UPLOAD_DIR
JOB_KIND = "support.import_needs"


def _require(actor, owner) -> None:
    """The actor may import needs, and for this organisation (one of theirs, unless a coordinator)."""
    if not permissions.can(actor, "import_needs"):
        raise PermissionDenied(_("You may not import needs."))
    if owner is None or not (permissions.sees_all(actor) or owner.pk in actor.organisation_ids()):
        raise PermissionDenied(_("You may import needs only for your own organisation."))


def _governorate(place):
    return place if place.kind == PlaceKind.GOVERNORATE or place.parent_id is None else place.parent


@transaction.atomic
def save_mapping(*, actor, owner, form_key: str, form_name: str, columns: dict) -> ImportMapping:
    """Remember an organisation's mapping of a form's columns, offered again for the next file of the form."""
    _require(actor, owner)
    columns = imports.clean_mapping(columns)
    mapping, created = ImportMapping.objects.update_or_create(
        owner=owner, form_key=form_key, defaults={"form_name": form_name[:300], "columns": columns})
    audit.record(actor=actor, action="support.import_mapping", obj=mapping,
                 changes={"created": created, "form": form_name[:300],
                          "columns": {r: columns[r] for r in imports.ROLES}})
    return mapping


def _title_is_generated(need: Need) -> bool:
    """Whether a need's title is still the one an import wrote (in either language), so that a re-import may
    rewrite it with the new count; a title someone changed stays."""
    for language in ("en", "ar"):
        with translation.override(language):
            if need.title == imports.need_title(need.theme, need.place, need.mentions):
                return True
    return False


def import_needs(*, actor, owner, file_name: str, data: bytes, mapping: dict, hub=None, progress=None) -> dict:
    """Check the whole file against the mapping, then write one need per (place, theme) in one transaction.

    Returns {"status": "imported", "created", "updated", "needs", "answers", "left_out", "form_name", "comments"}
    or {"status": "invalid", "errors": [{"row", "column", "message"}], "left_out"}. A need imported before from
    the same form, place and theme (its `import_key`) gets the new file's counts, groups and severity; its status
    stays. Comments are counted, never copied."""
    _require(actor, owner)
    mapping = imports.clean_mapping(mapping)
    try:
        table = imports.read_table(Path(file_name).name, data)
    except imports.ImportFileError as exc:
        return {"status": "invalid", "errors": [{"row": None, "column": "", "message": str(exc)}], "left_out": []}
    aggregates, problems, per_place = imports.check_rows(table, mapping, progress=progress)
    base = {"left_out": table.left_out, "form_name": table.form_name, "file": Path(file_name).name}
    if problems:
        return base | {"status": "invalid", "errors": problems}
    if not aggregates:
        return base | {"status": "invalid", "errors": [
            {"row": None, "column": "", "message": _("The file holds no answer.")}]}
    key = table.form_key
    created, updated, needs, to_embed = 0, 0, [], []
    with transaction.atomic():
        existing = {n.import_key: n for n in Need.objects.select_for_update().filter(
            owner=owner, import_key__in=[imports.import_key(key, a.place, a.theme) for a in aggregates])}
        for aggregate in sorted(aggregates, key=lambda a: (a.place.pk, a.theme)):
            need_key = imports.import_key(key, aggregate.place, aggregate.theme)
            severity = aggregate.severity(per_place[aggregate.place.pk])
            title = imports.need_title(aggregate.theme, aggregate.place, aggregate.answers)
            need = existing.get(need_key)
            if need is None:
                need = Need.objects.create(
                    title=title, lang=(translation.get_language() or "ar")[:2], owner=owner, hub=hub,
                    place=aggregate.place, governorate=_governorate(aggregate.place), theme=aggregate.theme,
                    groups=sorted(aggregate.groups), source=NeedSource.ASSESSMENT, severity=severity,
                    mentions=aggregate.answers, import_key=need_key,
                    created_by=actor if getattr(actor, "is_authenticated", False) else None)
                created += 1
                outcome = "created"
            else:
                fields = {"mentions": aggregate.answers, "groups": sorted(aggregate.groups), "severity": severity}
                if _title_is_generated(need):
                    fields["title"] = title
                if hub is not None and need.hub_id is None:
                    fields["hub"] = hub
                for name, value in fields.items():
                    setattr(need, name, value)
                need.save(update_fields=[*fields, "updated_at"])
                updated += 1
                outcome = "updated"
            # Searchable once the desk registers needs with the search index (ignored until then); the vectors are
            # computed after the transaction.
            search_index.index_object(need, embed_now=False)
            indexed = search_registry.kind_of(need)
            if indexed is not None:
                to_embed.append((indexed.kind, need.pk))
            needs.append({"id": need.pk, "title": need.title, "answers": aggregate.answers,
                          "comments": aggregate.comments, "severity": severity, "outcome": outcome})
        ImportMapping.objects.update_or_create(
            owner=owner, form_key=key, defaults={"form_name": table.form_name, "columns": mapping})
        audit.record(actor=actor, action="support.import_needs", obj=owner, changes={
            "file": Path(file_name).name[:200], "form": table.form_name, "answers": len(table.rows),
            "created": created, "updated": updated, "left_out": table.left_out})
    if to_embed:
        search_index.embed_missing(ids=to_embed, progress=progress)
    return base | {"status": "imported", "created": created, "updated": updated, "needs": needs,
                   "answers": sum(a.answers for a in aggregates), "comments": sum(a.comments for a in aggregates)}


ABANDONED_AFTER_SECONDS = 24 * 3600


def _forget_abandoned(folder: Path) -> None:
    """Delete the uploads whose mapping step was left unfinished for a day (the job deletes the others)."""
    import time

    limit = time.time() - ABANDONED_AFTER_SECONDS
    for old in folder.glob("*"):
        try:
            if old.is_file() and old.stat().st_mtime < limit:
                old.unlink(missing_ok=True)
        except OSError:
            continue


def keep_upload(*, actor, owner, file_name: str, data: bytes) -> str:
    """Keep an uploaded file under MEDIA_ROOT/support-imports/ (a random name) for the mapping step and the job;
    returns its relative path. The job deletes it once read."""
    _require(actor, owner)
    extension = Path(file_name).suffix.lower()
    if extension not in imports.EXTENSIONS:
        raise ValidationError(_("“%(file)s” is not an XLSX or CSV file.") % {"file": Path(file_name).name})
    if not data:
        raise ValidationError(_("%(file)s: the file is empty.") % {"file": Path(file_name).name})
    if len(data) > settings.WIQAYA_MAX_IMPORT_BYTES:
        raise ValidationError(_("%(file)s: the file is too large (%(size)d MB; the limit is %(limit)d MB).") % {
            "file": Path(file_name).name, "size": len(data) // 2**20,
            "limit": settings.WIQAYA_MAX_IMPORT_BYTES // 2**20})
    relative = f"{UPLOAD_DIR}/{uuid.uuid4().hex}{extension}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    _forget_abandoned(path.parent)
    path.write_bytes(data)
    return relative


def start_import(*, actor, owner, file_name: str, path: str, mapping: dict, hub=None):
    """Queue the import of a kept upload (`keep_upload`) with a mapping; returns the Job."""
    _require(actor, owner)
    return start_job(kind=JOB_KIND, actor=actor, total=0, message=_("waiting for the worker"), params={
        "path": path, "name": Path(file_name).name[:200], "owner": owner.pk, "hub": hub.pk if hub else None,
        "mapping": imports.clean_mapping(mapping),
        "language": translation.get_language() or settings.LANGUAGE_CODE})


@job_handler(JOB_KIND)
def run_import_job(job, progress) -> dict:
    actor = get_user_model().objects.filter(pk=job.created_by_id, is_active=True).first()
    params = job.params
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        progress(0, None, _("reading %(file)s") % {"file": params.get("name", "")})
        data = imports.kept_upload(params.get("path", ""))
        try:
            if actor is None:
                raise PermissionDenied(_("The user who uploaded the file can no longer import needs."))
            if data is None:
                result = {"status": "invalid", "left_out": [], "errors": [
                    {"row": None, "column": "", "message": _("The uploaded file is no longer kept: upload it again.")}]}
            else:
                owner = Organisation.objects.filter(pk=params.get("owner")).first()
                hub = Organisation.objects.filter(pk=params["hub"]).first() if params.get("hub") else None
                result = import_needs(actor=actor, owner=owner, file_name=params.get("name", ""), data=data,
                                      mapping=params.get("mapping") or {}, hub=hub, progress=progress)
        except PermissionDenied as exc:
            result = {"status": "invalid", "left_out": [], "errors": [{"row": None, "column": "", "message": str(exc)}]}
        finally:
            if data is not None:
                (Path(settings.MEDIA_ROOT) / params["path"]).unlink(missing_ok=True)
        progress(1, 1, _("finished"))
    return result | {"file": params.get("name", "")}
