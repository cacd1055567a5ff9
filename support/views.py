"""Pages of the support desk: the locality's needs and requests, a request's page (timeline, clocks, moves,
triage, matches, referrals, delivery log, outcome), the hub's queue, the expert pool, the who-does-what-where
register and the public counts.

Every read goes through one of `support.permissions.…_visible_to` (a record the reader may not see answers 404
through `core.access.withheld`); a partner to which part of a request was referred sees only the referral and
the request's title, place, type and result wanted (`permissions.sees_request_in_full`). Every write goes through
`support.services`; a refused move is recorded through `core.access.refused`.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.choices import Role
from core.access import refused, withheld
from core.forms import add_service_errors
from core.htmx import paginate, render_page
from core.idempotency import already_created, create_once
from plans.permissions import actions_visible_to
from plans.spreadsheet.cells import formula_safe

from . import permissions, queries
from .choices import (
    FINAL_STAGES,
    CandidateKind,
    CandidateStatus,
    NeedStatus,
    ReasonKind,
    RequestType,
    Stage,
    SupportLanguage,
    Theme,
)
from .clocks import clock_states
from .filters import ExpertFilterSet, NeedFilterSet, ReferralFilterSet, RegisterFilter, RequestFilterSet
from .forms import (
    CandidateDecisionForm,
    CountFormSet,
    EngagementForm,
    EvidenceForm,
    ExpertForm,
    MoveForm,
    NeedForm,
    NeedStatusForm,
    NextStepFormSet,
    OutcomeCheckForm,
    OutcomeForm,
    ReferralAnswerForm,
    ReferralForm,
    RequestForm,
    rows_of,
)
from .models import (
    Candidate,
    Engagement,
    Expert,
    Need,
    NeedEvidence,
    OutcomeCheck,
    Reason,
    Referral,
    SupportRequest,
)
from .services.requests import StaleRequest

PAGE_SIZE = 25
QUEUE_TABS = ("all", "triage", "overdue", "no_outcome")
QUEUE_SIZE = 500  # rows a queue tab lists (oldest first); the count says how many there are


def _services(name: str):
    """A module of `support.services` (needs, requests, delivery, matching), read when a page writes."""
    return importlib.import_module(f"support.services.{name}")


def _messages_of(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


def _sent_before(request, record):
    messages.info(request, _("This form was already saved; nothing was added twice."))
    return redirect(record)


# --- reading records -----------------------------------------------------------------------------------------

def _need(request, pk) -> Need:
    need = permissions.needs_visible_to(request.user, Need.objects.filter(pk=pk)).select_related(
        "place", "governorate", "owner", "hub").first()
    if need is None:
        raise withheld(request, Need, pk, _("No such need, or you may not see it."))
    return need


def _request(request, pk) -> SupportRequest:
    found = permissions.requests_visible_to(request.user, SupportRequest.objects.filter(pk=pk)).select_related(
        "place", "governorate", "requester", "hub", "assigned_to").first()
    if found is None:
        raise withheld(request, SupportRequest, pk, _("No such request, or you may not see it."))
    return found


def _full_request(request, pk) -> SupportRequest:
    """The request for those who see it whole; a partner (who sees only what was referred) gets 404 here."""
    found = _request(request, pk)
    if not permissions.sees_request_in_full(request.user, found):
        raise withheld(request, SupportRequest, pk, _("No such request, or you may not see it."))
    return found


def _referral(request, pk) -> Referral:
    found = permissions.referrals_visible_to(request.user, Referral.objects.filter(pk=pk)).select_related(
        "request__place", "partner", "reason", "created_by").first()
    if found is None:
        raise withheld(request, Referral, pk, _("No such referral, or you may not see it."))
    return found


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _clock_states(requests) -> dict:
    return clock_states(requests) if requests else {}


def _desk_user(user) -> bool:
    return permissions.sees_all(user) or permissions.is_hub_expert(user)


# --- entry -----------------------------------------------------------------------------------------------------

@login_required
def home(request):
    """The menu's "Support desk": the hub's queue for its experts and coordinators, the locality's requests for
    everyone else."""
    if _desk_user(request.user):
        return redirect("support:queue")
    return redirect("support:requests")


# --- needs -----------------------------------------------------------------------------------------------------

@login_required
def need_list(request):
    base = permissions.needs_visible_to(request.user, Need.objects.all())
    filterset = NeedFilterSet(request.GET or None, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_bound else base
    queryset = queryset.select_related("place", "governorate", "owner").order_by("-severity", "priority_rank",
                                                                                  "-created_at", "-pk")
    listing = paginate(request, queryset, PAGE_SIZE)
    context = {"filterset": filterset, "needs": listing["page"].object_list,
               "can_create": permissions.can(request.user, "create_need"),
               "can_import": permissions.can(request.user, "import_needs"), **listing}
    return render_page(request, "support/needs.html", "support/_need_results.html", context)


@login_required
def need_detail(request, pk):
    need = _need(request, pk)
    user = request.user
    can_change = permissions.can(user, "change_need", need)
    context = {
        "need": need,
        "goals": need.goals.select_related("framework").order_by("framework__slug", "position"),
        "groups": _group_labels(need.groups),
        "steps": need.steps.select_related("actor"),
        "evidence": need.evidence.all(),
        "actions": actions_visible_to(user, need.actions.all()).select_related("plan"),
        "requests": permissions.requests_visible_to(user, need.requests.all()).select_related("place"),
        "can_change": can_change,
        "status_form": NeedStatusForm(need=need) if can_change else None,
        "evidence_form": EvidenceForm() if can_change else None,
        "can_request": permissions.can(user, "create_request") and need.owner_id in user.organisation_ids(),
    }
    return render(request, "support/need.html", context)


def _group_labels(codes) -> list[str]:
    from .choices import AffectedGroup

    labels = dict(AffectedGroup.choices)
    return [str(labels.get(code, code)) for code in codes or []]


def _save_form(request, form, obj, *, create, update, created_message: str, what: str, field: str, stale=None):
    """The one save of a desk form page: create once (a form posted twice creates one record) or update; a
    service's refusal lands on the form (`field` for a permission refused, recorded through `core.access.refused`),
    a stale version (someone changed the record meanwhile) says so with what was typed kept. Returns a redirect
    when saved, else None (the page renders the form again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    try:
        if obj is None:
            created, _created = create_once(request, lambda: create(data))
            messages.success(request, created_message)
            return redirect(created)
        update(data)
    except ValidationError as exc:
        add_service_errors(form, exc)
    except PermissionDenied as exc:
        refused(request, what=what, obj=obj, reason=str(exc))
        form.add_error(field, str(exc))
    except StaleRequest:
        form.add_error(None, stale())  # only updates with a version raise it; they pass `stale`
    else:
        messages.success(request, _("Your changes were saved."))
        return redirect(obj)
    return None


def _need_form_page(request, need):
    if need is None and (done := already_created(request)) is not None:
        return _sent_before(request, done)
    form = NeedForm(request.POST or None, instance=need, user=request.user)
    needs = _services("needs")
    saved = _save_form(
        request, form, need, what="support.need.save", field="owner",
        created_message=_("The need was recorded."),
        create=lambda data: needs.create_need(actor=request.user, **data),
        update=lambda data: needs.update_need(actor=request.user, need=Need.objects.get(pk=need.pk), **data))
    return saved or render(request, "support/need_form.html", {"form": form, "need": need})


@login_required
def need_create(request):
    _require(permissions.can(request.user, "create_need"),
             _("Local focal points, hub experts and national coordinators record needs."))
    return _need_form_page(request, None)


@login_required
def need_edit(request, pk):
    need = _need(request, pk)
    _require(permissions.can(request.user, "change_need", need),
             _("A need changes by the organisation it was recorded for, or by its hub."))
    return _need_form_page(request, need)


@login_required
@require_POST
def need_status(request, pk):
    need = _need(request, pk)
    _require(permissions.can(request.user, "change_need", need),
             _("A need changes by the organisation it was recorded for, or by its hub."))
    form = NeedStatusForm(request.POST, need=need)
    if form.is_valid():
        try:
            _services("needs").change_need_status(actor=request.user, need=need, status=form.cleaned_data["status"],
                                                  reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as exc:
            refused(request, what="support.need.status", obj=need, reason=_messages_of(exc))
            messages.error(request, _messages_of(exc))
        else:
            messages.success(request, _("The need is now: %(status)s.") % {
                "status": NeedStatus(form.cleaned_data["status"]).label})
    else:
        errors = [str(e) for field in form for e in field.errors]
        messages.error(request, _("The status did not change: %(errors)s") % {"errors": " ".join(errors)})
    return redirect(need)


@login_required
@require_POST
def need_evidence(request, pk):
    need = _need(request, pk)
    _require(permissions.can(request.user, "change_need", need),
             _("A need changes by the organisation it was recorded for, or by its hub."))
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            _services("needs").add_need_evidence(actor=request.user, need=need, file=form.cleaned_data["file"],
                                                 title=form.cleaned_data["title"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _messages_of(exc))
        else:
            messages.success(request, _("The file was added."))
    else:
        errors = [str(e) for field in form for e in field.errors]
        messages.error(request, _("No file was added: %(errors)s") % {"errors": " ".join(errors)})
    return redirect(need)


def evidence_download(request, pk):
    visible = permissions.needs_visible_to(request.user, Need.objects.all()).values("pk")
    item = NeedEvidence.objects.filter(pk=pk, need__in=visible).first()
    if item is None:
        raise withheld(request, NeedEvidence, pk, _("No such file, or you may not see it."))
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The stored file is missing.")) from exc
    name = get_valid_filename(PurePath(item.file.name).name) or f"evidence-{item.pk}"
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- requests --------------------------------------------------------------------------------------------------

@login_required
def request_list(request):
    """The requests the reader sees: a locality's own (and those it co-requests), a hub's, a partner's referred
    ones; filters as in the API."""
    base = permissions.requests_visible_to(request.user, SupportRequest.objects.all())
    filterset = RequestFilterSet(request.GET or None, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_bound else base
    queryset = queryset.select_related("place", "governorate", "requester", "hub").order_by("-created_at", "-pk")
    listing = paginate(request, queryset, PAGE_SIZE)
    rows = list(listing["page"].object_list)
    full = _full_ids(request.user, rows)
    context = {"filterset": filterset, "requests": rows, "full": full, "clocks": _clock_states(rows),
               "can_create": permissions.can(request.user, "create_request"), **listing}
    return render_page(request, "support/requests.html", "support/_request_results.html", context)


def _full_ids(user, rows) -> set[int]:
    """Ids of the rows the user sees whole (a partner's referred requests show their title and place only)."""
    if permissions.sees_all(user):
        return {r.pk for r in rows}
    orgs, hubs = user.organisation_ids(), permissions.hub_ids(user)
    full = {r.pk for r in rows if r.requester_id in orgs or r.hub_id in hubs}
    rest = [r.pk for r in rows if r.pk not in full]
    if rest:
        full |= set(SupportRequest.objects.filter(pk__in=rest, co_requesters__in=orgs).values_list("pk", flat=True))
    return full


def _request_form_page(request, obj):
    if obj is None and (done := already_created(request)) is not None:
        return _sent_before(request, done)
    initial = None
    if obj is None and request.GET.get("need"):
        initial = {"needs": [n for n in request.GET.getlist("need") if n.isdigit()]}
    form = RequestForm(request.POST or None, instance=obj, user=request.user, initial=initial)
    requests = _services("requests")
    saved = _save_form(
        request, form, obj, what="support.request.save", field="requester",
        created_message=_("The request was saved as a draft. Submit it when it is complete."),
        create=lambda data: requests.create_request(actor=request.user, **data),
        update=lambda data: requests.update_request(
            actor=request.user, request=SupportRequest.objects.get(pk=obj.pk),
            version=int(request.POST.get("version") or obj.version), **data),
        stale=lambda: _stale_message(SupportRequest.objects.get(pk=obj.pk)))
    return saved or render(request, "support/request_form.html", {"form": form, "obj": obj})


@login_required
def request_create(request):
    _require(permissions.can(request.user, "create_request"),
             _("Local focal points, hub experts and national coordinators ask for support."))
    return _request_form_page(request, None)


@login_required
def request_edit(request, pk):
    obj = _full_request(request, pk)
    _require(permissions.can(request.user, "change_request", obj),
             _("A request changes while it is a draft or needs information, by the organisation that asks."))
    return _request_form_page(request, obj)


def _stale_message(current: SupportRequest) -> str:
    last = current.steps.select_related("actor").order_by("-at", "-pk").first()
    who = (last.actor.get_full_name() or last.actor.get_username()) if last and last.actor else _("someone")
    return _("%(who)s moved this request to “%(stage)s” meanwhile. The page now shows it as it is; what you "
             "typed is kept below.") % {"who": who, "stage": current.get_stage_display()}


def _moves(user, obj) -> list[dict]:
    """The moves the reader may make now, each with the reasons to choose from when it needs one."""
    transitions = list(queries.allowed_moves(user, obj))
    kinds = {t.reason_kind for t in transitions if t.reason_kind}
    by_kind: dict[str, list] = {}
    for reason in Reason.objects.filter(kind__in=kinds, active=True):
        by_kind.setdefault(reason.kind, []).append(reason)
    return [{"to": t.to_stage, "label": Stage(t.to_stage).label, "reason_kind": t.reason_kind,
             "reasons": by_kind.get(t.reason_kind, []),
             "danger": t.to_stage in FINAL_STAGES and t.to_stage != Stage.CLOSED} for t in transitions]


def _candidates(obj) -> list[dict]:
    """The matching panel: candidates by kind, each with its reasons in words (`support.matching.reason_text`)."""
    from .matching import reason_text

    groups = {kind: [] for kind in CandidateKind.values}
    rows = obj.candidates.select_related("practice", "expert__user", "organisation", "reason", "decided_by")
    for candidate in rows:
        texts = [reason_text(reason) for reason in candidate.reasons or [] if isinstance(reason, dict)]
        groups[candidate.kind].append({"candidate": candidate, "reasons": [t for t in texts if t]})
    return [{"kind": kind, "label": CandidateKind(kind).label, "rows": rows} for kind, rows in groups.items()]


def _triage_lines(obj) -> list[dict]:
    """The stored triage checks as sentences (`support.triage.describe`), each with whether it passed."""
    from .triage import describe

    return [{"name": name, "ok": ok, "text": text} for name, ok, text in describe(obj.triage or {})]


def _partner_page(request, obj):
    orgs = request.user.organisation_ids()
    referrals = obj.referrals.filter(partner__in=orgs).select_related("partner", "reason")
    return render(request, "support/request_partner.html", {"obj": obj, "referrals": referrals})


def request_context(request, obj, *, kept_note: str = "") -> dict:
    user = request.user
    steps = list(obj.steps.select_related("actor", "reason"))
    engagements = list(obj.engagements.prefetch_related("counts", "next_steps__owner", "practices"))
    outcome = getattr(obj, "outcome", None) if hasattr(obj, "outcome") else None
    try:
        outcome = obj.outcome
    except SupportRequest.outcome.RelatedObjectDoesNotExist:
        outcome = None
    return {
        "obj": obj,
        "needs": permissions.needs_visible_to(user, obj.needs.all()).select_related("place"),
        "goals": obj.goals.select_related("framework"),
        "co_requesters": obj.co_requesters.all(),
        "steps": steps,
        "clocks": _clock_states([obj]).get(obj.pk, []),
        "moves": _moves(user, obj),
        "kept_note": kept_note,
        "triage_lines": _triage_lines(obj),
        "can_triage": permissions.can(user, "triage", obj),
        "experts": _hub_experts(obj) if permissions.can(user, "assign", obj) else None,
        "can_match": permissions.can(user, "match", obj),
        "can_refer": permissions.can(user, "refer", obj),
        "can_log": permissions.can(user, "log_engagement", obj),
        "can_change": permissions.can(user, "change_request", obj),
        "can_outcome": permissions.can(user, "record_outcome", obj) and outcome is None
        and obj.stage in {Stage.DELIVERED, Stage.FOLLOW_UP},
        "can_outcome_check": permissions.can(user, "record_outcome", obj),
        "candidates": _candidates(obj),
        "reject_reasons": Reason.objects.filter(kind=ReasonKind.REJECT_MATCH, active=True),
        "referrals": obj.referrals.select_related("partner", "reason"),
        "engagements": engagements,
        "outcome": outcome,
        "checks": obj.outcome_checks.all(),
        "languages": obj.languages,
        "final": obj.stage in FINAL_STAGES,
    }


@login_required
def request_detail(request, pk):
    obj = _request(request, pk)
    if not permissions.sees_request_in_full(request.user, obj):
        return _partner_page(request, obj)
    return render(request, "support/request.html", request_context(request, obj))


@login_required
@require_POST
def request_move(request, pk):
    obj = _full_request(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That move is not known."))
        return redirect(obj)
    data = form.cleaned_data
    requests = _services("requests")
    try:
        requests.move_request(actor=request.user, request=obj, to_stage=data["to_stage"], version=data["version"],
                              reason=data["reason"], note=data["note"])
    except requests.StaleRequest:
        current = _request(request, pk)
        messages.warning(request, _stale_message(current))
        return render(request, "support/request.html", request_context(request, current, kept_note=data["note"]))
    except (requests.InvalidMove, ValidationError, PermissionDenied) as exc:
        refused(request, what=f"support.request.move:{data['to_stage']}", obj=obj, reason=_messages_of(exc))
        messages.error(request, _messages_of(exc))
    else:
        obj.refresh_from_db()
        messages.success(request, _("The request is now: %(stage)s.") % {"stage": obj.get_stage_display()})
    return redirect(obj)


def _hub_experts(obj):
    """The accounts a request may be assigned to: the hub's experts, by name."""
    from accounts.models import User

    return User.objects.filter(is_active=True, memberships__organisation=obj.hub_id,
                               memberships__role=Role.HUB_EXPERT).distinct().order_by("username")


@login_required
@require_POST
def request_assign(request, pk):
    """Give the request to one of its hub's experts (an empty choice: to nobody); the expert is told."""
    obj = _full_request(request, pk)
    _require(permissions.can(request.user, "assign", obj), _("The hub's experts assign its requests."))
    chosen = request.POST.get("user") or ""
    user = _hub_experts(obj).filter(pk=chosen).first() if chosen.isdigit() else None
    if chosen and user is None:
        messages.error(request, _("Choose an expert of the hub asked."))
        return redirect(obj)
    try:
        _services("requests").assign_request(actor=request.user, request=obj, user=user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _messages_of(exc))
    else:
        messages.success(request, _("Assigned to %(name)s.") % {"name": user} if user else _("No one is assigned now."))
    return redirect(obj)


@login_required
@require_POST
def request_suggest(request, pk):
    obj = _full_request(request, pk)
    _require(permissions.can(request.user, "match", obj), _("The hub's experts look for matches."))
    found = _services("matching").suggest_matches(actor=request.user, request=obj)
    messages.success(request, ngettext("%(n)s possible match was found.", "%(n)s possible matches were found.",
                                       len(found)) % {"n": len(found)})
    return redirect(reverse("support:request", args=[obj.pk]) + "#matches")


@login_required
@require_POST
def candidate_decide(request, pk):
    visible = permissions.requests_visible_to(request.user, SupportRequest.objects.all())
    candidate = Candidate.objects.filter(pk=pk, request__in=visible).select_related("request").first()
    if candidate is None or not permissions.sees_request_in_full(request.user, candidate.request):
        raise withheld(request, Candidate, pk, _("No such match, or you may not see it."))
    obj = candidate.request
    _require(permissions.can(request.user, "match", obj), _("The hub's experts decide on matches."))
    form = CandidateDecisionForm(request.POST)
    back = redirect(reverse("support:request", args=[obj.pk]) + "#matches")
    if not form.is_valid():
        errors = [str(e) for field in form for e in field.errors] + [str(e) for e in form.non_field_errors()]
        messages.error(request, " ".join(errors))
        return back
    matching = _services("matching")
    data = form.cleaned_data
    try:
        if data["decision"] == "propose":
            matching.propose_match(actor=request.user, candidate=candidate)
        else:
            matching.decide_match(actor=request.user, candidate=candidate, accept=data["decision"] == "accept",
                                  reason=data["reason"], note=data["note"])
    except (ValidationError, PermissionDenied) as exc:
        refused(request, what=f"support.match.{data['decision']}", obj=candidate, reason=_messages_of(exc))
        messages.error(request, _messages_of(exc))
    else:
        candidate.refresh_from_db()
        messages.success(request, _("The match is now: %(status)s.") % {
            "status": CandidateStatus(candidate.status).label})
    return back


# --- referrals ---------------------------------------------------------------------------------------------------

@login_required
def request_refer(request, pk):
    obj = _full_request(request, pk)
    _require(permissions.can(request.user, "refer", obj), _("The hub's experts refer part of a request."))
    form = ReferralForm(request.POST or None, request_obj=obj)
    if request.method == "POST" and form.is_valid():
        try:
            _services("delivery").refer_request(actor=request.user, request=obj, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The referral was sent; the partner is asked to answer by the date set."))
            return redirect(reverse("support:request", args=[obj.pk]) + "#referrals")
    return render(request, "support/refer_form.html", {"form": form, "obj": obj})


@login_required
def referral_list(request):
    base = permissions.referrals_visible_to(request.user, Referral.objects.all())
    filterset = ReferralFilterSet(request.GET or None, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_bound else base
    queryset = queryset.select_related("request__place", "partner").order_by("-sent_at", "-pk")
    listing = paginate(request, queryset, PAGE_SIZE)
    context = {"filterset": filterset, "referrals": listing["page"].object_list, **listing}
    return render_page(request, "support/referrals.html", "support/_referral_results.html", context)


@login_required
def referral_detail(request, pk):
    """The referral with the request's title, place, type and result wanted; the partner's answer form while it
    waits for one."""
    referral = _referral(request, pk)
    can_answer = (permissions.can(request.user, "answer_referral", referral)
                  and referral.status == "sent")
    form = ReferralAnswerForm(request.POST or None) if can_answer else None
    if request.method == "POST":
        _require(can_answer, _("Only the partner answers a referral, once."))
        if form.is_valid():
            try:
                _services("delivery").answer_referral(actor=request.user, referral=referral, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc) if isinstance(exc, ValidationError) else form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your answer was sent to the hub and the locality."))
                return redirect("support:referral", pk=referral.pk)
    return render(request, "support/referral.html", {
        "referral": referral, "obj": referral.request, "form": form,
        "full": permissions.sees_request_in_full(request.user, referral.request)})


# --- delivery and outcome --------------------------------------------------------------------------------------

@login_required
def engagement_create(request, pk):
    obj = _full_request(request, pk)
    _require(permissions.can(request.user, "log_engagement", obj), _("The hub's experts keep the delivery log."))
    if (done := already_created(request)) is not None:
        return _sent_before(request, done.request if isinstance(done, Engagement) else done)
    form = EngagementForm(request.POST or None, user=request.user)
    counts = CountFormSet(request.POST or None, prefix="counts")
    steps = NextStepFormSet(request.POST or None, prefix="steps")
    if request.method == "POST" and form.is_valid() and counts.is_valid() and steps.is_valid():
        next_steps = [{"party": s["party"], "owner": s["owner"], "text": s["text"], "due": s["due"]}
                      for s in rows_of(steps, "text")]
        try:
            create_once(request, lambda: _services("delivery").log_engagement(
                actor=request.user, request=obj, counts=rows_of(counts, "organisation_kind"),
                next_steps=next_steps, **form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The engagement was added to the delivery log."))
            return redirect(reverse("support:request", args=[obj.pk]) + "#delivery")
    return render(request, "support/engagement_form.html",
                  {"form": form, "counts": counts, "steps": steps, "obj": obj})


@login_required
def outcome_create(request, pk):
    obj = _full_request(request, pk)
    _require(permissions.can(request.user, "record_outcome", obj),
             _("The requesting organisation says what the support changed."))
    form = OutcomeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            _services("delivery").record_outcome(actor=request.user, request=obj, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you: the outcome was recorded. The desk will ask again in 3 and "
                                        "6 months."))
            return redirect(reverse("support:request", args=[obj.pk]) + "#outcome")
    return render(request, "support/outcome_form.html", {"form": form, "obj": obj})


@login_required
def outcome_check(request, pk):
    visible = permissions.requests_visible_to(request.user, SupportRequest.objects.all())
    check = OutcomeCheck.objects.filter(pk=pk, request__in=visible).select_related("request").first()
    if check is None or not permissions.sees_request_in_full(request.user, check.request):
        raise withheld(request, OutcomeCheck, pk, _("No such outcome check, or you may not see it."))
    obj = check.request
    _require(permissions.can(request.user, "record_outcome", obj) and check.answered_at is None,
             _("The requesting organisation answers an outcome check, once."))
    form = OutcomeCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _services("delivery").answer_outcome_check(actor=request.user, check=check, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you: your answer was recorded."))
            return redirect(reverse("support:request", args=[obj.pk]) + "#outcome")
    return render(request, "support/outcome_check_form.html", {"form": form, "obj": obj, "check": check})


# --- the hub's queue ---------------------------------------------------------------------------------------------

@login_required
def queue(request):
    """The hub's queue: open requests by stage with their clock badges; tabs awaiting triage, overdue and
    delivered without an outcome."""
    user = request.user
    _require(_desk_user(user), _("The queue is the hub's experts' and national coordinators' page."))
    tab = request.GET.get("tab") if request.GET.get("tab") in QUEUE_TABS else "all"
    source = {"all": lambda: queries.hub_queue(user), "triage": lambda: queries.awaiting_triage(user),
              "overdue": lambda: queries.overdue(user),
              "no_outcome": lambda: queries.delivered_without_outcome(user)}[tab]()
    rows = list(source[:QUEUE_SIZE])
    clocks = _clock_states(rows)
    by_stage = []
    for stage in Stage:
        members = [r for r in rows if r.stage == stage]
        if members:
            by_stage.append({"stage": stage, "label": stage.label, "rows": members})
    context = {"tab": tab, "by_stage": by_stage, "total": len(rows), "clocks": clocks,
               "tabs": [("all", _("Open requests")), ("triage", _("Awaiting triage")), ("overdue", _("Overdue")),
                        ("no_outcome", _("Delivered without an outcome"))]}
    return render(request, "support/queue.html", context)


# --- the expert pool -----------------------------------------------------------------------------------------------

@login_required
def expert_list(request):
    user = request.user
    _require(_desk_user(user), _("The expert pool is kept by the hub's experts and national coordinators."))
    base = permissions.experts_visible_to(user, Expert.objects.all())
    filterset = ExpertFilterSet(request.GET or None, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_bound else base
    queryset = queryset.select_related("hub", "user").prefetch_related("places", "goals__framework")
    listing = paginate(request, queryset, PAGE_SIZE)
    themes, languages = dict(Theme.choices), dict(SupportLanguage.choices)
    experts = list(listing["page"].object_list)
    for expert in experts:
        expert.theme_labels = [themes.get(t, t) for t in expert.themes or []]
        expert.language_labels = [languages.get(code, code) for code in expert.languages or []]
    context = {"filterset": filterset, "experts": experts,
               "can_add": permissions.can(user, "manage_experts", None) or permissions.is_hub_expert(user),
               **listing}
    return render_page(request, "support/experts.html", "support/_expert_results.html", context)


def _expert_form_page(request, expert):
    if expert is None and already_created(request) is not None:
        messages.info(request, _("This form was already saved; nothing was added twice."))
        return redirect("support:experts")
    form = ExpertForm(request.POST or None, user=request.user, expert=expert)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        _require(permissions.can(request.user, "manage_experts", data["hub"]),
                 _("A hub's experts keep its pool."))
        matching = _services("matching")
        try:
            if expert is None:
                create_once(request, lambda: matching.save_expert(actor=request.user, **data))
            else:
                matching.save_expert(actor=request.user, expert=expert, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The expert pool was saved."))
            return redirect("support:experts")
    return render(request, "support/expert_form.html", {"form": form, "expert": expert})


@login_required
def expert_create(request):
    _require(_desk_user(request.user), _("A hub's experts keep its pool."))
    return _expert_form_page(request, None)


@login_required
def expert_edit(request, pk):
    expert = permissions.experts_visible_to(request.user, Expert.objects.filter(pk=pk)).select_related(
        "hub", "user").first()
    if expert is None:
        raise withheld(request, Expert, pk, _("No such expert, or you may not see it."))
    _require(permissions.can(request.user, "manage_experts", expert.hub), _("A hub's experts keep its pool."))
    return _expert_form_page(request, expert)


# --- the who-does-what-where register ---------------------------------------------------------------------------------

REGISTER_COLUMNS = ("title", "place", "goal", "organisation", "period", "source")


def _register_rows(user, filters: dict) -> list[dict]:
    """The register's rows (`support.queries.register_rows`) with what the table shows: the period in words, the
    source in words and the record's page."""
    from .queries import register_rows

    year = filters.get("year")
    rows = register_rows(user, place=filters.get("governorate"), goal=filters.get("goal"),
                         organisation=filters.get("organisation"),
                         period_start=dt.date(year, 1, 1) if year else None,
                         period_end=dt.date(year, 12, 31) if year else None)
    sources = {"action": _("Plan action"), "request": _("Support delivered"), "practice": _("Published practice")}
    pages = {"action": "plans:detail", "request": "support:request", "practice": "practices:detail"}
    for row in rows:
        start, end = row.get("start"), row.get("end")
        row["period"] = "–".join([f"{start:%Y}" if start else "…", f"{end:%Y}" if end else "…"])
        row["source_label"] = sources.get(row["source"], row["source"])
        row["goal_text"] = " ".join(filter(None, [str(row.get("goal") or ""), row.get("goal_title") or ""]))
        row["url"] = _register_url(pages.get(row["source"]), row)
    return rows


def _register_url(name, row) -> str:
    if name is None or not row.get("id"):
        return ""
    if row["source"] == "action":
        from plans.models import Action

        plan_id = Action.objects.filter(pk=row["id"]).values_list("plan_id", flat=True).first()
        return reverse(name, args=[plan_id]) + f"#action-{row['id']}" if plan_id else ""
    return reverse(name, args=[row["id"]])


@login_required
def register(request):
    user = request.user
    _require(permissions.can(user, "view_register"), _("The register is for the desk's organisations."))
    filterset = RegisterFilter(request.GET.copy() if any(k != "format" for k in request.GET) else None)
    if filterset.is_bound:
        filterset.form.data.pop("format", None)
    rows = _register_rows(user, filterset.filters)
    if request.GET.get("format") == "csv":
        return _register_csv(rows)
    listing = paginate(request, rows, 50)
    context = {"filterset": filterset, "rows": listing["page"].object_list, **listing}
    return render_page(request, "support/register.html", "support/_register_results.html", context)


def _register_csv(rows) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Place"), _("Framework goal"), _("Organisation"), _("Period"), _("Source"), _("What")])
    for row in rows:
        writer.writerow([formula_safe(str(row.get(key) or "")) for key in
                         ("place", "goal_text", "organisation", "period", "source_label", "title")])
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="who-does-what-where-'
                                       f'{timezone.localdate():%Y-%m-%d}.csv"')
    return response


# --- the public page --------------------------------------------------------------------------------------------

def public_tables() -> dict:
    """The public page's (and the API's) figures: {"total", "min_cell", "tables": [{key, title, column, rows}]}
    from `support.queries.public_counts()`, whose small groups are already hidden (None, shown as "< k")."""
    from core.privacy import min_cell_size

    counts = queries.public_counts()
    k = min_cell_size()
    places = counts.get("governorates", {})
    by_governorate = {(places[key].name if key in places else key): value
                      for key, value in counts.get("by_governorate", {}).items()}
    tables = [
        {"key": "governorate", "title": _("By governorate"), "column": _("Governorate"),
         "rows": _count_rows(by_governorate, k)},
        {"key": "type", "title": _("By type of support"), "column": _("Type of support"),
         "rows": _count_rows(counts.get("by_type", {}), k, RequestType)},
        {"key": "stage", "title": _("By stage"), "column": _("Stage"),
         "rows": _count_rows(counts.get("by_stage", {}), k, Stage)},
    ]
    submitted = sum(v for v in counts.get("by_type", {}).values() if v)
    return {"tables": tables, "total": counts.get("total"), "any": bool(counts.get("by_type")),
            "submitted": submitted, "min_cell": k}


def public(request):
    """Aggregate counts only (requests by governorate, type and stage), small groups hidden: for everyone."""
    return render(request, "support/public.html", public_tables())


def _count_rows(counts: dict, k: int, choices=None) -> list[tuple[str, object]]:
    """[(label, count or "< k")], largest first; a key that is a choice's code reads as its label."""
    labels = dict(choices.choices) if choices is not None else {}
    rows = [(str(labels.get(key, key)), count) for key, count in counts.items()]
    rows.sort(key=lambda row: (-(row[1] or 0), row[0]))
    return [(label, f"< {k}" if count is None else count) for label, count in rows]
