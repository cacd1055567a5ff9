"""Demo support desk: the Nineveh sub-committee's community needs and its requests to the regional hub, one at
every stage of the desk — a draft, one waiting for triage, one waiting for information, one being matched, one
in delivery with a referral to a partner, one delivered without an outcome, one closed with its outcome — and
two requests of the Anbar sub-committee (one overdue, one declined). Written by the team; the needs, requests
and figures are invented for demonstration and describe no real community.

Everything is written through `support.services`, as the demo users would (the focal point asks, the hub's
expert triages and delivers). Only the dates are then set back, so that the service-level clocks show each of
their states on a fresh installation; that is the one write here that no service makes, and only the demo
loader makes it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import Organisation, User
from core.actors import system
from frameworks.models import Goal
from places.models import Place
from support.choices import Stage
from support.clocks import next_due
from support.models import Expert, Reason, RequestStep, SupportRequest
from support.services import delivery, matching, needs, requests

DEMO = system("demo data")
HUB = "MENA Regional Hub for Local Prevention"
NINEVEH = "Nineveh Sub-committee"
ANBAR = "Al Anbar Sub-committee"

# key: (owner, place, theme, source, severity, rank, groups, goals, lang, title, description)
NEEDS = {
    "youth-spaces": (
        NINEVEH, "IQ-NI-D-MOSUL", "youth", "consultation", 4, 1, ["youth"], ["un-pve-2015:4"], "ar",
        "غياب المساحات الآمنة لأنشطة الشباب في أحياء الموصل القديمة",
        "أفاد المشاركون في جلسات التشاور المجتمعي بأن الشباب في أحياء المدينة القديمة لا يجدون أماكن آمنة "
        "للقاء والتطوع والرياضة بعد إعادة الإعمار، وأن الفراغ يزيد من عزلتهم."),
    "returnees": (
        NINEVEH, "IQ-NI-D-SINJAR", "reintegration", "assessment", 5, 2, ["returnees", "displaced", "minorities"],
        ["un-pve-2015:3"], "ar",
        "رفض مجتمعي للعائلات العائدة من المخيمات في سنجار",
        "تقييم المنظمات المحلية يبين أن العائلات العائدة تواجه رفضاً في المدارس والأسواق، وأن لجان المصالحة "
        "المحلية تفتقر إلى ميسرين مدربين."),
    "teachers": (
        NINEVEH, "IQ-NI", "education", "plan_review", 3, 3, ["teachers"], ["un-pve-2015:6"], "en",
        "Teachers lack methods for critical-thinking lessons",
        "The review of the governorate plan found that middle-school teachers asked for practical methods to "
        "teach critical thinking and media literacy; no training has been offered since 2023."),
    "mediators": (
        NINEVEH, "IQ-NI", "women", "hub_visit", 3, 4, ["women"], ["un-pve-2015:5"], "ar",
        "حاجة مجالس النساء الوسيطات إلى تدريب على الوساطة",
        "خلال زيارة المركز طلبت مجالس النساء الوسيطات تدريباً على أساليب الوساطة في النزاعات العائلية "
        "والعشائرية وعلى الإحالة إلى الخدمات المختصة."),
    "radio": (
        NINEVEH, "IQ-NI-D-MOSUL", "communication", "event", 2, 5, ["youth", "whole_community"],
        ["un-pve-2015:7"], "en",
        "Local radio has no capacity for alternative voices",
        "At the governorate roundtable, the local radio station said it wants programmes in which young people "
        "and teachers tell stories of coexistence, but has no producer trained for it."),
    "imams": (
        NINEVEH, "IQ-NI", "religious", "consultation", 3, 6, ["religious_leaders"], ["un-pve-2015:1"], "ar",
        "تعزيز دور رجال الدين في مواجهة خطاب الكراهية",
        "طالب المشاركون في التشاور بلقاءات منتظمة بين رجال الدين من مختلف المكونات ورسائل مشتركة."),
    "anbar-jobs": (
        ANBAR, "IQ-AN-D-FALLUJAH", "employment", "consultation", 4, 1, ["youth", "returnees"], ["un-pve-2015:4"],
        "ar", "بطالة الشباب العائدين في الفلوجة",
        "أشار التشاور المجتمعي إلى أن الشباب العائدين لا يجدون فرص عمل أو تدريباً مهنياً."),
}

# key: (requester, need keys, type, priority, mode, title, result wanted, lang,
#       moves: [(stage, by "requester"|"hub", working days before today, reason code)])
REQUESTS = {
    "peer-youth": (NINEVEH, ["youth-spaces"], "peer_exchange", "normal", "hybrid",
                   "تبادل خبرات مع مدينة تدير مراكز شبابية في أحيائها",
                   "زيارة تبادلية يتعرف فيها فريق المحافظة على نموذج تشغيل مراكز شبابية مجتمعية.", "ar", []),
    "teachers": (NINEVEH, ["teachers"], "training", "normal", "in_person",
                 "Training of trainers on critical thinking for middle-school teachers",
                 "Twenty teacher trainers able to run critical-thinking sessions in their schools.", "en",
                 [(Stage.SUBMITTED, "requester", 1, None)]),
    "returnees": (NINEVEH, ["returnees"], "technical_assistance", "urgent", "in_person",
                  "دعم فني لتصميم برنامج إعادة دمج العائلات العائدة في سنجار",
                  "برنامج مكتوب لإعادة الدمج تتبناه لجنة المصالحة المحلية مع أدوار الشركاء.", "ar",
                  [(Stage.SUBMITTED, "requester", 9, None), (Stage.TRIAGE, "hub", 8, None),
                   (Stage.NEEDS_INFORMATION, "hub", 7, None)]),
    "mediators": (NINEVEH, ["mediators"], "training", "high", "in_person",
                  "تدريب مجالس النساء الوسيطات على الوساطة المجتمعية",
                  "ثلاثون وسيطة مدربة على الوساطة والإحالة في ثلاثة أقضية.", "ar",
                  [(Stage.SUBMITTED, "requester", 12, None), (Stage.TRIAGE, "hub", 11, None),
                   (Stage.ACCEPTED, "hub", 9, None), (Stage.MATCHING, "hub", 8, None)]),
    "radio": (NINEVEH, ["radio"], "expert_visit", "normal", "in_person",
              "Expert visit to help the local radio produce programmes with alternative voices",
              "A season of twelve radio programmes produced with young presenters.", "en",
              [(Stage.SUBMITTED, "requester", 30, None), (Stage.TRIAGE, "hub", 29, None),
               (Stage.ACCEPTED, "hub", 26, None), (Stage.MATCHING, "hub", 25, None),
               (Stage.PLAN_AGREED, "hub", 22, None), (Stage.IN_DELIVERY, "hub", 20, None)]),
    "youth-info": (NINEVEH, ["youth-spaces"], "information", "normal", "online",
                   "معلومات عن نماذج إدارة المراكز الشبابية المجتمعية",
                   "ملخص بالنماذج المتاحة وكلفتها التقريبية.", "ar",
                   [(Stage.SUBMITTED, "requester", 40, None), (Stage.TRIAGE, "hub", 39, None),
                    (Stage.ACCEPTED, "hub", 38, None), (Stage.MATCHING, "hub", 37, None),
                    (Stage.PLAN_AGREED, "hub", 35, None), (Stage.IN_DELIVERY, "hub", 33, None),
                    (Stage.DELIVERED, "hub", 15, None)]),
    "imams": (NINEVEH, ["imams"], "training", "normal", "in_person",
              "تدريب رجال الدين على الرسائل المشتركة ضد خطاب الكراهية",
              "منتدى دائم لرجال الدين يصدر رسائل مشتركة.", "ar",
              [(Stage.SUBMITTED, "requester", 120, None), (Stage.TRIAGE, "hub", 119, None),
               (Stage.ACCEPTED, "hub", 116, None), (Stage.MATCHING, "hub", 114, None),
               (Stage.PLAN_AGREED, "hub", 110, None), (Stage.IN_DELIVERY, "hub", 100, None),
               (Stage.DELIVERED, "hub", 60, None)]),
    "anbar-jobs": (ANBAR, ["anbar-jobs"], "funding_referral", "high", "online",
                   "إحالة إلى تمويل لبرنامج تدريب مهني للشباب العائدين",
                   "تمويل لبرنامج تدريب مهني لمئة شاب.", "ar",
                   [(Stage.SUBMITTED, "requester", 6, None)]),
    "anbar-declined": (ANBAR, ["anbar-jobs"], "funding_referral", "normal", "online",
                       "تمويل مباشر لمشاريع صغيرة",
                       "منح صغيرة لعشرين مشروعاً.", "ar",
                       [(Stage.SUBMITTED, "requester", 20, None), (Stage.TRIAGE, "hub", 19, None),
                        (Stage.DECLINED, "hub", 17, "outside-mandate")]),
}


def _working_days_back(days: int, today: dt.date) -> dt.date:
    """The date `days` working days (Sunday–Thursday) before `today`."""
    day = today
    while days > 0:
        day -= dt.timedelta(days=1)
        if day.weekday() not in (4, 5):
            days -= 1
    return day


def _at(days: int, now) -> dt.datetime:
    day = _working_days_back(days, timezone.localdate(now))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _goal(code: str) -> Goal:
    slug, number = code.split(":")
    return Goal.objects.get(framework__slug=slug, parent=None, number=number)


def _backdate(request: SupportRequest, moves: list, now) -> None:
    """Set the request's steps and clock times to the demo's dates (see the module's docstring)."""
    steps = list(request.steps.order_by("pk"))
    first = _at(moves[0][2] + 1, now) if moves else now
    RequestStep.objects.filter(pk=steps[0].pk).update(at=first)
    stamps = {}
    for step, (stage, _by, days, _reason) in zip(steps[1:], moves, strict=False):
        when = _at(days, now)
        RequestStep.objects.filter(pk=step.pk).update(at=when)
        for field, value in (("submitted_at", Stage.SUBMITTED), ("delivery_started_at", Stage.IN_DELIVERY),
                             ("delivered_at", Stage.DELIVERED), ("closed_at", Stage.CLOSED)):
            if stage == value:
                stamps[field] = when
        if step.from_stage == Stage.SUBMITTED:
            stamps["acknowledged_at"] = when
        if stage in (Stage.ACCEPTED, Stage.DECLINED, Stage.REDIRECTED, Stage.MERGED):
            stamps["triaged_at"] = when
    SupportRequest.objects.filter(pk=request.pk).update(created_at=first, **stamps)
    request.refresh_from_db()
    SupportRequest.objects.filter(pk=request.pk).update(due_on=next_due([request])[request.pk])


def load_support(stdout=None) -> dict[str, int]:
    """Create the demo desk once; a second call finds it and adds nothing."""
    hub = Organisation.objects.get(name=HUB)
    focal = User.objects.get(username="focal")
    expert_user = User.objects.get(username="expert")
    if SupportRequest.objects.filter(hub=hub, created_by__is_demo=True).exists():
        return {"needs": 0, "support_requests": 0}
    now = timezone.now()
    expert = Expert.objects.filter(hub=hub, user=expert_user).first()
    if expert is None:
        matching.save_expert(
            actor=DEMO, hub=hub, user=expert_user, themes=["youth", "reintegration", "women", "communication"],
            languages=["ar", "en", "ckb"], places=list(Place.objects.filter(code__in=["IQ-NI", "IQ-AN", "IQ-SD"])),
            goals=[_goal("un-pve-2015:3"), _goal("un-pve-2015:4"), _goal("un-pve-2015:5")])
    made = {}
    for key, (owner, place, theme, source, severity, rank, groups, goals, lang, title, text) in NEEDS.items():
        made[key] = needs.create_need(
            actor=DEMO, owner=Organisation.objects.get(name=owner), place=Place.objects.get(code=place),
            title=title, theme=theme, source=source, severity=severity, priority_rank=rank, groups=groups,
            goals=[_goal(g) for g in goals], lang=lang, description=text, hub=hub)
    needs.change_need_status(actor=DEMO, need=made["returnees"], status="validated",
                             reason="Confirmed by the hub's visit to Sinjar.")
    created = {}
    for key, (requester, need_keys, kind, priority, mode, title, result, lang, moves) in REQUESTS.items():
        owner = Organisation.objects.get(name=requester)
        first_need = made[need_keys[0]]
        request = requests.create_request(
            actor=focal if requester == NINEVEH else DEMO, requester=owner, hub=hub, place=first_need.place,
            title=title, needs=[made[k] for k in need_keys], request_type=kind, priority=priority, mode=mode,
            result_wanted=result, lang=lang, languages=["ar"] if lang == "ar" else ["ar", "en"],
            sponsoring_role="نائب المحافظ" if lang == "ar" else "Deputy governor",
            goals=list(first_need.goals.all()))
        for stage, by, _days, reason_code in moves:
            request.refresh_from_db()
            actor = DEMO if requester != NINEVEH else (focal if by == "requester" else expert_user)
            reason = None
            if reason_code:
                reason = Reason.objects.filter(code=reason_code).exclude(kind="reject_match").first()
            requests.move_request(actor=actor, request=request, to_stage=stage, version=request.version,
                                  reason=reason)
        request.refresh_from_db()
        created[key] = request
        _backdate(request, moves, now)
    _deliver(created, hub, focal, expert_user, now)
    if stdout is not None:
        stdout.write(f"Demo support desk: {len(made)} needs, {len(created)} requests.\n")
    return {"needs": len(made), "support_requests": len(created)}


def _deliver(created: dict, hub, focal, expert_user, now) -> None:
    """Matches, a referral, delivery sessions and an outcome on the requests that have reached those stages."""
    today = timezone.localdate(now)
    for key in ("mediators", "radio"):
        matching.suggest_matches(actor=expert_user, request=created[key])
    radio = created["radio"]
    delivery.refer_request(
        actor=expert_user, request=radio, partner=Organisation.objects.get(name="Al-Noor Youth Association"),
        scope="Young presenters for the radio season: recruit and accompany ten volunteers.",
        deadline=today + dt.timedelta(days=14))
    delivery.log_engagement(
        actor=expert_user, request=radio, date=today - dt.timedelta(days=10), engagement_type="workshop",
        mode="in_person", duration_hours=6, language="ar",
        counts=[{"organisation_kind": "local_government", "participants": 4, "women": 1, "youth": 0},
                {"organisation_kind": "ngo", "participants": 9, "women": 5, "youth": 7}],
        summary="Production workshop with the station's team and youth volunteers.",
        next_steps=[{"party": "locality", "owner": radio.requester, "text": "Draft the season's twelve topics.",
                     "due": today + dt.timedelta(days=20)},
                    {"party": "hub", "owner": hub, "text": "Share two formats used by member cities.",
                     "due": today + dt.timedelta(days=7)}])
    imams = created["imams"]
    delivery.log_engagement(
        actor=expert_user, request=imams, date=today - dt.timedelta(days=130), engagement_type="training",
        mode="in_person", duration_hours=12, language="ar",
        counts=[{"organisation_kind": "committee", "participants": 3, "women": 1, "youth": 0},
                {"organisation_kind": "other", "participants": 18, "women": 2, "youth": 3}],
        summary="تدريب لمدة يومين على صياغة الرسائل المشتركة.")
    imams.refresh_from_db()
    requests.move_request(actor=expert_user, request=imams, to_stage=Stage.FOLLOW_UP, version=imams.version)
    RequestStep.objects.filter(pk=imams.steps.order_by("-pk").values("pk")[:1]).update(at=_at(50, now))
    imams.refresh_from_db()
    delivery.record_outcome(actor=focal, request=imams, rating=4, need_met="partly",
                            what_changed="اجتمع المنتدى ثلاث مرات وأصدر رسالتين مشتركتين.")
    imams.refresh_from_db()
    close = Reason.objects.get(kind="close", code="delivered")
    requests.move_request(actor=expert_user, request=imams, to_stage=Stage.CLOSED, version=imams.version,
                          reason=close)
    SupportRequest.objects.filter(pk=imams.pk).update(closed_at=_at(40, now))
    RequestStep.objects.filter(pk=imams.steps.order_by("-pk").values("pk")[:1]).update(at=_at(40, now))
