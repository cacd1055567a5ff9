"""What the plan pages show, built from `plans.queries`: the rows of the plan list, the plan page (the action
tree with what the reader may do on each action, the timeline, progress by goal), the public summary, the
national overview and the coverage matrix.

Views fetch what the reader may see (through `plans.permissions`) and render; these functions turn it into the
templates' context. What a reader may do is asked of `plans.permissions`, never decided here.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone

from core import audit, links
from core.privacy import min_cell_size
from frameworks.models import Framework
from frameworks.queries import goal_tree, walk_tree
from practices.models import Practice
from practices.permissions import visible_to as practices_visible_to

from . import permissions, queries, review, trends
from .choices import TRANSITIONS, AgeGroup, PlanStatus, Sex
from .models import ActionGoal, ActionPartner, Indicator, Plan, ProgressUpdate, frameworks_in_order


def percent(value) -> int | None:
    return None if value is None else round(value * 100)


def count_grid(cells: dict) -> list:
    """[(sex label, [count per age group or None])] of {(sex, age group): count}; [] when there is none."""
    if not cells:
        return []
    return [(label, [cells.get((sex, age)) for age in AgeGroup.values]) for sex, label in Sex.choices]


# --- the plan list -------------------------------------------------------------------------------------------------

def plan_rows(user, plans: list) -> list:
    """The plans of a list page with their figures, progress and whether the reader sees each in full."""
    figures = queries.plan_figures(plans)
    full = set(permissions.visible_to(user, Plan.objects.filter(pk__in=[p.pk for p in plans]))
               .values_list("pk", flat=True))
    for plan in plans:
        plan.figures = figures.get(plan.pk)
        plan.percent = percent(plan.figures.progress if plan.figures else None)
        plan.full = plan.pk in full
    return plans


# --- one plan -------------------------------------------------------------------------------------------------------

def plan_summary(plan) -> dict:
    """The public summary of a plan: its figures and published counts, nothing of its actions."""
    figures = queries.plan_figures([plan])[plan.pk]
    people = queries.published_people_reached([plan.pk])
    cells = {(c["sex"], c["age_group"]): c["count"] for c in people}
    return {
        "plan": plan, "frameworks": frameworks_in_order(plan.frameworks.all()), "figures": figures,
        "percent": percent(figures.progress), "goals_covered": len(figures.goal_ids),
        "people_grid": count_grid(cells) if any(c["count"] != 0 for c in people) else [],
        "age_labels": [label for _value, label in AgeGroup.choices], "min_cell": min_cell_size(),
    }


def plan_page(user, plan) -> dict:
    """The whole plan, for a reader who may see it in full."""
    frameworks = frameworks_in_order(plan.frameworks.all())
    figures = queries.plan_figures([plan])[plan.pk]
    actions = action_tree(user, plan)
    moves = [{"to": dst, "action": name, "label": review.MOVE_LABELS[name]} for (src, dst), name in TRANSITIONS.items()
             if src == plan.status and permissions.can(user, name, plan)]
    review.attach_comments(user, plan, actions["all"])
    may_publish = permissions.can_publish(user, plan)
    by_goal = []
    for framework in frameworks:
        rows = queries.progress_by_goal(Plan.objects.filter(pk=plan.pk), framework, progress=actions["progress"])
        if rows:
            paths = {g.pk: g for g in walk_tree(goal_tree(framework, with_paragraphs=False))}
            by_goal.append({"framework": framework, "rows": [
                {"goal": paths.get(goal.pk, goal), "actions": n, "percent": percent(p)} for goal, n, p in rows]})
    return {
        "plan": plan,
        "frameworks": frameworks,
        "figures": figures,
        "percent": percent(figures.progress),
        "roots": actions["roots"],
        "action_count": len(actions["all"]),
        "timeline": timeline(plan, actions["ordered"]),
        "issues": queries.open_issues(plan),
        "moves": moves,
        "steps": plan.steps.select_related("actor").defer("content"),
        "can_change": permissions.can(user, "change", plan),
        "can_publish": may_publish,
        "by_goal": by_goal,
        "history": audit.history(plan)[:50] if may_publish else [],
        "age_labels": [label for _value, label in AgeGroup.choices],
        "changes": review.changes_since_submission(user, plan),
        **review.workflow_guide(user, plan, may_report=any(a.may_report for a in actions["all"])),
    }


def action_tree(user, plan) -> dict:
    """The plan's actions with everything the tree shows, in a fixed number of queries, as a tree. Each action
    says whether the reader may report on it and each update whether the reader may change it, answered by
    `plans.permissions` from what is loaded here (its partners are prefetched, so no query per action)."""
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
    children = defaultdict(list)
    for action in actions:
        action.plan = plan
        action.percent = percent(progress.get(action.pk))
        action.may_report = permissions.can_report(user, action)
        for indicator in action.indicators.all():
            for update in indicator.updates.all():
                update.may_change = permissions.can_change_update(user, update)
                update.grid = count_grid({(c.sex, c.age_group): c.count for c in update.counts.all()})
            indicator_summary(indicator, plan)
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
    links.attach_related(user, actions)  # what other apps link to each action (a recommendation it carries)
    return {"roots": roots, "ordered": ordered, "all": actions, "progress": progress}


def indicator_summary(indicator, plan) -> None:
    """An indicator's progress at a glance on the plan page: how many updates (`update_count`) and its trend chart
    (`trend`, None with no update); the updates themselves (newest first) wait behind a "show" control."""
    updates = list(indicator.updates.all())
    indicator.update_count = len(updates)
    indicator.trend = trends.trend(indicator, updates, plan.period_start, plan.period_end)


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def timeline(plan, actions) -> dict:
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


def suggestion_frameworks(plan) -> list:
    """Frameworks whose goals may be suggested: the plan's aligned ones with goals (national strategy first),
    then the others with goals."""
    with_goals = frameworks_in_order(Framework.objects.filter(goals__isnull=False).distinct())
    aligned = {f.pk for f in plan.frameworks.all()}
    return [f for f in with_goals if f.pk in aligned] + [f for f in with_goals if f.pk not in aligned]


# --- roll-up pages ----------------------------------------------------------------------------------------------

def overview_page(plans) -> dict:
    """The national overview of the plans given (already what the reader may see)."""
    data = queries.national_overview(plans)
    for row in data["rows"]:
        row.percent = percent(row.progress)
        for fig in row.plans:
            fig.percent = percent(fig.progress)
    return {
        **data,
        "percent": percent(data["progress"]),
        "status_rows": [(value, label, data["status_totals"].get(value, 0)) for value, label in PlanStatus.choices],
        "totals": {"delayed": sum(r.delayed for r in data["rows"]), "overdue": sum(r.overdue for r in data["rows"])},
        "gaps": [r for r in data["rows"] if not r.plans],
        "country": queries.country(),
    }


def _short(name: str) -> str:
    return name.split(" (", 1)[0]


def coverage_page(plans, slug: str | None) -> dict:
    """The coverage matrix (goal × governorate) of one framework: the one asked for, else the first the plans
    are aligned with, else the first with goals."""
    choosable = frameworks_in_order(Framework.objects.filter(goals__isnull=False).distinct())
    framework = next((f for f in choosable if f.slug == slug), None)
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
        context.update(matrix=matrix, gap_count=len(matrix["gaps"]))
    return context
