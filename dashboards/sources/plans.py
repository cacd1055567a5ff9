"""Plans' panels and map measures: plans by status, actions by status, progress by goal, the coverage matrix,
indicators behind their straight line and actions overdue for an update — over the plans whose period overlaps
the dashboard's, in its place.

Who counts what (`plans.permissions`): plans are those whose summary the reader sees (`summary_visible_to`:
coordinators every plan; an anonymous reader of the public dashboard the public summaries of approved plans).
Figures about actions (their status, progress, goals, indicators, overdue updates) read the plans the reader sees
in full (`visible_to`); on the public dashboard, where nobody sees a plan in full, they count the actions of the
public approved plans as numbers only, small groups hidden. As everywhere in plans, the figures count approved
plans only (`APPROVED_STATUSES`); `plans_by_status` alone counts every plan, drafts too, by its status.

Fixed queries: the plans (one), the plans seen in full (one, not for coordinators or the public), the roll-up
(`plans.queries.rollup`: three), the framework (one), progress by goal (three), the coverage matrix (three), the
areas with a plan at all (one).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext as _

from frameworks.models import Framework, Goal
from frameworks.queries import descendants_in
from plans import permissions
from plans import queries as plan_queries
from plans.choices import APPROVED_STATUSES, ActionStatus, PlanStatus
from plans.models import ActionGoal, Plan, frameworks_in_order

from ..panels import HIDDEN, NO_DATA, Category, Measure, Panel, Series
from . import Scope, percent


class PlanData:
    """What the panels and measures of one scope read, fetched once."""

    def __init__(self, scope: Scope):
        self.scope = scope
        reader = scope.reader
        base = Plan.objects.filter(**scope.in_place())
        if scope.period.start is not None:
            base = base.filter(period_start__lte=scope.period.end, period_end__gte=scope.period.start)
        self.summary_qs = permissions.summary_visible_to(reader, base)
        self.plans = list(self.summary_qs.only("id", "status", "place_id", "governorate_id", "period_start",
                                               "period_end").order_by())
        approved = [p for p in self.plans if p.status in APPROVED_STATUSES]
        if scope.public or permissions.sees_all(reader):
            full = {p.pk for p in approved}
        else:
            full = set(permissions.visible_to(reader, base).filter(status__in=APPROVED_STATUSES)
                       .values_list("pk", flat=True))
        self.approved = approved  # approved plans whose summary the reader sees: progress, plan counts
        self.full = [p for p in approved if p.pk in full]  # approved plans whose actions the reader may count
        self.rollup = plan_queries.rollup(approved, scope.today)
        self._framework = None

    def area(self, plan) -> int | None:
        return self.scope.area_of(plan.governorate_id, plan.place_id)

    @property
    def full_qs(self):
        return Plan.objects.filter(pk__in=[p.pk for p in self.full])

    def framework(self):
        """The first framework the counted plans are aligned with (the national strategy first), or None."""
        if self._framework is None:
            through = Plan.frameworks.through.objects.filter(plan_id__in=[p.pk for p in self.full])
            found = frameworks_in_order(Framework.objects.filter(pk__in=through.values("framework_id")))
            self._framework = found[0] if found else False
        return self._framework or None


def _data(scope: Scope) -> PlanData:
    cache = scope.__dict__.setdefault("_cache", {})
    if "plans" not in cache:
        cache["plans"] = PlanData(scope)
    return cache["plans"]


def panels(scope: Scope) -> list[Panel]:
    data = _data(scope)
    return [_plans_by_status(data), _actions_by_status(data), _progress_by_goal(data), _coverage(data),
            _indicators_behind(data), _overdue_updates(data)]


def _hidden_below(scope):
    return scope.k if scope.public else None


def _plans_by_status(data: PlanData) -> Panel:
    scope = data.scope
    counts = defaultdict(int)
    for plan in data.plans:
        counts[(plan.status, data.area(plan))] += 1
    keys = scope.area_keys()
    return Panel(
        key="plans_by_status", title=_("Plans by status"), kind="stacked", categories=scope.area_categories(),
        series=scope.series(PlanStatus.choices, keys, counts),
        note=_("Every plan is counted by its status, drafts and plans awaiting approval too; the other figures "
               "count approved plans only."),
        empty=_("No plan yet: a local focal point writes one under Plans, and a national coordinator approves it."),
        hidden_below=_hidden_below(scope))


def _actions_by_status(data: PlanData) -> Panel:
    scope = data.scope
    full = {p.pk for p in data.full}
    counts = defaultdict(int)
    for fig in data.rollup.figures.values():
        if fig.plan.pk in full:
            for status, n in fig.by_status.items():
                counts[("actions", status)] += n
    keys = list(ActionStatus.values)
    values = scope.shown({k: counts.get(("actions", k), 0) for k in keys})
    return Panel(
        key="actions_by_status", title=_("Actions by status"), kind="bar",
        categories=[Category(key=v, label=str(label)) for v, label in ActionStatus.choices],
        series=[Series(key="actions", label=_("Actions"), values=[values[k] for k in keys])],
        note=_("Actions of approved plans only."),
        empty=_("No action of an approved plan yet."), hidden_below=_hidden_below(scope))


def _progress_by_goal(data: PlanData) -> Panel:
    scope = data.scope
    framework = data.framework()
    panel = Panel(key="progress_by_goal", title=_("Progress by goal"), kind="hbar", unit="percent",
                  note=_("Mean progress of the actions serving each goal (or a goal under it), in approved plans."),
                  empty=_("No approved plan is aligned with a framework yet."), hidden_below=_hidden_below(scope))
    if framework is None:
        return panel
    panel.title = _("Progress by goal of %(framework)s") % {"framework": framework.abbreviation or framework.name}
    rows = plan_queries.progress_by_goal(data.full_qs, framework, progress=data.rollup.progress)
    values = []
    for goal, actions, share in rows:
        if goal.parent_id is not None:
            continue
        panel.categories.append(_goal_category(goal))
        if scope.public and 0 < actions < (scope.k or 0):
            values.append(HIDDEN)
        else:
            values.append(percent(share) if actions else NO_DATA)
    panel.series = [Series(key="progress", label=_("Progress (%)"), values=values)]
    return panel


def _goal_category(goal) -> Category:
    title = goal.title
    lang = "ar" if title and title == goal.title_ar and goal.title_ar != goal.title_en else ("en" if title else "")
    label = f"{goal.number} {title}".strip()
    return Category(key=str(goal.pk), label=label, lang=lang)


def _coverage(data: PlanData) -> Panel:
    scope = data.scope
    framework = data.framework()
    panel = Panel(key="coverage", title=_("Coverage: actions per goal"), kind="table",
                  note=_("Actions of approved plans that serve each goal or a goal under it."),
                  empty=_("No approved plan is aligned with a framework yet."), hidden_below=_hidden_below(scope))
    if framework is None:
        return panel
    panel.title = _("Coverage of %(framework)s: actions per goal") % {
        "framework": framework.abbreviation or framework.name}
    columns = scope.area_categories()
    keys = scope.area_keys()
    if scope.place is None:
        matrix = plan_queries.coverage_matrix(data.full_qs, framework)
        goals = [row["goal"] for row in matrix["goals"]]
        counts = {(str(row["goal"].pk), cell["governorate"].pk): cell["count"]
                  for row in matrix["goals"] for cell in row["cells"]}
    else:
        goals, counts = _coverage_in_place(data, framework)
    panel.categories = [_goal_category(g) for g in goals]
    cells = scope.shown({(str(g.pk), key): counts.get((str(g.pk), key), 0) for g in goals for key in keys})
    panel.series = [Series(key=col.key, label=col.label, values=[cells[(str(g.pk), key)] for g in goals])
                    for col, key in zip(columns, keys, strict=True)]
    return panel


def _coverage_in_place(data: PlanData, framework) -> tuple[list, dict]:
    """Goal × district of a governorate (the place itself first) in two queries: the framework's goals, and the
    goal links of the counted plans' actions (an action's own district, else its plan's place)."""
    scope = data.scope
    goals = list(Goal.objects.filter(framework=framework).order_by("position", "id"))
    under = descendants_in(goals)
    direct = defaultdict(set)
    rows = ActionGoal.objects.filter(goal__framework=framework, action__plan__in=[p.pk for p in data.full]).exclude(
        action__status=ActionStatus.CANCELLED).values_list("goal_id", "action_id", "action__district_id",
                                                           "action__plan__place_id")
    areas = scope.area_ids
    for goal_id, action_id, district_id, place_id in rows:
        where = district_id if district_id in areas else (place_id if place_id in areas else None)
        direct[(goal_id, where)].add(action_id)
    counts = {}
    for goal in goals:
        for key in scope.area_keys():
            counts[(str(goal.pk), key)] = len(set().union(*[direct.get((g, key), set()) for g in under[goal.pk]]))
    return goals, counts


def expected_share(start: dt.date, end: dt.date, as_of: dt.date) -> float:
    """How far along the straight line from baseline (at `start`) to target (at `end`) an indicator should be on
    `as_of`: 0–1."""
    if as_of <= start:
        return 0.0
    if as_of >= end or end <= start:
        return 1.0
    return (as_of - start).days / (end - start).days


def behind_by_plan(data: PlanData) -> dict[int, int]:
    """{plan id: indicators behind}: the latest value (none yet: the baseline) short of the straight line from the
    baseline at the plan's start to the target at its end, on the as-of day; actions done or cancelled left out."""
    today = data.scope.today
    expected = {p.pk: expected_share(p.period_start, p.period_end, today) for p in data.full}
    finished = {ActionStatus.DONE, ActionStatus.CANCELLED}
    rollup = data.rollup
    out = defaultdict(int)
    for _pk, action_id, baseline, target, direction, _freq, value, _date in rollup.indicators:
        plan_id = rollup.action_plan.get(action_id)
        if plan_id not in expected or rollup.action_status.get(action_id) in finished:
            continue
        if plan_queries.indicator_progress(baseline, target, value, direction) + 1e-9 < expected[plan_id]:
            out[plan_id] += 1
    return out


def _per_area_panel(data: PlanData, key: str, title: str, label: str, per_plan: dict, note: str,
                    empty: str) -> Panel:
    scope = data.scope
    counts = defaultdict(int)
    for plan in data.full:
        counts[(key, data.area(plan))] += per_plan.get(plan.pk, 0)
    return Panel(key=key, title=title, kind="bar", categories=scope.area_categories(),
                 series=scope.series([(key, label)], scope.area_keys(), counts), note=note, empty=empty,
                 hidden_below=_hidden_below(scope))


def _indicators_behind(data: PlanData) -> Panel:
    return _per_area_panel(
        data, "indicators_behind", _("Indicators behind schedule"), _("Indicators behind"), behind_by_plan(data),
        _("Indicators of approved plans whose latest value is short of the straight line from the baseline at the "
          "plan's start to the target at its end, on the day of these figures."),
        _("No indicator is behind schedule."))


def _overdue_updates(data: PlanData) -> Panel:
    per_plan = {pk: fig.overdue for pk, fig in data.rollup.figures.items()}
    return _per_area_panel(
        data, "overdue_updates", _("Progress updates overdue"), _("Overdue updates"), per_plan,
        _("Indicators of approved plans whose next progress update is overdue for its frequency."),
        _("No progress update is overdue."))


# --- measures -------------------------------------------------------------------------------------------------

def measures(scope: Scope) -> list[Measure]:
    if not scope.areas:
        return []
    data = _data(scope)
    base = Plan.objects.filter(**scope.in_place())
    recorded = set()
    for gov_id, place_id in permissions.summary_visible_to(scope.reader, base).values_list(
            "governorate_id", "place_id").distinct().order_by():
        recorded.add(scope.area_of(gov_id, place_id))
    plans, actions, overdue, shares = defaultdict(int), defaultdict(int), defaultdict(int), defaultdict(list)
    full = {p.pk for p in data.full}
    for plan in data.approved:
        area = data.area(plan)
        fig = data.rollup.figures[plan.pk]
        plans[area] += 1
        if fig.progress is not None:
            shares[area].append(fig.progress)
        if plan.pk in full:
            actions[area] += fig.actions
            overdue[area] += fig.overdue
    progress = {area: percent(sum(v) / len(v)) for area, v in shares.items()}
    progress_recorded = {area for area in recorded if area in progress}
    return [
        scope.measure("plans", _("Approved plans"), plans, recorded),
        scope.measure("progress", _("Progress of approved plans (%)"), progress, progress_recorded, unit="percent"),
        scope.measure("actions", _("Actions of approved plans"), actions, recorded),
        scope.measure("overdue_updates", _("Progress updates overdue"), overdue, recorded),
    ]

