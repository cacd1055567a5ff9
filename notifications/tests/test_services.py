"""The notification centre's services and the events the workflows send: who is told, what the row keeps (a kind
and parameters, never a sentence), the audit entry, the e-mail in the recipient's language, and the overdue
notices sent once per indicator per reporting period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import translation

from accounts.choices import OrganisationKind, Role
from accounts.models import User
from core.actors import system
from core.models import AuditEntry
from notifications.kinds import message_html, message_text
from notifications.models import Notification
from notifications.services import mark_all_read, mark_read, notify
from places.models import Place
from plans.notices import notify_overdue
from plans.services import add_progress, transition_plan
from practices.services import transition_practice
from tests.factories import make_org, make_plan, make_practice, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(reference):
    return make_org("Baghdad PVE Sub-committee", kind=OrganisationKind.COMMITTEE, place=Place.objects.get(code="IQ-BG"))


@pytest.fixture
def focal(committee):
    return make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=committee, email="focal@example.org")


@pytest.fixture
def colleague(committee):
    return make_user("colleague", role=Role.LOCAL_FOCAL_POINT, organisation=committee, email="colleague@example.org")


@pytest.fixture
def coordinator(reference):
    return make_user("coord", role=Role.NATIONAL_COORDINATOR, email="coord@example.org", language="ar")


def _rows(user):
    return list(Notification.objects.filter(recipient=user).order_by("id"))


def test_notify_writes_one_row_per_recipient_never_the_actor_and_audits(focal, colleague, coordinator):
    rows = notify(actor=focal, recipients=[focal, colleague, coordinator, colleague], kind="plan.submitted",
                  target_url="/en/plans/1/", params={"plan": "Baghdad plan", "actor": "focal"})
    assert sorted(r.recipient.username for r in rows) == ["colleague", "coord"]
    assert _rows(focal) == []
    row = _rows(colleague)[0]
    assert (row.kind, row.params, row.target_url, row.read_at) == (
        "plan.submitted", {"plan": "Baghdad plan", "actor": "focal"}, "/en/plans/1/", None)
    entry = AuditEntry.objects.get(action="notification.send")
    assert entry.actor == focal and entry.changes["recipients"] == ["colleague", "coord"]


def test_the_sentence_is_built_at_read_time_in_the_readers_language(focal, coordinator):
    notify(actor=focal, recipients=[coordinator], kind="plan.submitted", params={"plan": "<b>خطة</b>", "actor": "focal"})
    row = _rows(coordinator)[0]
    assert "sentence" not in row.params and set(row.params) == {"plan", "actor"}
    assert row.message_text() == "focal submitted the plan “<b>خطة</b>” for approval."
    html = str(row.message())
    assert "<bdi>&lt;b&gt;خطة&lt;/b&gt;</bdi>" in html and "<b>" not in html
    with translation.override("ar"):
        assert "قدّم" in message_text(row.kind, row.params)
        assert "<bdi>focal</bdi>" in str(message_html(row.kind, row.params))


def test_a_submitted_plan_tells_the_coordinators_by_e_mail_in_their_language(focal, coordinator,
                                                                             django_capture_on_commit_callbacks):
    english = make_user("coord-en", role=Role.NATIONAL_COORDINATOR, email="en@example.org", language="en")
    plan = make_plan(focal, title="Baghdad resilience plan")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        transition_plan(actor=focal, plan=plan, to_status="submitted")
    assert [n.kind for n in _rows(coordinator)] == ["plan.submitted"]
    assert _rows(coordinator)[0].target_url.endswith(f"/plans/{plan.pk}/")
    assert _rows(focal) == []
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"coord@example.org", "en@example.org"}
    arabic = by_address["coord@example.org"]
    assert "Baghdad resilience plan" in arabic.body and "قدّم" in arabic.body
    assert f"http://testserver/ar/plans/{plan.pk}/" in arabic.body
    assert arabic.subject == "خطة تنتظر مراجعتك"
    assert "submitted the plan" in by_address["en@example.org"].body
    assert f"http://testserver/en/plans/{plan.pk}/" in by_address["en@example.org"].body
    assert english.notifications.count() == 1


def test_approval_and_changes_requested_tell_the_plans_owners(focal, colleague, coordinator):
    plan = make_plan(focal)
    transition_plan(actor=focal, plan=plan, to_status="submitted")
    transition_plan(actor=coordinator, plan=plan, to_status="changes_requested", comment="Add budgets")
    assert [n.kind for n in _rows(focal)] == ["plan.changes_requested"]
    assert _rows(colleague)[0].params["comment"] == "Add budgets"
    transition_plan(actor=colleague, plan=plan, to_status="submitted")
    transition_plan(actor=coordinator, plan=plan, to_status="approved")
    assert [n.kind for n in _rows(focal)] == ["plan.changes_requested", "plan.approved"]
    assert [n.kind for n in _rows(coordinator)] == ["plan.submitted", "plan.submitted"]
    outsider = make_user(role=Role.PARTNER)
    assert _rows(outsider) == []


def test_practice_review_moves_tell_reviewers_then_the_authors_organisation(reference, coordinator):
    ngo = make_org("Al-Noor Youth Association")
    author, teammate = make_user(organisation=ngo), make_user(organisation=ngo)
    hub = make_user(role=Role.HUB_EXPERT)
    practice = make_practice(author)
    transition_practice(actor=author, practice=practice, to_status="in_review")
    assert [n.kind for n in _rows(hub)] == ["practice.submitted"]
    assert [n.kind for n in _rows(coordinator)] == ["practice.submitted"]
    assert _rows(author) == [] and _rows(teammate) == []
    transition_practice(actor=hub, practice=practice, to_status="draft", comment="Name the place")
    assert [n.kind for n in _rows(author)] == ["practice.changes_requested"]
    assert _rows(teammate)[0].params["comment"] == "Name the place"
    transition_practice(actor=author, practice=practice, to_status="in_review")
    transition_practice(actor=coordinator, practice=practice, to_status="published")
    assert [n.kind for n in _rows(teammate)] == ["practice.changes_requested", "practice.published"]
    assert [n.kind for n in _rows(hub)] == ["practice.submitted", "practice.submitted"]


def test_an_author_withdrawing_its_own_practice_tells_nobody(reference, coordinator):
    ngo = make_org()
    author, teammate = make_user(organisation=ngo), make_user(organisation=ngo)
    practice = make_practice(author, status="in_review")
    transition_practice(actor=author, practice=practice, to_status="draft")
    assert _rows(teammate) == []


def test_only_the_recipient_marks_a_notification_read(focal, colleague, coordinator):
    notify(actor=focal, recipients=[colleague, coordinator], kind="plan.submitted", params={})
    row = _rows(colleague)[0]
    with pytest.raises(PermissionDenied):
        mark_read(actor=coordinator, notification=row)
    mark_read(actor=colleague, notification=row)
    row.refresh_from_db()
    assert row.read_at is not None
    assert AuditEntry.objects.filter(action="notification.read", actor=colleague).count() == 1
    notify(actor=focal, recipients=[colleague, coordinator], kind="plan.approved", params={})
    assert mark_all_read(actor=colleague) == 1
    assert Notification.objects.filter(recipient=coordinator, read_at__isnull=True).count() == 2


def test_an_anonymous_visitor_sends_no_notification(focal):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        notify(actor=AnonymousUser(), recipients=[focal], kind="plan.submitted", params={})


def _approved_plan(focal, partner_org=None):
    plan = make_plan(focal, status="approved", year=2026)
    if partner_org is not None:
        action = plan.actions.get()
        action.lead = partner_org
        action.save(update_fields=["lead"])
    return plan


def test_overdue_notices_go_to_the_reporters_once_per_indicator_per_period(focal, colleague, coordinator,
                                                                          django_capture_on_commit_callbacks):
    ngo = make_org("Lead NGO")
    lead = make_user("lead", organisation=ngo, email="lead@example.org")
    plan = _approved_plan(focal, partner_org=ngo)
    indicator = plan.actions.get().indicators.get()
    indicator.frequency = "monthly"
    indicator.save(update_fields=["frequency"])
    today = dt.date(2026, 3, 10)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = notify_overdue(actor=system("test"), today=today)
    assert sent == 3  # the plan's two focal points and the action's lead; not the coordinator
    assert {n.recipient.username for n in Notification.objects.filter(kind="plan.update_overdue")} == {
        "focal", "colleague", "lead"}
    row = _rows(lead)[0]
    assert row.params["period"] == "2026-03" and row.target_url.endswith(f"/plans/indicators/{indicator.pk}/report/")
    assert len(mail.outbox) == 3
    assert notify_overdue(actor=system("test"), today=today) == 0  # the same period: nothing new
    assert notify_overdue(actor=system("test"), today=dt.date(2026, 3, 31)) == 0
    assert notify_overdue(actor=system("test"), today=dt.date(2026, 4, 10)) == 3  # the next period
    add_progress(actor=lead, indicator=indicator, date=dt.date(2026, 5, 2), value=2)
    assert notify_overdue(actor=system("test"), today=dt.date(2026, 5, 20)) == 0  # reported: not overdue


def test_the_overdue_command_is_idempotent(focal, capsys):
    _approved_plan(focal)
    call_command("notify-overdue")
    first = capsys.readouterr().out
    call_command("notify-overdue")
    assert first.strip().endswith("sent") and first.split()[0] != "0"
    assert capsys.readouterr().out.strip() == "0 overdue notices sent"


def test_only_the_system_or_an_administrator_sends_overdue_notices(focal):
    with pytest.raises(PermissionDenied):
        notify_overdue(actor=focal)


def test_an_inactive_account_is_not_told(focal, colleague):
    User.objects.filter(pk=colleague.pk).update(is_active=False)
    colleague.refresh_from_db()
    assert notify(actor=focal, recipients=[colleague], kind="plan.approved", params={}) == []


def test_read_notifications_are_purged_after_their_retention_period_unread_ones_stay(focal, colleague):
    from django.utils import timezone

    from core import retention

    notify(actor=focal, recipients=[colleague], kind="plan.approved", params={})
    notify(actor=focal, recipients=[colleague], kind="plan.approved", params={})
    mark_read(actor=colleague, notification=_rows(colleague)[0])
    later = timezone.now() + dt.timedelta(days=181)
    assert retention.purge(now=later)["read_notifications"] == 1
    assert [n.read_at for n in _rows(colleague)] == [None]


def test_the_send_is_audited_apart_from_the_targets_own_history(focal, coordinator):
    from core.audit import history

    plan = make_plan(focal)
    transition_plan(actor=focal, plan=plan, to_status="submitted")
    assert [e.action for e in history(plan)] == ["plan.submit", "plan.create"]
    entry = AuditEntry.objects.get(action="notification.send")
    assert entry.changes["target"] == f"plans.plan:{plan.pk}" and entry.changes["kind"] == "plan.submitted"


def test_no_e_mail_to_an_account_without_an_address_or_with_a_reserved_one(focal, django_capture_on_commit_callbacks):
    silent = make_user("silent", role=Role.NATIONAL_COORDINATOR, email="")
    demo = make_user("demo", role=Role.NATIONAL_COORDINATOR, email="demo@demo.invalid")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(actor=focal, recipients=[silent, demo], kind="plan.approved", params={"plan": "P", "actor": "f"})
    assert len(rows) == 2 and mail.outbox == []
