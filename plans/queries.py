"""Reads that add plans up: progress from indicators to actions, plans, governorates and the nation, goals
covered, the coverage matrix and open issues. Each function runs a fixed number of queries whatever the number
of plans (asserted in tests), and then adds up in Python.

Progress of an indicator is how far its latest value has gone from the baseline towards the target (0–1,
capped); with no update yet it is 0. An action's progress is the mean of its indicators' and its sub-actions'
progress; an action with neither counts 1 when done and 0 otherwise. Cancelled actions are left out. A plan's
progress is the mean of its top-level actions'; a governorate's, the mean of its plans'; the nation's, the mean
of the governorates that have a plan.

National and governorate figures (progress, goals covered, delayed and overdue counts, the coverage matrix)
count only the plans the coordinator approved (`APPROVED_STATUSES`: approved, in implementation, completed).
Drafts, submitted plans and plans with changes requested are listed and counted apart ("not yet approved"),
never mixed into a figure: a draft with no progress yet would otherwise pull the national figure down.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from frameworks.models import Goal
from frameworks.queries import descendants_in
from places.choices import PlaceKind
from places.models import Place

from . import permissions
from .choices import (
    APPROVED_STATUSES,
    FREQUENCY_DAYS,
    REPORTING_STATUSES,
    ActionStatus,
    Direction,
    Frequency,
    PlanStatus,
)
from .models import Action, ActionGoal, Indicator, Plan, ProgressUpdate


def country() -> Place | None:
    """The installation's country (settings.WIQAYA_COUNTRY), whose governorates plans cover."""
    return Place.objects.filter(kind=PlaceKind.COUNTRY, code=settings.WIQAYA_COUNTRY).first()


def governorates_in_order() -> list[Place]:
    """The country's governorates sorted by their name in the active language (Arabic pages list them in Arabic
    order)."""
    governorates = Place.objects.filter(kind=PlaceKind.GOVERNORATE, parent__code=settings.WIQAYA_COUNTRY)
    return sorted(governorates, key=lambda p: _sort_key(p.name))


def _sort_key(name: str) -> str:
    # The article "ال" does not count in Arabic alphabetical order, nor "Al " in transliterated names.
    for article in ("ال", "Al ", "Al-"):
        if name.startswith(article):
            return name[len(article):]
    return name


def indicator_progress(baseline, target, latest, direction: str = Direction.INCREASE) -> float:
    """0–1: how far `latest` went from `baseline` towards `target`. None for `latest` means no update yet."""
    if latest is None:
        return 0.0
    baseline, target, latest = float(baseline), float(target), float(latest)
    if direction == Direction.MAINTAIN or target == baseline:
        if direction == Direction.DECREASE:
            return 1.0 if latest <= target else 0.0
        return 1.0 if latest >= target else (latest / target if target else 0.0)
    share = (latest - baseline) / (target - baseline)
    return max(0.0, min(1.0, share))


def reporting_period(frequency: str, day: dt.date) -> tuple:
    """The reporting period a date falls in, for an indicator reported at `frequency`: its calendar month,
    quarter or year; an indicator reported once has one period, the plan's."""
    if frequency == Frequency.MONTHLY:
        return (day.year, day.month)
    if frequency == Frequency.QUARTERLY:
        return (day.year, "Q", (day.month - 1) // 3 + 1)
    if frequency == Frequency.YEARLY:
        return (day.year,)
    return ()


def plausible_range(baseline, target) -> tuple[Decimal, Decimal]:
    """The values an update may report without a reason: from the baseline and target, widened on each side by
    the distance between them (for an indicator whose target equals its baseline, by the target itself, at
    least 1). A value outside is refused unless confirmed with a reason."""
    baseline, target = Decimal(baseline), Decimal(target)
    span = abs(target - baseline) or max(abs(target), Decimal(1))
    return min(baseline, target) - span, max(baseline, target) + span


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def indicators_with_latest(queryset):
    """Indicators annotated with `latest_value` and `latest_date` (of their most recent update)."""
    latest = ProgressUpdate.objects.filter(indicator=OuterRef("pk")).order_by("-date", "-id")
    return queryset.annotate(
        latest_value=Subquery(latest.values("value")[:1]), latest_date=Subquery(latest.values("date")[:1])
    )


@dataclass
class ActionFigures:
    id: int
    plan_id: int
    parent_id: int | None
    status: str
    progress: float | None = None
    indicators: list = field(default_factory=list)


@dataclass
class PlanFigures:
    plan: Plan
    progress: float | None
    actions: int
    by_status: dict
    delayed: int
    overdue: int
    goal_ids: set


def _action_progress(node: ActionFigures, children: dict, indicator_share: dict) -> float | None:
    parts = [indicator_share[i] for i in node.indicators]
    for child in children.get(node.id, ()):
        share = _action_progress(child, children, indicator_share)
        if child.status != ActionStatus.CANCELLED and share is not None:
            parts.append(share)
    if not parts:
        node.progress = 1.0 if node.status == ActionStatus.DONE else 0.0
    else:
        node.progress = sum(parts) / len(parts)
    return node.progress


def overdue(frequency: str, latest_date, plan_status: str, action_status: str, plan_start, today: dt.date) -> bool:
    """An update is overdue when the plan reports progress, the action is not finished, and more time than
    the indicator's frequency allows has passed since the last update (or since the start)."""
    if plan_status not in REPORTING_STATUSES or action_status in {ActionStatus.DONE, ActionStatus.CANCELLED}:
        return False
    days = FREQUENCY_DAYS.get(frequency)
    if days is None:
        return False
    since = latest_date or plan_start
    return since is not None and since + dt.timedelta(days=days) < today


INDICATOR_ROW = ("id", "action_id", "baseline", "target", "direction", "frequency", "latest_value", "latest_date")


def _indicator_rows(plan_ids):
    """(id, action id, baseline, target, direction, frequency, latest value, latest date) tuples: plain rows,
    not model instances, because the national figures read thousands of them."""
    return indicators_with_latest(Indicator.objects.filter(action__plan__in=plan_ids)).values_list(*INDICATOR_ROW)


def plan_figures(plans, today: dt.date | None = None) -> dict[int, PlanFigures]:
    """Progress and counts for each of `plans` (a list or queryset), in four queries."""
    return rollup(plans, today).figures


@dataclass
class Rollup:
    """`plan_figures` with what it read on the way: each action's progress and the indicator rows
    (`INDICATOR_ROW` tuples), for a reader that needs both (the dashboards) without reading them twice."""

    figures: dict[int, PlanFigures]
    progress: dict[int, float]  # action id → progress (as `actions_progress`)
    indicators: list[tuple]  # INDICATOR_ROW tuples
    action_plan: dict[int, int]  # action id → plan id
    action_status: dict[int, str]  # action id → status


def rollup(plans, today: dt.date | None = None) -> Rollup:
    """`plan_figures` of `plans`, with each action's progress and the indicator rows, in the same queries."""
    today = today or timezone.localdate()
    plans = {p.pk: p for p in plans}
    if not plans:
        return Rollup({}, {}, [], {}, {})
    nodes, rows = _progress_tree(list(plans))
    late = defaultdict(int)
    for _pk, action_id, _baseline, _target, _direction, frequency, _value, date in rows:
        node = nodes[action_id]
        plan = plans[node.plan_id]
        if overdue(frequency, date, plan.status, node.status, plan.period_start, today):
            late[node.plan_id] += 1
    goals = defaultdict(set)
    for plan_id, goal_id in ActionGoal.objects.filter(action__plan__in=plans.keys()).exclude(
        action__status=ActionStatus.CANCELLED
    ).values_list("action__plan_id", "goal_id"):
        goals[plan_id].add(goal_id)
    tops, statuses = defaultdict(list), defaultdict(lambda: defaultdict(int))
    for node in nodes.values():
        statuses[node.plan_id][node.status] += 1
        if node.parent_id is None and node.status != ActionStatus.CANCELLED:
            tops[node.plan_id].append(node.progress)
    result = {}
    for plan_id, plan in plans.items():
        progress = _mean(tops.get(plan_id, ()))
        by_status = statuses[plan_id]
        result[plan_id] = PlanFigures(
            plan=plan, progress=progress, actions=sum(by_status.values()), by_status=dict(by_status),
            delayed=by_status.get(ActionStatus.DELAYED, 0), overdue=late.get(plan_id, 0), goal_ids=goals[plan_id],
        )
    return Rollup(figures=result, progress={pk: n.progress for pk, n in nodes.items()}, indicators=rows,
                  action_plan={pk: n.plan_id for pk, n in nodes.items()},
                  action_status={pk: n.status for pk, n in nodes.items()})


def action_progress(plan: Plan) -> dict[int, float]:
    """{action id: progress} for one plan's actions (cancelled ones included, for display)."""
    return actions_progress([plan.pk])


def actions_progress(plan_ids) -> dict[int, float]:
    """{action id: progress} for every action of the plans given, in two queries."""
    nodes, _rows = _progress_tree(plan_ids)
    return {pk: n.progress for pk, n in nodes.items()}


def _progress_tree(plan_ids) -> tuple[dict[int, ActionFigures], list[tuple]]:
    """Every action of the plans, each with its progress, and the indicator rows read for them (two queries)."""
    nodes = {
        row["id"]: ActionFigures(row["id"], row["plan_id"], row["parent_id"], row["status"])
        for row in Action.objects.filter(plan__in=plan_ids).values("id", "plan_id", "parent_id", "status")
    }
    rows = list(_indicator_rows(plan_ids))
    share = {}
    for pk, action_id, baseline, target, direction, _frequency, value, _date in rows:
        nodes[action_id].indicators.append(pk)
        share[pk] = indicator_progress(baseline, target, value, direction)
    children = defaultdict(list)
    for node in nodes.values():
        if node.parent_id:
            children[node.parent_id].append(node)
    for node in nodes.values():
        if node.parent_id is None:
            _action_progress(node, children, share)
    return nodes, rows


@dataclass
class GovernorateRow:
    governorate: Place
    plans: list  # of PlanFigures
    progress: float | None
    goals_covered: int
    delayed: int
    overdue: int
    by_status: dict
    pending: list = field(default_factory=list)  # plans not yet approved: listed, never counted


def national_overview(plans_queryset, today: dt.date | None = None) -> dict:
    """Governorate × plan status × progress × goals covered, over the plans given (already filtered by
    what the reader may see). Every governorate appears, with or without a plan: a gap is a finding.

    Only approved plans (`APPROVED_STATUSES`) are in a row's `plans` and in any figure; the others are in the
    row's `pending` and the total `pending`, and in `status_totals` (which counts every plan by its status)."""
    plans = list(plans_queryset.select_related("place", "governorate", "owner"))
    figures = plan_figures([p for p in plans if p.status in APPROVED_STATUSES], today)
    by_gov, waiting = defaultdict(list), defaultdict(list)
    for fig in figures.values():
        by_gov[fig.plan.governorate_id].append(fig)
    for plan in plans:
        if plan.status not in APPROVED_STATUSES:
            waiting[plan.governorate_id].append(plan)
    rows = []
    for gov in governorates_in_order():
        figs = sorted(by_gov.get(gov.pk, []), key=lambda f: (f.plan.place_id != gov.pk, -f.plan.period_start.toordinal()))
        pending = sorted(waiting.get(gov.pk, []), key=lambda p: (p.place_id != gov.pk, -p.period_start.toordinal()))
        by_status = defaultdict(int)
        for plan in [f.plan for f in figs] + pending:
            by_status[plan.status] += 1
        rows.append(GovernorateRow(
            governorate=gov, plans=figs, progress=_mean(f.progress for f in figs),
            goals_covered=len(set().union(*[f.goal_ids for f in figs])) if figs else 0,
            delayed=sum(f.delayed for f in figs), overdue=sum(f.overdue for f in figs), by_status=dict(by_status),
            pending=pending,
        ))
    status_totals = {s: sum(r.by_status.get(s, 0) for r in rows) for s in PlanStatus.values}
    return {
        "rows": rows,
        "progress": _mean(r.progress for r in rows),
        "plans": len(figures),
        "pending": sum(len(r.pending) for r in rows),
        "governorates_with_plan": sum(1 for r in rows if r.plans),
        "status_totals": status_totals,
        "goals_covered": len(set().union(*[f.goal_ids for f in figures.values()])) if figures else 0,
    }


def progress_by_goal(plans_queryset, framework, progress: dict | None = None) -> list[tuple[Goal, int, float | None]]:
    """(goal, actions, mean progress of those actions) for each goal of a framework, sub-goals included.
    `progress` ({action id: progress}, from `actions_progress`) saves computing it again."""
    plan_ids = list(plans_queryset.values_list("pk", flat=True))
    progress = actions_progress(plan_ids) if progress is None else progress
    goals = list(Goal.objects.filter(framework=framework).order_by("position", "id"))
    links = defaultdict(set)
    for goal_id, action_id in ActionGoal.objects.filter(goal__framework=framework, action__plan__in=plan_ids).exclude(
        action__status=ActionStatus.CANCELLED
    ).values_list("goal_id", "action_id"):
        links[goal_id].add(action_id)
    under = descendants_in(goals)
    out = []
    for goal in goals:
        actions = set().union(*[links[g] for g in under[goal.pk]])
        out.append((goal, len(actions), _mean(progress.get(a) for a in actions)))
    return out


def coverage_matrix(plans_queryset, framework) -> dict:
    """Framework goal × governorate: how many (non-cancelled) actions serve the goal (or a goal under it) in
    each governorate, over the approved plans among those given. Actions of plans not yet approved are counted
    apart (`pending_actions` in `pending_plans`), never in a cell. Three queries."""
    goals = list(Goal.objects.filter(framework=framework).order_by("position", "id"))
    governorates = governorates_in_order()
    direct = defaultdict(set)
    pending_actions, pending_plans = set(), set()
    rows = ActionGoal.objects.filter(goal__framework=framework, action__plan__in=plans_queryset.values("pk")).exclude(
        action__status=ActionStatus.CANCELLED
    ).values_list("goal_id", "action__plan__governorate_id", "action_id", "action__plan_id", "action__plan__status")
    for goal_id, gov_id, action_id, plan_id, status in rows:
        if status in APPROVED_STATUSES:
            direct[(goal_id, gov_id)].add(action_id)
        else:
            pending_actions.add(action_id)
            pending_plans.add(plan_id)
    under = descendants_in(goals)
    depth = _depths(goals)
    matrix = []
    for goal in goals:
        cells = []
        for gov in governorates:
            actions = set().union(*[direct.get((g, gov.pk), set()) for g in under[goal.pk]])
            cells.append({"governorate": gov, "count": len(actions)})
        covered = sum(1 for c in cells if c["count"])
        matrix.append({"goal": goal, "depth": depth[goal.pk], "cells": cells, "covered": covered,
                       "total": len(set().union(*[direct.get((g, gov.pk), set()) for g in under[goal.pk]
                                                  for gov in governorates]))})
    return {"goals": matrix, "governorates": governorates,
            "gaps": [row["goal"] for row in matrix if row["covered"] == 0],
            "pending_actions": len(pending_actions), "pending_plans": len(pending_plans)}


def _depths(goals) -> dict[int, int]:
    parent = {g.pk: g.parent_id for g in goals}
    out = {}
    for pk in parent:
        d, node = 0, parent[pk]
        while node is not None and d < 20:
            d, node = d + 1, parent.get(node)
        out[pk] = d
    return out


def open_issues(plan: Plan, today: dt.date | None = None) -> dict:
    """What needs attention in one plan: delayed actions, actions past their end date and not done, and
    indicators whose update is overdue."""
    today = today or timezone.localdate()
    actions = plan.actions.select_related("lead")
    delayed = [a for a in actions if a.status == ActionStatus.DELAYED]
    late = [a for a in actions.filter(end_date__lt=today).exclude(
        status__in=[ActionStatus.DONE, ActionStatus.CANCELLED, ActionStatus.DELAYED])]
    indicators = indicators_with_latest(Indicator.objects.filter(action__plan=plan).select_related("action"))
    due = [i for i in indicators
           if overdue(i.frequency, i.latest_date, plan.status, i.action.status, plan.period_start, today)]
    return {"delayed": delayed, "past_end": late, "overdue": due, "count": len(delayed) + len(late) + len(due)}


def actions_for_cell(actions_queryset, goal: Goal, governorate_id: int | None, approved_only: bool = False):
    """The actions behind one cell of the coverage matrix (the goal or a goal under it, in a governorate);
    `approved_only`: of approved plans only, as the matrix counts them."""
    goals = list(Goal.objects.filter(framework_id=goal.framework_id))
    ids = descendants_in(goals)[goal.pk]
    qs = actions_queryset.filter(goal_links__goal_id__in=ids).exclude(status=ActionStatus.CANCELLED)
    if approved_only:
        qs = qs.filter(plan__status__in=APPROVED_STATUSES)
    if governorate_id:
        qs = qs.filter(plan__governorate_id=governorate_id)
    return qs.distinct()


def people_reached_by_plan(plan_ids) -> dict[int, dict[tuple[str, str], int]]:
    """{plan id: {(sex, age group): count}} summed over the latest update of each indicator counted by sex and
    age group, in one query for all the plans given. Raw counts: publish them only through
    `core.privacy.suppress_small` (see `published_people_reached`)."""
    from .models import ProgressCount

    latest = ProgressUpdate.objects.filter(indicator=OuterRef("update__indicator")).order_by("-date", "-id")
    rows = ProgressCount.objects.filter(
        update__indicator__action__plan__in=plan_ids, update__indicator__by_sex_and_age=True,
        update=Subquery(latest.values("pk")[:1]),
    ).values_list("update__indicator__action__plan_id", "sex", "age_group", "count")
    totals: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for plan_id, sex, age_group, count in rows:
        totals[plan_id][(sex, age_group)] += count
    return {plan_id: dict(cells) for plan_id, cells in totals.items()}


def people_reached(plan_ids) -> dict[tuple[str, str], int]:
    """{(sex, age group): count} over all the plans given, added together."""
    totals = defaultdict(int)
    for cells in people_reached_by_plan(plan_ids).values():
        for key, count in cells.items():
            totals[key] += count
    return dict(totals)


def publish_counts(raw: dict[tuple[str, str], int]) -> list[dict]:
    """Every sex × age group cell of raw counts, small ones hidden (None) by `core.privacy.suppress_small`."""
    from core.privacy import suppress_small

    from .choices import AgeGroup, Sex

    cells = {(sex, age): raw.get((sex, age), 0) for sex in Sex.values for age in AgeGroup.values}
    shown = suppress_small(cells)
    return [{"sex": sex, "age_group": age, "count": shown[(sex, age)]} for sex, age in cells]


def published_people_reached(plan_ids) -> list[dict]:
    """The published form of `people_reached` for the plans given together."""
    return publish_counts(people_reached(plan_ids))


def organisation_plans(user, organisation) -> int:
    """Plans `organisation` owns that `user` sees in full (a public summary does not name its owner, and the plan
    list's owner filter offers only these): the directory's count (`directory.queries`)."""
    return permissions.visible_to(user, Plan.objects.filter(owner=organisation)).count()


def organisation_actions(user, organisation) -> int:
    """Actions `organisation` leads in plans `user` sees in full: the directory's count."""
    return permissions.actions_visible_to(user, Action.objects.filter(lead=organisation)).count()
