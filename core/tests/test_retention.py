"""Retention: records past their period are purged (or their address forgotten), by command and by the
scheduled worker task, which keeps exactly one next run queued."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import LoginFailure
from core import retention
from core.models import AuditEntry, Job

pytestmark = pytest.mark.django_db


def _age(queryset, days, field):
    queryset.update(**{field: timezone.now() - dt.timedelta(days=days)})


def test_purge_applies_each_rule_and_only_past_the_period():
    old, recent = LoginFailure.objects.create(username="a"), LoginFailure.objects.create(username="b")
    _age(LoginFailure.objects.filter(pk=old.pk), 31, "at")
    entry = AuditEntry.objects.create(action="practice.update", remote_addr="192.0.2.10")
    fresh = AuditEntry.objects.create(action="practice.update", remote_addr="192.0.2.11")
    _age(AuditEntry.objects.filter(pk=entry.pk), 181, "at")
    job = Job.objects.create(kind="document_import", status="done")
    running = Job.objects.create(kind="document_import", status="running")
    _age(Job.objects.filter(pk__in=[job.pk, running.pk]), 91, "finished_at")
    assert retention.purge(dry_run=True)["login_failures"] == 1
    assert LoginFailure.objects.count() == 2  # a dry run changes nothing
    counts = retention.purge()
    assert counts["login_failures"] == 1 and counts["audit_addresses"] == 1 and counts["finished_jobs"] == 1
    assert list(LoginFailure.objects.values_list("pk", flat=True)) == [recent.pk]
    entry.refresh_from_db()
    fresh.refresh_from_db()
    assert entry.remote_addr is None and entry.action == "practice.update"  # the trail stays, the address goes
    assert fresh.remote_addr == "192.0.2.11"
    assert list(Job.objects.values_list("pk", flat=True)) == [running.pk]
    assert AuditEntry.objects.filter(action="retention.purge").count() == 3
    assert retention.purge()["login_failures"] == 0


def test_periods_are_configurable(settings, monkeypatch):
    failure = LoginFailure.objects.create(username="a")
    _age(LoginFailure.objects.filter(pk=failure.pk), 10, "at")
    assert retention.purge(dry_run=True)["login_failures"] == 0
    settings.WIQAYA_RETENTION_DAYS = {"login_failures": 7}
    assert retention.purge(dry_run=True)["login_failures"] == 1
    monkeypatch.setenv("WIQAYA_RETENTION_LOGIN_FAILURES_DAYS", "14")
    assert retention.purge(dry_run=True)["login_failures"] == 0


def test_the_command_reports_each_rule(capsys):
    call_command("purge", "--dry-run")
    out = capsys.readouterr().out
    assert "login_failures: would purge 0 (kept 30 days)" in out and "audit_addresses" in out


def test_the_worker_keeps_one_daily_purge_queued(settings):
    from django.tasks import task_backends
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    task_backends._settings = task_backends.settings = None
    try:
        task_backends.__dict__.pop("settings", None)
        assert retention.schedule() is True
        assert retention.schedule() is False  # one waiting run is enough
        queued = DBTaskResult.objects.get()
        assert queued.task_path == "core.retention.purge_expired" and queued.run_after > timezone.now()
        # The run itself purges, then queues tomorrow's.
        DBTaskResult.objects.filter(pk=queued.pk).update(status="RUNNING")
        retention.run_scheduled()
        nxt = DBTaskResult.objects.get(status="READY")
        assert nxt.run_after > timezone.now() + dt.timedelta(hours=23)
    finally:
        task_backends.__dict__.pop("settings", None)
