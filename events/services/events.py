"""Every write to events: recording and editing one, who took part, its documents, its minutes, publishing.

Each function takes `actor=`, checks `events.permissions.can`, runs in one transaction, indexes the event for
search and leaves an audit entry. Events and minutes carry a `version`: a caller that passes the version it read
is refused with `StaleRecord` when someone changed the record meanwhile; every write counts one more version.
Free text (description, agenda, minutes) is checked for contact details as the support desk does: a refusal names
the field, and its audit entry stays although nothing is saved.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from core import audit
from core.uploads import kind_problem
from places.choices import PlaceKind
from practices.choices import PracticeLanguage
from search import index as search_index
from support.checks import check_free_text, too_long

from .. import permissions
from ..choices import Audience, EventKind, EventStatus, MinutesStatus, StepKind
from ..models import Event, EventDocument, Minutes, Participation, Recommendation, Step
from .common import bump, check_version

EVENT_FIELDS = ["reference", "kind", "title", "lang", "description", "agenda", "start_date", "end_date", "place",
                "venue", "online", "audiences", "status"]
EVENT_TEXT = ["title", "description", "agenda", "venue"]
MINUTES_TEXT = ["text", "outcomes"]
DOCUMENT_KINDS = {".pdf", ".docx", ".xlsx", ".csv", ".txt", ".jpg", ".jpeg", ".png"}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _snapshot(event: Event) -> dict:
    return {name: getattr(event, name) for name in EVENT_FIELDS}


def _governorate_of(place):
    """The governorate of an event's place: the place itself, the governorate above a district, or none (a
    country, an online event)."""
    node = place
    while node is not None and node.kind != PlaceKind.GOVERNORATE:
        node = node.parent
    return node


def _place_code(event: Event) -> str:
    if event.online and event.place_id is None:
        return "ONL"
    place = event.governorate or event.place
    if place is None:
        return "ONL" if event.online else "GEN"
    code = place.code.upper()
    return code[3:] if code.startswith("IQ-") and len(code) > 3 else code


def _next_reference(event: Event) -> str:
    base = f"EVT-{event.start_date.year}-{_place_code(event)}"
    taken = set(Event.objects.filter(reference__startswith=base).values_list("reference", flat=True))
    if base not in taken:
        return base
    numbers = [int(m.group(1)) for ref in taken if (m := re.fullmatch(re.escape(base) + r"-(\d+)", ref))]
    return f"{base}-{max(numbers, default=1) + 1}"


def _conveners(conveners) -> list:
    conveners = list(dict.fromkeys(conveners or ()))
    if not conveners:
        raise ValidationError({"conveners": _("Name at least one convening organisation.")})
    if any(not isinstance(org, Organisation) for org in conveners):
        raise ValidationError({"conveners": _("Choose convening organisations from the directory.")})
    return conveners


def _validate(event: Event) -> None:
    errors = {}
    if not (event.title or "").strip():
        errors["title"] = _("Give the event a title.")
    if event.kind not in EventKind.values:
        errors["kind"] = _("Choose a type of event from the list.")
    if event.status not in EventStatus.values:
        errors["status"] = _("Choose a status from the list.")
    if event.lang not in PracticeLanguage.values:
        errors["lang"] = _("Choose a language from the list.")
    if event.start_date is None:
        errors["start_date"] = _("Give the event's first day.")
    if event.end_date is None:
        errors["end_date"] = _("Give the event's last day.")
    elif event.start_date is not None and event.end_date < event.start_date:
        errors["end_date"] = _("The last day is before the first day.")
    audiences = event.audiences if isinstance(event.audiences, list | tuple) else None
    if audiences is None or any(value not in Audience.values for value in audiences):
        errors["audiences"] = _("Choose audiences from the list.")
    else:
        event.audiences = list(dict.fromkeys(audiences))
    if event.place is None and not event.online:
        errors["place"] = _("Choose where the event takes place, or mark it online.")
    event.reference = (event.reference or "").strip()
    if event.reference and Event.objects.filter(reference=event.reference).exclude(pk=event.pk).exists():
        errors["reference"] = _("Another event has this reference.")
    errors.update(too_long(event, EVENT_FIELDS))
    if errors:
        raise ValidationError(errors)
    event.governorate = _governorate_of(event.place)


def _may_convene(actor, conveners) -> bool:
    return permissions.sees_all(actor) or bool({org.pk for org in conveners} & actor.organisation_ids())


def create_event(*, actor, conveners, title, kind, start_date, end_date, lang="ar", place=None, online=False,
                 venue="", audiences=(), description="", agenda="", reference="", status="planned") -> Event:
    """Record an event convened by `conveners` (one of them the actor's, unless a coordinator records it); its
    reference is EVT-<year>-<place code or ONL>, made unique with -2, -3 … when none is given."""
    if not permissions.can(actor, "add_event"):
        raise PermissionDenied(_("You may not record events."))
    conveners = _conveners(conveners)
    if not _may_convene(actor, conveners):
        raise ValidationError({"conveners": _("One of the convening organisations must be yours.")})
    event = Event(title=title, kind=kind, start_date=start_date, end_date=end_date, lang=lang, place=place,
                  online=bool(online), venue=venue or "", audiences=list(audiences or ()),
                  description=description or "", agenda=agenda or "", reference=reference or "", status=status,
                  created_by=_user(actor))
    _validate(event)
    check_free_text(actor=actor, record=Event, fields={name: getattr(event, name) for name in EVENT_TEXT})
    given = bool(event.reference)
    for attempt in range(5):
        try:
            with transaction.atomic():
                if not given:
                    event.reference = _next_reference(event)
                event.save()
                event.conveners.set(conveners)
                search_index.index_object(event)
                audit.record(actor=actor, action="events.event.create", obj=event,
                             changes={**audit.diff({}, _snapshot(event)),
                                      "conveners": [org.pk for org in conveners]})
            return event
        except IntegrityError:  # another event took the reference meanwhile: take the next one
            event.pk = None
            if given or attempt == 4:
                raise ValidationError({"reference": _("Another event has this reference.")}) from None
    return event  # pragma: no cover - the loop returns or raises


def update_event(*, actor, event: Event, version=None, conveners=None, **fields) -> Event:
    """Change an event's details (not its publication: `publish_event`)."""
    if not permissions.can(actor, "change_event", event):
        raise PermissionDenied(_("You may not change this event."))
    before = _snapshot(event)
    for name, value in fields.items():
        if name not in EVENT_FIELDS:
            raise ValueError(f"{name} cannot be edited here")
        setattr(event, name, list(value or ()) if name == "audiences" else value)
    if "reference" in fields and not (event.reference or "").strip():
        event.reference = before["reference"]
    _validate(event)
    conveners = _conveners(conveners) if conveners is not None else None
    check_free_text(actor=actor, record=event, fields={name: getattr(event, name) for name in EVENT_TEXT})
    with transaction.atomic():
        check_version(event, version)
        bump(event)
        event.save()
        changes = audit.diff(before, _snapshot(event))
        if conveners is not None:
            old = sorted(event.conveners.values_list("pk", flat=True))
            event.conveners.set(conveners)
            new = sorted(org.pk for org in conveners)
            if old != new:
                changes["conveners"] = [old, new]
        search_index.index_object(event)
        audit.record(actor=actor, action="events.event.update", obj=event, changes=changes)
    return event


# --- participation ---------------------------------------------------------------------------------------------

def _count(value, name: str) -> int:
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        raise ValidationError({name: _("Give a whole number.")}) from None
    if number < 0:
        raise ValidationError({name: _("A count cannot be negative.")})
    return number


def set_participation(*, actor, event: Event, organisation, participants, women=0, youth=0) -> Participation:
    """How many people of `organisation` took part (women and youth among them): created, or changed when the
    organisation is already counted. Counts only, never names."""
    if not permissions.can(actor, "change_event", event):
        raise PermissionDenied(_("You may not change this event."))
    if not isinstance(organisation, Organisation):
        raise ValidationError({"organisation": _("Choose an organisation from the directory.")})
    participants, women, youth = (_count(participants, "participants"), _count(women, "women"),
                                  _count(youth, "youth"))
    if participants < 1:
        raise ValidationError({"participants": _("At least one person took part.")})
    errors = {}
    if women > participants:
        errors["women"] = _("Women among them cannot be more than the participants (%(n)d).") % {"n": participants}
    if youth > participants:
        errors["youth"] = _("Youth among them cannot be more than the participants (%(n)d).") % {"n": participants}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = Participation.objects.select_for_update().filter(event=event, organisation=organisation).first()
        before = {} if row is None else {"participants": row.participants, "women": row.women, "youth": row.youth}
        if row is None:
            row = Participation(event=event, organisation=organisation)
        row.kind = organisation.kind
        row.participants, row.women, row.youth = participants, women, youth
        row.save()
        search_index.index_object(event)
        audit.record(actor=actor, action="events.participation.set", obj=event,
                     changes={"organisation": organisation.pk,
                              **audit.diff(before, {"participants": participants, "women": women, "youth": youth})})
    return row


def remove_participation(*, actor, participation: Participation) -> None:
    """Take an organisation off an event's participants."""
    event = participation.event
    if not permissions.can(actor, "change_event", event):
        raise PermissionDenied(_("You may not change this event."))
    with transaction.atomic():
        changes = {"organisation": participation.organisation_id,
                   "participants": [participation.participants, None]}
        participation.delete()
        search_index.index_object(event)
        audit.record(actor=actor, action="events.participation.remove", obj=event, changes=changes)


# --- documents -------------------------------------------------------------------------------------------------

def add_event_document(*, actor, event: Event, file, title, is_public=False) -> EventDocument:
    """Attach an agenda, concept note, presentation or report (public only when marked so and the event is
    published)."""
    if not permissions.can(actor, "change_event", event):
        raise PermissionDenied(_("You may not change this event."))
    title = (title or "").strip() or (getattr(file, "name", "") or "")[:300]
    if not title:
        raise ValidationError({"title": _("Give the file a title.")})
    if file is None:
        raise ValidationError({"file": _("Choose a file.")})
    problem = kind_problem(file, DOCUMENT_KINDS)
    if problem:
        raise ValidationError({"file": problem})
    size = getattr(file, "size", 0) or 0
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": _("A file may be at most %(limit)d MB.") % {
            "limit": MAX_DOCUMENT_BYTES // (1024 * 1024)}})
    if len(title) > 300:
        raise ValidationError({"title": _("At most %(limit)d characters (this has %(count)d).") % {
            "limit": 300, "count": len(title)}})
    check_free_text(actor=actor, record=event, fields={"title": title})
    with transaction.atomic():
        document = EventDocument.objects.create(event=event, title=title, file=file, size=size,
                                                is_public=bool(is_public), created_by=_user(actor))
        audit.record(actor=actor, action="events.document.add", obj=event,
                     changes={"document": document.pk, "file": document.file.name, "title": title,
                              "is_public": document.is_public})
    return document


# --- minutes ---------------------------------------------------------------------------------------------------

def save_minutes(*, actor, event: Event, text, outcomes="", lang="ar", version=None) -> Minutes:
    """Write the minutes as a draft. Changing approved minutes returns them to draft, and unpublishes them."""
    if not permissions.can(actor, "change_event", event):
        raise PermissionDenied(_("You may not change this event."))
    text, outcomes = (text or "").strip(), (outcomes or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the minutes.")})
    if lang not in PracticeLanguage.values:
        raise ValidationError({"lang": _("Choose a language from the list.")})
    minutes = Minutes.objects.filter(event=event).first()
    check_free_text(actor=actor, record=minutes or event, fields={"text": text, "outcomes": outcomes})
    with transaction.atomic():
        if minutes is None:
            minutes = Minutes(event=event)
            before = {}
        else:
            check_version(minutes, version)
            bump(minutes)
            before = {"text": minutes.text, "outcomes": minutes.outcomes, "lang": minutes.lang,
                      "status": minutes.status, "is_public": minutes.is_public}
        minutes.text, minutes.outcomes, minutes.lang = text, outcomes, lang
        minutes.status, minutes.is_public = MinutesStatus.DRAFT, False
        minutes.approved_by, minutes.approved_at = None, None
        minutes.drafted_by = _user(actor)
        minutes.save()
        search_index.index_object(event)
        audit.record(actor=actor, action="events.minutes.save", obj=event, changes=audit.diff(before, {
            "text": text, "outcomes": outcomes, "lang": lang, "status": minutes.status,
            "is_public": minutes.is_public}))
    return minutes


def approve_minutes(*, actor, event: Event) -> Minutes:
    """A convener (or a coordinator) approves the minutes; only approved minutes can be published."""
    if not permissions.can(actor, "approve_minutes", event):
        raise PermissionDenied(_("Only the event's conveners and coordinators approve its minutes."))
    minutes = Minutes.objects.filter(event=event).first()
    if minutes is None or not minutes.text.strip():
        raise ValidationError({"text": _("Write the minutes before approving them.")})
    if minutes.status == MinutesStatus.APPROVED:
        raise ValidationError({"status": _("These minutes are already approved.")})
    with transaction.atomic():
        bump(minutes)
        minutes.status = MinutesStatus.APPROVED
        minutes.approved_by, minutes.approved_at = _user(actor), timezone.now()
        minutes.save()
        search_index.index_object(event)
        audit.record(actor=actor, action="events.minutes.approve", obj=event,
                     changes={"status": [MinutesStatus.DRAFT, MinutesStatus.APPROVED]})
    return minutes


# --- publication -----------------------------------------------------------------------------------------------

def _withdraw_recommendations(actor, event: Event) -> list[str]:
    """Unpublish the event's published recommendations (inside the event's transaction)."""
    withdrawn = []
    for recommendation in Recommendation.objects.select_for_update().filter(event=event, is_public=True):
        bump(recommendation)
        recommendation.is_public = False
        recommendation.save(update_fields=["is_public", "version", "updated_at"])
        Step.objects.create(recommendation=recommendation, kind=StepKind.PUBLISHED, from_value="public",
                            to_value="private", actor=_user(actor), is_public=False)
        search_index.index_object(recommendation)
        withdrawn.append(recommendation.reference)
    return withdrawn


def publish_event(*, actor, event: Event, is_public, minutes_public=None) -> Event:
    """Publish an event (or withdraw it from public view, with its recommendations). `minutes_public`: publish
    or withdraw its minutes too — published only once approved; None leaves them as they are."""
    if not permissions.can(actor, "publish_event", event):
        raise PermissionDenied(_("Only the event's conveners and coordinators publish it."))
    is_public = bool(is_public)
    minutes = Minutes.objects.filter(event=event).first()
    if minutes_public and (minutes is None or minutes.status != MinutesStatus.APPROVED):
        raise ValidationError({"minutes_public": _("Minutes are published once they are approved.")})
    with transaction.atomic():
        was = event.is_public
        bump(event)
        event.is_public = is_public
        if is_public and not was:
            event.published_at = timezone.now()
        event.save(update_fields=["is_public", "published_at", "version", "updated_at"])
        changes = {"is_public": [was, is_public]}
        if minutes is not None and minutes_public is not None and bool(minutes_public) != minutes.is_public:
            changes["minutes_public"] = [minutes.is_public, bool(minutes_public)]
            bump(minutes)
            minutes.is_public = bool(minutes_public)
            minutes.save(update_fields=["is_public", "version", "updated_at"])
        if was and not is_public:
            changes["recommendations_withdrawn"] = _withdraw_recommendations(actor, event)
        search_index.index_object(event)
        audit.record(actor=actor, action="events.event.publish" if is_public else "events.event.unpublish",
                     obj=event, changes=changes)
    return event
