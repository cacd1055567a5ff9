"""Every write to support requests: creating and editing one, moving it along its lifecycle, assigning it and
running its triage checks.

The allowed moves, who makes them and the reason list each one needs are rows (`Transition`, `Reason`). Two people
moving the same request at once: the caller passes the `version` it saw, the write is guarded by it
(`filter(pk=…, version=…).update(version=F("version") + 1)`), and the second is told who moved it to what —
nothing of theirs is written (`StaleRequest`).

A refused move raises `InvalidMove` (a ValidationError: no such move, a reason missing) or `MoveRefused` (also a
PermissionDenied: the actor is not among the movers); the page records it with `core.access.refused`, as the
other apps' pages do.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation
from core import audit
from core.actors import is_system
from frameworks.models import Goal
from search import index as search_index

from .. import permissions
from ..checks import check_free_text, too_long
from ..choices import FINAL_STAGES, Mode, NeedStatus, Priority, RequestType, Stage, SupportLanguage
from ..clocks import next_due
from ..models import Need, Reason, RequestStep, SupportRequest, Transition
from ..queries import governorate_of
from .needs import _move_need

try:  # the notices of the desk (another part of the app); moves are recorded without them when absent
    from .. import notices
except ImportError:  # pragma: no cover - present once the notices land
    notices = None

REQUEST_FIELDS = ["title", "description", "lang", "hub", "place", "request_type", "priority", "result_wanted",
                  "timeframe_start", "timeframe_end", "mode", "languages", "sponsoring_role", "stakeholders"]
REQUEST_TEXT = ["title", "description", "result_wanted", "stakeholders", "sponsoring_role"]
# Stages whose entry sets a clock's end.
CLOCK_FIELDS = ["submitted_at", "acknowledged_at", "triaged_at", "delivery_started_at", "delivered_at",
                "closed_at"]
TRIAGE_DECISIONS = {Stage.ACCEPTED, Stage.DECLINED, Stage.REDIRECTED, Stage.MERGED}


class InvalidMove(ValidationError):
    """A move that is not allowed from the request's stage, or that lacks its reason or its target."""


class MoveRefused(InvalidMove, PermissionDenied):
    """A move the actor may not make (not among the row's movers)."""


class StaleRequest(Exception):
    """Someone else changed the request since the caller read it: nothing was written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
        self.messages = [message]


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _snapshot(request: SupportRequest) -> dict:
    return {name: getattr(request, name) for name in REQUEST_FIELDS}


def _name(user) -> str:
    if user is None:
        return _("the system")
    return user.get_full_name() or user.get_username()


def _stale(request_pk) -> StaleRequest:
    current = SupportRequest.objects.filter(pk=request_pk).only("stage").first()
    step = RequestStep.objects.filter(request_id=request_pk).select_related("actor").order_by("-at", "-pk").first()
    stage = Stage(current.stage).label if current else ""
    if step is not None and current is not None and step.to_stage == current.stage:
        return StaleRequest(_("%(who)s moved this request to “%(stage)s” in the meantime: reload it to see the "
                              "change, then decide again.") % {"who": _name(step.actor), "stage": stage})
    return StaleRequest(_("Someone changed this request in the meantime (it is now “%(stage)s”): reload it to "
                          "see the change, then try again.") % {"stage": stage})


# --- creating and editing ------------------------------------------------------------------------------------

def _next_reference(year: int) -> str:
    prefix = f"SR-{year}-"
    # The highest number: longer references first (SR-2026-10000 after SR-2026-9999), then by text.
    last = (SupportRequest.objects.filter(reference__startswith=prefix).annotate(size=Length("reference"))
            .order_by("-size", "-reference").values_list("reference", flat=True).first())
    match = re.fullmatch(r"SR-\d{4}-(\d+)", last or "")
    return f"{prefix}{int(match.group(1)) + 1 if match else 1:04d}"


def _validate(request: SupportRequest) -> None:
    errors = {}
    if not (request.title or "").strip():
        errors["title"] = _("Give the request a title.")
    if not (request.result_wanted or "").strip():
        errors["result_wanted"] = _("Say what result the support should bring.")
    if request.request_type not in RequestType.values:
        errors["request_type"] = _("Choose a type of support from the list.")
    if request.priority not in Priority.values:
        errors["priority"] = _("Choose a priority from the list.")
    if request.mode not in Mode.values:
        errors["mode"] = _("Choose a mode from the list.")
    languages = request.languages if isinstance(request.languages, list | tuple) else None
    if languages is None or any(code not in SupportLanguage.values for code in languages):
        errors["languages"] = _("Choose languages from the list.")
    else:
        request.languages = list(dict.fromkeys(languages))
    errors.update(too_long(request, REQUEST_FIELDS))
    if request.hub_id is None or request.hub.kind != OrganisationKind.HUB:
        errors["hub"] = _("Choose the regional hub to ask.")
    if request.timeframe_start and request.timeframe_end and request.timeframe_end < request.timeframe_start:
        errors["timeframe_end"] = _("The timeframe ends before it starts.")
    try:
        request.governorate = governorate_of(request.place)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


def _needs(actor, requester, needs) -> list[Need]:
    needs = list(needs)
    if not needs:
        raise ValidationError({"needs": _("Choose at least one need the request is about.")})
    if any(not isinstance(need, Need) for need in needs):
        raise ValidationError({"needs": _("Choose needs from the register.")})
    foreign = [n.pk for n in needs if n.owner_id != requester.pk]
    if foreign:
        visible = set(permissions.needs_visible_to(actor, Need.objects.filter(pk__in=foreign))
                      .values_list("pk", flat=True))
        if visible != set(foreign):
            raise ValidationError({"needs": _("Choose needs of the requesting organisation or needs you can see.")})
    return needs


def _goals(goals) -> list:
    goals = list(goals)
    if any(not isinstance(goal, Goal) for goal in goals):
        raise ValidationError({"goals": _("Choose framework goals from the list.")})
    return goals


def _co_requesters(requester, organisations) -> list:
    organisations = [org for org in organisations if org.pk != requester.pk]
    if any(not isinstance(org, Organisation) for org in organisations):
        raise ValidationError({"co_requesters": _("Choose organisations from the directory.")})
    return organisations


def _may_request_for(actor, requester) -> bool:
    if not permissions.can(actor, "create_request"):
        return False
    return permissions.sees_all(actor) or requester.pk in actor.organisation_ids()


def create_request(*, actor, requester, hub, place, title, needs, request_type, result_wanted, description="",
                   lang="ar", priority="normal", timeframe_start=None, timeframe_end=None, mode="in_person",
                   languages=(), sponsoring_role="", stakeholders="", co_requesters=(),
                   goals=()) -> SupportRequest:
    """A draft request of `requester` to `hub` about at least one need; its reference is SR-<year>-<NNNN>."""
    if not _may_request_for(actor, requester):
        raise PermissionDenied(_("You may not ask for support for this organisation."))
    request = SupportRequest(
        requester=requester, hub=hub, place=place, title=title, request_type=request_type,
        result_wanted=result_wanted, description=description, lang=lang, priority=priority,
        timeframe_start=timeframe_start, timeframe_end=timeframe_end, mode=mode, languages=list(languages),
        sponsoring_role=sponsoring_role, stakeholders=stakeholders, stage=Stage.DRAFT, created_by=_user(actor))
    _validate(request)
    needs = _needs(actor, requester, needs)
    goals = _goals(goals)
    co_requesters = _co_requesters(requester, co_requesters)
    check_free_text(actor=actor, record=request, fields={name: getattr(request, name) for name in REQUEST_TEXT})
    now = timezone.now()
    for attempt in range(5):
        try:
            with transaction.atomic():
                request.reference = _next_reference(timezone.localdate(now).year)
                request.save()
                break
        except IntegrityError:  # another request took the number: take the next one
            request.pk = None
            if attempt == 4:
                raise
    with transaction.atomic():
        request.needs.set(needs)
        request.goals.set(goals)
        request.co_requesters.set(co_requesters)
        RequestStep.objects.create(request=request, from_stage="", to_stage=Stage.DRAFT, actor=_user(actor), at=now)
        search_index.index_object(request)
        audit.record(actor=actor, action="support.request.create", obj=request,
                     changes={**audit.diff({}, _snapshot(request)), "reference": request.reference,
                              "needs": [n.pk for n in needs], "goals": [g.pk for g in goals]})
    return request


def _guard(request: SupportRequest, version: int, **values) -> None:
    """Write `values` only when the stored version is still `version`; raise StaleRequest otherwise."""
    updated = SupportRequest.objects.filter(pk=request.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), **values)
    if updated != 1:
        raise _stale(request.pk)
    request.version = version + 1


def update_request(*, actor, request: SupportRequest, version: int, **fields) -> SupportRequest:
    """Change a request's content while its requester may (a draft, or when information is asked for)."""
    if not permissions.can(actor, "change_request", request):
        raise PermissionDenied(_("You may not change this request."))
    needs = fields.pop("needs", None)
    goals = fields.pop("goals", None)
    co_requesters = fields.pop("co_requesters", None)
    before = _snapshot(request)
    for name, value in fields.items():
        if name not in REQUEST_FIELDS:
            raise ValueError(f"{name} cannot be edited here")
        setattr(request, name, list(value) if name == "languages" else value)
    if request.hub_id != before["hub"].pk and request.stage != Stage.DRAFT:
        raise ValidationError({"hub": _("The hub asked changes only while the request is a draft.")})
    _validate(request)
    needs = _needs(actor, request.requester, needs) if needs is not None else None
    goals = _goals(goals) if goals is not None else None
    co_requesters = _co_requesters(request.requester, co_requesters) if co_requesters is not None else None
    check_free_text(actor=actor, record=request, fields={name: getattr(request, name) for name in REQUEST_TEXT})
    with transaction.atomic():
        _guard(request, version, governorate=request.governorate,
               **{name: getattr(request, name) for name in REQUEST_FIELDS})
        changes = audit.diff(before, _snapshot(request))
        for name, values in (("needs", needs), ("goals", goals), ("co_requesters", co_requesters)):
            if values is None:
                continue
            manager = getattr(request, name)
            old = sorted(manager.values_list("pk", flat=True))
            manager.set(values)
            new = sorted(v.pk for v in values)
            if old != new:
                changes[name] = [old, new]
        search_index.index_object(request)
        audit.record(actor=actor, action="support.request.update", obj=request, changes=changes)
    return request


# --- moving --------------------------------------------------------------------------------------------------

def _reason(transition: Transition, reason):
    if not transition.reason_kind:
        if reason is not None:
            raise InvalidMove({"reason": _("This move takes no reason from a list: say why in the note.")})
        return None
    if reason is None or reason == "":
        raise InvalidMove({"reason": _("Choose a reason from the list.")})
    pk = reason.pk if isinstance(reason, Reason) else reason
    found = Reason.objects.filter(pk=pk, kind=transition.reason_kind, active=True).first() if str(pk).isdigit() \
        else None
    if found is None:
        raise InvalidMove({"reason": _("Choose a reason from the list for this move.")})
    return found


def _merge_target(actor, request: SupportRequest, merged_into):
    if merged_into is None:
        raise InvalidMove({"merged_into": _("Say which open request this one duplicates.")})
    visible = permissions.requests_visible_to(actor, SupportRequest.objects.filter(pk=merged_into.pk)).exists()
    if (not visible or merged_into.pk == request.pk or merged_into.stage in FINAL_STAGES
            or merged_into.stage == Stage.DRAFT or merged_into.hub_id != request.hub_id):
        raise InvalidMove({"merged_into": _("Choose another open request to the same hub.")})
    return merged_into


def move_request(*, actor, request: SupportRequest, to_stage: str, version: int, reason=None, note: str = "",
                 merged_into=None, redirected_to=None) -> SupportRequest:
    """Move a request along an allowed `Transition`, as one of its movers, with the reason its row asks for;
    records a RequestStep (who, when, reason, note), sets the clocks' timestamps, runs the triage checks on
    entering triage and marks the needs as being addressed when it is accepted."""
    if not permissions.requests_visible_to(actor, SupportRequest.objects.filter(pk=request.pk)).exists():
        raise MoveRefused(_("You may not move this request."))
    current = SupportRequest.objects.filter(pk=request.pk).values(
        "stage", "version", *CLOCK_FIELDS).first()
    if current is None or current["version"] != version:
        raise _stale(request.pk)
    from_stage = current["stage"]
    transition = Transition.objects.filter(from_stage=from_stage, to_stage=to_stage).first()
    if transition is None:
        raise InvalidMove(_("A request cannot move from “%(src)s” to “%(dst)s”.") % {
            "src": Stage(from_stage).label, "dst": Stage(to_stage).label if to_stage in Stage.values else to_stage})
    if not set(transition.movers) & permissions.mover_roles(actor, request):
        raise MoveRefused(_("You may not move this request to “%(dst)s”.") % {"dst": Stage(to_stage).label})
    reason = _reason(transition, reason)
    values = {"stage": to_stage, "merged_into": None, "redirected_to": None}
    if to_stage == Stage.MERGED:
        values["merged_into"] = _merge_target(actor, request, merged_into)
    elif merged_into is not None:
        raise InvalidMove({"merged_into": _("Only a merge names another request.")})
    if to_stage == Stage.REDIRECTED:
        if not isinstance(redirected_to, Organisation) or redirected_to.pk == request.hub_id:
            raise InvalidMove({"redirected_to": _("Say which organisation the request is redirected to.")})
        values["redirected_to"] = redirected_to
    elif redirected_to is not None:
        raise InvalidMove({"redirected_to": _("Only a redirection names another organisation.")})
    note = (note or "").strip()
    check_free_text(actor=actor, record=request, fields={"note": note})
    now = timezone.now()
    for field, applies in (
        ("submitted_at", to_stage == Stage.SUBMITTED),
        ("acknowledged_at", from_stage == Stage.SUBMITTED),
        ("triaged_at", to_stage in TRIAGE_DECISIONS),
        ("delivery_started_at", to_stage == Stage.IN_DELIVERY),
        ("delivered_at", to_stage == Stage.DELIVERED),
        ("closed_at", to_stage in FINAL_STAGES),
    ):
        if applies and current[field] is None:
            values[field] = now
    with transaction.atomic():
        _guard(request, version, **values)
        for field, value in values.items():
            setattr(request, field, value)
        step = RequestStep.objects.create(request=request, from_stage=from_stage, to_stage=to_stage,
                                          actor=_user(actor), at=now, reason=reason, note=note)
        audit.record(actor=actor, action="support.request.move", obj=request, changes={
            "stage": [from_stage, to_stage], **({"reason": reason.code} if reason else {}),
            **({"note": note} if note else {}),
            **({"merged_into": values["merged_into"].reference} if values["merged_into"] else {}),
            **({"redirected_to": str(values["redirected_to"])} if values["redirected_to"] else {})})
        request.due_on = next_due([request])[request.pk]
        SupportRequest.objects.filter(pk=request.pk).update(due_on=request.due_on)
        if to_stage == Stage.ACCEPTED:
            _address_needs(actor, request)
        if to_stage == Stage.TRIAGE:
            _store_triage(actor, request)
        if notices is not None and hasattr(notices, "request_moved"):
            notices.request_moved(actor=actor, request=request, step=step)
    return request


def _address_needs(actor, request: SupportRequest) -> None:
    reason = _("Request %(reference)s was accepted.") % {"reference": request.reference}
    for need in request.needs.filter(status__in=[NeedStatus.IDENTIFIED, NeedStatus.VALIDATED]):
        _move_need(actor, need, NeedStatus.BEING_ADDRESSED, reason)


def _store_triage(actor, request: SupportRequest) -> dict:
    from ..triage import triage_checks

    checks = triage_checks(request)
    SupportRequest.objects.filter(pk=request.pk).update(triage=checks)
    request.triage = checks
    audit.record(actor=actor, action="support.request.triage", obj=request,
                 changes={"checks": {name: check.get("ok") for name, check in checks.items()
                                     if isinstance(check, dict)}})
    return checks


def run_triage(*, actor, request: SupportRequest) -> dict:
    """Run the triage checks again and store them with the request (`request.triage`)."""
    if not permissions.can(actor, "triage", request):
        raise PermissionDenied(_("You may not triage this request."))
    with transaction.atomic():
        return _store_triage(actor, request)


def assign_request(*, actor, request: SupportRequest, user) -> SupportRequest:
    """Give the request to one of its hub's experts (None: to nobody)."""
    if not permissions.can(actor, "assign", request):
        raise PermissionDenied(_("You may not assign this request."))
    if user is not None and not (is_system(user) is False and user.is_active and user.memberships.filter(
            organisation_id=request.hub_id, role=Role.HUB_EXPERT).exists()):
        raise ValidationError({"assigned_to": _("Choose an expert of the hub asked.")})
    with transaction.atomic():
        before = request.assigned_to
        SupportRequest.objects.filter(pk=request.pk).update(assigned_to=user, updated_at=timezone.now())
        request.assigned_to = user
        audit.record(actor=actor, action="support.request.assign", obj=request,
                     changes=audit.diff({"assigned_to": before}, {"assigned_to": user}))
        if user is not None and user != before and notices is not None and hasattr(notices, "request_assigned"):
            notices.request_assigned(actor=actor, request=request)
    return request
