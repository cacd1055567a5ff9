"""Retention: records kept only as long as they are needed, then purged by a scheduled job.

Each rule names a model, the date that ages it, how long it is kept (a setting, in days, overridable from the
environment as `WIQAYA_RETENTION_<NAME>_DAYS`), and what happens after: the row is deleted, or only some
fields are blanked (the audit trail keeps who did what, but forgets the network address after a while).
Apps that add records about communities' needs register their own rule with `register()`.

`purge()` applies every rule in one transaction per rule and returns what it removed. The background worker
runs it once a day: `schedule()` (called by `wiqaya setup`) leaves one pending `purge_expired` task, and each
run enqueues the next one.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks import default_task_backend, task
from django.utils import timezone

from . import audit
from .actors import system

INTERVAL = dt.timedelta(days=1)


@dataclass(frozen=True)
class Rule:
    name: str  # also the setting: WIQAYA_RETENTION_<NAME>_DAYS
    model: str  # "app_label.ModelName"
    date_field: str
    default_days: int
    blank: tuple[str, ...] = ()  # fields set to None/"" instead of deleting the row
    extra: dict = field(default_factory=dict)  # further filter, e.g. finished jobs only

    def days(self) -> int:
        env = os.environ.get(f"WIQAYA_RETENTION_{self.name.upper()}_DAYS")
        configured = getattr(settings, "WIQAYA_RETENTION_DAYS", {}).get(self.name)
        return int(env or configured or self.default_days)


RULES: list[Rule] = [
    Rule("audit_addresses", "core.AuditEntry", "at", 180, blank=("remote_addr",)),
    Rule("finished_jobs", "core.Job", "finished_at", 90, extra={"status__in": ["done", "failed"]}),
    Rule("expired_sessions", "sessions.Session", "expire_date", 0),
    Rule("task_results", "django_tasks_database.DBTaskResult", "finished_at", 30),
    Rule("submitted_forms", "core.SubmittedForm", "at", 7),  # core.idempotency: Back, then Save, within a week
]


def register(rule: Rule) -> None:
    """Add (or replace, by name) a retention rule; apps call this from `AppConfig.ready`."""
    RULES[:] = [r for r in RULES if r.name != rule.name] + [rule]


def _expired(rule: Rule, now):
    model = apps.get_model(rule.model)
    cutoff = now - dt.timedelta(days=rule.days())
    queryset = model.objects.filter(**{f"{rule.date_field}__lt": cutoff, **rule.extra})
    if rule.blank:
        # Only rows that still hold something to forget (a text column that cannot be NULL is blanked to "").
        keep = Q()
        for name in rule.blank:
            if _blank_value(model, name) is None:
                keep |= Q(**{f"{name}__isnull": False})
            else:
                keep |= ~Q(**{name: ""})
        queryset = queryset.filter(keep)
    return queryset


def _blank_value(model, name: str):
    return None if model._meta.get_field(name).null else ""


def purge(*, now=None, dry_run: bool = False) -> dict[str, int]:
    """Apply every rule; {rule name: rows deleted or blanked}. With dry_run, count only."""
    now = now or timezone.now()
    done = {}
    for rule in RULES:
        with transaction.atomic():
            queryset = _expired(rule, now)
            if dry_run:
                done[rule.name] = queryset.count()
                continue
            if rule.blank:
                done[rule.name] = queryset.update(**{name: _blank_value(queryset.model, name) for name in rule.blank})
            else:
                done[rule.name] = queryset.delete()[0]
            if done[rule.name]:
                audit.record(actor=system("retention purge"), action="retention.purge", obj=None,
                             changes={"rule": rule.name, "rows": done[rule.name], "days": rule.days()})
    return done


def schedule(*, delay: dt.timedelta = dt.timedelta(minutes=1), running: bool = False) -> bool:
    """Make sure one purge is waiting in the worker's queue; True when this call enqueued it.

    `running` is True when called from the purge task itself (its own row is still RUNNING). Does nothing with
    a task backend that cannot defer tasks (the immediate backend of the tests)."""
    if not getattr(default_task_backend, "supports_defer", False):
        return False
    from django_tasks_db.models import DBTaskResult  # only with the database backend (not in the tests)

    waiting = ["READY"] if running else ["READY", "RUNNING"]
    if DBTaskResult.objects.filter(task_path=purge_expired.module_path, status__in=waiting).exists():
        return False
    purge_expired.using(run_after=timezone.now() + delay).enqueue()
    return True


def run_scheduled() -> dict[str, int]:
    """What the daily task does: purge, then leave the next run in the queue."""
    counts = purge()
    schedule(delay=INTERVAL, running=True)
    return counts


@task()
def purge_expired() -> dict:
    """The daily retention purge; it enqueues its next run."""
    return run_scheduled()
