"""Pages of recommendations: the list, a recommendation's page (owners and responses, status, flag, quality,
computed progress, updates with evidence, timeline), its forms (create, edit, owners, respond, status, delay,
update, link or turn into a plan action, publish), the owners' queue, the quality queue and the public follow-up
(`events:accountability` across events, `events:event-follow-up` per event).

Every read goes through `events.permissions.…_visible_to` (a record the reader may not see answers 404 through
`core.access.withheld`); every write through `events.services`; a refused write is recorded through
`core.access.refused`. An owner not named in public shows to outsiders as its organisation type only; private
updates and private evidence are shown only to the recommendation's owners, managers and coordinators.
"""

from __future__ import annotations

import importlib
import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import OrganisationKind
from core.access import refused, withheld
from core.forms import add_service_errors
from core.htmx import paginate, render_page
from core.idempotency import already_created, create_once
from plans.permissions import actions_visible_to

from . import permissions, queries
from .choices import CLOSED_STATUSES, Flag, OwnerRole, Quality, Response, SourceKind, Status
from .models import Event, Owner, Recommendation, Update, UpdateEvidence
from .progress import Computed, computed
from .quality import assess
from .queries import timeline
from .rec_filters import FollowUpFilterSet, RecommendationFilterSet
from .rec_forms import (
    CreateActionForm,
    DelayForm,
    LinkActionForm,
    OwnerFormSet,
    RecommendationForm,
    RespondForm,
    StatusForm,
    UpdateForm,
)
from .schedule import flags
from .services.common import StaleRecord

PAGE_SIZE = 25
QUEUE_SIZE = 300
_NONE = Computed(progress=None, last_update_on=None, carried=False)


def _services(name: str):
    """A module of `events.services` (recommendations, progress), read when a page writes."""
    return importlib.import_module(f"events.services.{name}")


def _messages_of(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- reading records -----------------------------------------------------------------------------------------

def _recommendation(request, pk) -> Recommendation:
    found = permissions.recommendations_visible_to(request.user, Recommendation.objects.filter(pk=pk)).select_related(
        "event", "steward", "successor", "support_request").first()
    if found is None:
        raise withheld(request, Recommendation, pk, _("No such recommendation, or you may not see it."))
    return found


def _event(request, pk) -> Event:
    found = permissions.events_visible_to(request.user, Event.objects.filter(pk=pk)).first()
    if found is None:
        raise withheld(request, Event, pk, _("No such event, or you may not see it."))
    return found


def _inside_ids(user, ids) -> set[int]:
    """Of these recommendations, those the user sees from inside (owner, manager, coordinator): private owners
    by name, private updates and evidence."""
    if permissions.sees_all(user):
        return set(ids)
    if not getattr(user, "is_authenticated", False):
        return set()
    scope = Recommendation.objects.filter(pk__in=ids)
    return (set(permissions.owned_by(user, scope).values_list("pk", flat=True))
            | set(permissions.managed_by(user, scope).values_list("pk", flat=True)))


def _owner_line(owner: Owner, inside: bool) -> dict:
    """An owner as this reader may see it: the organisation, or only its type when it is not named in public."""
    named = inside or owner.is_public
    return {"owner": owner, "named": named, "name": owner.organisation.name if named else "",
            "kind": OrganisationKind(owner.organisation.kind).label if owner.organisation.kind else "",
            "role": owner.get_role_display(), "response": owner.get_response_display(),
            "reason": owner.response_reason if named else ""}


def _owners_prefetch():
    return Prefetch("owners", queryset=Owner.objects.select_related("organisation").order_by("role", "pk"))


def _lead(owners) -> Owner | None:
    return next((o for o in owners if o.role == OwnerRole.LEAD), None)


def _flags(recommendations, today=None) -> dict:
    return flags(recommendations, today=today) if recommendations else {}


def _progress(user, recommendations, inside: set[int]) -> dict:
    """{id: progress} as this reader may see it: computed (from the plan actions that carry it, else from its
    latest update) for readers inside it; for others from plan actions or its latest public update only."""
    if not recommendations:
        return {}
    figures = computed(recommendations)
    outside = [r.pk for r in recommendations if r.pk not in inside and not figures.get(r.pk, _NONE).carried]
    result = {pk: f.progress for pk, f in figures.items()}
    if outside:
        latest = Update.objects.filter(recommendation=OuterRef("pk"), is_public=True, progress__isnull=False
                                       ).order_by("-date", "-pk")
        result.update(Recommendation.objects.filter(pk__in=outside).annotate(
            shown=Subquery(latest.values("progress")[:1])).values_list("pk", "shown"))
    return result


def _flag_label(flag) -> str:
    return Flag(flag).label if flag else ""


def _rows(user, recommendations) -> list[dict]:
    """A list's rows: each recommendation with its owners as the reader may see them, its lead's response, its
    flag and progress (fixed query count)."""
    recommendations = list(recommendations)
    ids = [r.pk for r in recommendations]
    inside = _inside_ids(user, ids)
    flags, progress = _flags(recommendations), _progress(user, recommendations, inside)
    rows = []
    for rec in recommendations:
        owners = list(rec.owners.all())
        lead = _lead(owners)
        rows.append({"rec": rec, "inside": rec.pk in inside,
                     "owners": [_owner_line(o, rec.pk in inside) for o in owners],
                     "response": lead.get_response_display() if lead else "",
                     "flag": flags.get(rec.pk), "flag_label": _flag_label(flags.get(rec.pk)),
                     "progress": progress.get(rec.pk, rec.progress)})
    return rows


# --- the list --------------------------------------------------------------------------------------------------

def recommendation_list(request):
    """The recommendations the reader sees (anonymous readers: the published ones), with the list's filters."""
    base = permissions.recommendations_visible_to(request.user, Recommendation.objects.all())
    filterset = RecommendationFilterSet(request.GET or None, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_bound else base
    queryset = queryset.select_related("event").prefetch_related(_owners_prefetch()).order_by(
        "-issued_on", "event_id", "position", "pk")
    listing = paginate(request, queryset, PAGE_SIZE)
    context = {"filterset": filterset, "rows": _rows(request.user, listing["page"].object_list),
               "can_create": permissions.can(request.user, "add_recommendation"), **listing}
    return render_page(request, "events/recommendations.html", "events/_rec_results.html", context)


# --- a recommendation's page ------------------------------------------------------------------------------------

def _updates(user, rec) -> list[dict]:
    updates = permissions.updates_visible_to(user, rec.updates.all()).select_related("organisation")
    visible = permissions.evidence_visible_to(user, UpdateEvidence.objects.filter(update__recommendation=rec))
    files: dict[int, list] = {}
    for item in visible.order_by("pk"):
        files.setdefault(item.update_id, []).append(item)
    return [{"update": u, "evidence": files.get(u.pk, [])} for u in updates]


def _linked_actions(user, rec):
    return actions_visible_to(user, rec.actions.all()).select_related("plan").order_by("plan_id", "position", "pk")


def _quality_missing(rec) -> list[str]:
    labels = dict(Quality.choices)
    return [str(labels.get(code, code)) for code in rec.quality_missing or []]


def recommendation_context(request, rec) -> dict:
    user = request.user
    inside = bool(_inside_ids(user, [rec.pk]))
    # The check as it is now: an indicator added to a linked plan action counts at once (the plans' services do
    # not know the recommendation; the stored score catches up at its next write or the daily refresh).
    rec.quality, rec.quality_missing = assess(rec)
    owners = list(rec.owners.select_related("organisation").order_by("role", "pk"))
    my_orgs = user.organisation_ids() if user.is_authenticated else set()
    can_respond_all = permissions.sees_all(user)
    flag = _flags([rec]).get(rec.pk)
    actions = list(_linked_actions(user, rec))
    can_change = permissions.can(user, "change_recommendation", rec)
    return {
        "rec": rec,
        "inside": inside,
        "owners": [_owner_line(o, inside) | {"mine": o.organisation_id in my_orgs or can_respond_all}
                   for o in owners],
        "places": rec.places.select_related("parent").order_by("kind", "name_en"),
        "goals": rec.goals.select_related("framework").order_by("framework__slug", "position"),
        "paragraphs": rec.paragraphs.select_related("goal__framework").order_by("number"),
        "audiences": _audience_labels(rec.audiences),
        "flag": flag, "flag_label": _flag_label(flag),
        "progress": _progress(user, [rec], {rec.pk} if inside else set()).get(rec.pk),
        "actions": actions,
        "carried_by_actions": rec.action_links.exists(),
        "updates": _updates(user, rec),
        "steps": timeline(user, rec),
        "quality_missing": _quality_missing(rec),
        "can_change": can_change,
        "can_publish": permissions.can(user, "publish_recommendation", rec),
        "can_report": permissions.can(user, "report", rec),
        "can_set_status": permissions.can(user, "set_status", rec),
        "can_explain": permissions.can(user, "explain_delay", rec),
        "can_link": permissions.can(user, "link_action", rec),
        "closed": rec.status in CLOSED_STATUSES,
        "predecessors": permissions.recommendations_visible_to(user, rec.predecessors.all()),
    }


def _audience_labels(values) -> list[str]:
    from .choices import Audience

    labels = dict(Audience.choices)
    return [str(labels.get(v, v)) for v in values or []]


def recommendation_detail(request, pk):
    rec = _recommendation(request, pk)
    return render(request, "events/recommendation.html", recommendation_context(request, rec))


# --- create and edit ---------------------------------------------------------------------------------------------

def _form_page(request, template: str, context: dict):
    return render(request, template, context)


def _recommendation_form_page(request, rec, event):
    if rec is None and (done := already_created(request)) is not None:
        messages.info(request, _("This form was already saved; nothing was added twice."))
        return redirect(done)
    initial = {}
    if rec is None and event is None:
        source = request.GET.get("source")
        if source in SourceKind.values:
            initial["source_kind"] = source
        if (request_pk := request.GET.get("request", "")).isdigit():
            initial.update({"source_kind": SourceKind.SUPPORT_REQUEST, "support_request": int(request_pk)})
    if rec is None and event is not None:
        initial["lang"] = event.lang
    form = RecommendationForm(request.POST or None, instance=rec, user=request.user, event=event,
                              initial=initial or None)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        recommendations = _services("recommendations")
        try:
            if rec is None:
                if event is not None:
                    data["event"] = event
                    data["source_kind"] = SourceKind.EVENT
                created, _created = create_once(
                    request, lambda: recommendations.create_recommendation(actor=request.user, **data))
                messages.success(request, _("The recommendation was recorded. Name its owners now."))
                return redirect("events:owners", pk=created.pk)
            version = form.cleaned_data.get("version") or rec.version
            data.pop("support_request", None)  # where it came from is set when it is recorded
            recommendations.update_recommendation(actor=request.user, recommendation=Recommendation.objects.get(
                pk=rec.pk), version=version, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            refused(request, what="events.recommendation.save", obj=rec or event, reason=str(exc))
            form.add_error(None, str(exc))
        except StaleRecord as exc:
            form.add_error(None, _stale_text(exc))
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(rec)
    return render(request, "events/recommendation_form.html", {"form": form, "rec": rec, "event": event})


def _stale_text(exc) -> str:
    return _("%(why)s The page shows what you typed: check it against the saved record, then save again.") % {
        "why": _messages_of(exc)}


def _save(request, form, call, *, what: str, obj, message) -> bool:
    """The one save of a recommendation's small forms (response, status, delay): the service's refusal lands on the
    form (a permission refused is recorded through `core.access.refused`), a stale version says so. True when
    saved (the caller redirects), with `message` (a string, or a function of the cleaned data) shown."""
    if request.method != "POST" or not form.is_valid():
        return False
    data = dict(form.cleaned_data)
    try:
        call(data)
    except ValidationError as exc:
        add_service_errors(form, exc)
    except PermissionDenied as exc:
        refused(request, what=what, obj=obj, reason=str(exc))
        form.add_error(None, str(exc))
    except StaleRecord as exc:
        form.add_error(None, _stale_text(exc))
    else:
        messages.success(request, message(data) if callable(message) else message)
        return True
    return False


@login_required
def recommendation_create(request, pk=None):
    """A recommendation of an event (`pk`: the event), or from a support request, an evaluation or an outside
    document (no event)."""
    event = _event(request, pk) if pk is not None else None
    _require(permissions.can(request.user, "add_recommendation", event),
             _("An event's conveners and national coordinators record its recommendations."))
    return _recommendation_form_page(request, None, event)


@login_required
def recommendation_edit(request, pk):
    rec = _recommendation(request, pk)
    _require(permissions.can(request.user, "change_recommendation", rec),
             _("The event's conveners, the organisation that keeps the recommendation and national coordinators "
               "change it."))
    return _recommendation_form_page(request, rec, None)


# --- owners and responses ------------------------------------------------------------------------------------------

@login_required
def recommendation_owners(request, pk):
    rec = _recommendation(request, pk)
    _require(permissions.can(request.user, "change_recommendation", rec),
             _("The event's conveners, the organisation that keeps the recommendation and national coordinators "
               "name its owners."))
    current = list(rec.owners.select_related("organisation").order_by("role", "pk"))
    initial = [{"organisation": o.organisation_id, "role": o.role, "is_public": o.is_public} for o in current]
    # Every row is read, also one that matches its initial value (an owner that stays).
    formset = OwnerFormSet(request.POST or None, initial=initial, prefix="owners",
                           form_kwargs={"empty_permitted": False, "use_required_attribute": False})
    if request.method == "POST" and formset.is_valid():
        try:
            _services("recommendations").set_owners(actor=request.user, recommendation=rec, owners=formset.owners())
        except ValidationError as exc:
            formset._non_form_errors = formset.error_class(exc.messages)
        except PermissionDenied as exc:
            refused(request, what="events.recommendation.owners", obj=rec, reason=str(exc))
            formset._non_form_errors = formset.error_class([str(exc)])
        except StaleRecord as exc:
            formset._non_form_errors = formset.error_class([_stale_text(exc)])
        else:
            messages.success(request, _("The owners were saved; each is asked for its response."))
            return redirect(rec)
    return render(request, "events/recommendation_owners.html", {"formset": formset, "rec": rec,
                                                                  "current": current})


def _owner(request, pk) -> Owner:
    visible = permissions.recommendations_visible_to(request.user, Recommendation.objects.all())
    found = Owner.objects.filter(pk=pk, recommendation__in=visible).select_related(
        "organisation", "recommendation__event").first()
    if found is None:
        raise withheld(request, Owner, pk, _("No such owner, or you may not see it."))
    return found


@login_required
def respond(request, pk):
    """An owner answers for its own organisation only (and national coordinators for any)."""
    owner = _owner(request, pk)
    rec = owner.recommendation
    if not permissions.can(request.user, "respond", owner):
        refused(request, what="events.owner.respond", obj=owner, reason="not a member of the owner")
        raise PermissionDenied(_("Each organisation answers for itself only."))
    form = RespondForm(request.POST or None, initial={"response": owner.response if owner.response != Response.PENDING
                                                      else None, "reason": owner.response_reason})
    if _save(request, form, lambda data: _services("recommendations").respond(actor=request.user, owner=owner, **data),
             what="events.owner.respond", obj=owner, message=_("Your organisation's response was saved.")):
        return redirect(rec)
    return render(request, "events/recommendation_respond.html", {"form": form, "rec": rec, "owner": owner})


# --- status, delay, publish ----------------------------------------------------------------------------------------

@login_required
def recommendation_status(request, pk):
    rec = _recommendation(request, pk)
    _require(permissions.can(request.user, "set_status", rec),
             _("The lead organisation and the recommendation's managers set its status."))
    form = StatusForm(request.POST or None, user=request.user, recommendation=rec)
    if _save(request, form,
             lambda data: _services("recommendations").set_status(actor=request.user, recommendation=rec, **data),
             what="events.recommendation.status", obj=rec,
             message=lambda data: _("The recommendation is now: %(status)s.") % {"status": Status(data["status"]).label}):
        return redirect(rec)
    return render(request, "events/recommendation_status.html", {"form": form, "rec": rec})


@login_required
def recommendation_delay(request, pk):
    rec = _recommendation(request, pk)
    _require(permissions.can(request.user, "explain_delay", rec),
             _("The recommendation's owners and managers say why it is behind."))
    form = DelayForm(request.POST or None, initial={"reason": rec.behind_reason})
    if _save(request, form, lambda data: _services("recommendations").explain_delay(
            actor=request.user, recommendation=rec, reason=data["reason"]),
             what="events.recommendation.delay", obj=rec, message=_("The reason for the delay was saved.")):
        return redirect(rec)
    return render(request, "events/recommendation_delay.html", {"form": form, "rec": rec})


@login_required
@require_POST
def recommendation_publish(request, pk):
    rec = _recommendation(request, pk)
    _require(permissions.can(request.user, "publish_recommendation", rec),
             _("The event's conveners and national coordinators publish its recommendations."))
    is_public = request.POST.get("is_public") in {"1", "true", "on"}
    try:
        _services("recommendations").publish_recommendation(actor=request.user, recommendation=rec,
                                                            is_public=is_public)
    except (ValidationError, PermissionDenied) as exc:
        refused(request, what="events.recommendation.publish", obj=rec, reason=_messages_of(exc))
        messages.error(request, _messages_of(exc))
    else:
        messages.success(request, _("The recommendation is now public.") if is_public
                         else _("The recommendation is no longer public."))
    return redirect(rec)


# --- progress: updates, evidence, plan actions ------------------------------------------------------------------------

@login_required
def update_create(request, pk):
    rec = _recommendation(request, pk)
    _require(permissions.can(request.user, "report", rec),
             _("The recommendation's owners and managers report its progress."))
    if rec.action_links.exists():
        messages.info(request, _("Plan actions carry this recommendation: its progress comes from them. Report "
                                 "progress on the plan action."))
        return redirect(rec)
    form = UpdateForm(request.POST or None, request.FILES or None, user=request.user, recommendation=rec,
                      initial={"date": timezone.localdate(), "lang": rec.lang})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        evidence = form.evidence()
        for name in ("public_evidence", "private_evidence"):
            data.pop(name, None)
        try:
            _services("progress").add_update(actor=request.user, recommendation=rec, evidence=evidence, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            refused(request, what="events.update.create", obj=rec, reason=str(exc))
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The update was added."))
            return redirect(reverse("events:recommendation", args=[rec.pk]) + "#updates")
    return render(request, "events/recommendation_update.html", {"form": form, "rec": rec})


def evidence_download(request, pk):
    item = permissions.evidence_visible_to(request.user, UpdateEvidence.objects.filter(pk=pk)).first()
    if item is None:
        raise withheld(request, UpdateEvidence, pk, _("No such file, or you may not see it."))
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The stored file is missing.")) from exc
    name = get_valid_filename(item.name or PurePath(item.file.name).name) or f"evidence-{item.pk}"
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def link_action(request, pk):
    rec = _recommendation(request, pk)
    _require(permissions.can(request.user, "link_action", rec),
             _("The lead organisation and the recommendation's managers link it to plan actions."))
    form = LinkActionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            _services("progress").link_action(actor=request.user, recommendation=rec,
                                              action=form.cleaned_data["action"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            refused(request, what="events.recommendation.link", obj=rec, reason=str(exc))
            form.add_error("action", str(exc))
        else:
            messages.success(request, _("The plan action now carries this recommendation; its progress comes "
                                        "from the action."))
            return redirect(reverse("events:recommendation", args=[rec.pk]) + "#progress")
    return render(request, "events/recommendation_action.html", {"form": form, "rec": rec, "mode": "link"})


@login_required
def create_action(request, pk):
    """Turn the recommendation into an action of a plan the user may change: goals, lead, partners and due date
    come from the recommendation; the title is prefilled."""
    rec = _recommendation(request, pk)
    _require(permissions.can(request.user, "link_action", rec),
             _("The lead organisation and the recommendation's managers turn it into a plan action."))
    form = CreateActionForm(request.POST or None, user=request.user, recommendation=rec)
    if request.method == "POST" and form.is_valid():
        try:
            action = _services("progress").create_action_from_recommendation(
                actor=request.user, recommendation=rec, plan=form.cleaned_data["plan"],
                title=form.cleaned_data["title"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            refused(request, what="events.recommendation.create_action", obj=rec, reason=str(exc))
            form.add_error("plan", str(exc))
        else:
            messages.success(request, _("The action “%(title)s” was added to the plan; its progress now shows "
                                        "here.") % {"title": action.title})
            return redirect(reverse("events:recommendation", args=[rec.pk]) + "#progress")
    return render(request, "events/recommendation_action.html", {"form": form, "rec": rec, "mode": "create",
                                                                   "no_plans": not form.fields["plan"].queryset.exists()})


# --- queues ---------------------------------------------------------------------------------------------------------

@login_required
def queue(request):
    """The owners' queue: the open recommendations the user's organisations own, those still waiting for one of
    their responses first, then by due date, with their flags."""
    rows = queries.owners_queue(request.user)
    for rec in rows:
        rec.flag_label = _flag_label(rec.flag)
    return render(request, "events/queue.html", {
        "rows": rows[:QUEUE_SIZE], "total": len(rows), "waiting": sum(1 for r in rows if r.pending),
        "flagged": sum(1 for r in rows if r.flag in {Flag.BEHIND, Flag.OVERDUE, Flag.STALE})})


@login_required
def quality_queue(request):
    """Open recommendations the user manages that miss something for their follow-up (quality below 5), the
    lowest score first."""
    queryset = queries.quality_queue(request.user)
    rows = [{"rec": r, "missing": _quality_missing(r)} for r in queryset[:QUEUE_SIZE]]
    return render(request, "events/queue_quality.html", {"rows": rows, "total": queryset.count()})


# --- the public follow-up ---------------------------------------------------------------------------------------------

def _follow_up_page(request, event=None):
    filterset = FollowUpFilterSet(request.GET or None, queryset=Recommendation.objects.none(), request=request)
    filters = dict(filterset.form.cleaned_data) if filterset.is_bound and filterset.form.is_valid() else {}
    found = queries.accountability(request.user, event=event, **{k: v for k, v in filters.items() if v})
    listing = paginate(request, found.pages(), PAGE_SIZE)
    context = {"filterset": filterset, "rows": found.rows_for(listing["page"].object_list),
               "summary": found.summary, "event": event,
               "statuses": [{"value": value, "label": label, "count": found.summary.by_status.get(value, 0)}
                            for value, label in Status.choices],
               "list_url": (reverse("events:event-follow-up", args=[event.pk]) if event is not None
                            else reverse("events:accountability")), **listing}
    return render_page(request, "events/accountability.html", "events/_accountability_results.html", context)


def accountability(request):
    """The public follow-up across events: recommended → who committed → response → status → last update."""
    return _follow_up_page(request)


def event_follow_up(request, pk):
    event = _event(request, pk)
    if not event.is_public and not permissions.is_convener(request.user, event):
        raise withheld(request, Event, pk, _("No such event, or you may not see it."))
    return _follow_up_page(request, event)
