"""Pages of local action plans: the list, the plan page (action tree, timeline, progress, open issues), the
forms, the national overview, the coverage matrix (goal × governorate) and the actions behind each cell.

Whole plans go through `permissions.visible_to`, public summaries through `summary_visible_to`, actions through
`actions_visible_to`; every write through `plans.services`."""

from __future__ import annotations

import calendar
import datetime as dt
import mimetypes
from collections import defaultdict
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import is_administrator
from core import audit
from core.forms import add_service_errors
from core.htmx import paginate, render_page
from core.privacy import min_cell_size
from frameworks.models import Framework
from frameworks.queries import goal_tree, walk_tree
from practices.models import Practice
from practices.permissions import visible_to as practices_visible_to

from . import permissions, queries, services
from .choices import REPORTING_STATUSES, TRANSITIONS, AgeGroup, PlanStatus, Sex
from .filters import ActionFilterSet, PlanFilterSet
from .forms import (
    ActionForm,
    ActionStatusForm,
    IndicatorForm,
    PartnerFormSet,
    PlanForm,
    ProgressForm,
    TransitionForm,
    frameworks_in_order,
    partner_pairs,
)
from .models import Action, ActionGoal, ActionPartner, Evidence, Indicator, Plan, ProgressUpdate

PAGE_SIZE = 20
ACTIONS_PAGE_SIZE = 50



def _percent(value) -> int | None:
    return None if value is None else round(value * 100)


# --- reading plans ---------------------------------------------------------------------------------------------

def _full_plan(request, pk) -> Plan:
    """The plan if the user may see it in full; 404 otherwise (its existence is not revealed)."""
    plan = permissions.visible_to(request.user, Plan.objects.filter(pk=pk)).select_related(
        "place", "governorate", "owner").first()
    if plan is None:
        raise Http404(_("No such plan, or you may not see it."))
    return plan


def _action(request, pk) -> Action:
    action = permissions.actions_visible_to(request.user, Action.objects.filter(pk=pk)).select_related(
        "plan__place", "plan__governorate", "plan__owner").first()
    if action is None:
        raise Http404(_("No such action, or you may not see it."))
    return action


def _indicator(request, pk) -> Indicator:
    indicator = Indicator.objects.select_related("action__plan__governorate", "action__plan__owner").filter(
        pk=pk, action__in=permissions.actions_visible_to(request.user, Action.objects.all()).values("pk")).first()
    if indicator is None:
        raise Http404(_("No such indicator, or you may not see it."))
    return indicator


def _update(request, pk) -> ProgressUpdate:
    update = ProgressUpdate.objects.select_related("indicator__action__plan", "organisation").filter(
        pk=pk, indicator__action__in=permissions.actions_visible_to(request.user, Action.objects.all()).values("pk"),
    ).first()
    if update is None:
        raise Http404(_("No such progress update, or you may not see it."))
    return update


def plan_list(request):
    base = permissions.summary_visible_to(request.user, Plan.objects.all())
    filterset = PlanFilterSet(request.GET or None, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_bound else base
    queryset = queryset.select_related("place", "governorate", "owner").prefetch_related("frameworks")
    listing = paginate(request, queryset, PAGE_SIZE)
    plans = list(listing["page"].object_list)
    figures = queries.plan_figures(plans)
    full = set(permissions.visible_to(request.user, Plan.objects.filter(pk__in=[p.pk for p in plans]))
               .values_list("pk", flat=True))
    for plan in plans:
        plan.figures = figures.get(plan.pk)
        plan.percent = _percent(plan.figures.progress if plan.figures else None)
        plan.full = plan.pk in full
    context = {
        "filterset": filterset,
        "plans": plans,
        "can_create": permissions.can_create(request.user),
        **listing,
    }
    return render_page(request, "plans/list.html", "plans/_results.html", context)


def plan_detail(request, pk):
    plan = permissions.summary_visible_to(request.user, Plan.objects.filter(pk=pk)).select_related(
        "place", "governorate", "owner").first()
    if plan is None:
        raise Http404(_("No such plan, or you may not see it."))
    frameworks = frameworks_in_order(plan.frameworks.all())
    figures = queries.plan_figures([plan])[plan.pk]
    if not permissions.can(request.user, "view", plan):
        # A reader of a public plan: its summary, and nothing of its actions, budgets, partners or updates.
        people = queries.published_people_reached([plan.pk])
        cells = {(c["sex"], c["age_group"]): c["count"] for c in people}
        return render(request, "plans/summary.html", {
            "plan": plan, "frameworks": frameworks, "figures": figures, "percent": _percent(figures.progress),
            "goals_covered": len(figures.goal_ids),
            "people_grid": count_grid(cells) if any(c["count"] != 0 for c in people) else [],
            "age_labels": [label for _value, label in AgeGroup.choices], "min_cell": min_cell_size(),
        })
    return render(request, "plans/detail.html", _detail_context(request, plan, frameworks, figures))


def _detail_context(request, plan, frameworks, figures) -> dict:
    user = request.user
    actions = _action_tree(request, plan)
    moves = [{"to": dst, "action": name} for (src, dst), name in TRANSITIONS.items()
             if src == plan.status and permissions.can(user, name, plan)]
    may_write = permissions.is_owner(user, plan) or permissions.sees_all(user)
    by_goal = []
    for framework in frameworks:
        rows = queries.progress_by_goal(Plan.objects.filter(pk=plan.pk), framework, progress=actions["progress"])
        if rows:
            paths = {g.pk: g for g in walk_tree(goal_tree(framework, with_paragraphs=False))}
            by_goal.append({"framework": framework, "rows": [
                {"goal": paths.get(goal.pk, goal), "actions": n, "percent": _percent(p)} for goal, n, p in rows]})
    return {
        "plan": plan,
        "frameworks": frameworks,
        "figures": figures,
        "percent": _percent(figures.progress),
        "roots": actions["roots"],
        "action_count": len(actions["all"]),
        "timeline": _timeline(plan, actions["ordered"]),
        "issues": queries.open_issues(plan),
        "moves": moves,
        "steps": plan.steps.select_related("actor"),
        "can_change": permissions.can(user, "change", plan),
        "can_publish": may_write,
        "by_goal": by_goal,
        "history": audit.history(plan)[:50] if may_write else [],
        "age_labels": [label for _value, label in AgeGroup.choices],
    }


def _action_tree(request, plan) -> dict:
    """The plan's actions with everything the tree shows, in a fixed number of queries, as a tree."""
    user = request.user
    updates = ProgressUpdate.objects.select_related("organisation").prefetch_related("counts", "evidence")
    indicators = queries.indicators_with_latest(Indicator.objects.all()).prefetch_related(
        Prefetch("updates", queryset=updates))
    actions = list(
        plan.actions.select_related("lead", "district").prefetch_related(
            Prefetch("partners", queryset=ActionPartner.objects.select_related("organisation")),
            Prefetch("goal_links", queryset=ActionGoal.objects.select_related("goal__framework").order_by(
                "goal__framework__slug", "goal__position", "goal__id")),
            Prefetch("practices", queryset=practices_visible_to(user, Practice.objects.all()).order_by("name")),
            Prefetch("indicators", queryset=indicators),
        ).order_by("position", "id")
    )
    progress = queries.action_progress(plan)
    orgs = user.organisation_ids() if user.is_authenticated else set()
    admin = user.is_authenticated and is_administrator(user)
    reporting = plan.status in REPORTING_STATUSES and user.is_authenticated
    owner = plan.owner_id in orgs
    children = defaultdict(list)
    for action in actions:
        action.plan = plan
        action.percent = _percent(progress.get(action.pk))
        partners = list(action.partners.all())
        # permissions.can_report, answered from what is already loaded (the same rule, no query per action).
        involved = owner or action.lead_id in orgs or any(p.organisation_id in orgs for p in partners)
        action.may_report = reporting and (admin or involved)
        for indicator in action.indicators.all():
            for update in indicator.updates.all():
                update.may_change = admin or (update.organisation_id is not None and update.organisation_id in orgs)
                update.grid = count_grid({(c.sex, c.age_group): c.count for c in update.counts.all()})
        children[action.parent_id].append(action)
    ordered = []

    def place(action, depth):
        action.depth = depth
        action.tree_children = children.get(action.pk, [])
        ordered.append(action)
        for child in action.tree_children:
            place(child, depth + 1)

    roots = children.get(None, [])
    for root in roots:
        place(root, 0)
    return {"roots": roots, "ordered": ordered, "all": actions, "progress": progress}


def count_grid(cells: dict) -> list:
    """[(sex label, [count per age group or None])] of {(sex, age group): count}; [] when there is none."""
    if not cells:
        return []
    return [(label, [cells.get((sex, age)) for age in AgeGroup.values]) for sex, label in Sex.choices]


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _timeline(plan, actions) -> dict:
    """A Gantt chart: each action as a bar across the plan's period (offsets and widths in per cent)."""
    start, end = plan.period_start, plan.period_end
    total = max((end - start).days + 1, 1)

    def share(day):
        return max(0.0, min(100.0, (day - start).days / total * 100))

    months = []
    for month in _months(start, end):
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        first = max(month, start)
        months.append({"date": month, "offset": round(share(first), 3),
                       "width": round(share(min(last, end) + dt.timedelta(days=1)) - share(first), 3)})
    rows = []
    for action in actions:
        a_start = action.start_date or start
        a_end = action.end_date or end
        left = share(max(a_start, start))
        right = share(min(a_end, end) + dt.timedelta(days=1))
        rows.append({"action": action, "offset": round(left, 3), "width": round(max(right - left, 0.5), 3),
                     "dated": bool(action.start_date or action.end_date)})
    today = timezone.localdate()
    return {"months": months, "rows": rows, "yearly": len(months) > 24,
            "today": round(share(today), 3) if start <= today <= end else None}


# --- writing plans -----------------------------------------------------------------------------------------------

@login_required
def plan_create(request):
    if not permissions.can_create(request.user):
        raise PermissionDenied(_("Local focal points and national coordinators create plans."))
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        frameworks = data.pop("frameworks")
        try:
            plan = services.create_plan(actor=request.user, frameworks=frameworks, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
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
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
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


def _action_form_page(request, plan, action):
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
                action = services.create_action(actor=request.user, plan=plan, goals=goals, practices=practices,
                                                partners=partner_pairs(formset), **data)
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


def _suggestion_frameworks(plan) -> list:
    """Frameworks whose goals may be suggested: the plan's aligned ones with goals (national strategy first),
    then the others with goals."""
    with_goals = frameworks_in_order(Framework.objects.filter(goals__isnull=False).distinct())
    aligned = {f.pk for f in plan.frameworks.all()}
    return [f for f in with_goals if f.pk in aligned] + [f for f in with_goals if f.pk not in aligned]


@login_required
def goal_suggestions(request, pk):
    """The goal-suggestion panel of the action form: which top-level goals of a framework the action's title and
    description serve, by the frameworks suggester. A read: the person chooses the goals in the form."""
    from frameworks.queries import suggester_for

    plan = _full_plan(request, pk)
    _require_change(request, plan)
    frameworks = _suggestion_frameworks(plan)
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


# --- indicators ----------------------------------------------------------------------------------------------

def _indicator_form_page(request, action, indicator):
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            if indicator is None:
                services.create_indicator(actor=request.user, action=action, **form.cleaned_data)
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
    action = indicator.action
    form = ProgressForm(request.POST or None, request.FILES or None, indicator=indicator, update=update)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {"date": data["date"], "value": data["value"], "narrative": data["narrative"]}
        try:
            if update is None:
                services.add_progress(actor=request.user, indicator=indicator, counts=form.counts(),
                                      evidence=data["evidence"], **fields)
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
        raise Http404(_("No such file, or you may not see it."))
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
    data = queries.national_overview(plans)
    for row in data["rows"]:
        row.percent = _percent(row.progress)
        for fig in row.plans:
            fig.percent = _percent(fig.progress)
    context = {
        **data,
        "percent": _percent(data["progress"]),
        "status_rows": [(value, label, data["status_totals"].get(value, 0)) for value, label in PlanStatus.choices],
        "totals": {"delayed": sum(r.delayed for r in data["rows"]), "overdue": sum(r.overdue for r in data["rows"])},
        "gaps": [r for r in data["rows"] if not r.plans],
        "country": queries.country(),
    }
    return render(request, "plans/overview.html", context)


def _short(name: str) -> str:
    return name.split(" (", 1)[0]


def coverage(request):
    plans = permissions.summary_visible_to(request.user, Plan.objects.all())
    choosable = frameworks_in_order(Framework.objects.filter(goals__isnull=False).distinct())
    framework = next((f for f in choosable if f.slug == request.GET.get("framework")), None)
    if framework is None:
        aligned = Framework.objects.filter(plans__in=plans.values("pk"), goals__isnull=False).distinct()
        aligned = frameworks_in_order(aligned)
        framework = aligned[0] if aligned else (choosable[0] if choosable else None)
    context = {"frameworks": choosable, "framework": framework, "matrix": None}
    if framework is not None:
        matrix = queries.coverage_matrix(plans, framework)
        paths = {g.pk: g.path for g in walk_tree(goal_tree(framework, with_paragraphs=False))}
        top = max([c["count"] for row in matrix["goals"] for c in row["cells"]] or [0])
        for row in matrix["goals"]:
            row["path"] = paths.get(row["goal"].pk, row["goal"].number)
            for cell in row["cells"]:
                cell["level"] = 0 if not cell["count"] else min(4, 1 + (cell["count"] - 1) * 4 // max(top, 1))
        for gov in matrix["governorates"]:
            gov.short = _short(gov.name)
        context.update(matrix=matrix, actions_url=reverse("plans:actions"), gap_count=len(matrix["gaps"]))
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

