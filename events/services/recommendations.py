"""Every write to recommendations: recording and editing one, its owners, their responses, its implementation
status, a reason for delay, publishing.

Each function takes `actor=`, checks `events.permissions.can`, runs in one transaction, indexes the
recommendation for search, stores its quality check (`events.quality`) and leaves an audit entry; the lines of its
timeline (`Step`) are written here too. A recommendation carries a `version`: the edit, the status and the
publication refuse with `StaleRecord` a caller whose version is no longer the stored one. Free text is checked for
contact details as the support desk does (the refusal names the field).

An owner's response (`respond`) is kept apart from the implementation status (`set_status`).
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from accounts.permissions import primary_organisation
from core import audit
from documents.models import SourceDocument
from frameworks.models import Goal, Paragraph
from places.models import Place
from practices.choices import PracticeLanguage
from search import index as search_index
from support.checks import check_free_text, too_long
from support.models import SupportRequest

from .. import permissions
from ..choices import (
    RESPONSES_WITH_REASON,
    STATUSES_WITH_REASON,
    STATUSES_WITH_SUCCESSOR,
    Audience,
    OwnerRole,
    Priority,
    Response,
    SourceKind,
    Status,
    StepKind,
)
from ..models import Owner, Recommendation, Step
from ..quality import refresh_quality
from .common import bump, check_version

REC_FIELDS = ["reference", "external_id", "source_kind", "steward", "source_title", "source_url",
              "source_document", "number", "position", "text", "lang", "translation", "translation_lang",
              "rationale", "audiences", "audience_heading", "national", "priority", "issued_on", "due_date",
              "done_when"]
REC_TEXT = ["text", "translation", "rationale", "audience_heading", "done_when", "source_title"]


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _snapshot(recommendation: Recommendation) -> dict:
    return {name: getattr(recommendation, name) for name in REC_FIELDS}


def _refresh_quality(recommendation: Recommendation) -> None:
    refresh_quality(recommendation)


def _notify_owner_added(actor, owner: Owner) -> None:
    try:  # the follow-up's notices (another part of the app); owners are added without them when absent
        from .. import notices
    except ImportError:  # pragma: no cover - present once the notices land
        return
    owner_added = getattr(notices, "owner_added", None)
    if owner_added is not None:
        owner_added(actor=actor, owner=owner)


# --- checks ----------------------------------------------------------------------------------------------------

def _validate(recommendation: Recommendation) -> None:
    errors = {}
    recommendation.text = (recommendation.text or "").strip()
    if not recommendation.text:
        errors["text"] = _("Write the recommendation.")
    if recommendation.lang not in PracticeLanguage.values:
        errors["lang"] = _("Choose a language from the list.")
    if recommendation.translation_lang and recommendation.translation_lang not in PracticeLanguage.values:
        errors["translation_lang"] = _("Choose a language from the list.")
    if (recommendation.translation or "").strip() and not recommendation.translation_lang:
        errors["translation_lang"] = _("Say which language the translation is in.")
    if recommendation.priority not in Priority.values:
        errors["priority"] = _("Choose a priority from the list.")
    if recommendation.source_kind not in SourceKind.values:
        errors["source_kind"] = _("Choose a source from the list.")
    elif recommendation.source_kind == SourceKind.EVENT and recommendation.event_id is None:
        errors["event"] = _("Choose the event the recommendation comes from.")
    elif recommendation.source_kind == SourceKind.SUPPORT_REQUEST and recommendation.support_request_id is None:
        errors["support_request"] = _("Choose the support request the recommendation comes from.")
    audiences = recommendation.audiences if isinstance(recommendation.audiences, list | tuple) else None
    if audiences is None or any(value not in Audience.values for value in audiences):
        errors["audiences"] = _("Choose audiences from the list.")
    else:
        recommendation.audiences = list(dict.fromkeys(audiences))
    if recommendation.steward_id is not None and not isinstance(recommendation.steward, Organisation):
        errors["steward"] = _("Choose the organisation that keeps the recommendation.")
    if recommendation.source_document is not None and not isinstance(recommendation.source_document, SourceDocument):
        errors["source_document"] = _("Choose a source document.")
    if recommendation.issued_on and recommendation.due_date and recommendation.due_date < recommendation.issued_on:
        errors["due_date"] = _("The due date is before the day the recommendation was made.")
    try:
        position = int(recommendation.position or 0)
        if position < 0:
            raise ValueError
        recommendation.position = position
    except (TypeError, ValueError):
        errors["position"] = _("Give a whole number.")
    recommendation.reference = (recommendation.reference or "").strip()
    others = Recommendation.objects.exclude(pk=recommendation.pk)
    if recommendation.reference and others.filter(reference=recommendation.reference).exists():
        errors["reference"] = _("Another recommendation has this reference.")
    recommendation.external_id = (recommendation.external_id or "").strip()
    if recommendation.external_id and others.filter(external_id=recommendation.external_id).exists():
        errors["external_id"] = _("Another recommendation has this external identifier.")
    errors.update(too_long(recommendation, [name for name in REC_FIELDS if name not in {"steward", "source_document"}]))
    if errors:
        raise ValidationError(errors)


def _instances(values, model, field: str, message: str) -> list:
    values = list(dict.fromkeys(values or ()))
    if any(not isinstance(value, model) for value in values):
        raise ValidationError({field: message})
    return values


def _links(places, goals, paragraphs) -> tuple:
    return (
        None if places is None else _instances(places, Place, "places", _("Choose places from the list.")),
        None if goals is None else _instances(goals, Goal, "goals", _("Choose framework goals from the list.")),
        None if paragraphs is None else _instances(paragraphs, Paragraph, "paragraphs",
                                                   _("Choose framework paragraphs from the list.")),
    )


def _owner_specs(owners) -> list[dict]:
    """The owners as given, checked: organisations from the directory, each once, one lead at most."""
    specs, seen = [], set()
    for item in owners or ():
        if isinstance(item, Organisation):
            item = {"organisation": item}
        organisation = item.get("organisation") if isinstance(item, dict) else None
        if not isinstance(organisation, Organisation):
            raise ValidationError({"owners": _("Choose owners from the directory.")})
        role = item.get("role") or OwnerRole.SUPPORTING
        if role not in OwnerRole.values:
            raise ValidationError({"owners": _("Choose each owner's role from the list.")})
        if organisation.pk in seen:
            raise ValidationError({"owners": _("%(name)s is named twice among the owners.") % {
                "name": organisation.name}})
        seen.add(organisation.pk)
        specs.append({"organisation": organisation, "role": role, "is_public": bool(item.get("is_public", True))})
    if sum(1 for spec in specs if spec["role"] == OwnerRole.LEAD) > 1:
        raise ValidationError({"owners": _("Name one lead owner at most.")})
    return specs


def _write_owners(recommendation: Recommendation, specs: list[dict]) -> tuple[list[Owner], list[Owner], dict]:
    """Write the owners (inside the transaction): an owner that stays keeps its response. Returns (owners, the
    ones added, the changes for the audit entry)."""
    current = {owner.organisation_id: owner for owner in recommendation.owners.select_for_update()}
    wanted = {spec["organisation"].pk: spec for spec in specs}
    removed = [org_id for org_id in current if org_id not in wanted]
    if removed:
        Owner.objects.filter(recommendation=recommendation, organisation__in=removed).delete()
    # A lead that stays as another role steps down first, so that the one-lead rule holds at every write.
    for org_id, owner in current.items():
        if org_id in wanted and owner.role == OwnerRole.LEAD and wanted[org_id]["role"] != OwnerRole.LEAD:
            owner.role = wanted[org_id]["role"]
            owner.save(update_fields=["role"])
    result, added, changed = [], [], {}
    for spec in specs:
        org_id = spec["organisation"].pk
        owner = current.get(org_id)
        if owner is None:
            owner = Owner.objects.create(recommendation=recommendation, organisation=spec["organisation"],
                                         role=spec["role"], is_public=spec["is_public"])
            added.append(owner)
        elif (owner.role, owner.is_public) != (spec["role"], spec["is_public"]):
            changed[str(org_id)] = [[owner.role, owner.is_public], [spec["role"], spec["is_public"]]]
            owner.role, owner.is_public = spec["role"], spec["is_public"]
            owner.save(update_fields=["role", "is_public"])
        result.append(owner)
    changes = {}
    if added:
        changes["owners_added"] = [[o.organisation_id, o.role] for o in added]
    if removed:
        changes["owners_removed"] = sorted(removed)
    if changed:
        changes["owners_changed"] = changed
    return result, added, changes


def _set_links(recommendation: Recommendation, places, goals, paragraphs, changes: dict) -> None:
    for name, values in (("places", places), ("goals", goals), ("paragraphs", paragraphs)):
        if values is None:
            continue
        manager = getattr(recommendation, name)
        old = sorted(manager.values_list("pk", flat=True))
        manager.set(values)
        new = sorted(value.pk for value in values)
        if old != new:
            changes[name] = [old, new]


def _next_reference(recommendation: Recommendation) -> str:
    if recommendation.event_id is not None:
        prefix = f"{recommendation.event.reference}-R"
        pattern = re.escape(prefix) + r"(\d+)"
        width = 2
    else:
        prefix = f"REC-{recommendation.issued_on.year}-"
        pattern = r"REC-\d{4}-(\d+)"
        width = 4
    numbers = [int(m.group(1)) for ref in Recommendation.objects.filter(reference__startswith=prefix)
               .values_list("reference", flat=True) if (m := re.fullmatch(pattern, ref))]
    return f"{prefix}{max(numbers, default=0) + 1:0{width}d}"


def _default_steward(actor, event, support_request):
    if event is not None:
        return event.conveners.order_by("pk").first()
    if support_request is not None:
        return support_request.hub
    return primary_organisation(actor) if getattr(actor, "is_authenticated", False) else None


# --- recording and editing -------------------------------------------------------------------------------------

def create_recommendation(*, actor, text, lang="ar", event=None, source_kind=None, support_request=None,
                          steward=None, source_title="", source_url="", source_document=None, reference="",
                          external_id="", number="", position=None, translation="", translation_lang="",
                          rationale="", audiences=(), audience_heading="", national=False, places=(), goals=(),
                          paragraphs=(), priority="medium", issued_on=None, due_date=None, done_when="",
                          owners=()) -> Recommendation:
    """Record a recommendation of an event (its conveners), or one from a support request, an evaluation or an
    outside document (kept by `steward`, the actor's organisation unless a coordinator records it). Its reference
    is <event reference>-R<NN>, or REC-<year>-<NNNN>; it is issued on the event's last day unless told."""
    if not permissions.can(actor, "add_recommendation", event):
        raise PermissionDenied(_("You may not record recommendations here."))
    if source_kind is None:
        source_kind = (SourceKind.EVENT if event is not None else
                       SourceKind.SUPPORT_REQUEST if support_request is not None else SourceKind.DOCUMENT)
    if support_request is not None:
        if not isinstance(support_request, SupportRequest) or not _sees_request(actor, support_request):
            raise ValidationError({"support_request": _("Choose a support request you can see.")})
    steward = steward or _default_steward(actor, event, support_request)
    if event is None and not permissions.sees_all(actor):
        if steward is None or steward.pk not in actor.organisation_ids():
            raise PermissionDenied(_("You record recommendations for your own organisation only."))
    if issued_on is None:
        issued_on = event.end_date if event is not None else timezone.localdate()
    recommendation = Recommendation(
        text=text, lang=lang, event=event, source_kind=source_kind, support_request=support_request,
        steward=steward, source_title=source_title or "", source_url=source_url or "",
        source_document=source_document, reference=reference or "", external_id=external_id or "",
        number=number or "", position=position or 0, translation=translation or "",
        translation_lang=translation_lang or "", rationale=rationale or "", audiences=list(audiences or ()),
        audience_heading=audience_heading or "", national=bool(national), priority=priority, issued_on=issued_on,
        due_date=due_date, done_when=done_when or "", created_by=_user(actor))
    _validate(recommendation)
    places, goals, paragraphs = _links(places, goals, paragraphs)
    specs = _owner_specs(owners)
    check_free_text(actor=actor, record=Recommendation,
                    fields={name: getattr(recommendation, name) for name in REC_TEXT})
    given = bool(recommendation.reference)
    with transaction.atomic():
        for attempt in range(5):
            try:
                with transaction.atomic():
                    if position is None and event is not None:
                        last = Recommendation.objects.filter(event=event).order_by("-position") \
                            .values_list("position", flat=True).first()
                        recommendation.position = (last or 0) + 1
                    if not given:
                        recommendation.reference = _next_reference(recommendation)
                    recommendation.save()
                break
            except IntegrityError:  # another recommendation took the reference meanwhile: take the next one
                recommendation.pk = None
                if given or attempt == 4:
                    raise ValidationError({"reference": _("Another recommendation has this reference.")}) from None
        changes = {}
        _set_links(recommendation, places, goals, paragraphs, changes)
        _owners, added, owner_changes = _write_owners(recommendation, specs)
        Step.objects.create(recommendation=recommendation, kind=StepKind.CREATED, to_value=recommendation.status,
                            actor=_user(actor), is_public=True)
        _refresh_quality(recommendation)
        search_index.index_object(recommendation)
        audit.record(actor=actor, action="events.recommendation.create", obj=recommendation,
                     changes={**audit.diff({}, _snapshot(recommendation)), **changes, **owner_changes,
                              "quality": recommendation.quality})
        for owner in added:
            _notify_owner_added(actor, owner)
    return recommendation


def _sees_request(actor, support_request) -> bool:
    from support.permissions import requests_visible_to

    return requests_visible_to(actor, SupportRequest.objects.filter(pk=support_request.pk)).exists()


def _check_steward(actor, recommendation: Recommendation, before) -> None:
    """A new steward is one of the actor's organisations or a convener of the event (coordinators: any)."""
    steward_id = recommendation.steward_id
    if steward_id is None or steward_id == getattr(before, "pk", None) or permissions.sees_all(actor):
        return
    allowed = set(actor.organisation_ids())
    if recommendation.event_id is not None:
        allowed |= set(recommendation.event.conveners.values_list("pk", flat=True))
    if steward_id not in allowed:
        raise ValidationError({"steward": _("Choose the organisation that keeps the recommendation.")})


def update_recommendation(*, actor, recommendation: Recommendation, version=None, places=None, goals=None,
                          paragraphs=None, owners=None, **fields) -> Recommendation:
    """Change a recommendation's text and details (not its status or publication: `set_status`,
    `publish_recommendation`)."""
    if not permissions.can(actor, "change_recommendation", recommendation):
        raise PermissionDenied(_("You may not change this recommendation."))
    before = _snapshot(recommendation)
    for name, value in fields.items():
        if name not in REC_FIELDS:
            raise ValueError(f"{name} cannot be edited here")
        if name == "audiences":
            value = list(value or ())
        elif value is None and name not in {"steward", "source_document", "due_date", "issued_on"}:
            value = ""
        setattr(recommendation, name, value)
    if not recommendation.reference:
        recommendation.reference = before["reference"]
    if recommendation.issued_on is None:
        raise ValidationError({"issued_on": _("Give the day the recommendation was made.")})
    _check_steward(actor, recommendation, before["steward"])
    _validate(recommendation)
    places, goals, paragraphs = _links(places, goals, paragraphs)
    specs = _owner_specs(owners) if owners is not None else None
    check_free_text(actor=actor, record=recommendation,
                    fields={name: getattr(recommendation, name) for name in REC_TEXT})
    with transaction.atomic():
        check_version(recommendation, version)
        bump(recommendation)
        recommendation.save()
        changes = audit.diff(before, _snapshot(recommendation))
        _set_links(recommendation, places, goals, paragraphs, changes)
        added = []
        if specs is not None:
            _owners, added, owner_changes = _write_owners(recommendation, specs)
            changes.update(owner_changes)
        _refresh_quality(recommendation)
        search_index.index_object(recommendation)
        audit.record(actor=actor, action="events.recommendation.update", obj=recommendation,
                     changes={**changes, "quality": recommendation.quality})
        for owner in added:
            _notify_owner_added(actor, owner)
    return recommendation


def set_owners(*, actor, recommendation: Recommendation, owners) -> list[Owner]:
    """Name the recommendation's owners (one lead at most): an owner that stays keeps its response; one that is
    dropped loses it; each one added is told."""
    if not permissions.can(actor, "change_recommendation", recommendation):
        raise PermissionDenied(_("You may not change this recommendation's owners."))
    specs = _owner_specs(owners)
    with transaction.atomic():
        bump(recommendation)
        recommendation.save(update_fields=["version", "updated_at"])
        written, added, changes = _write_owners(recommendation, specs)
        _refresh_quality(recommendation)
        search_index.index_object(recommendation)
        audit.record(actor=actor, action="events.recommendation.owners", obj=recommendation,
                     changes={**changes, "quality": recommendation.quality})
        for owner in added:
            _notify_owner_added(actor, owner)
    return written


# --- responses, status, delay ----------------------------------------------------------------------------------

def respond(*, actor, owner: Owner, response, reason="") -> Owner:
    """An owner's answer for its own organisation; a reason is required for partly accepted, noted and declined.
    The timeline shows it in public when the owner is named in public (otherwise its type only)."""
    if not permissions.can(actor, "respond", owner):
        raise PermissionDenied(_("You answer for your own organisation only."))
    if response not in Response.values or response == Response.PENDING:
        raise ValidationError({"response": _("Choose a response from the list.")})
    reason = (reason or "").strip()
    if response in RESPONSES_WITH_REASON and not reason:
        raise ValidationError({"reason": _("Say why: a reason is needed for “%(response)s”.") % {
            "response": Response(response).label}})
    check_free_text(actor=actor, record=owner.recommendation, fields={"reason": reason})
    with transaction.atomic():
        before = owner.response
        owner.response, owner.response_reason = response, reason
        owner.responded_at, owner.responded_by = timezone.now(), _user(actor)
        owner.save(update_fields=["response", "response_reason", "responded_at", "responded_by"])
        recommendation = owner.recommendation
        Step.objects.create(recommendation=recommendation, kind=StepKind.RESPONSE, from_value=before,
                            to_value=response, reason=reason, organisation=owner.organisation,
                            is_public=owner.is_public, actor=_user(actor))
        search_index.index_object(recommendation)
        audit.record(actor=actor, action="events.owner.respond", obj=recommendation,
                     changes={"organisation": owner.organisation_id, "response": [before, response],
                              "reason": reason})
    return owner


def _successor(actor, recommendation: Recommendation, successor):
    if not isinstance(successor, Recommendation) or successor.pk == recommendation.pk:
        raise ValidationError({"successor": _("Choose another recommendation that takes over.")})
    if not permissions.recommendations_visible_to(actor, Recommendation.objects.filter(pk=successor.pk)).exists():
        raise ValidationError({"successor": _("Choose another recommendation that takes over.")})
    node, seen = successor, {recommendation.pk}
    while node is not None and node.successor_id is not None:  # no circle of successors
        if node.successor_id in seen:
            raise ValidationError({"successor": _("That recommendation is itself superseded by this one.")})
        seen.add(node.pk)
        node = node.successor
    return successor


def set_status(*, actor, recommendation: Recommendation, status, version=None, reason="",
               successor=None) -> Recommendation:
    """Set how far the recommendation is carried out (the lead owner or its managers). Suspended, superseded and
    merged need a reason; superseded and merged name the recommendation that takes over."""
    if not permissions.can(actor, "set_status", recommendation):
        raise PermissionDenied(_("Only the lead owner and those who keep the recommendation set its status."))
    if status not in Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    reason = (reason or "").strip()
    if status in STATUSES_WITH_REASON and not reason:
        raise ValidationError({"reason": _("Say why the recommendation is “%(status)s”.") % {
            "status": Status(status).label}})
    if status in STATUSES_WITH_SUCCESSOR:
        if successor is None:
            raise ValidationError({"successor": _("Name the recommendation that takes over.")})
        successor = _successor(actor, recommendation, successor)
    else:
        successor = None
    if status == recommendation.status and successor == recommendation.successor:
        raise ValidationError({"status": _("The recommendation is already “%(status)s”.") % {
            "status": Status(status).label}})
    check_free_text(actor=actor, record=recommendation, fields={"reason": reason})
    with transaction.atomic():
        check_version(recommendation, version)
        bump(recommendation)
        before = recommendation.status
        recommendation.status, recommendation.status_reason, recommendation.successor = status, reason, successor
        recommendation.save(update_fields=["status", "status_reason", "successor", "version", "updated_at"])
        organisations = permissions.owner_organisations(actor, recommendation)
        Step.objects.create(recommendation=recommendation, kind=StepKind.STATUS, from_value=before, to_value=status,
                            reason=reason, organisation_id=min(organisations) if organisations else None,
                            is_public=True, actor=_user(actor))
        _refresh_quality(recommendation)
        search_index.index_object(recommendation)
        audit.record(actor=actor, action="events.recommendation.status", obj=recommendation,
                     changes={"status": [before, status], "reason": reason,
                              "successor": successor.reference if successor else None})
    return recommendation


def explain_delay(*, actor, recommendation: Recommendation, reason) -> Recommendation:
    """Say why the recommendation is behind its schedule (any owner, or those who keep it)."""
    if not permissions.can(actor, "explain_delay", recommendation):
        raise PermissionDenied(_("Only its owners and those who keep the recommendation explain a delay."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the recommendation is behind.")})
    check_free_text(actor=actor, record=recommendation, fields={"reason": reason})
    with transaction.atomic():
        bump(recommendation)
        before = recommendation.behind_reason
        recommendation.behind_reason = reason
        recommendation.save(update_fields=["behind_reason", "version", "updated_at"])
        organisations = permissions.owner_organisations(actor, recommendation)
        Step.objects.create(recommendation=recommendation, kind=StepKind.BEHIND, reason=reason,
                            organisation_id=min(organisations) if organisations else None, is_public=True,
                            actor=_user(actor))
        _refresh_quality(recommendation)
        search_index.index_object(recommendation)
        audit.record(actor=actor, action="events.recommendation.delay", obj=recommendation,
                     changes={"behind_reason": [before, reason]})
    return recommendation


def publish_recommendation(*, actor, recommendation: Recommendation, is_public) -> Recommendation:
    """Publish a recommendation (or withdraw it from public view); one of an event is published once its event
    is."""
    if not permissions.can(actor, "publish_recommendation", recommendation):
        raise PermissionDenied(_("You may not publish this recommendation."))
    is_public = bool(is_public)
    if is_public and recommendation.event_id is not None and not recommendation.event.is_public:
        raise ValidationError({"is_public": _("Publish the event first: its recommendations are published after "
                                              "it.")})
    with transaction.atomic():
        bump(recommendation)
        was = recommendation.is_public
        recommendation.is_public = is_public
        if is_public and not was:
            recommendation.published_at = timezone.now()
        recommendation.save(update_fields=["is_public", "published_at", "version", "updated_at"])
        if was != is_public:
            Step.objects.create(recommendation=recommendation, kind=StepKind.PUBLISHED,
                                from_value="public" if was else "private",
                                to_value="public" if is_public else "private", is_public=is_public,
                                actor=_user(actor))
        _refresh_quality(recommendation)
        search_index.index_object(recommendation)
        audit.record(actor=actor,
                     action="events.recommendation.publish" if is_public else "events.recommendation.unpublish",
                     obj=recommendation, changes={"is_public": [was, is_public]})
    return recommendation
