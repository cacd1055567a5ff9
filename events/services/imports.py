"""Importing an event's recommendations from a document (text, Markdown, Word, PDF; Arabic or English) or from the
recommendations spreadsheet, in two steps: a preview job reads the file and checks every row, writing nothing;
once the user confirms, a second job writes the rows in one transaction (`import_recommendations`).

- All or nothing: every problem is listed as "row N, column X: problem" and nothing is written while one remains.
- An `external_id` makes a re-import update the recommendation instead of adding another. A document's
  recommendations get one derived from the document's sha256 and their position, so importing the same document
  again updates them.
- An import never deletes: an empty cell keeps what is stored; the places, goals and owners a row names are added
  to those stored (a new lead turns the former lead into a supporting owner).
- Organisations are matched by name, other-language name or acronym (as the plans' spreadsheet matches them),
  among those the importer may see: another organisation's proposal reads as unknown, like a name nobody holds.

One job kind, `events_import`: params `stage` "preview" (the kept upload) or "write" (the preview it confirms).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core import audit
from core.jobs import job_handler, start_job
from core.models import Job
from core.text import detect_language, natural_key, normalize
from plans.spreadsheet.cells import parse_date, western_digits

from .. import permissions
from .. import spreadsheet as sheet
from ..choices import Audience, OwnerRole, Priority, SourceKind
from ..models import Recommendation

JOB_KIND = "events_import"
UPLOAD_DIR = "events-imports"
DOCUMENT_EXTENSIONS = {".txt", ".md", ".docx", ".pdf"}
ABANDONED_AFTER_SECONDS = 24 * 3600
MAX_ERRORS = 500
LIMITS = {"external_id": 120, "number": 20, "audience": 300}


# --- checking rows -----------------------------------------------------------------------------------------------

class _Names:
    """Organisations the actor may see, places and goals, loaded once: no query per row."""

    def __init__(self, actor):
        from accounts.models import Organisation
        from directory.permissions import organisations_visible_to
        from plans.spreadsheet.lookups import Lookups

        self.lookups = Lookups(actor)
        self.orgs: dict[str, object] = {}
        visible = organisations_visible_to(actor, Organisation.with_proposals.all()).only(
            "id", "name", "name_alt", "acronym", "kind", "proposed_by_id")
        # Accepted organisations last, so that their names win a clash with a proposal.
        for org in sorted(visible, key=lambda o: (o.proposed_by_id is None, o.pk)):
            for name in (org.acronym, org.name_alt, org.name):  # the organisation's own name wins a clash
                if name:
                    self.orgs[natural_key(name)] = org

    def organisation(self, name: str):
        return self.orgs.get(natural_key(name))

    def goal(self, code: str):
        """A goal id by its code "framework:number" (or None), and whether the framework was found."""
        slug, _sep, number = code.rpartition(":")
        framework = self.lookups.framework(slug) if slug else None
        if framework is None:
            return None, False
        number = sheet.clean_text(number).casefold().removeprefix("goal").strip()
        return self.lookups.goals.get((framework.pk, western_digits(number))), True


def _text(value) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return sheet.clean_text(value)


class _Checker:
    def __init__(self, actor, event, columns: dict | None):
        self.actor, self.event = actor, event
        self.columns = columns or {}
        self.errors: list[dict] = []
        self.names = _Names(actor)

    def column(self, key: str) -> str:
        return self.columns.get(key) or (sheet.BY_KEY[key].label if key in sheet.BY_KEY else key)

    def bad(self, row, key, message, value=None) -> None:
        if len(self.errors) >= MAX_ERRORS:
            return
        if value not in (None, ""):
            message = f"{message} ({_('value')}: “{_text(value)}”)"
        problem = {"row": row, "column": self.column(key) if key else "", "message": str(message)}
        problem["text"] = sheet.format_problem(problem)
        self.errors.append(problem)

    def existing(self, rows) -> dict[str, Recommendation]:
        ids = {_text(r.get("external_id")) for r in rows} - {""}
        found = {r.external_id: r for r in Recommendation.objects.filter(external_id__in=ids)}
        # An export names a recommendation that was never imported by its reference.
        for rec in Recommendation.objects.filter(event=self.event, external_id="", reference__in=ids - set(found)):
            found[rec.reference] = rec
        return found

    def check(self, rows) -> list[dict]:
        from frameworks.models import Goal
        from support.checks import blocked_fields

        existing = self.existing(rows)
        first_row: dict[str, int] = {}
        items = []
        for index, raw in enumerate(rows, start=1):
            row = raw.get("row") or index
            before = len(self.errors)
            item = {"row": row, "fields": {}, "places": [], "national": False, "goals": [], "owners": []}
            fields = item["fields"]
            external_id = _text(raw.get("external_id"))
            match = None
            if external_id:
                if external_id in first_row:
                    self.bad(row, "external_id", _("This external ID is already used on row %(row)s: give each "
                                                   "recommendation its own.") % {"row": first_row[external_id]})
                else:
                    first_row[external_id] = row
                match = existing.get(external_id)
                if match is not None and match.event_id != self.event.pk:
                    self.bad(row, "external_id", _("This external ID belongs to a recommendation outside this "
                                                   "event: give another."), external_id)
                    match = None
                elif match is not None and not permissions.can(self.actor, "change_recommendation", match):
                    self.bad(row, "external_id", _("You may not change the recommendation with this external ID."),
                             external_id)
            item["match"] = match
            for key in ("external_id", "number", "audience"):
                value = _text(raw.get(key))
                if len(value) > LIMITS[key]:
                    self.bad(row, key, _("Longer than %(n)d characters.") % {"n": LIMITS[key]})
                fields[key] = value
            text = _text(raw.get("text"))
            if not text and match is None:
                self.bad(row, "text", _("The recommendation's text is required."))
            fields["text"] = text
            fields["translation"] = _text(raw.get("translation"))
            fields["done_when"] = _text(raw.get("done_when"))
            for key, kinds in blocked_fields({k: fields[k] for k in ("text", "translation", "done_when")}).items():
                self.bad(row, key, _("Rephrase this text without %(what)s: a recommendation is read in public, "
                                     "never a way to reach or identify a person.") % {
                    "what": _(" and ").join(_kind_name(k) for k in kinds)})
            lang = _text(raw.get("lang"))
            fields["lang"] = sheet.enum_value("lang", lang) if lang else (detect_language(text) if text else "")
            if fields["lang"] is None:
                self.bad(row, "lang", _("Unknown language: write ar or en."), lang)
            priority = _text(raw.get("priority"))
            fields["priority"] = sheet.enum_value("priority", priority) if priority else ""
            if fields["priority"] is None:
                self.bad(row, "priority", _("Unknown priority: use high, medium or low."), priority)
            due = raw.get("due_date")
            try:
                fields["due_date"] = parse_date(due)
            except (ValueError, OverflowError):
                fields["due_date"] = None
                self.bad(row, "due_date", _("Not a date: write 2026-06-30 or 30/6/2026."), due)
            audiences = []
            for name in self._items(raw.get("audiences")):
                value = sheet.enum_value("audiences", name)
                if value is None:
                    self.bad(row, "audiences", _("Unknown audience: use one of %(values)s.") % {
                        "values": "; ".join(sheet.enum_label("audiences", a) for a in Audience.values)}, name)
                elif value not in audiences:
                    audiences.append(value)
            fields["audiences"] = audiences
            for name in self._items(raw.get("places")):
                if normalize(name) in sheet.NATIONAL_WORDS:
                    item["national"] = True
                    continue
                place = self.names.lookups.place(name, ("governorate", "district"))
                if place is None:
                    self.bad(row, "places", _("No governorate or district has this name or code."), name)
                elif place not in item["places"]:
                    item["places"].append(place)
            for code in self._items(raw.get("goals")):
                goal, framework_found = self.names.goal(code) if ":" in code else (None, None)
                if framework_found is None:
                    self.bad(row, "goals", _("Give the goal's code, framework:number (pick it from the Lists sheet "
                                             "of the template)."), code)
                elif not framework_found:
                    self.bad(row, "goals", _("No framework has this code."), code)
                elif goal is None:
                    self.bad(row, "goals", _("The framework has no goal with this number."), code)
                elif goal not in item["goals"]:
                    item["goals"].append(goal)
            self._owners(row, raw, item)
            if len(self.errors) == before:
                item["outcome"] = "update" if match is not None else "create"
                items.append(item)
        goals = Goal.objects.in_bulk({g for item in items for g in item["goals"]})
        for item in items:
            item["goals"] = [goals[g] for g in item["goals"] if g in goals]
        return items

    @staticmethod
    def _items(value) -> list[str]:
        if isinstance(value, list | tuple):
            return [sheet.clean_text(v) for v in value if sheet.clean_text(v)]
        return sheet.split_cell(_text(value))

    def _owners(self, row, raw, item) -> None:
        seen: dict[int, str] = {}
        leads = self._items(raw.get("lead"))
        if len(leads) > 1:
            self.bad(row, "lead", _("One lead organisation only; name the others as supporting or contributing."),
                     _text(raw.get("lead")))
            leads = leads[:1]
        for role, names in ((OwnerRole.LEAD, leads), (OwnerRole.SUPPORTING, self._items(raw.get("supporting"))),
                            (OwnerRole.CONTRIBUTING, self._items(raw.get("contributing")))):
            key = {"lead": "lead", "supporting": "supporting", "contributing": "contributing"}[role]
            for name in names:
                org = self.names.organisation(name)
                if org is None:
                    # The same words whether nobody holds the name or another organisation's proposal does.
                    self.bad(row, key, _("No organisation in the directory has this name or acronym."), name)
                elif org.pk in seen:
                    if seen[org.pk] != role:
                        self.bad(row, key, _("This organisation is named twice, with two roles: give it one."), name)
                else:
                    seen[org.pk] = role
                    item["owners"].append((org, role))


def _kind_name(kind: str) -> str:
    return {"phone": _("a telephone number"), "email": _("an e-mail address"),
            "id_number": _("an ID-like number (12 digits or more)")}.get(kind, kind)


def _merged_owners(recommendation, wanted) -> list[dict] | None:
    """The stored owners with the row's added (none removed); a new lead turns the former one into a supporting
    owner. None when the row names no owner (the owners stay as they are)."""
    if not wanted:
        return None
    owners = {o.organisation_id: {"organisation": o.organisation, "role": o.role, "is_public": o.is_public}
              for o in recommendation.owners.select_related("organisation")} if recommendation else {}
    if any(role == OwnerRole.LEAD for _org, role in wanted):
        for owner in owners.values():
            if owner["role"] == OwnerRole.LEAD:
                owner["role"] = OwnerRole.SUPPORTING
    for org, role in wanted:
        owners.setdefault(org.pk, {"organisation": org, "is_public": True})["role"] = role
    return list(owners.values())


class _RowFailed(Exception):
    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems


def _service_problems(row, error, checker) -> list[dict]:
    """A refusal of the record services, as problems of the row it stopped."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        out = []
        for field, messages in error.message_dict.items():
            key = {"audience_heading": "audience"}.get(field, field)
            for message in messages:
                checker.bad(row, key if key in sheet.BY_KEY else "", message)
                out.append(checker.errors[-1])
        return out
    messages = error.messages if isinstance(error, ValidationError) else [str(error) or _("Permission denied.")]
    for message in messages:
        checker.bad(row, "", message)
    return checker.errors[-len(messages):]


def import_recommendations(*, actor, event, rows, source_document=None, columns=None, dry_run=False,
                           progress=None) -> dict:
    """Check every row, then create or update the event's recommendations in one transaction.

    rows: dicts with `external_id`, `number`, `text`, `lang`, `translation`, `audience` (the heading),
    `audiences`, `places`, `goals`, `priority`, `due_date`, `done_when`, `lead`, `supporting`, `contributing`
    (lists as lists or `;`-separated text) and optionally `row` (its number in the file); `columns` names each
    key's column in messages. Returns {"status": "imported", "created", "updated", "recommendations"}, with
    `dry_run` {"status": "checked", "rows"} (nothing written), or {"status": "invalid", "errors"}: each error a
    {"row", "column", "message", "text"} and nothing written."""
    from ..services.recommendations import create_recommendation, update_recommendation

    if not permissions.can(actor, "add_recommendation", event):
        raise PermissionDenied(_("Only the event's conveners and coordinators import its recommendations."))
    progress = progress or (lambda done, total=None, message="": None)
    rows = list(rows)
    checker = _Checker(actor, event, columns)
    if not rows:
        checker.bad(None, "", _("No recommendation was found in the file."))
    items = checker.check(rows) if rows else []
    if checker.errors:
        return {"status": "invalid", "errors": checker.errors}
    if dry_run:
        return {"status": "checked", "rows": [_preview(item) for item in items]}
    created = updated = 0
    written = []
    start = max(Recommendation.objects.filter(event=event).values_list("position", flat=True), default=0)
    try:
        with transaction.atomic():
            for done, item in enumerate(items, start=1):
                fields, match = item["fields"], item["match"]
                try:
                    if match is None:
                        rec = create_recommendation(
                            actor=actor, event=event, text=fields["text"], lang=fields["lang"] or "ar",
                            source_kind=SourceKind.EVENT, source_document=source_document,
                            external_id=fields["external_id"], number=fields["number"], position=start + done,
                            translation=fields["translation"],
                            translation_lang=_other(fields["lang"]) if fields["translation"] else "",
                            audiences=fields["audiences"], audience_heading=fields["audience"],
                            national=item["national"], places=item["places"], goals=item["goals"],
                            priority=fields["priority"] or Priority.MEDIUM, due_date=fields["due_date"],
                            done_when=fields["done_when"], owners=_merged_owners(None, item["owners"]) or ())
                        created += 1
                    else:
                        rec = update_recommendation(actor=actor, recommendation=match,
                                                    **_changes(match, item))
                        updated += 1
                except (ValidationError, PermissionDenied) as exc:
                    raise _RowFailed(_service_problems(item["row"], exc, checker)) from exc
                except IntegrityError as exc:  # another import wrote the same external ID meanwhile
                    checker.bad(item["row"], "external_id", _("Another import used this external ID meanwhile: "
                                                              "upload the file again."), fields["external_id"])
                    raise _RowFailed(checker.errors[-1:]) from exc
                written.append({"id": rec.pk, "reference": rec.reference, "number": rec.number,
                                "text": rec.text[:200], "outcome": "created" if match is None else "updated",
                                "row": item["row"]})
                if done % 20 == 0:
                    progress(done, len(items), _("writing recommendation %(n)d of %(total)d")
                             % {"n": done, "total": len(items)})
            audit.record(actor=actor, action="events.recommendation.import", obj=event, changes={
                "created": created, "updated": updated,
                "document": source_document.pk if source_document is not None else None})
    except _RowFailed as failed:
        return {"status": "invalid", "errors": failed.problems}
    return {"status": "imported", "created": created, "updated": updated, "recommendations": written}


def _other(lang: str) -> str:
    return "en" if lang == "ar" else "ar"


def _changes(match: Recommendation, item: dict) -> dict:
    """What a row changes in a stored recommendation: only what it fills in; lists and owners are added to."""
    fields = item["fields"]
    changes: dict = {}
    for key, name in (("text", "text"), ("number", "number"), ("audience", "audience_heading"),
                      ("done_when", "done_when"), ("priority", "priority"), ("due_date", "due_date")):
        if fields[key] not in ("", None) and getattr(match, name) != fields[key]:
            changes[name] = fields[key]
    if fields["text"] and fields["lang"] and fields["lang"] != match.lang:
        changes["lang"] = fields["lang"]
    if fields["translation"] and fields["translation"] != match.translation:
        changes["translation"] = fields["translation"]
        changes["translation_lang"] = _other(fields["lang"] or match.lang)
    added = [a for a in fields["audiences"] if a not in match.audiences]
    if added:
        changes["audiences"] = [*match.audiences, *added]
    if item["national"] and not match.national:
        changes["national"] = True
    places = set(match.places.values_list("pk", flat=True))
    if any(p.pk not in places for p in item["places"]):
        changes["places"] = [*match.places.all(), *(p for p in item["places"] if p.pk not in places)]
    goals = set(match.goals.values_list("pk", flat=True))
    if any(g.pk not in goals for g in item["goals"]):
        changes["goals"] = [*match.goals.all(), *(g for g in item["goals"] if g.pk not in goals)]
    owners = _merged_owners(match, item["owners"])
    if owners is not None:
        changes["owners"] = owners
    return changes


def _preview(item: dict) -> dict:
    fields, match = item["fields"], item["match"]
    return {"row": item["row"], "number": fields["number"] or (match.number if match else ""),
            "text": fields["text"] or (match.text if match else ""), "audience": fields["audience"],
            "audiences": list(fields["audiences"]),
            "lang": fields["lang"] or (match.lang if match else ""), "outcome": item["outcome"],
            "reference": match.reference if match else "", "owners": len(item["owners"])}


# --- reading files -------------------------------------------------------------------------------------------------

AUDIENCE_HINTS = {
    Audience.LOCAL_GOVERNMENTS: ("local government", "local authorit", "local council", "governorate", "provincial",
                                 "municipal", "mayor", "الحكومات المحلية", "الحكومة المحلية", "المحافظات",
                                 "المحافظة", "المستوى المحلي", "الصعيد المحلي", "مجالس المحافظات", "البلديات",
                                 "السلطات المحلية"),
    Audience.NATIONAL_BODIES: ("national", "central government", "federal", "ministr", "member states", "parliament",
                               "الوطني", "الحكومة المركزية", "الحكومة العراقية", "الاتحادية", "الوزارات", "وزارة",
                               "السلطات الوطنية", "البرلمان", "مجلس النواب"),
    Audience.PARTNERS: ("partner", "donor", "international", "united nations", "un agencies", "الشركاء", "المانحين",
                        "المانحة", "الدولي", "الأمم المتحدة"),
    Audience.CIVIL_SOCIETY: ("civil society", "communit", "ngo", "religious leader", "المجتمع المدني", "المجتمعات",
                             "المجتمع المحلي", "المنظمات غير الحكومية", "القادة الدينيين", "الزعماء الدينيين"),
}
# Letters an Arabic word carries in front of its stem ("للحكومات", "والمانحين", "بالمجتمع"): left out when matching.
_ARABIC_PREFIX = re.compile(r"^(?:و|ف)?(?:بال|كال|لل|ال|ل)(?=\w{2,})")


def _stems(text: str) -> list[str]:
    """A heading's words, normalised, with the Arabic article and its prepositions taken off."""
    return [_ARABIC_PREFIX.sub("", word) for word in re.findall(r"\w+", normalize(text))]


_AUDIENCE_STEMS = {value: [_stems(hint) for hint in hints] for value, hints in AUDIENCE_HINTS.items()}


def _names(words: list[str], hint: list[str]) -> bool:
    """Whether `words` hold the hint's words in a row, each word starting with the hint's ("ministr" names
    "ministries"; "national" does not name "international")."""
    return any(all(words[i + k].startswith(part) for k, part in enumerate(hint))
               for i in range(len(words) - len(hint) + 1))


def _audiences_of(heading: str) -> list[str]:
    """The audiences a heading names ("For local governments", "للحكومات المحلية", "على المستوى الوطني"), by its
    words in either language; none when it names no one the choices know."""
    words = _stems(heading or "")
    return [str(value) for value, hints in _AUDIENCE_STEMS.items() if any(_names(words, hint) for hint in hints)]


def _document_external_id(sha256: str, position: int) -> str:
    """A document's recommendation's identifier: the same document gives the same ones again."""
    return f"doc-{sha256[:24]}-{position:03d}"


def _document_rows(name: str, data: bytes) -> tuple[list[dict], list[str]]:
    """The recommendations a document holds, as import rows, and the warnings worth showing."""
    from documents.extraction import extract_text

    from ..parsing import parse_recommendations

    extracted = extract_text(data, name)
    digest = hashlib.sha256(data).hexdigest()
    rows, warnings = [], list(extracted.warnings)
    for position, found in enumerate(parse_recommendations(extracted.text), start=1):
        text = sheet.clean_text(found.get("text"))
        heading = sheet.clean_text(found.get("audience"))
        rows.append({"row": position, "external_id": _document_external_id(digest, position),
                     "number": sheet.clean_text(found.get("number")), "text": text, "audience": heading,
                     "audiences": _audiences_of(heading), "lang": detect_language(text) if text else "",
                     "warnings": [str(w) for w in found.get("warnings") or []]})
    return rows, warnings


def _json_cell(value):
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _kept_path(relative: str) -> Path:
    return Path(settings.MEDIA_ROOT) / relative


def _forget_abandoned(folder: Path) -> None:
    """Uploads whose preview was never confirmed are deleted after a day."""
    limit = time.time() - ABANDONED_AFTER_SECONDS
    for old in folder.glob("*"):
        try:
            if old.is_file() and old.stat().st_mtime < limit:
                old.unlink(missing_ok=True)
        except OSError:
            continue


def _read_upload(file) -> tuple[str, bytes]:
    if isinstance(file, str | Path):
        path = Path(file)
        return path.name, path.read_bytes()
    if hasattr(file, "seek"):
        file.seek(0)
    return Path(getattr(file, "name", "") or "upload").name, file.read()


def _check_upload(name: str, data: bytes, extensions) -> None:
    extension = Path(name).suffix.lower()
    if extension not in extensions:
        raise ValidationError(_("%(file)s: use one of %(types)s.") % {
            "file": name, "types": ", ".join(sorted(e.lstrip(".") for e in extensions))})
    if not data:
        raise ValidationError(_("%(file)s: the file is empty.") % {"file": name})
    limit = settings.WIQAYA_MAX_IMPORT_BYTES
    if len(data) > limit:
        raise ValidationError(_("%(file)s: the file is too large (%(size)d MB; the limit is %(limit)d MB).")
                              % {"file": name, "size": len(data) // 2**20, "limit": limit // 2**20})


def _start(actor, event, file, mode: str, extensions) -> Job:
    if not permissions.can(actor, "add_recommendation", event):
        raise PermissionDenied(_("Only the event's conveners and coordinators import its recommendations."))
    name, data = _read_upload(file)
    _check_upload(name, data, extensions)
    relative = f"{UPLOAD_DIR}/{uuid.uuid4().hex}{Path(name).suffix.lower()}"
    path = _kept_path(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    _forget_abandoned(path.parent)
    path.write_bytes(data)
    return start_job(kind=JOB_KIND, actor=actor, total=0, message=_("waiting for the worker"), params={
        "stage": "preview", "mode": mode, "event": event.pk, "path": relative, "name": name[:200],
        "language": translation.get_language() or settings.LANGUAGE_CODE})


def start_document_import(*, actor, event, file) -> Job:
    """Keep an uploaded document (.txt, .md, .docx, .pdf) and start the job that finds its recommendations and
    shows them for confirmation; nothing is written before `confirm_import`."""
    return _start(actor, event, file, "document", DOCUMENT_EXTENSIONS)


def start_spreadsheet_import(*, actor, event, file) -> Job:
    """Keep an uploaded spreadsheet (.xlsx, .csv) and start the job that checks it and shows its rows for
    confirmation; nothing is written before `confirm_import`."""
    return _start(actor, event, file, "spreadsheet", sheet.EXTENSIONS)


def start_import(*, actor, event, file) -> Job:
    """A document or a spreadsheet, told apart by the file's extension."""
    if not permissions.can(actor, "add_recommendation", event):
        raise PermissionDenied(_("Only the event's conveners and coordinators import its recommendations."))
    name, _data = _read_upload(file)
    if Path(name).suffix.lower() in sheet.EXTENSIONS:
        return start_spreadsheet_import(actor=actor, event=event, file=file)
    return start_document_import(actor=actor, event=event, file=file)


def confirm_import(*, actor, job: Job) -> Job:
    """Write what a preview found: start the job that imports it (once; confirming again returns that job)."""
    from ..models import Event

    with transaction.atomic():
        preview = Job.objects.select_for_update().filter(pk=job.pk, kind=JOB_KIND).first()
        if preview is None or preview.params.get("stage") != "preview" or preview.created_by_id != getattr(
                actor, "pk", None):
            raise PermissionDenied(_("No such import."))
        event = Event.objects.filter(pk=preview.params.get("event")).first()
        if event is None or not permissions.can(actor, "add_recommendation", event):
            raise PermissionDenied(_("Only the event's conveners and coordinators import its recommendations."))
        if preview.status != Job.Status.DONE or (preview.result or {}).get("status") != "preview":
            raise ValidationError(_("This import has nothing to confirm."))
        confirmed = Job.objects.filter(pk=preview.params.get("confirmed"), kind=JOB_KIND).first()
        if confirmed is not None:
            return confirmed
        write = start_job(kind=JOB_KIND, actor=actor, total=len(preview.result.get("rows", [])),
                          message=_("waiting for the worker"), params={
                              "stage": "write", "preview": preview.pk, "event": event.pk,
                              "mode": preview.params.get("mode"), "name": preview.params.get("name", ""),
                              "language": translation.get_language() or settings.LANGUAGE_CODE})
        Job.objects.filter(pk=preview.pk).update(params={**preview.params, "confirmed": write.pk})
    return write


def _read(mode: str, name: str, data: bytes) -> tuple[list[dict], list[str], dict, list[dict]]:
    """(rows, warnings, columns, problems of the file itself)."""
    if mode == "document":
        from documents.extraction import ExtractionError

        try:
            rows, warnings = _document_rows(name, data)
        except ExtractionError as exc:
            return [], [], {}, [{"row": None, "column": "", "message": f"{name}: {exc}", "text": f"{name}: {exc}"}]
        return rows, warnings, {}, []
    read = sheet.read_file(name, data)
    for problem in read.errors:
        problem["text"] = sheet.format_problem(problem)
    rows = [{key: _json_cell(value) for key, value in row.items()} for row in read.rows]
    return rows, [], read.columns, read.errors


def preview_file(*, actor, event, name: str, data: bytes, mode: str) -> dict:
    """Read and check a file as `actor` would import it into `event`; writes nothing. Returns
    {"status": "preview", "rows", "preview", "warnings", "columns"} or {"status": "invalid", "errors", …}."""
    if not permissions.can(actor, "add_recommendation", event):
        raise PermissionDenied(_("Only the event's conveners and coordinators import its recommendations."))
    rows, warnings, columns, problems = _read(mode, name, data)
    base = {"mode": mode, "file": name, "event": event.pk, "warnings": warnings, "columns": columns,
            "sha256": hashlib.sha256(data).hexdigest()}
    if problems:
        return base | {"status": "invalid", "errors": problems}
    checked = import_recommendations(actor=actor, event=event, rows=[{k: v for k, v in r.items() if k != "warnings"}
                                                                    for r in rows], columns=columns, dry_run=True)
    if checked["status"] != "checked":
        return base | {"status": "invalid", "errors": checked["errors"]}
    by_row = {r["row"]: r for r in rows}
    preview = [p | {"warnings": by_row.get(p["row"], {}).get("warnings", [])} for p in checked["rows"]]
    return base | {"status": "preview", "rows": rows, "preview": preview}


def _write_rows(actor, event, rows, *, columns, mode, name, data, progress=None) -> dict:
    """Write checked rows in one transaction, the document kept with them (and dropped again when they fail)."""
    rows = [{k: v for k, v in r.items() if k != "warnings"} for r in rows]
    with transaction.atomic():
        source_document = _keep_document(actor, name, data) if mode == "document" and data else None
        outcome = import_recommendations(actor=actor, event=event, rows=rows, source_document=source_document,
                                         columns=columns or {}, progress=progress)
        if outcome["status"] != "imported":  # the stored document goes with the rows
            transaction.set_rollback(True)
    return outcome


def import_file(*, actor, event, name: str, data: bytes, mode: str | None = None, dry_run: bool = False) -> dict:
    """Read, check and (unless `dry_run`) write a file now, in this process: what `wiqaya events import` runs.
    `mode`: "document" or "spreadsheet"; by default told by the file's extension."""
    if not permissions.can(actor, "add_recommendation", event):
        raise PermissionDenied(_("Only the event's conveners and coordinators import its recommendations."))
    mode = mode or ("spreadsheet" if Path(name).suffix.lower() in sheet.EXTENSIONS else "document")
    _check_upload(name, data, sheet.EXTENSIONS if mode == "spreadsheet" else DOCUMENT_EXTENSIONS)
    found = preview_file(actor=actor, event=event, name=name, data=data, mode=mode)
    if found["status"] != "preview" or dry_run:
        return found
    return found | _write_rows(actor, event, found["rows"], columns=found["columns"], mode=mode, name=name,
                               data=data)


def _write(actor, event, preview: Job, progress) -> dict:
    result = preview.result or {}
    path = _kept_path(preview.params.get("path", ""))
    data = path.read_bytes() if path.is_file() else b""
    outcome = _write_rows(actor, event, result.get("rows", []), columns=result.get("columns"),
                          mode=preview.params.get("mode"), name=preview.params.get("name", ""), data=data,
                          progress=progress)
    if outcome["status"] == "imported":
        path.unlink(missing_ok=True)
    return outcome


def _keep_document(actor, name: str, data: bytes):
    """The document as a `documents.SourceDocument`, where the actor may store documents; else None."""
    from documents import permissions as document_permissions
    from documents.services import store_document

    if not document_permissions.can(actor, "import"):
        return None
    document, _created = store_document(actor=actor, name=name, data=data)
    return document


@job_handler(JOB_KIND)
def run_import_job(job, progress) -> dict:
    from ..models import Event

    params = job.params
    actor = get_user_model().objects.filter(pk=job.created_by_id, is_active=True).first()
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        progress(0, None, _("reading %(file)s") % {"file": params.get("name", "")})
        event = Event.objects.filter(pk=params.get("event")).first()
        try:
            if actor is None or event is None:
                raise PermissionDenied(_("The user who uploaded the file can no longer import recommendations."))
            if params.get("stage") == "write":
                preview = Job.objects.filter(pk=params.get("preview"), kind=JOB_KIND).first()
                if preview is None:
                    raise PermissionDenied(_("No such import."))
                result = _write(actor, event, preview, progress)
            else:
                path = _kept_path(params.get("path", ""))
                if not path.is_file():
                    raise ValidationError(_("The uploaded file is no longer kept: upload it again."))
                result = preview_file(actor=actor, event=event, name=params.get("name", ""), data=path.read_bytes(),
                                      mode=params.get("mode", "document"))
                if result["status"] != "preview":
                    path.unlink(missing_ok=True)
        except (PermissionDenied, ValidationError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            result = {"status": "invalid", "errors": [{"row": None, "column": "", "message": message,
                                                       "text": message}]}
        progress(1, 1, _("finished"))
    return result | {"stage": params.get("stage", "preview"), "file": params.get("name", ""),
                     "event": params.get("event")}
