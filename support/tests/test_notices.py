"""The desk's notices: who is told of each move, the daily notices sent once (clocks about to breach, outcomes and
follow-ups due), the daily digest in each user's language, and `wiqaya support-digest`."""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone, translation

from core.actors import system
from core.models import AuditEntry
from notifications.kinds import message_text
from notifications.models import Notification
from support import notices
from support.choices import ReferralStatus, Stage
from support.models import Calendar, Holiday, NoticeSent, OutcomeCheck, Referral, RequestStep
from support.services.delivery import record_outcome, refer_request
from support.tests.delivery_world import build_world, make_request

pytestmark = pytest.mark.django_db

SYSTEM = system("test")
State = namedtuple("State", "clock state due")
THURSDAY = dt.date(2026, 12, 10)


@pytest.fixture
def world(reference):
    return build_world()


def _kinds(user):
    return [n.kind for n in Notification.objects.filter(recipient=user).order_by("id")]


def _step(request, stage):
    return RequestStep(request=request, from_stage=request.stage, to_stage=stage, at=timezone.now())


# --- told as it happens ---------------------------------------------------------------------------------------

def test_a_submitted_request_tells_the_hubs_experts(world):
    request = make_request(world, stage=Stage.SUBMITTED)
    notices.request_moved(actor=world.focal, request=request, step=_step(request, Stage.SUBMITTED))
    assert _kinds(world.expert) == ["support.submitted"] and _kinds(world.expert2) == ["support.submitted"]
    assert _kinds(world.colleague) == [] and _kinds(world.partner_user) == []
    row = Notification.objects.get(recipient=world.expert)
    assert row.message_text() == f"focal submitted the support request {request.reference} “{request.title}”."


@pytest.mark.parametrize("stage", [Stage.ACCEPTED, Stage.NEEDS_INFORMATION, Stage.DECLINED, Stage.REDIRECTED,
                                   Stage.MERGED, Stage.DELIVERED])
def test_moves_the_locality_must_know_tell_the_requesters_members(world, stage):
    request = make_request(world, stage=stage)
    notices.request_moved(actor=world.expert, request=request, step=_step(request, stage))
    assert _kinds(world.focal) == [f"support.moved.{stage}"] == _kinds(world.colleague)
    assert _kinds(world.expert2) == [] and _kinds(world.outsider) == []


def test_moves_inside_the_hub_tell_nobody(world):
    request = make_request(world, stage=Stage.MATCHING)
    notices.request_moved(actor=world.expert, request=request, step=_step(request, Stage.MATCHING))
    assert Notification.objects.count() == 0


def test_the_stage_is_said_in_the_readers_language(world):
    request = make_request(world, stage=Stage.DECLINED, title="تدريب الحوار")
    notices.request_moved(actor=world.expert, request=request, step=Stage.DECLINED)
    row = Notification.objects.get(recipient=world.focal)
    assert row.message_text() == f"The hub declined your support request {request.reference} “تدريب الحوار”."
    with translation.override("ar"):
        assert "رفض المركز" in message_text(row.kind, row.params)


def test_an_assignment_tells_the_assigned_user(world):
    request = make_request(world, stage=Stage.TRIAGE, assigned_to=None)
    request.assigned_to = world.expert2
    notices.request_assigned(actor=world.expert, request=request)
    assert _kinds(world.expert2) == ["support.assigned"] and _kinds(world.expert) == []


def test_a_referral_answered_tells_the_hub_and_the_locality_not_the_partner(world):
    from support.services.delivery import answer_referral

    referral = refer_request(actor=world.expert, request=make_request(world), partner=world.partner,
                             scope="Training", deadline=timezone.localdate() + dt.timedelta(days=5))
    answer_referral(actor=world.partner_user, referral=referral, accept=True, feedback="Yes, in March.")
    row = Notification.objects.get(recipient=world.focal)
    assert row.kind == "support.referral_answered.accepted" and row.params["feedback"] == "Yes, in March."
    assert "Al-Amal Training NGO accepted the referral" in row.message_text()
    assert _kinds(world.partner_user) == ["support.referral_sent"]
    assert "support.referral_answered.accepted" in _kinds(world.expert2)


# --- the daily notices ----------------------------------------------------------------------------------------

def test_the_next_working_day_skips_the_weekend_and_holidays(world):
    assert notices.next_working_day(dt.date(2026, 12, 8)) == dt.date(2026, 12, 9)
    assert notices.next_working_day(THURSDAY) == dt.date(2026, 12, 13)  # Friday and Saturday are off
    Holiday.objects.create(calendar=Calendar.objects.get(), date=dt.date(2026, 12, 13), name="Holiday")
    assert notices.next_working_day(THURSDAY) == dt.date(2026, 12, 14)


def test_a_clock_about_to_breach_is_told_once(world, monkeypatch):
    soon = make_request(world, stage=Stage.TRIAGE)
    later = make_request(world, stage=Stage.TRIAGE, assigned_to=world.expert2)
    assigned = make_request(world, stage=Stage.SUBMITTED, assigned_to=world.expert2)
    states = {
        soon.pk: [State("acknowledgement", "met", None), State("triage", "running", dt.date(2026, 12, 13))],
        later.pk: [State("triage", "running", dt.date(2026, 12, 14)), State("delivery", "breached",
                                                                            dt.date(2026, 12, 1))],
        assigned.pk: [State("acknowledgement", "running", THURSDAY)],
    }
    monkeypatch.setattr(notices, "_clock_states", lambda requests, today: states)
    assert notices.notify_clocks_due(actor=SYSTEM, today=THURSDAY) == 3
    assert _kinds(world.expert) == ["support.clock_due.triage"]
    assert sorted(_kinds(world.expert2)) == ["support.clock_due.acknowledgement", "support.clock_due.triage"]
    row = Notification.objects.get(recipient=world.expert)
    assert row.params["due"] == "2026-12-13" and row.params["reference"] == soon.reference
    assert set(NoticeSent.objects.values_list("key", flat=True)) == {
        f"clock_due:{soon.pk}:triage", f"clock_due:{assigned.pk}:acknowledgement"}
    assert notices.notify_clocks_due(actor=SYSTEM, today=THURSDAY) == 0
    assert Notification.objects.count() == 3


def test_only_the_system_or_an_administrator_runs_the_daily_notices(world):
    for actor in (world.expert, world.coordinator, AnonymousUser()):
        for run in (notices.notify_clocks_due, notices.notify_outcomes_due, notices.send_digest, notices.run_daily):
            with pytest.raises(PermissionDenied):
                run(actor=actor)


def test_an_outcome_not_recorded_ten_days_after_delivery_is_asked_for_once(world):
    today = timezone.localdate()
    late = make_request(world, stage=Stage.DELIVERED, delivered_at=timezone.now() - dt.timedelta(days=11))
    make_request(world, stage=Stage.DELIVERED, delivered_at=timezone.now() - dt.timedelta(days=3))
    done = make_request(world, stage=Stage.DELIVERED, delivered_at=timezone.now() - dt.timedelta(days=30))
    record_outcome(actor=world.focal, request=done, rating=4, need_met="fully", what_changed="Forum set up.")
    assert notices.notify_outcomes_due(actor=SYSTEM, today=today) == 2  # focal and colleague, about `late`
    assert [n.params["reference"] for n in Notification.objects.filter(recipient=world.colleague)] == [
        late.reference]
    assert _kinds(world.colleague) == ["support.outcome_due"]
    assert notices.notify_outcomes_due(actor=SYSTEM, today=today) == 0


def test_each_follow_up_is_asked_for_once_when_due(world):
    request = make_request(world, stage=Stage.DELIVERED, delivered_at=timezone.now() - dt.timedelta(days=2))
    record_outcome(actor=world.focal, request=request, rating=4, need_met="fully", what_changed="Forum set up.")
    three = OutcomeCheck.objects.get(request=request, months=3)
    day = three.due
    assert notices.notify_outcomes_due(actor=SYSTEM, today=day - dt.timedelta(days=1)) == 0
    assert notices.notify_outcomes_due(actor=SYSTEM, today=day) == 2  # the focal point and the colleague
    three.refresh_from_db()
    assert three.asked_at is not None
    assert OutcomeCheck.objects.get(request=request, months=6).asked_at is None
    assert "support.outcome_due.check" in _kinds(world.colleague)
    assert Notification.objects.get(recipient=world.colleague).params["months"] == 3
    assert AuditEntry.objects.filter(action="support.outcome_check.ask").count() == 1
    assert notices.notify_outcomes_due(actor=SYSTEM, today=day) == 0


# --- the digest -----------------------------------------------------------------------------------------------

def test_the_digest_speaks_each_users_language_and_is_sent_once_a_day(world):
    waiting = make_request(world, stage=Stage.SUBMITTED, title="Youth dialogue in Karkh")
    notices.request_moved(actor=world.focal, request=waiting, step=Stage.SUBMITTED)
    mail.outbox.clear()
    sent = notices.send_digest(actor=SYSTEM, today=THURSDAY)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert len(sent) == len(mail.outbox) == 2
    assert set(by_address) == {"expert@example.org", "expert2@example.org"}
    english, arabic = by_address["expert@example.org"], by_address["expert2@example.org"]
    assert english.subject == "Your support desk digest, 10 Dec 2026"
    assert "Unread notifications: 1" in english.body
    assert f"- focal submitted the support request {waiting.reference} “Youth dialogue in Karkh”." in english.body
    assert "Awaiting triage: 1" in english.body
    assert f"- {waiting.reference} Youth dialogue in Karkh" in english.body
    assert "http://testserver/en/notifications/" in english.body
    assert arabic.subject == "ملخص مكتب الدعم، 10 ديسمبر 2026"
    assert "إشعارات غير مقروءة: 1" in arabic.body and "بانتظار الفرز: 1" in arabic.body
    assert "Awaiting triage" not in arabic.body and "http://testserver/ar/notifications/" in arabic.body
    entry = AuditEntry.objects.get(action="support.digest.send")
    assert entry.changes == {"day": "2026-12-10", "recipients": ["expert", "expert2"]}
    mail.outbox.clear()
    assert notices.send_digest(actor=SYSTEM, today=THURSDAY) == [] and mail.outbox == []
    assert len(notices.send_digest(actor=SYSTEM, today=THURSDAY + dt.timedelta(days=1))) == 2


def test_the_digest_lists_each_users_own_queues(world):
    delivered = make_request(world, stage=Stage.DELIVERED, title="Women mediators")
    Referral.objects.create(request=make_request(world, title="Funding advice"), partner=world.partner,
                            scope="Funding", deadline=dt.date(2026, 12, 20))
    Referral.objects.create(request=make_request(world, title="Answered one"), partner=world.partner,
                            scope="x", deadline=dt.date(2026, 12, 20), status=ReferralStatus.ACCEPTED)
    mail.outbox.clear()
    notices.send_digest(actor=SYSTEM, today=THURSDAY)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"focal@example.org", "colleague@example.org", "partner@example.org"}
    colleague = by_address["colleague@example.org"].body
    assert "Outcomes to record: 1" in colleague and f"- {delivered.reference} Women mediators" in colleague
    assert "Unread notifications" not in colleague and "Funding advice" not in colleague
    partner = by_address["partner@example.org"].body
    assert "Referrals to answer: 1" in partner and "Funding advice (2026-12-20)" in partner
    assert "Answered one" not in partner and "Women mediators" not in partner
    assert "نتائج تنتظر التسجيل: 1" in by_address["focal@example.org"].body


def test_a_dry_run_shows_the_digests_and_sends_nothing(world):
    make_request(world, stage=Stage.TRIAGE, title="Karkh youth")
    mail.outbox.clear()
    out = StringIO()
    call_command("support-digest", "--dry-run", stdout=out)
    assert "To: expert@example.org" in out.getvalue() and "Karkh youth" in out.getvalue()
    assert "2 digests would be sent (dry run: nothing sent)" in out.getvalue()
    assert mail.outbox == [] and NoticeSent.objects.count() == 0
    out = StringIO()
    call_command("support-digest", stdout=out)
    assert out.getvalue().strip() == "2 digests sent" and len(mail.outbox) == 2
    out = StringIO()
    call_command("support-digest", stdout=out)
    assert out.getvalue().strip() == "0 digests sent" and len(mail.outbox) == 2


def test_nobody_with_nothing_waiting_gets_a_digest(world):
    make_request(world, stage=Stage.DRAFT)
    make_request(world, stage=Stage.CLOSED)
    mail.outbox.clear()
    assert notices.send_digest(actor=SYSTEM, today=THURSDAY) == [] and mail.outbox == []


def test_the_daily_task_does_everything_once(world, monkeypatch):
    monkeypatch.setattr(notices, "_clock_states", lambda requests, today: {})
    referral = Referral.objects.create(request=make_request(world), partner=world.partner, scope="x",
                                       deadline=timezone.localdate() - dt.timedelta(days=1))
    mail.outbox.clear()
    result = notices.support_daily.enqueue().return_value
    assert result["referrals_expired"] == 1 and result["digests"] >= 1
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.NO_ANSWER
    again = notices.run_daily(actor=SYSTEM)
    assert again == {"referrals_expired": 0, "clock_notices": 0, "outcome_notices": 0, "digests": 0}


def test_a_digests_record_outlives_its_day_by_a_week_only(world):
    old = NoticeSent.objects.create(key="digest:999:2026-11-01")
    NoticeSent.objects.filter(pk=old.pk).update(sent_at=timezone.now() - dt.timedelta(days=8))
    clock = NoticeSent.objects.create(request=make_request(world, stage=Stage.TRIAGE), key="clock_due:1:triage")
    NoticeSent.objects.filter(pk=clock.pk).update(sent_at=timezone.now() - dt.timedelta(days=30))
    assert len(notices.send_digest(actor=SYSTEM, today=THURSDAY)) == 2
    keys = set(NoticeSent.objects.values_list("key", flat=True))
    assert "digest:999:2026-11-01" not in keys and "clock_due:1:triage" in keys
    assert {k for k in keys if k.startswith("digest:")} == {
        f"digest:{world.expert.pk}:2026-12-10", f"digest:{world.expert2.pk}:2026-12-10"}
