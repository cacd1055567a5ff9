"""What plans tell people through the notification centre: a plan submitted (to the national coordinators, who
review it), approved or sent back with changes requested (to the members of its owning organisation), and a
progress update overdue (to the organisations that report on the action: its plan's owner, its lead and its
partners — once per indicator per reporting period, by a daily task and `wiqaya notify-overdue`)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.tasks import default_task_backend, task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.permissions import is_administrator
from core.actors import is_system, system
from notifications.kinds import register_kind
from notifications.queries import holders_of, members_of
from notifications.services import notify

from .choices import REPORTING_STATUSES, ActionStatus, Frequency
from .models import ActionPartner, Indicator, Plan
from .queries import indicators_with_latest, overdue, reporting_period

INTERVAL = dt.timedelta(days=1)


def register() -> None:
    """The kinds plans sends, with what each says (called from `PlansConfig.ready`)."""
    register_kind("plan.submitted", _("%(actor)s submitted the plan “%(plan)s” for approval."),
                  _("A plan waits for your review"))
    register_kind("plan.approved", _("The plan “%(plan)s” was approved by %(actor)s."), _("Your plan was approved"))
    register_kind("plan.changes_requested", _("%(actor)s asked for changes to the plan “%(plan)s”: %(comment)s"),
                  _("Changes requested to your plan"))
    register_kind("plan.action_comment",
                  _("%(actor)s commented on action %(action)s of the plan “%(plan)s”: %(comment)s"),
                  _("A new comment on an action"))
    register_kind("plan.update_overdue",
                  _("A progress update of “%(indicator)s” (plan “%(plan)s”) is overdue for %(period)s."),
                  _("A progress update is overdue"))


def _name(actor) -> str:
    if getattr(actor, "is_authenticated", False):
        return actor.get_full_name() or actor.get_username()
    return "Wiqaya"


def plan_moved(*, actor, plan: Plan, move: str, comment: str = "") -> None:
    """Tell who should know about a workflow move `transition_plan` just made (inside its transaction)."""
    url = reverse("plans:detail", args=[plan.pk])
    params = {"plan": plan.title, "actor": _name(actor)}
    if move == "submit":
        notify(actor=actor, recipients=holders_of(Role.NATIONAL_COORDINATOR), kind="plan.submitted",
               target_url=url, params=params, target=plan)
    elif move in {"approve", "request_changes"}:
        kind = "plan.approved" if move == "approve" else "plan.changes_requested"
        notify(actor=actor, recipients=members_of([plan.owner_id]), kind=kind, target_url=url,
               params=params | ({"comment": comment} if comment else {}), target=plan)


def comment_added(*, actor, comment) -> None:
    """Tell the plan's owning organisation and everyone who commented on the action before (the reviewer who
    asked, the focal point who answered) that a comment was added (inside `add_comment`'s transaction)."""
    action = comment.action
    plan = action.plan
    recipients = get_user_model().objects.filter(is_active=True).filter(
        Q(memberships__organisation=plan.owner_id)
        | Q(pk__in=action.comments.exclude(pk=comment.pk).values("created_by"))).distinct()
    notify(actor=actor, recipients=recipients, kind="plan.action_comment",
           target_url=f"{reverse('plans:detail', args=[plan.pk])}#action-{action.pk}",
           params={"actor": _name(actor), "action": action.ref, "plan": plan.title, "comment": comment.text[:200]},
           target=action)


def _period_label(frequency: str, day: dt.date) -> str:
    period = reporting_period(frequency, day)
    if frequency == Frequency.MONTHLY:
        return f"{period[0]}-{period[1]:02d}"
    if frequency == Frequency.QUARTERLY:
        return f"{period[0]} Q{period[2]}"
    return str(period[0]) if period else ""


def notify_overdue(*, actor, today: dt.date | None = None) -> int:
    """Tell the reporters of every indicator whose update is overdue (`queries.overdue`, as the plan page's open
    issues count it), once per indicator per reporting period: running it twice sends nothing new. Returns the
    number of notifications written. The system (the daily task, the command) or an administrator runs it."""
    if not (is_system(actor) or is_administrator(actor)):
        raise PermissionDenied("Only the system or an administrator sends overdue notices.")
    today = today or timezone.localdate()
    indicators = indicators_with_latest(
        Indicator.objects.filter(action__plan__status__in=REPORTING_STATUSES)
        .exclude(action__status__in=[ActionStatus.DONE, ActionStatus.CANCELLED])
        .select_related("action__plan"))
    late = [i for i in indicators if overdue(i.frequency, i.latest_date, i.action.plan.status, i.action.status,
                                             i.action.plan.period_start, today)]
    if not late:
        return 0
    partners: dict[int, set[int]] = {}
    for action_id, org_id in ActionPartner.objects.filter(action__in={i.action_id for i in late}).values_list(
            "action_id", "organisation_id"):
        partners.setdefault(action_id, set()).add(org_id)
    sent = 0
    for indicator in late:
        action = indicator.action
        orgs = {action.plan.owner_id, action.lead_id, *partners.get(action.pk, ())} - {None}
        period = _period_label(indicator.frequency, today)
        sent += len(notify(
            actor=actor, recipients=members_of(orgs), kind="plan.update_overdue",
            target_url=reverse("plans:progress-create", args=[indicator.pk]),
            params={"indicator": indicator.name, "plan": action.plan.title, "period": period}, target=indicator,
            key=f"plan.update_overdue:{indicator.pk}:{period}"))
    return sent


def schedule(*, delay: dt.timedelta = dt.timedelta(minutes=5), running: bool = False) -> bool:
    """Make sure one overdue-notice run waits in the worker's queue (as the daily purge does,
    `core.retention.schedule`); True when this call enqueued it. Nothing with a backend that cannot defer."""
    if not getattr(default_task_backend, "supports_defer", False):
        return False
    from django_tasks_db.models import DBTaskResult

    waiting = ["READY"] if running else ["READY", "RUNNING"]
    if DBTaskResult.objects.filter(task_path=notify_overdue_daily.module_path, status__in=waiting).exists():
        return False
    notify_overdue_daily.using(run_after=timezone.now() + delay).enqueue()
    return True


@task()
def notify_overdue_daily() -> dict:
    """The daily overdue notices; it enqueues its next run."""
    sent = notify_overdue(actor=system("overdue progress notices"))
    schedule(delay=INTERVAL, running=True)
    return {"sent": sent}


def reporters_q(orgs) -> Q:
    """Actions an organisation among `orgs` reports on: its plan's, its lead's or its partners'."""
    return Q(plan__owner__in=orgs) | Q(lead__in=orgs) | Q(partners__organisation__in=orgs)
