"""Referrals, the delivery log, the outcome and the follow-up checks: what each write keeps, its audit entry, who
is told, and who is refused (another organisation, a partner answering someone else's referral, anonymous)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.choices import Role
from core.actors import system
from core.models import AuditEntry
from notifications.models import Notification
from places.models import Place
from support.choices import ReasonKind, ReferralStatus, Stage
from support.models import Engagement, Outcome, OutcomeCheck, Reason, Referral
from support.services import delivery
from support.services.delivery import (
    answer_outcome_check,
    answer_referral,
    expire_referrals,
    log_engagement,
    record_outcome,
    refer_request,
)
from support.tests.delivery_world import build_world, make_request
from tests.factories import make_org, make_plan, make_practice, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def world(reference):
    return build_world()


def _kinds(user):
    return [n.kind for n in Notification.objects.filter(recipient=user).order_by("id")]


def _entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def _refer(world, request=None, **fields):
    request = request or make_request(world)
    return refer_request(actor=world.expert, request=request, partner=world.partner,
                         scope=fields.pop("scope", "Two training sessions for the youth council."),
                         deadline=fields.pop("deadline", TODAY() + dt.timedelta(days=7)), **fields)


# --- referral -------------------------------------------------------------------------------------------------

def test_a_hub_expert_refers_part_of_a_request_and_the_partner_is_told(world):
    request = make_request(world)
    referral = _refer(world, request)
    referral.refresh_from_db()
    assert (referral.request, referral.partner, referral.status, referral.created_by, referral.deadline) == (
        request, world.partner, ReferralStatus.SENT, world.expert, TODAY() + dt.timedelta(days=7))
    assert referral.scope == "Two training sessions for the youth council."
    entry = _entries("support.referral.send")[0]
    assert (entry.actor, entry.object_id, entry.changes["partner"]) == (world.expert, str(request.pk),
                                                                         "Al-Amal Training NGO")
    assert _kinds(world.partner_user) == ["support.referral_sent"]
    row = Notification.objects.get(recipient=world.partner_user)
    assert row.params["reference"] == request.reference and row.params["scope"].startswith("Two training")
    assert _kinds(world.other_partner_user) == [] and _kinds(world.focal) == []


def test_a_coordinator_refers_too(world):
    referral = refer_request(actor=world.coordinator, request=make_request(world), partner=world.partner,
                             scope="Funding advice.", deadline=TODAY() + dt.timedelta(days=3))
    assert referral.status == ReferralStatus.SENT


@pytest.mark.parametrize("who", ["focal", "outsider", "partner_user", "anonymous", "other_hub_expert"])
def test_only_the_hubs_experts_or_coordinators_refer(world, who):
    actor = {"anonymous": AnonymousUser(),
             "other_hub_expert": make_user(role=Role.HUB_EXPERT, organisation=make_org("Other hub"))}.get(who) \
        or getattr(world, who)
    with pytest.raises(PermissionDenied):
        refer_request(actor=actor, request=make_request(world), partner=world.partner, scope="x",
                      deadline=TODAY() + dt.timedelta(days=7))
    assert Referral.objects.count() == 0


def test_a_referral_goes_to_another_organisation_with_a_deadline_in_the_future(world):
    request = make_request(world)
    with pytest.raises(ValidationError) as error:
        refer_request(actor=world.expert, request=request, partner=world.committee, scope="  ",
                      deadline=TODAY())
    assert set(error.value.message_dict) == {"partner", "scope", "deadline"}
    assert "organisation that asked" in error.value.message_dict["partner"][0]
    assert "after today" in error.value.message_dict["deadline"][0]
    assert Referral.objects.count() == 0 and _entries("support.referral.send") == []


def test_the_partner_accepts_once_and_the_hub_and_locality_are_told(world):
    referral = _refer(world)
    answered = answer_referral(actor=world.partner_user, referral=referral, accept=True,
                               feedback="We can run both sessions in March.")
    assert (answered.status, answered.decided_by, answered.feedback, answered.reason) == (
        ReferralStatus.ACCEPTED, world.partner_user, "We can run both sessions in March.", None)
    assert answered.answered_at is not None
    entry = _entries("support.referral.answer")[0]
    assert (entry.actor, entry.changes["status"]) == (world.partner_user, "accepted")
    for user in (world.expert, world.expert2, world.focal, world.colleague):
        assert "support.referral_answered.accepted" in _kinds(user)
    assert _kinds(world.other_partner_user) == []
    with pytest.raises(ValidationError) as error:
        answer_referral(actor=world.partner_user, referral=referral, accept=False,
                        reason=Reason.objects.filter(kind=ReasonKind.REFERRAL_DECLINE).first())
    assert "already answered (Accepted) and cannot be answered again" in error.value.messages[0]
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and len(_entries("support.referral.answer")) == 1


def test_declining_needs_a_reason_from_the_referral_list(world):
    referral = _refer(world)
    with pytest.raises(ValidationError) as error:
        answer_referral(actor=world.partner_user, referral=referral, accept=False)
    assert "reason" in error.value.message_dict
    wrong = Reason.objects.filter(kind=ReasonKind.DECLINE).first()
    with pytest.raises(ValidationError):
        answer_referral(actor=world.partner_user, referral=referral, accept=False, reason=wrong)
    reason = Reason.objects.get(kind=ReasonKind.REFERRAL_DECLINE, code="no-capacity")
    answered = answer_referral(actor=world.partner_user, referral=referral, accept=False, reason=reason,
                               feedback="Fully booked until June.")
    assert (answered.status, answered.reason) == (ReferralStatus.DECLINED, reason)
    assert _entries("support.referral.answer")[0].changes["reason"] == "no-capacity"
    assert "support.referral_answered.declined" in _kinds(world.focal)


@pytest.mark.parametrize("who", ["other_partner_user", "focal", "expert", "anonymous"])
def test_only_the_partner_answers_its_referral(world, who):
    referral = _refer(world)
    actor = AnonymousUser() if who == "anonymous" else getattr(world, who)
    with pytest.raises(PermissionDenied):
        answer_referral(actor=actor, referral=referral, accept=True)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_referrals_past_their_deadline_get_no_answer(world):
    late = _refer(world)
    waiting = _refer(world)
    answered = _refer(world)
    answer_referral(actor=world.partner_user, referral=answered, accept=True)
    Referral.objects.filter(pk__in=[late.pk, answered.pk]).update(deadline=TODAY() - dt.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        expire_referrals(actor=world.expert)
    assert expire_referrals(actor=system("test")) == 1
    statuses = dict(Referral.objects.values_list("pk", "status"))
    assert statuses == {late.pk: ReferralStatus.NO_ANSWER, waiting.pk: ReferralStatus.SENT,
                        answered.pk: ReferralStatus.ACCEPTED}
    assert [e.changes["referral"] for e in _entries("support.referral.expire")] == [late.pk]
    assert "support.referral_answered.no_answer" in _kinds(world.expert)
    assert expire_referrals(actor=system("test")) == 0
    with pytest.raises(ValidationError):
        answer_referral(actor=world.partner_user, referral=late, accept=True)


# --- delivery log ---------------------------------------------------------------------------------------------

def _engagement(world, request, **fields):
    actor = fields.pop("actor", world.expert)
    values = {
        "date": TODAY() - dt.timedelta(days=1), "engagement_type": "workshop", "mode": "in_person",
        "duration_hours": "3.5", "language": "ar",
        "counts": [{"organisation_kind": "local_government", "participants": 10, "women": 4, "youth": 3},
                   {"organisation_kind": "ngo", "participants": 6, "women": 6, "youth": 0}],
        "resources": "Facilitator guide", "summary": "Two councils agreed on a youth forum.",
        "next_steps": [{"party": "locality", "owner": world.committee, "text": "Invite the youth council",
                        "due": TODAY() + dt.timedelta(days=14)}],
    } | fields
    return log_engagement(actor=actor, request=request, **values)


def test_the_hub_logs_an_engagement_with_counts_practices_and_next_steps(world):
    request = make_request(world, stage=Stage.IN_DELIVERY)
    practice = make_practice(world.expert, status="published")
    engagement = _engagement(world, request, practices=[practice])
    engagement.refresh_from_db()
    assert (engagement.engagement_type, engagement.mode, engagement.duration_hours, engagement.language,
            engagement.created_by) == ("workshop", "in_person", Decimal("3.5"), "ar", world.expert)
    assert sorted(engagement.counts.values_list("organisation_kind", "participants", "women", "youth")) == [
        ("local_government", 10, 4, 3), ("ngo", 6, 6, 0)]
    step = engagement.next_steps.get()
    assert (step.party, step.owner, step.text, step.due) == (
        "locality", world.committee, "Invite the youth council", TODAY() + dt.timedelta(days=14))
    assert list(engagement.practices.all()) == [practice]
    entry = _entries("support.engagement.log")[0]
    assert (entry.object_id, entry.changes["participants"], entry.changes["hours"]) == (str(request.pk), 16, "3.5")


def test_every_bad_count_row_is_named_and_nothing_is_written(world):
    request = make_request(world)
    with pytest.raises(ValidationError) as error:
        _engagement(world, request, counts=[
            {"organisation_kind": "committee", "participants": 10, "women": 2},
            {"organisation_kind": "ngo", "participants": 10, "women": 12, "youth": 11},
            {"organisation_kind": "spaceship", "participants": "many"},
        ])
    problems = error.value.message_dict["counts"]
    assert "row 2: women (12) exceed participants (10)" in problems
    assert "row 2: youth (11) exceed participants (10)" in problems
    assert "row 3: choose an organisation type" in problems
    assert "row 3: participants must be a whole number" in problems
    assert not any(p.startswith("row 1") for p in problems)
    assert Engagement.objects.count() == 0 and _entries("support.engagement.log") == []


def test_next_steps_are_typed_with_an_owner_and_a_due_date(world):
    with pytest.raises(ValidationError) as error:
        _engagement(world, make_request(world), next_steps=[{"party": "donor", "owner": None, "text": "",
                                                              "due": None}])
    assert error.value.message_dict["next_steps"] == [
        "next step 1: say whose step it is (hub, locality or partner)",
        "next step 1: choose the organisation that owns it", "next step 1: say what the step is",
        "next step 1: give the date it is due"]


def test_a_practice_the_hub_cannot_see_is_refused(world):
    hidden = make_practice(world.outsider)  # a draft of another organisation
    with pytest.raises(ValidationError) as error:
        _engagement(world, make_request(world), practices=[hidden])
    assert "practices" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _engagement(world, make_request(world), practices=["not a number"])
    assert "practices" in error.value.message_dict
    assert Engagement.objects.count() == 0


@pytest.mark.parametrize("stage", [Stage.TRIAGE, Stage.MATCHING, Stage.FOLLOW_UP])
def test_engagements_are_logged_only_from_plan_agreed_to_delivered(world, stage):
    with pytest.raises(ValidationError):
        _engagement(world, make_request(world, stage=stage))
    assert Engagement.objects.count() == 0


@pytest.mark.parametrize("stage", [Stage.PLAN_AGREED, Stage.DELIVERED])
def test_engagements_are_logged_in_the_delivery_stages(world, stage):
    assert _engagement(world, make_request(world, stage=stage)).pk


@pytest.mark.parametrize("who", ["focal", "partner_user", "outsider", "anonymous"])
def test_only_the_hub_logs_the_delivery(world, who):
    actor = AnonymousUser() if who == "anonymous" else getattr(world, who)
    with pytest.raises(PermissionDenied):
        _engagement(world, make_request(world), actor=actor)
    assert Engagement.objects.count() == 0


def test_free_text_is_checked_before_anything_is_written(world, monkeypatch):
    seen = []

    def refuse(*, actor, record, fields):
        seen.append((actor, record, fields))
        raise ValidationError({"summary": "Rephrase the summary: it looks like it holds a telephone number."})

    monkeypatch.setattr(delivery, "check_free_text", refuse)
    request = make_request(world)
    with pytest.raises(ValidationError):
        _engagement(world, request, summary="Call 07701234567")
    assert seen[0][0] == world.expert and seen[0][1] == request
    assert seen[0][2] == {"resources": "Facilitator guide", "summary": "Call 07701234567",
                          "next_steps": "Invite the youth council"}
    assert Engagement.objects.count() == 0
    with pytest.raises(ValidationError):
        _refer(world, request, scope="Ask 07701234567")
    assert seen[1][2] == {"scope": "Ask 07701234567"} and Referral.objects.count() == 0


# --- outcome --------------------------------------------------------------------------------------------------

def test_the_locality_records_the_outcome_and_two_follow_ups_are_planned(world, monkeypatch):
    monkeypatch.setattr(delivery, "_today", lambda today=None: today or dt.date(2026, 8, 31))
    plan = make_plan(world.focal, owner=world.committee)
    action = plan.actions.first()
    request = make_request(world, stage=Stage.DELIVERED)
    outcome = record_outcome(actor=world.focal, request=request, rating="4", need_met="partly",
                             what_changed="The youth forum meets monthly.", action=action)
    outcome.refresh_from_db()
    assert (outcome.rating, outcome.need_met, outcome.what_changed, outcome.action, outcome.created_by) == (
        4, "partly", "The youth forum meets monthly.", action, world.focal)
    # 31 August + 3 months has no 31st: the month's last day.
    assert list(OutcomeCheck.objects.filter(request=request).values_list("months", "due")) == [
        (3, dt.date(2026, 11, 30)), (6, dt.date(2027, 2, 28))]
    entry = _entries("support.outcome.record")[0]
    assert entry.changes == {"rating": 4, "need_met": "partly", "action": action.pk,
                             "checks": ["2026-11-30", "2027-02-28"]}
    with pytest.raises(ValidationError) as error:
        record_outcome(actor=world.colleague, request=request, rating=5, need_met="fully", what_changed="x")
    assert "already recorded" in error.value.messages[0]


def test_same_day_of_month_when_the_month_has_it(world, monkeypatch):
    monkeypatch.setattr(delivery, "_today", lambda today=None: dt.date(2026, 1, 15))
    request = make_request(world, stage=Stage.FOLLOW_UP)
    record_outcome(actor=world.coordinator, request=request, rating=5, need_met="fully", what_changed="Done.")
    assert list(OutcomeCheck.objects.values_list("due", flat=True)) == [dt.date(2026, 4, 15), dt.date(2026, 7, 15)]


def test_the_outcome_values_are_required(world):
    request = make_request(world, stage=Stage.DELIVERED)
    with pytest.raises(ValidationError) as error:
        record_outcome(actor=world.focal, request=request, rating=6, need_met="maybe", what_changed=" ")
    assert set(error.value.message_dict) == {"rating", "need_met", "what_changed"}
    assert Outcome.objects.count() == 0 and OutcomeCheck.objects.count() == 0


def test_the_action_is_one_of_the_requesters_own_plans(world):
    mosul = make_org("Mosul Sub-committee", kind="committee", place=Place.objects.get(code="IQ-NI"))
    other_plan = make_plan(make_user(role=Role.LOCAL_FOCAL_POINT, organisation=mosul), place_code="IQ-NI")
    request = make_request(world, stage=Stage.DELIVERED)
    with pytest.raises(ValidationError) as error:
        record_outcome(actor=world.focal, request=request, rating=3, need_met="not", what_changed="Nothing yet.",
                       action=other_plan.actions.first())
    assert "action" in error.value.message_dict and Outcome.objects.count() == 0


@pytest.mark.parametrize("stage", [Stage.IN_DELIVERY, Stage.CLOSED, Stage.TRIAGE])
def test_the_outcome_waits_for_delivery(world, stage):
    with pytest.raises(ValidationError):
        record_outcome(actor=world.focal, request=make_request(world, stage=stage), rating=3, need_met="partly",
                       what_changed="x")


@pytest.mark.parametrize("who", ["expert", "partner_user", "outsider", "anonymous"])
def test_only_the_requesting_organisation_records_the_outcome(world, who):
    actor = AnonymousUser() if who == "anonymous" else getattr(world, who)
    with pytest.raises(PermissionDenied):
        record_outcome(actor=actor, request=make_request(world, stage=Stage.DELIVERED), rating=3,
                       need_met="partly", what_changed="x")
    assert Outcome.objects.count() == 0


def test_a_follow_up_is_answered_once_when_due_by_the_locality(world):
    request = make_request(world, stage=Stage.DELIVERED)
    record_outcome(actor=world.focal, request=request, rating=4, need_met="fully", what_changed="Forum set up.")
    check = OutcomeCheck.objects.get(request=request, months=3)
    with pytest.raises(ValidationError) as error:
        answer_outcome_check(actor=world.focal, check=check, need_met="fully", what_changed="Still there.")
    assert "is due on" in error.value.messages[0]
    OutcomeCheck.objects.filter(pk=check.pk).update(due=TODAY())
    check.refresh_from_db()
    with pytest.raises(PermissionDenied):
        answer_outcome_check(actor=world.expert, check=check, need_met="fully", what_changed="x")
    answered = answer_outcome_check(actor=world.colleague, check=check, need_met="partly",
                                    what_changed="The forum met twice.")
    assert (answered.need_met, answered.what_changed) == ("partly", "The forum met twice.")
    assert answered.answered_at is not None
    assert _entries("support.outcome_check.answer")[0].changes == {"check": check.pk, "months": 3,
                                                                   "need_met": "partly"}
    with pytest.raises(ValidationError):
        answer_outcome_check(actor=world.focal, check=check, need_met="fully", what_changed="again")
