"""What the desk writes once a request is under way: referrals to partner organisations (a closed loop: sent →
accepted | declined | no answer by the deadline), the delivery log (engagements with participants counted by
organisation type, practices used and typed next steps), the locality's outcome and the follow-up checks at +3
and +6 months.

Every function takes `actor=` first, asks `support.permissions`, runs in one transaction, checks its free text
(`support.checks.check_free_text`) before writing, records an audit entry on the request and tells who should
know (`support.notices`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from core import audit
from plans.models import Action
from plans.permissions import actions_visible_to
from practices import permissions as practice_permissions
from practices.models import Practice

from .. import notices, permissions
from ..checks import check_free_text
from ..choices import (
    EngagementType,
    Mode,
    NeedMet,
    NextStepParty,
    ReasonKind,
    ReferralStatus,
    Stage,
    SupportLanguage,
)
from ..models import (
    Engagement,
    EngagementCount,
    NextStep,
    Outcome,
    OutcomeCheck,
    Reason,
    Referral,
    SupportRequest,
)

# The stages in which the hub logs engagements, and in which the locality records its outcome.
DELIVERY_STAGES = {Stage.PLAN_AGREED, Stage.IN_DELIVERY, Stage.DELIVERED}
OUTCOME_STAGES = {Stage.DELIVERED, Stage.FOLLOW_UP}
# The follow-up checks: months after the day the outcome is recorded.
CHECK_MONTHS = (3, 6)


def _today(today: dt.date | None = None) -> dt.date:
    return today or timezone.localdate()


def _user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later, or the month's last day when it has no such day (31 Aug + 6 →
    28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- referral -------------------------------------------------------------------------------------------------

@transaction.atomic
def refer_request(*, actor, request: SupportRequest, partner: Organisation, scope: str,
                  deadline: dt.date) -> Referral:
    """Refer part of a request (`scope`) to a partner organisation, which answers by `deadline`. The hub's experts
    or the coordinators refer; the partner is not the requesting organisation."""
    if not permissions.can(actor, "refer", request):
        raise PermissionDenied(_("Only the hub's experts or the coordinators refer a request."))
    errors = {}
    if request.stage == Stage.DRAFT:
        errors["request"] = _("A draft request cannot be referred: it is not submitted yet.")
    if partner is None:
        errors["partner"] = _("Choose the partner organisation.")
    elif partner.pk == request.requester_id:
        errors["partner"] = _("A request cannot be referred to the organisation that asked for it.")
    elif partner.pk == request.hub_id:
        errors["partner"] = _("A request cannot be referred to the hub that was asked.")
    scope = (scope or "").strip()
    if not scope:
        errors["scope"] = _("Say what is referred.")
    if not isinstance(deadline, dt.date):
        errors["deadline"] = _("Give the date by which the partner answers.")
    elif deadline <= _today():
        errors["deadline"] = _("The answer deadline must be a day after today.")
    if errors:
        raise ValidationError(errors)
    check_free_text(actor=actor, record=request, fields={"scope": scope})
    referral = Referral.objects.create(request=request, partner=partner, scope=scope, deadline=deadline,
                                       created_by=_user_or_none(actor))
    audit.record(actor=actor, action="support.referral.send", obj=request,
                 changes={"referral": referral.pk, "partner": str(partner), "deadline": deadline.isoformat()})
    notices.referral_sent(actor=actor, referral=referral)
    return referral


@transaction.atomic
def answer_referral(*, actor, referral: Referral, accept: bool, reason: Reason | None = None,
                    feedback: str = "") -> Referral:
    """The partner's answer: accepted, or declined with a reason from the list (kind referral_decline), with
    feedback that the locality and the hub read. A referral is answered once."""
    if not permissions.can(actor, "answer_referral", referral):
        raise PermissionDenied(_("Only the partner the request was referred to answers the referral."))
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.status != ReferralStatus.SENT:
        raise ValidationError(_("This referral was already answered (%(status)s) and cannot be answered again.")
                              % {"status": current.get_status_display()}, code="answered")
    feedback = (feedback or "").strip()
    if not accept:
        if reason is None:
            raise ValidationError({"reason": _("Choose why the referral is declined.")})
        if reason.kind != ReasonKind.REFERRAL_DECLINE or not reason.active:
            raise ValidationError({"reason": _("Choose a reason from the list for declining a referral.")})
    check_free_text(actor=actor, record=current, fields={"feedback": feedback})
    current.status = ReferralStatus.ACCEPTED if accept else ReferralStatus.DECLINED
    current.reason = None if accept else reason
    current.feedback = feedback
    current.decided_by = _user_or_none(actor)
    current.answered_at = timezone.now()
    current.save(update_fields=["status", "reason", "feedback", "decided_by", "answered_at"])
    audit.record(actor=actor, action="support.referral.answer", obj=current.request,
                 changes={"referral": current.pk, "partner": str(current.partner), "status": current.status,
                          **({"reason": reason.code} if reason is not None and not accept else {})})
    notices.referral_answered(actor=actor, referral=current)
    referral.refresh_from_db()
    return referral


@transaction.atomic
def expire_referrals(*, actor, today: dt.date | None = None) -> int:
    """Referrals still waiting after their deadline become "no answer by the deadline" (the daily task; the
    system or an administrator). Returns how many."""
    if not permissions.can(actor, "manage_desk"):
        raise PermissionDenied(_("Only the system or an administrator closes referrals without an answer."))
    late = list(Referral.objects.select_for_update().filter(status=ReferralStatus.SENT, deadline__lt=_today(today))
                .select_related("request", "partner"))
    now = timezone.now()
    for referral in late:
        referral.status = ReferralStatus.NO_ANSWER
        referral.answered_at = now
        referral.save(update_fields=["status", "answered_at"])
        audit.record(actor=actor, action="support.referral.expire", obj=referral.request,
                     changes={"referral": referral.pk, "partner": str(referral.partner),
                              "deadline": referral.deadline.isoformat()})
        notices.referral_answered(actor=actor, referral=referral)
    return len(late)


# --- delivery log ---------------------------------------------------------------------------------------------

def _whole(value, label: str, problems: list[str], row: str) -> int | None:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.append(_("%(row)s: %(field)s must be a whole number") % {"row": row, "field": label})
        return None
    return value


def _counts(counts) -> tuple[list[EngagementCount], list[str]]:
    rows, problems, seen = [], [], set()
    kinds = set(OrganisationKind.values)
    for index, entry in enumerate(counts or (), start=1):
        row = _("row %(number)d") % {"number": index}
        kind = str(entry.get("organisation_kind") or "")
        if kind not in kinds:
            problems.append(_("%(row)s: choose an organisation type") % {"row": row})
        elif kind in seen:
            problems.append(_("%(row)s: %(kind)s is counted twice") % {
                "row": row, "kind": OrganisationKind(kind).label})
        seen.add(kind)
        participants = _whole(entry.get("participants"), _("participants"), problems, row)
        women = _whole(entry.get("women", 0) or 0, _("women"), problems, row)
        youth = _whole(entry.get("youth", 0) or 0, _("youth"), problems, row)
        if participants is not None:
            if women is not None and women > participants:
                problems.append(_("%(row)s: women (%(women)d) exceed participants (%(participants)d)") % {
                    "row": row, "women": women, "participants": participants})
            if youth is not None and youth > participants:
                problems.append(_("%(row)s: youth (%(youth)d) exceed participants (%(participants)d)") % {
                    "row": row, "youth": youth, "participants": participants})
        if kind in kinds and None not in (participants, women, youth):
            rows.append(EngagementCount(organisation_kind=kind, participants=participants, women=women,
                                        youth=youth))
    return rows, problems


def _organisation(value) -> Organisation | None:
    if isinstance(value, Organisation):
        return value
    if value in (None, ""):
        return None
    try:
        return Organisation.objects.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


def _next_steps(steps) -> tuple[list[NextStep], list[str]]:
    rows, problems = [], []
    for index, entry in enumerate(steps or (), start=1):
        row = _("next step %(number)d") % {"number": index}
        party = str(entry.get("party") or "")
        if party not in NextStepParty.values:
            problems.append(_("%(row)s: say whose step it is (hub, locality or partner)") % {"row": row})
        owner = _organisation(entry.get("owner"))
        if owner is None:
            problems.append(_("%(row)s: choose the organisation that owns it") % {"row": row})
        text = str(entry.get("text") or "").strip()
        if not text:
            problems.append(_("%(row)s: say what the step is") % {"row": row})
        due = entry.get("due")
        if isinstance(due, dt.datetime) or not isinstance(due, dt.date):
            problems.append(_("%(row)s: give the date it is due") % {"row": row})
            due = None
        rows.append(NextStep(party=party, owner=owner, text=text, due=due))
    return rows, problems


def _practice_ids(practices) -> set[int] | None:
    ids = set()
    for practice in practices or ():
        try:
            ids.add(practice.pk if isinstance(practice, Practice) else int(practice))
        except (TypeError, ValueError):
            return None
    return ids


@transaction.atomic
def log_engagement(*, actor, request: SupportRequest, date: dt.date, engagement_type: str, mode: str,
                   duration_hours, language: str, counts=(), practices=(), resources: str = "", summary: str = "",
                   next_steps=()) -> Engagement:
    """One engagement of the delivery log, written whole or not at all: participants counted by organisation
    type (`counts`: [{"organisation_kind", "participants", "women", "youth"}], no names; women and youth are
    among the participants), the practices used (ones the actor may see) and typed next steps
    ([{"party", "owner", "text", "due"}]). The hub logs it while the plan is agreed, in delivery or delivered."""
    if not permissions.can(actor, "log_engagement", request):
        raise PermissionDenied(_("Only the hub's experts or the coordinators log the delivery."))
    if request.stage not in DELIVERY_STAGES:
        raise ValidationError(_("Engagements are logged once the plan is agreed, during delivery or when "
                                "delivered; this request is “%(stage)s”.") % {"stage": request.get_stage_display()},
                              code="stage")
    errors: dict[str, list[str]] = {}
    if isinstance(date, dt.datetime) or not isinstance(date, dt.date):
        errors["date"] = [_("Give the date of the engagement.")]
    elif date > _today():
        errors["date"] = [_("An engagement is logged once it has taken place: the date is in the future.")]
    if engagement_type not in EngagementType.values:
        errors["engagement_type"] = [_("Choose the type of engagement.")]
    if mode not in Mode.values:
        errors["mode"] = [_("Choose in person, online or hybrid.")]
    if language not in SupportLanguage.values:
        errors["language"] = [_("Choose the language of the engagement.")]
    try:
        hours = Decimal(str(duration_hours)).quantize(Decimal("0.1"))
        if hours <= 0 or hours >= 10000:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["duration_hours"] = [_("Give the duration in hours (more than 0).")]
        hours = None
    count_rows, problems = _counts(counts)
    if problems:
        errors["counts"] = problems
    step_rows, problems = _next_steps(next_steps)
    if problems:
        errors["next_steps"] = problems
    wanted = _practice_ids(practices)
    used = list(practice_permissions.visible_to(actor, Practice.objects.filter(pk__in=wanted or ())))
    if wanted is None or len(used) != len(wanted):
        errors["practices"] = [_("Choose practices from those you can see.")]
    if errors:
        raise ValidationError(errors)
    resources, summary = (resources or "").strip(), (summary or "").strip()
    check_free_text(actor=actor, record=request, fields={
        "resources": resources, "summary": summary, "next_steps": "\n".join(step.text for step in step_rows)})
    engagement = Engagement.objects.create(
        request=request, date=date, engagement_type=engagement_type, mode=mode, duration_hours=hours,
        language=language, resources=resources, summary=summary, created_by=_user_or_none(actor))
    for row in count_rows:
        row.engagement = engagement
    EngagementCount.objects.bulk_create(count_rows)
    for row in step_rows:
        row.engagement = engagement
    NextStep.objects.bulk_create(step_rows)
    engagement.practices.set(used)
    audit.record(actor=actor, action="support.engagement.log", obj=request, changes={
        "engagement": engagement.pk, "date": date.isoformat(), "type": engagement_type, "mode": mode,
        "hours": str(hours), "participants": sum(row.participants for row in count_rows),
        "practices": sorted(p.pk for p in used), "next_steps": len(step_rows)})
    return engagement


# --- outcome --------------------------------------------------------------------------------------------------

def _need_met(value) -> list[str]:
    return [] if value in NeedMet.values else [_("Say whether the need was met fully, partly or not.")]


@transaction.atomic
def record_outcome(*, actor, request: SupportRequest, rating, need_met: str, what_changed: str,
                   action: Action | None = None) -> Outcome:
    """The locality's word once the support is delivered: a rating (1–5), whether the need was met, what
    changed and the plan action whose progress moved (an action of the requesting organisation's plans). The
    desk asks again 3 and 6 months later (`OutcomeCheck`, same day of the month, or the month's last day)."""
    if not permissions.can(actor, "record_outcome", request):
        raise PermissionDenied(_("Only the requesting organisation records the outcome."))
    if request.stage not in OUTCOME_STAGES:
        raise ValidationError(_("The outcome is recorded once the support is delivered; this request is "
                                "“%(stage)s”.") % {"stage": request.get_stage_display()}, code="stage")
    if Outcome.objects.filter(request=request).exists():
        raise ValidationError(_("The outcome of this request is already recorded."), code="recorded")
    errors = {}
    try:
        rating = int(rating)
        if not 1 <= rating <= 5:
            raise ValueError
    except (TypeError, ValueError):
        errors["rating"] = [_("Rate the support from 1 to 5.")]
    if problems := _need_met(need_met):
        errors["need_met"] = problems
    what_changed = (what_changed or "").strip()
    if not what_changed:
        errors["what_changed"] = [_("Say what changed.")]
    if action is not None:
        mine = action.plan.owner_id == request.requester_id
        if not (mine and actions_visible_to(actor, Action.objects.filter(pk=action.pk)).exists()):
            errors["action"] = [_("Choose an action of your organisation's plans.")]
    if errors:
        raise ValidationError(errors)
    check_free_text(actor=actor, record=request, fields={"what_changed": what_changed})
    outcome = Outcome.objects.create(request=request, rating=rating, need_met=need_met, what_changed=what_changed,
                                     action=action, created_by=_user_or_none(actor))
    day = _today()
    checks = OutcomeCheck.objects.bulk_create(
        [OutcomeCheck(request=request, months=months, due=_add_months(day, months)) for months in CHECK_MONTHS])
    audit.record(actor=actor, action="support.outcome.record", obj=request, changes={
        "rating": rating, "need_met": need_met, "action": action.pk if action is not None else None,
        "checks": [check.due.isoformat() for check in checks]})
    return outcome


@transaction.atomic
def answer_outcome_check(*, actor, check: OutcomeCheck, need_met: str, what_changed: str) -> OutcomeCheck:
    """The locality's answer to a follow-up check, once it is due: is the change still there?"""
    request = check.request
    if not permissions.can(actor, "record_outcome", request):
        raise PermissionDenied(_("Only the requesting organisation answers the follow-up."))
    current = OutcomeCheck.objects.select_for_update().get(pk=check.pk)
    if current.answered_at is not None:
        raise ValidationError(_("This follow-up was already answered."), code="answered")
    if current.due > timezone.localdate():
        raise ValidationError(_("This follow-up is due on %(date)s: answer it then.")
                              % {"date": current.due.isoformat()}, code="early")
    errors = {}
    if problems := _need_met(need_met):
        errors["need_met"] = problems
    what_changed = (what_changed or "").strip()
    if not what_changed:
        errors["what_changed"] = [_("Say what changed.")]
    if errors:
        raise ValidationError(errors)
    check_free_text(actor=actor, record=request, fields={"what_changed": what_changed})
    current.need_met, current.what_changed, current.answered_at = need_met, what_changed, timezone.now()
    current.save(update_fields=["need_met", "what_changed", "answered_at"])
    audit.record(actor=actor, action="support.outcome_check.answer", obj=request,
                 changes={"check": current.pk, "months": current.months, "need_met": need_met})
    check.refresh_from_db()
    return check
