"""Pages of local action plans: the list, the plan page (action tree, timeline, progress, open issues), the
forms, the national overview, the coverage matrix (goal × governorate) and the actions behind each cell.

Whole plans go through `permissions.visible_to`, public summaries through `summary_visible_to`, actions through
`actions_visible_to`; every write through `plans.services`."""

from __future__ import annotations

import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import refused, withheld
from core.forms import add_service_errors
from core.htmx import paginate, render_page
from core.idempotency import already_created, create_once, new_token

from . import permissions, presenters, services
from .filters import ActionFilterSet, PlanFilterSet
from .forms import (
    ActionForm,
    ActionStatusForm,
    CommentForm,
    IndicatorForm,
    PartnerFormSet,
    PlanForm,
    ProgressForm,
    TransitionForm,
    partner_pairs,
)
from .models import (
    Action,
    ActionGoal,
    Evidence,
    Indicator,
    Plan,
    ProgressUpdate,
    national_framework_without_goals,
)

PAGE_SIZE = 20
ACTIONS_PAGE_SIZE = 50


# --- reading plans ---------------------------------------------------------------------------------------------

def _full_plan(request, pk) -> Plan:
    """The plan if the user may see it in full; 404 otherwise (its existence is not revealed)."""
    plan = permissions.visible_to(request.user, Plan.objects.filter(pk=pk)).select_related(
        "place", "governorate", "owner").first()
    if plan is None:
        raise withheld(request, Plan, pk, _("No such plan, or you may not see it."))
    return plan


def _action(request, pk) -> Action:
    action = permissions.actions_visible_to(request.user, Action.objects.filter(pk=pk)).select_related(
        "plan__place", "plan__governorate", "plan__owner").first()
    if action is None:
        raise withheld(request, Action, pk, _("No such action, or you may not see it."))
    return action


def _indicator(request, pk) -> Indicator:
    indicator = Indicator.objects.select_related("action__plan__governorate", "action__plan__owner").filter(
        pk=pk, action__in=permissions.actions_visible_to(request.user, Action.objects.all()).values("pk")).first()
    if indicator is None:
        raise withheld(request, Indicator, pk, _("No such indicator, or you may not see it."))
    return indicator


def _update(request, pk) -> ProgressUpdate:
    update = ProgressUpdate.objects.select_related("indicator__action__plan", "organisation").filter(
        pk=pk, indicator__action__in=permissions.actions_visible_to(request.user, Action.objects.all()).values("pk"),
    ).first()
    if update is None:
        raise withheld(request, ProgressUpdate, pk, _("No such progress update, or you may not see it."))
    return update


def _goals_to_enter(user):
    """The national strategy when it has no goal yet and the reader may enter goals (a coordinator): the plan
    list and the overview say so, with a link to the goal form. None otherwise."""
    from frameworks.permissions import can as can_framework

    if not can_framework(user, "create"):
        return None
    return national_framework_without_goals()


def plan_list(request):
    base = permissions.summary_visible_to(request.user, Plan.objects.all())
    filterset = PlanFilterSet(request.GET or None, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_bound else base
    queryset = queryset.select_related("place", "governorate", "owner").prefetch_related("frameworks")
    listing = paginate(request, queryset, PAGE_SIZE)
    plans = presenters.plan_rows(request.user, list(listing["page"].object_list))
    context = {
        "filterset": filterset,
        "plans": plans,
        "can_create": permissions.can_create(request.user),
        "goals_to_enter": _goals_to_enter(request.user),
        **listing,
    }
    return render_page(request, "plans/list.html", "plans/_results.html", context)


def plan_detail(request, pk):
    plan = permissions.summary_visible_to(request.user, Plan.objects.filter(pk=pk)).select_related(
        "place", "governorate", "owner").first()
    if plan is None:
        raise withheld(request, Plan, pk, _("No such plan, or you may not see it."))
    if not permissions.can(request.user, "view", plan):
        # A reader of a public plan: its summary, and nothing of its actions, budgets, partners or updates.
        return render(request, "plans/summary.html", presenters.plan_summary(plan))
    return render(request, "plans/detail.html", presenters.plan_page(request.user, plan))


# --- writing plans -----------------------------------------------------------------------------------------------

@login_required
def plan_create(request):
    if not permissions.can_create(request.user):
        raise PermissionDenied(_("Local focal points and national coordinators create plans."))
    if (done := already_created(request)) is not None:
        return _sent_before(request, done)
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        frameworks = data.pop("frameworks")
        try:
            plan, _created = create_once(request, lambda: services.create_plan(
                actor=request.user, frameworks=frameworks, **data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            refused(request, what="plan.create", reason=str(exc))
            form.add_error("owner", str(exc))
        else:
            messages.success(request, _("The plan was saved as a draft. Add its actions, then submit it."))
            return redirect(plan)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


@login_required
def plan_edit(request, pk):
    plan = _full_plan(request, pk)
    if not permissions.can(request.user, "change", plan):
        raise PermissionDenied(_("This plan changes only while a draft or when changes are requested, and only "
                                 "by its owner."))
    form = PlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        frameworks = data.pop("frameworks")
        try:
            services.update_plan(actor=request.user, plan=Plan.objects.get(pk=pk), frameworks=frameworks, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            refused(request, what="plan.update", obj=plan, reason=str(exc))
            form.add_error("owner", str(exc))
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(plan)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@login_required
@require_POST
def plan_transition(request, pk):
    plan = _full_plan(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That workflow step is not known."))
        return redirect(plan)
    try:
        services.transition_plan(actor=request.user, plan=plan, to_status=form.cleaned_data["to_status"],
                                 comment=form.cleaned_data["comment"])
    except (ValidationError, PermissionDenied) as exc:
        reason = " ".join(getattr(exc, "messages", [str(exc)]))
        refused(request, what=f"plan.transition:{form.cleaned_data['to_status']}", obj=plan, reason=reason)
        messages.error(request, reason)
    else:
        messages.success(request, _("The plan is now: %(status)s.") % {"status": plan.get_status_display()})
    return redirect(plan)


@login_required
@require_POST
def plan_publicity(request, pk):
    """Publish or withdraw the plan's summary: its owner and national coordinators, in any status."""
    plan = _full_plan(request, pk)
    services.set_public(actor=request.user, plan=plan, is_public=bool(request.POST.get("is_public")))
    if plan.is_public:
        messages.success(request, _("The plan's summary is public once the plan is approved: readers see its "
                                    "title, place, period, status, summary and progress, never its actions."))
    else:
        messages.success(request, _("The plan is no longer public."))
    return redirect(plan)


# --- actions ---------------------------------------------------------------------------------------------------

def _require_change(request, plan) -> None:
    if not permissions.can(request.user, "change", plan):
        raise PermissionDenied(_("This plan changes only while a draft or when changes are requested, and only "
                                 "by its owner."))


def _sent_before(request, record):
    """A create form sent again (Back, then Save): to what it created the first time, and nothing created twice."""
    messages.info(request, _("This form was already saved; nothing was added twice."))
    if isinstance(record, (Indicator, ProgressUpdate)):
        record = record.action if isinstance(record, Indicator) else record.indicator.action
    return redirect(record)


def _action_form_page(request, plan, action):
    if action is None and (done := already_created(request)) is not None:
        return _sent_before(request, done)
    initial = {"parent": request.GET.get("parent")} if action is None and request.GET.get("parent") else None
    form = ActionForm(request.POST or None, instance=action, plan=plan, user=request.user, initial=initial)
    initial = [{"organisation": p.organisation_id, "kind": p.kind} for p in action.partners.all()] if action else []
    formset = PartnerFormSet(request.POST or None, initial=initial, prefix="partners")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = dict(form.cleaned_data)
        goals, practices = data.pop("goals"), data.pop("practices")
        if action is not None and not data.get("ref"):
            data.pop("ref")
        try:
            if action is None:
                action, _created = create_once(request, lambda: services.create_action(
                    actor=request.user, plan=plan, goals=goals, practices=practices,
                    partners=partner_pairs(formset), **data))
                messages.success(request, _("The action was added."))
            else:
                action = services.update_action(actor=request.user, action=Action.objects.get(pk=action.pk),
                                                goals=goals, practices=practices, partners=partner_pairs(formset),
                                                **data)
                messages.success(request, _("Your changes were saved."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(action)
    return render(request, "plans/action_form.html",
                  {"form": form, "formset": formset, "plan": plan, "action": action})


@login_required
def action_create(request, pk):
    plan = _full_plan(request, pk)
    _require_change(request, plan)
    return _action_form_page(request, plan, None)


@login_required
def action_edit(request, pk):
    action = _action(request, pk)
    _require_change(request, action.plan)
    return _action_form_page(request, action.plan, action)


@login_required
def goal_suggestions(request, pk):
    """The goal-suggestion panel of the action form: which top-level goals of a framework the action's title and
    description serve, by the frameworks suggester. A read: the person chooses the goals in the form."""
    from frameworks.queries import suggester_for

    plan = _full_plan(request, pk)
    _require_change(request, plan)
    frameworks = presenters.suggestion_frameworks(plan)
    framework = next((f for f in frameworks if f.slug == request.GET.get("framework")),
                     frameworks[0] if frameworks else None)
    text = "\n".join(v.strip() for v in (request.GET.get(k, "") for k in ("title", "title_alt", "description"))
                     if v.strip())[:5000]
    chosen = {int(v) for v in request.GET.getlist("goals") if v.isdigit()}
    suggestions = []
    if text and framework is not None:
        goals = {g.number: g for g in framework.goals.filter(parent=None)}
        for found in suggester_for(framework).suggest(text, top_k=3 + len(chosen)):
            goal = goals.get(found.goal_number)
            if goal is not None and goal.pk not in chosen:
                suggestions.append({"goal": goal, "percent": round(found.confidence * 100), "reason": found.reason})
            if len(suggestions) == 3:
                break
    return render(request, "plans/_goal_suggestions.html", {
        "plan": plan, "frameworks": frameworks, "framework": framework, "suggestions": suggestions,
        "asked": bool(text)})


def _confirm(request, *, obj, kind, cancel, message) -> object:
    return render(request, "plans/confirm_delete.html",
                  {"obj": obj, "kind": kind, "cancel": cancel, "message": message})


@login_required
def action_delete(request, pk):
    action = _action(request, pk)
    _require_change(request, action.plan)
    plan = action.plan
    if request.method == "POST":
        services.delete_action(actor=request.user, action=action)
        messages.success(request, _("The action was deleted."))
        return redirect(plan)
    return _confirm(request, obj=action, kind=_("action"), cancel=action.get_absolute_url(),
                    message=_("Its sub-actions, indicators and progress updates are deleted with it."))


@login_required
def action_status(request, pk):
    action = _action(request, pk)
    if not permissions.can_report(request.user, action):
        raise PermissionDenied(_("The status of an action changes during implementation, by the organisations "
                                 "involved in it."))
    form = ActionStatusForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_action_status(actor=request.user, action=action, status=form.cleaned_data["status"],
                                       comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The action's status was changed."))
            return redirect(action)
    return render(request, "plans/action_status.html", {"form": form, "action": action, "plan": action.plan})


# --- comments on an action ----------------------------------------------------------------------------------

def _comment_thread(request, action, form=None):
    """The thread of one action with its form: the part of the plan page that htmx swaps after a comment."""
    from .review import attach_comments

    attach_comments(request.user, action.plan, [action])
    # A form shown afresh gets a new token (the one just sent created its comment); one with errors keeps it.
    return render(request, "plans/_comments.html", {
        "action": action, "plan": action.plan, "comment_form": form or CommentForm(), "open": True,
        "fresh_token": None if form is not None else new_token()})


def action_comments(request, pk):
    """An action's comments (GET: the thread; POST: add one). Readers of the whole plan read them; its owner's
    members and national coordinators write them (plans.permissions.can_comment)."""
    action = _action(request, pk)
    if request.method != "POST":
        return _comment_thread(request, action)
    if not request.user.is_authenticated:
        raise PermissionDenied(_("Log in to comment."))
    if not permissions.can_comment(request.user, action.plan):
        refused(request, what="action.comment", obj=action, reason="may not comment")
        raise PermissionDenied(_("Only the plan's owner and its reviewers comment on its actions."))
    htmx = bool(getattr(request, "htmx", False))
    if already_created(request) is not None:
        if htmx:
            return _comment_thread(request, action)
        messages.info(request, _("This form was already saved; nothing was added twice."))
        return redirect(action)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            create_once(request, lambda: services.add_comment(
                actor=request.user, action=action, text=form.cleaned_data["text"]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if htmx:
                return _comment_thread(request, action)
            messages.success(request, _("Your comment was added."))
            return redirect(action)
    if htmx:
        return _comment_thread(request, action, form)  # htmx swaps only a 2xx answer
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(action)


# --- indicators ----------------------------------------------------------------------------------------------

def _indicator_form_page(request, action, indicator):
    if indicator is None and (done := already_created(request)) is not None:
        return _sent_before(request, done)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            if indicator is None:
                create_once(request, lambda: services.create_indicator(actor=request.user, action=action,
                                                                       **form.cleaned_data))
                messages.success(request, _("The indicator was added."))
            else:
                services.update_indicator(actor=request.user, indicator=Indicator.objects.get(pk=indicator.pk),
                                          **form.cleaned_data)
                messages.success(request, _("Your changes were saved."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(action)
    return render(request, "plans/indicator_form.html",
                  {"form": form, "action": action, "plan": action.plan, "indicator": indicator})


@login_required
def indicator_create(request, pk):
    action = _action(request, pk)
    _require_change(request, action.plan)
    return _indicator_form_page(request, action, None)


@login_required
def indicator_edit(request, pk):
    indicator = _indicator(request, pk)
    _require_change(request, indicator.action.plan)
    return _indicator_form_page(request, indicator.action, indicator)


@login_required
def indicator_delete(request, pk):
    indicator = _indicator(request, pk)
    action = indicator.action
    _require_change(request, action.plan)
    if request.method == "POST":
        services.delete_indicator(actor=request.user, indicator=indicator)
        messages.success(request, _("The indicator was deleted."))
        return redirect(action)
    return _confirm(request, obj=indicator, kind=_("indicator"), cancel=action.get_absolute_url(),
                    message=_("Its progress updates are deleted with it."))


# --- progress ----------------------------------------------------------------------------------------------------

def _progress_form_page(request, indicator, update):
    if update is None and (done := already_created(request)) is not None:
        return _sent_before(request, done)
    action = indicator.action
    form = ProgressForm(request.POST or None, request.FILES or None, indicator=indicator, update=update)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {"date": data["date"], "value": data["value"], "narrative": data["narrative"],
                  "confirm_reason": data["confirm_reason"]}
        try:
            if update is None:
                create_once(request, lambda: services.add_progress(
                    actor=request.user, indicator=indicator, counts=form.counts(), evidence=data["evidence"],
                    **fields))
                messages.success(request, _("The progress update was saved."))
            else:
                services.update_progress(actor=request.user, update=update, counts=form.counts(),
                                         evidence=data["evidence"], **fields)
                messages.success(request, _("Your changes were saved."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(action)
    return render(request, "plans/progress_form.html", {
        "form": form, "indicator": indicator, "action": action, "plan": action.plan, "update": update,
        "evidence": list(update.evidence.all()) if update else [],
    })


@login_required
def progress_create(request, pk):
    indicator = _indicator(request, pk)
    if not permissions.can_report(request.user, indicator.action):
        raise PermissionDenied(_("Progress is reported once the plan is approved, by the organisations involved "
                                 "in the action."))
    return _progress_form_page(request, indicator, None)


@login_required
def progress_edit(request, pk):
    update = _update(request, pk)
    if not permissions.can_change_update(request.user, update):
        raise PermissionDenied(_("Only the organisation that reported this update may change it."))
    return _progress_form_page(request, update.indicator, update)


@login_required
def progress_delete(request, pk):
    update = _update(request, pk)
    if not permissions.can_change_update(request.user, update):
        raise PermissionDenied(_("Only the organisation that reported this update may delete it."))
    action = update.indicator.action
    if request.method == "POST":
        services.delete_progress(actor=request.user, update=update)
        messages.success(request, _("The progress update was deleted."))
        return redirect(action)
    return _confirm(request, obj=update, kind=_("progress update"), cancel=action.get_absolute_url(),
                    message=_("Its evidence files are deleted with it."))


def evidence_download(request, pk):
    """An evidence file, to those who may see its plan in full; 404 to everyone else."""
    visible = permissions.visible_to(request.user, Plan.objects.all()).values("pk")
    item = Evidence.objects.filter(pk=pk, update__indicator__action__plan__in=visible).first()
    if item is None:
        raise withheld(request, Evidence, pk, _("No such file, or you may not see it."))
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The stored file is missing.")) from exc
    name = get_valid_filename(PurePath(item.name).name) or f"evidence-{item.pk}"
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- roll-up pages -------------------------------------------------------------------------------------------------

def overview(request):
    plans = permissions.summary_visible_to(request.user, Plan.objects.all())
    context = presenters.overview_page(plans)
    context["goals_to_enter"] = _goals_to_enter(request.user)
    return render(request, "plans/overview.html", context)


def coverage(request):
    plans = permissions.summary_visible_to(request.user, Plan.objects.all())
    context = presenters.coverage_page(plans, request.GET.get("framework"))
    context["actions_url"] = reverse("plans:actions")
    return render(request, "plans/coverage.html", context)


def action_list(request):
    base = permissions.actions_visible_to(request.user, Action.objects.all())
    filterset = ActionFilterSet(request.GET or None, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_bound else base
    queryset = queryset.select_related("plan__governorate", "plan__place", "lead", "district").prefetch_related(
        Prefetch("goal_links", queryset=ActionGoal.objects.select_related("goal__framework")))
    hidden = 0
    if filterset.is_bound and filterset.is_valid():
        # Actions of plans the user sees only as a public summary count in the matrix but are not listed.
        summary_only = permissions.summary_visible_to(request.user, Plan.objects.all()).exclude(
            pk__in=permissions.visible_to(request.user, Plan.objects.all()).values("pk"))
        everything = ActionFilterSet(request.GET, queryset=Action.objects.filter(plan__in=summary_only.values("pk")),
                                     request=request)
        hidden = everything.qs.count()
    goal = filterset.form.cleaned_data.get("goal") if filterset.is_bound and filterset.is_valid() else None
    context = {
        "filterset": filterset, "hidden": hidden, "goal": goal,
        **paginate(request, queryset.order_by("plan__governorate__name_en", "plan_id", "position", "id"),
                   ACTIONS_PAGE_SIZE),
    }
    return render_page(request, "plans/actions.html", "plans/_actions.html", context)

