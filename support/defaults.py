"""The desk's starting rows — the allowed moves, the reasons, the service-level targets and the working week —
which migration 0002 loads and administrators change afterwards. Kept as plain data so that a test can compare."""

from .choices import DEFAULT_TARGETS, Mover, ReasonKind, Stage

R, H, C = Mover.REQUESTER.value, Mover.HUB.value, Mover.COORDINATOR.value

# (from, to, movers, reason list)
TRANSITIONS = [
    (Stage.DRAFT, Stage.SUBMITTED, [R], ""),
    (Stage.DRAFT, Stage.WITHDRAWN, [R], ReasonKind.WITHDRAW),
    (Stage.SUBMITTED, Stage.TRIAGE, [H, C], ""),
    (Stage.SUBMITTED, Stage.WITHDRAWN, [R], ReasonKind.WITHDRAW),
    (Stage.TRIAGE, Stage.NEEDS_INFORMATION, [H, C], ""),
    (Stage.TRIAGE, Stage.ACCEPTED, [H, C], ""),
    (Stage.TRIAGE, Stage.DECLINED, [H, C], ReasonKind.DECLINE),
    (Stage.TRIAGE, Stage.REDIRECTED, [H, C], ReasonKind.REDIRECT),
    (Stage.TRIAGE, Stage.MERGED, [H, C], ReasonKind.MERGE),
    (Stage.TRIAGE, Stage.WITHDRAWN, [R], ReasonKind.WITHDRAW),
    (Stage.NEEDS_INFORMATION, Stage.TRIAGE, [R, H, C], ""),
    (Stage.NEEDS_INFORMATION, Stage.WITHDRAWN, [R], ReasonKind.WITHDRAW),
    (Stage.ACCEPTED, Stage.MATCHING, [H, C], ""),
    (Stage.ACCEPTED, Stage.WITHDRAWN, [R], ReasonKind.WITHDRAW),
    (Stage.MATCHING, Stage.PLAN_AGREED, [H, C], ""),
    (Stage.MATCHING, Stage.WITHDRAWN, [R], ReasonKind.WITHDRAW),
    (Stage.PLAN_AGREED, Stage.IN_DELIVERY, [H, C], ""),
    (Stage.PLAN_AGREED, Stage.WITHDRAWN, [R], ReasonKind.WITHDRAW),
    (Stage.IN_DELIVERY, Stage.DELIVERED, [H, C], ""),
    (Stage.IN_DELIVERY, Stage.WITHDRAWN, [R], ReasonKind.WITHDRAW),
    (Stage.DELIVERED, Stage.FOLLOW_UP, [H, C], ""),
    (Stage.DELIVERED, Stage.CLOSED, [H, C], ReasonKind.CLOSE),
    (Stage.FOLLOW_UP, Stage.CLOSED, [R, H, C], ReasonKind.CLOSE),
]

# kind → [(code, English, Arabic)]
REASONS = {
    ReasonKind.DECLINE: [
        ("outside-region", "Outside the hub's region or network", "خارج منطقة المركز أو شبكته"),
        ("outside-mandate", "Outside the hub's mandate", "خارج نطاق عمل المركز"),
        ("no-capacity", "No capacity in the timeframe asked", "لا تتوفر القدرة ضمن الإطار الزمني المطلوب"),
        ("information-missing", "The information asked for was not given", "لم تُقدَّم المعلومات المطلوبة"),
    ],
    ReasonKind.REDIRECT: [
        ("better-placed", "Another organisation is better placed", "جهة أخرى أقدر على تقديم الدعم"),
        ("national-remit", "A national body's remit", "من اختصاص جهة وطنية"),
    ],
    ReasonKind.MERGE: [
        ("duplicate", "Duplicate of an open request", "مكرر لطلب مفتوح"),
        ("joint-request", "Joined to a joint request of several localities", "ضُمّ إلى طلب مشترك لعدة مناطق"),
    ],
    ReasonKind.WITHDRAW: [
        ("resolved-locally", "Resolved locally", "عولج محلياً"),
        ("priorities-changed", "Local priorities changed", "تغيّرت الأولويات المحلية"),
        ("timing", "The timing no longer fits", "التوقيت لم يعد مناسباً"),
    ],
    ReasonKind.CLOSE: [
        ("delivered", "Support delivered and followed up", "قُدّم الدعم وتمت متابعته"),
        ("no-response", "No response from the locality", "لا ردّ من الجهة المحلية"),
        ("superseded", "Superseded by a later request", "حلّ محله طلب لاحق"),
    ],
    ReasonKind.REJECT_MATCH: [
        ("not-relevant", "Not relevant to the need", "لا صلة له بالاحتياج"),
        ("context", "The context is too different", "السياق مختلف كثيراً"),
        ("unavailable", "Not available in the timeframe", "غير متاح ضمن الإطار الزمني"),
        ("language", "The language does not fit", "اللغة غير مناسبة"),
    ],
    ReasonKind.REFERRAL_DECLINE: [
        ("no-capacity", "No capacity at present", "لا تتوفر القدرة حالياً"),
        ("outside-mandate", "Outside our mandate", "خارج نطاق عملنا"),
    ],
}

TARGETS = [(priority, clock, days) for priority, clocks in DEFAULT_TARGETS.items() for clock, days in clocks.items()]
