"""The start page's panels of plans (core/start.py): each reads only what `permissions.visible_to` allows, in a
fixed number of queries whatever the number of plans.

- the national strategy's goals still to be entered (coordinators: whoever may enter goals), with the form;
- a focal point's plans: updates due this reporting period (overdue ones first) and plans with changes requested;
- a coordinator's queue: plans waiting for review, plans with overdue updates, recent workflow moves;
- a partner's actions it reports on, with the updates they wait for.
"""

from __future__ import annotations

from django.utils import timezone

from accounts.choices import Role
from core.start import register_panel

from . import permissions
from .choices import REPORTING_STATUSES, ActionStatus, Frequency, PlanStatus
from .models import Action, Indicator, Plan, PlanStep, national_framework_without_goals
from .notices import reporters_q
from .queries import indicators_with_latest, overdue, plan_figures, reporting_period

SHOWN = 8  # items listed per list; the rest is counted


def goals_to_enter(request):
    from frameworks.permissions import can as can_framework

    if not can_framework(request.user, "create"):
        return None
    framework = national_framework_without_goals()
    return {"goals_to_enter": framework} if framework is not None else None


def _due(indicators, today):
    """(indicator, overdue?) for indicators with no update yet in the current reporting period, overdue first."""
    due = []
    for indicator in indicators:
        plan = indicator.action.plan
        if indicator.frequency == Frequency.ONCE:
            continue
        late = overdue(indicator.frequency, indicator.latest_date, plan.status, indicator.action.status,
                       plan.period_start, today)
        current = reporting_period(indicator.frequency, today)
        reported = indicator.latest_date is not None and reporting_period(indicator.frequency,
                                                                          indicator.latest_date) == current
        if late or (not reported and plan.period_start <= today <= plan.period_end):
            due.append((indicator, late))
    due.sort(key=lambda pair: (not pair[1], pair[0].action.plan_id, pair[0].action.position, pair[0].pk))
    return due


def _reporting_indicators(actions):
    return indicators_with_latest(
        Indicator.objects.filter(action__in=actions, action__plan__status__in=REPORTING_STATUSES)
        .exclude(action__status__in=[ActionStatus.DONE, ActionStatus.CANCELLED])
        .select_related("action__plan"))


def focal_point(request):
    """Three queries: the plans, the last request for changes of those that have one, the indicators due."""
    user, today = request.user, timezone.localdate()
    own = permissions.visible_to(user, Plan.objects.filter(owner__in=user.organisation_ids()))
    plans = list(own.exclude(status=PlanStatus.COMPLETED).select_related("place").order_by("-period_start", "-id")[:50])
    asked = {p.pk for p in plans if p.status == PlanStatus.CHANGES_REQUESTED}
    comments = {}
    if asked:
        for step in PlanStep.objects.filter(plan__in=asked, to_status=PlanStatus.CHANGES_REQUESTED).order_by("at", "id"):
            comments[step.plan_id] = step.comment  # the last one wins
    changes = [(p, comments.get(p.pk, "")) for p in plans if p.pk in asked]
    due = _due(_reporting_indicators(Action.objects.filter(plan__in=[p.pk for p in plans])), today)
    return {"plans": plans[:SHOWN], "more_plans": max(0, len(plans) - SHOWN), "changes": changes,
            "due": due[:SHOWN], "due_count": len(due), "can_create": permissions.can_create(user),
            "reporting": any(p.status in REPORTING_STATUSES for p in plans)}


def coordinator(request):
    """Plans waiting for review, approved plans with overdue updates, the latest workflow moves."""
    user = request.user
    visible = permissions.visible_to(user, Plan.objects.all())
    waiting = list(visible.filter(status=PlanStatus.SUBMITTED).select_related("place", "owner")
                   .order_by("updated_at", "id")[:50])
    reporting = list(visible.filter(status__in=REPORTING_STATUSES).select_related("place"))
    figures = plan_figures(reporting)
    late = sorted((f for f in figures.values() if f.overdue), key=lambda f: (-f.overdue, f.plan.pk))
    recent = list(PlanStep.objects.filter(plan__in=visible.values("pk")).exclude(from_status="")
                  .select_related("plan", "actor").order_by("-at", "-id")[:SHOWN])
    return {"waiting": waiting[:SHOWN], "waiting_count": len(waiting), "late": late[:SHOWN],
            "late_count": len(late), "recent": recent}


def partner(request):
    """The actions of approved plans the partner's organisations lead or partner, with their updates due."""
    user, today = request.user, timezone.localdate()
    orgs = user.organisation_ids()
    actions = permissions.actions_visible_to(user, Action.objects.filter(
        reporters_q(orgs), plan__status__in=REPORTING_STATUSES)).distinct()
    rows = list(actions.select_related("plan").order_by("plan_id", "position", "id")[:50])
    due = _due(_reporting_indicators([a.pk for a in rows]), today)
    waiting = {}
    for indicator, late in due:
        waiting.setdefault(indicator.action_id, []).append((indicator, late))
    return {"actions": [(a, waiting.get(a.pk, [])) for a in rows[:SHOWN]], "more_actions": max(0, len(rows) - SHOWN)}


def register() -> None:
    register_panel("national-goals", "plans/start/_goals.html", goals_to_enter, order=0)
    register_panel("my-plans", "plans/start/_focal_point.html", focal_point, roles=[Role.LOCAL_FOCAL_POINT],
                   order=10)
    register_panel("plan-review", "plans/start/_coordinator.html", coordinator,
                   roles=[Role.NATIONAL_COORDINATOR, Role.ADMINISTRATOR], order=20)
    register_panel("reported-actions", "plans/start/_partner.html", partner, roles=[Role.PARTNER], order=40)
