"""What the events app tells people through the notification centre, and its daily task.

- an organisation named an owner of a recommendation: its focal points (`events.owner_added`);
- an event's minutes approved: the focal points of its conveners and of the organisations that took part
  (`events.minutes_approved`);
- reminders, by the daily task, to the focal points of every owner of an open recommendation: its due date within
  `FollowUpSettings.remind_before_days` (`events.due_soon`), passed (`events.overdue`), no update for
  `stale_after_days` (`events.stale`). Each reminder goes once per recommendation and kind (and due date, or day
  it went stale: a new due date is a new deadline) — notify's `key` keeps it so, so that a task that runs twice
  sends nothing new.

An organisation's focal points are its members with the role of local focal point; all its members when it has
none. Each notification is written in the reader's language when read, and e-mailed in the recipient's language
(`notifications.services.notify`).

The daily task (`events_daily`, enqueued by `wiqaya setup`) first refreshes the progress plan actions give
(`services.progress.refresh_progress`), then sends the reminders; `wiqaya events-remind [--dry-run]` runs it now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.tasks import default_task_backend, task
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import Role
from accounts.models import Membership
from core.actors import system
from notifications.kinds import register_kind
from notifications.models import Notification
from notifications.services import notify

from . import permissions
from .choices import CLOSED_STATUSES, Flag
from .models import FollowUpSettings, Owner, Recommendation
from .schedule import flag_filter

INTERVAL = dt.timedelta(days=1)
REMINDERS = ("due_soon", "overdue", "stale")


def register() -> None:
    """The kinds the app sends, with what each says (called from `EventsConfig.ready`)."""
    register_kind("events.owner_added",
                  gettext_lazy("%(organisation)s was named an owner of the recommendation %(reference)s "
                               "“%(recommendation)s”: answer it and report its progress."),
                  gettext_lazy("Your organisation owns a recommendation"))
    register_kind("events.due_soon",
                  gettext_lazy("The recommendation %(reference)s “%(recommendation)s” is due on %(due)s."),
                  gettext_lazy("A recommendation is due soon"))
    register_kind("events.overdue",
                  gettext_lazy("The recommendation %(reference)s “%(recommendation)s” was due on %(due)s and is not "
                               "completed: report its progress or explain the delay."),
                  gettext_lazy("A recommendation is overdue"))
    register_kind("events.stale",
                  gettext_lazy("The recommendation %(reference)s “%(recommendation)s” has had no progress update "
                               "since %(since)s: say how it stands."),
                  gettext_lazy("A recommendation waits for an update"))
    register_kind("events.minutes_approved",
                  gettext_lazy("The minutes of the event %(reference)s “%(event)s” were approved."),
                  gettext_lazy("Minutes approved"))


# --- who, where ------------------------------------------------------------------------------------------------------

def focal_points_of(organisation_ids) -> dict[int, list]:
    """{organisation id: [users]}: each organisation's active members with the role of local focal point, or all
    its active members when it has none (two queries, whatever the number of organisations)."""
    rows = (Membership.objects.filter(organisation__in=list(organisation_ids), user__is_active=True)
            .values_list("organisation_id", "user_id", "role"))
    focal, everyone = {}, {}
    for org_id, user_id, role in rows:
        everyone.setdefault(org_id, set()).add(user_id)
        if role == Role.LOCAL_FOCAL_POINT:
            focal.setdefault(org_id, set()).add(user_id)
    chosen = {org_id: focal.get(org_id) or members for org_id, members in everyone.items()}
    users = get_user_model().objects.in_bulk({u for members in chosen.values() for u in members})
    return {org_id: [users[u] for u in sorted(members) if u in users] for org_id, members in chosen.items()}


def _recipients(organisation_ids, people: dict) -> list:
    seen, result = set(), []
    for org_id in organisation_ids:
        for user in people.get(org_id, ()):
            if user.pk not in seen:
                seen.add(user.pk)
                result.append(user)
    return result


def _url(obj) -> str:
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:  # an installation without the app's pages: the notice still says what happened
        return ""


def _params(recommendation: Recommendation, **more) -> dict:
    text = " ".join((recommendation.text or "").split())
    return {"reference": recommendation.reference, "recommendation": Truncator(text).chars(160), **more}


# --- told as it happens (inside the services' transactions) ---------------------------------------------------------

def owner_added(*, actor, owner: Owner) -> None:
    """Tell an organisation's focal points that it was named an owner of a recommendation (S1's `set_owners` and
    `create_recommendation` call it for each owner added)."""
    recommendation = owner.recommendation
    people = focal_points_of([owner.organisation_id])
    notify(actor=actor, recipients=_recipients([owner.organisation_id], people), kind="events.owner_added",
           target_url=_url(recommendation), target=recommendation,
           params=_params(recommendation, organisation=str(owner.organisation)))


def minutes_approved(*, actor, event) -> None:
    """Tell the focal points of an event's conveners and participants that its minutes were approved."""
    orgs = list(dict.fromkeys([*event.conveners.values_list("pk", flat=True),
                               *event.participations.values_list("organisation_id", flat=True)]))
    people = focal_points_of(orgs)
    notify(actor=actor, recipients=_recipients(orgs, people), kind="events.minutes_approved",
           target_url=_url(event), target=event, params={"reference": event.reference, "event": event.title})


# --- the daily reminders ------------------------------------------------------------------------------------------

@dataclass
class Reminder:
    kind: str  # one of REMINDERS
    recommendation: Recommendation
    key: str
    params: dict
    recipients: list  # users not yet told (with this key)


def _require_system(actor) -> None:
    if not permissions.can(actor, "manage_settings"):
        raise PermissionDenied(_("Only the system or an administrator sends the follow-up's reminders."))


def _candidates(today: dt.date, settings: FollowUpSettings) -> list[tuple[str, Recommendation, str, dict]]:
    """(kind, recommendation, key, params) for every reminder due today, sent or not."""
    base = Recommendation.objects.exclude(status__in=CLOSED_STATUSES)
    found = []
    soon = base.filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=settings.remind_before_days))
    for rec in soon.order_by("due_date", "pk"):
        found.append(("due_soon", rec, f"events.due_soon:{rec.pk}:{rec.due_date.isoformat()}",
                      _params(rec, due=rec.due_date.isoformat())))
    for rec in flag_filter(base, Flag.OVERDUE, today, settings).order_by("due_date", "pk"):
        found.append(("overdue", rec, f"events.overdue:{rec.pk}:{rec.due_date.isoformat()}",
                      _params(rec, due=rec.due_date.isoformat())))
    for rec in flag_filter(base, Flag.STALE, today, settings).order_by("pk"):
        since = rec.last_update_on or rec.issued_on
        found.append(("stale", rec, f"events.stale:{rec.pk}:{since.isoformat()}",
                      _params(rec, since=since.isoformat())))
    return found


def reminders(today: dt.date | None = None) -> list[Reminder]:
    """The reminders the daily task would send today, each with the focal points not yet told (a fixed number of
    queries: owners, focal points and what was sent are read once for all)."""
    today = today or timezone.localdate()
    settings = FollowUpSettings.current()
    candidates = _candidates(today, settings)
    if not candidates:
        return []
    rec_ids = {rec.pk for _kind, rec, _key, _params in candidates}
    owners: dict[int, list[int]] = {}
    for rec_id, org_id in (Owner.objects.filter(recommendation__in=rec_ids).order_by("pk")
                           .values_list("recommendation_id", "organisation_id")):
        owners.setdefault(rec_id, []).append(org_id)
    people = focal_points_of({org for orgs in owners.values() for org in orgs})
    sent = set(Notification.objects.filter(key__in=[key for _k, _r, key, _p in candidates])
               .values_list("key", "recipient_id"))
    result = []
    for kind, rec, key, params in candidates:
        recipients = [u for u in _recipients(owners.get(rec.pk, ()), people) if (key, u.pk) not in sent]
        if recipients:
            result.append(Reminder(kind=kind, recommendation=rec, key=key, params=params, recipients=recipients))
    return result


def send_reminders(*, actor, today: dt.date | None = None, dry_run: bool = False) -> list[Reminder]:
    """Send today's reminders (`dry_run`: only say what they would be). Returns them."""
    _require_system(actor)
    found = reminders(today)
    if dry_run:
        return found
    for reminder in found:
        with transaction.atomic():
            reminder.recipients = notify(
                actor=actor, recipients=reminder.recipients, kind=f"events.{reminder.kind}",
                target_url=_url(reminder.recommendation), params=reminder.params, target=reminder.recommendation,
                key=reminder.key)
    return found


def run_daily(*, actor, today: dt.date | None = None) -> dict:
    """The follow-up's daily work: the progress plan actions give, then the reminders. {what: how many}."""
    from .services.progress import refresh_progress

    _require_system(actor)
    today = today or timezone.localdate()
    refreshed = refresh_progress(actor=actor, today=today)
    sent = send_reminders(actor=actor, today=today)
    counts = {kind: sum(len(r.recipients) for r in sent if r.kind == kind) for kind in REMINDERS}
    return {"progress_refreshed": refreshed, **counts}


def schedule(*, delay: dt.timedelta = dt.timedelta(minutes=5), running: bool = False) -> bool:
    """Make sure one run of the daily task waits in the worker's queue (as the support desk's does); True when
    this call enqueued it. Nothing with a backend that cannot defer."""
    if not getattr(default_task_backend, "supports_defer", False):
        return False
    from django_tasks_db.models import DBTaskResult

    waiting = ["READY"] if running else ["READY", "RUNNING"]
    if DBTaskResult.objects.filter(task_path=events_daily.module_path, status__in=waiting).exists():
        return False
    events_daily.using(run_after=timezone.now() + delay).enqueue()
    return True


@task()
def events_daily() -> dict:
    """The follow-up's daily refresh and reminders; it enqueues its next run."""
    result = run_daily(actor=system("events follow-up daily reminders"))
    schedule(delay=INTERVAL, running=True)
    return result
