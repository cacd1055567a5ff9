"""Demo local action plans: six governorates at different stages, with actions, indicators and a year of
progress updates. Written by the team; the figures are invented for demonstration and describe no real plan.

Plans are written through `plans.services`, so they carry the same workflow history and audit entries as plans
entered by hand. The Nineveh plan is written by the demo focal point and approved by the demo coordinator; the
other plans' owner steps are recorded without a user (the demo loader), approvals by the coordinator.
"""

from __future__ import annotations

import datetime as dt

from accounts.models import Organisation, User
from core.actors import system
from frameworks.models import Goal
from places.models import Place
from plans import services
from plans.models import Plan

PERIOD = (dt.date(2025, 7, 1), dt.date(2027, 6, 30))

DEMO = system("demo data")


def _update_months(today: dt.date | None = None) -> list[dt.date]:
    """A year of monthly updates, on the 5th, the last one no more than five weeks ago (so that only the plans
    whose reporting stopped show overdue updates)."""
    last = (today or dt.date.today()) - dt.timedelta(days=5)
    year, month = last.year, last.month
    months = []
    for _ in range(12):
        months.append(dt.date(year, month, 5))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


# Actions every plan may draw from: (key, Arabic title, English title, description, goals, indicators, subs).
# goals: "framework:number"; indicators: (name, unit, baseline, target, frequency, by sex and age).
ACTIONS = {
    "youth": (
        "مراكز شبابية للحوار والتطوع", "Youth centres for dialogue and volunteering",
        "فتح مراكز شبابية في الأحياء المتأثرة تقدم أنشطة حوار وتطوع ورياضة بإشراف مدربين محليين.",
        ["euromed-cso-2017:6", "un-pve-2015:4"],
        [("شباب مشاركون في الأنشطة", "شخص", 0, 600, "monthly", True)],
        [("تدريب الميسرين الشباب", "Training youth facilitators", [("ميسرون مدربون", "ميسر", 0, 40, "quarterly", True)])],
    ),
    "schools": (
        "برنامج التربية على المواطنة في المدارس", "Citizenship education in schools",
        "إدخال حصص أسبوعية عن المواطنة والتفكير النقدي في المدارس المتوسطة بالتعاون مع مديرية التربية.",
        ["euromed-cso-2017:2", "un-pve-2015:6"],
        [("مدارس تطبق البرنامج", "مدرسة", 0, 30, "quarterly", False)],
        [("إعداد دليل المعلم", "Teacher's guide", [("أدلة موزعة", "نسخة", 0, 300, "quarterly", False)])],
    ),
    "women": (
        "مجالس النساء الوسيطات في المجتمع المحلي", "Community councils of women mediators",
        "تأسيس مجالس نسائية محلية تتوسط في النزاعات العائلية والعشائرية وتحيل الحالات إلى الخدمات المختصة.",
        ["euromed-cso-2017:5", "un-pve-2015:5"],
        [("نزاعات محلية عولجت بالوساطة", "نزاع", 0, 120, "monthly", False)],
        [],
    ),
    "returnees": (
        "دعم إعادة دمج العائلات العائدة", "Reintegration support for returning families",
        "جلسات دعم نفسي واجتماعي ومصالحة مجتمعية للعائلات العائدة من المخيمات، مع إحالة إلى سبل العيش.",
        ["euromed-cso-2017:3", "un-pve-2015:3"],
        [("عائلات تلقت الدعم", "عائلة", 0, 250, "monthly", False)],
        [("جلسات مصالحة مجتمعية", "Community reconciliation sessions", [("جلسات منعقدة", "جلسة", 0, 48, "monthly", True)])],
    ),
    "media": (
        "حملة إعلامية محلية بأصوات بديلة", "Local media campaign with alternative voices",
        "إنتاج برامج إذاعية ومحتوى رقمي يقدمه شباب ورجال دين ومعلمون يعرض قصص التعايش.",
        ["euromed-cso-2017:8", "un-pve-2015:7"],
        [("حلقات إذاعية مبثوثة", "حلقة", 0, 52, "monthly", False)],
        [],
    ),
    "religious": (
        "منتدى رجال الدين للتعايش", "Religious leaders' forum for coexistence",
        "لقاءات دورية بين رجال دين من مختلف المكونات لإصدار رسائل مشتركة ضد خطاب الكراهية.",
        ["euromed-cso-2017:7", "un-pve-2015:1"],
        [("لقاءات المنتدى", "لقاء", 0, 12, "quarterly", False)],
        [],
    ),
    "monitoring": (
        "رصد مؤشرات التوتر المجتمعي", "Monitoring signs of community tension",
        "نظام رصد مجتمعي على مستوى الأحياء يجمع بيانات إجمالية عن حوادث التوتر دون أي بيانات شخصية.",
        ["euromed-cso-2017:1", "un-pve-2015:2"],
        [("حوادث توتر مسجلة شهرياً", "حادثة", 40, 15, "monthly", False)],
        [],
    ),
    "prisons": (
        "برامج التأهيل في مراكز الإصلاح", "Rehabilitation programmes in correctional centres",
        "دورات تعليمية ومهنية ونفسية في مراكز الإصلاح بإشراف وزارة العدل وبالتعاون مع منظمات المجتمع المدني.",
        ["euromed-cso-2017:4", "un-pve-2015:2"],
        [("مستفيدون أتموا البرنامج", "شخص", 0, 200, "quarterly", True)],
        [],
    ),
}

# The six plans: governorate, owner, status, public, pace of progress, the actions drawn, lead and partners,
# and the month after which updates stop (to show overdue updates).
PLANS = [
    {"place": "IQ-NI", "owner": "Nineveh Sub-committee", "status": "in_implementation", "public": True,
     "pace": 0.7, "actions": ["youth", "returnees", "media", "women", "monitoring"], "district": "IQ-NI-D-MOSUL",
     "lead": "Al-Noor Youth Association", "partners": [("United Nations Development Programme", "multilateral"),
                                                        ("Mosul Municipality", "local_government")]},
    {"place": "IQ-AN", "owner": "Al Anbar Sub-committee", "status": "in_implementation", "public": True,
     "pace": 0.45, "actions": ["youth", "schools", "religious", "returnees"], "district": "IQ-AN-D-FALLUJAH",
     "lead": "رابطة شباب الأنبار للتطوع", "partners": [("International Organization for Migration", "multilateral"),
                                                      ("Ministry of Education (Iraq)", "central_government")],
     "stop_after": 8},
    {"place": "IQ-SD", "owner": "Salah ad Din Sub-committee", "status": "approved", "public": False,
     "pace": 0.2, "actions": ["women", "prisons", "media"], "district": "IQ-SD-D-SAMARRA",
     "lead": "Tigris Women's Initiative", "partners": [("Ministry of Justice (Iraq)", "central_government")]},
    {"place": "IQ-BG", "owner": "Baghdad Sub-committee", "status": "submitted", "public": False,
     "actions": ["schools", "media", "religious", "monitoring"], "district": "IQ-BG-D-RUSAFA",
     "lead": "Baghdad Governorate Office", "partners": [("European Union Advisory Mission in Iraq", "multilateral")]},
    {"place": "IQ-BA", "owner": "Basra Sub-committee", "status": "changes_requested", "public": False,
     "actions": ["youth", "women"], "district": "IQ-BA-D-ZUBAIR", "lead": "منظمة ضفاف للتنمية",
     "partners": [("Basra Governorate Office", "local_government")]},
    {"place": "IQ-DI", "owner": "Diyala Sub-committee", "status": "draft", "public": False,
     "actions": ["returnees", "religious"], "district": "IQ-DI-D-BAQUBAH", "lead": "Diyala Governorate Office",
     "partners": []},
]


def _goals(specs: list[str]) -> list[Goal]:
    found = []
    for spec in specs:
        slug, number = spec.split(":")
        goal = Goal.objects.filter(framework__slug=slug, number=number, parent=None).first()
        if goal:
            found.append(goal)
    return found


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _add_actions(plan: Plan, spec: dict, actor) -> None:
    district = Place.objects.filter(code=spec["district"]).first()
    partners = [(_org(name), kind) for name, kind in spec["partners"]]
    start = PERIOD[0]
    for n, key in enumerate(spec["actions"]):
        title, title_en, description, goals, indicators, subs = ACTIONS[key]
        action = services.create_action(
            actor=actor, plan=plan, title=title, title_alt=title_en, description=description, lang="ar",
            goals=_goals(goals), lead=_org(spec["lead"]) if n % 2 == 0 else plan.owner, partners=partners,
            district=district if n % 2 == 0 else None,
            start_date=start + dt.timedelta(days=30 * n), end_date=PERIOD[1] - dt.timedelta(days=60 * n),
            budget=25_000_000 * (n + 1) if n != 2 else 18_000 * (n + 1), currency="IQD" if n != 2 else "USD",
            funding_source="موازنة المحافظة" if n % 2 == 0 else "منحة من شريك دولي",
        )
        for name, unit, baseline, target, frequency, by_sex in indicators:
            services.create_indicator(actor=actor, action=action, name=name, unit=unit, baseline=baseline,
                                      target=target, frequency=frequency, by_sex_and_age=by_sex,
                                      direction="decrease" if target < baseline else "increase")
        for sub_title, sub_en, sub_indicators in subs:
            sub = services.create_action(actor=actor, plan=plan, parent=action, title=sub_title, title_alt=sub_en,
                                         lang="ar", goals=_goals(goals[:1]), lead=action.lead,
                                         start_date=action.start_date, end_date=action.start_date + dt.timedelta(days=180))
            for name, unit, baseline, target, frequency, by_sex in sub_indicators:
                services.create_indicator(actor=actor, action=sub, name=name, unit=unit, baseline=baseline,
                                          target=target, frequency=frequency, by_sex_and_age=by_sex)


def _report(plan: Plan, spec: dict, reporters: dict) -> int:
    """A year of monthly (or quarterly) updates whose values move towards the target at the plan's pace."""
    months_all = _update_months()
    pace, stop = spec.get("pace", 0), spec.get("stop_after", len(months_all))
    written = 0
    for action in plan.actions.order_by("id"):
        actor = reporters.get(action.lead_id) or reporters.get("owner")
        for indicator in action.indicators.all():
            step = 1 if indicator.frequency == "monthly" else 3
            months = months_all[:stop][step - 1::step]
            for i, month in enumerate(months, start=1):
                share = pace * i / len(months_all[::step])
                value = round(float(indicator.baseline) + share * float(indicator.target - indicator.baseline))
                counts = None
                if indicator.by_sex_and_age and value > 0:
                    counts = {("female", "15-24"): value * 4 // 10, ("male", "15-24"): value * 4 // 10,
                              ("female", "25-59"): value // 10}
                    counts[("male", "25-59")] = value - sum(counts.values())  # the breakdown adds up to the value
                services.add_progress(actor=actor, indicator=indicator, date=month, value=value, counts=counts,
                                      narrative=f"تحديث شهر {month:%m/%Y}: سير العمل وفق الخطة." if i % 3 == 0 else "")
                written += 1
        if action.status == "planned":
            services.set_action_status(actor=actor, action=action, status="ongoing")
    first = plan.actions.filter(parent=None).order_by("id").last()
    if first is not None and spec["status"] == "in_implementation":
        services.set_action_status(actor=reporters.get("owner"), action=first, status="delayed",
                                   comment="تأخر توفير القاعة")
    return written


def load_plans(stdout=None) -> dict[str, int]:
    """Create the six demo plans that do not exist yet; returns how many plans and progress updates it wrote."""
    coordinator = User.objects.get(username="coordinator")
    focal = User.objects.get(username="focal")
    partner = User.objects.get(username="partner")
    created = updates = 0
    for spec in PLANS:
        place = Place.objects.get(code=spec["place"])
        if Plan.objects.filter(place=place, period_start=PERIOD[0], period_end=PERIOD[1]).exists():
            continue
        owner = _org(spec["owner"])
        actor = focal if owner.pk in focal.organisation_ids() else DEMO
        plan = services.create_plan(
            actor=actor, title=f"خطة العمل المحلية لمنع التطرف العنيف — {place.name_ar} ٢٠٢٥–٢٠٢٧",
            lang="ar", place=place, period_start=PERIOD[0], period_end=PERIOD[1], owner=owner,
            frameworks=list(_frameworks()),
            summary=f"خطة {place.name_ar} المحلية لتنفيذ الاستراتيجية الوطنية: شباب، تعليم، مصالحة، إعلام.",
        )
        _add_actions(plan, spec, actor)
        path = {"draft": [], "submitted": ["submitted"], "changes_requested": ["submitted", "changes_requested"],
                "approved": ["submitted", "approved"],
                "in_implementation": ["submitted", "approved", "in_implementation"]}[spec["status"]]
        for step in path:
            who = coordinator if step in {"approved", "changes_requested"} else actor
            comment = {"changes_requested": "يرجى إضافة مؤشرات للإجراءات الإعلامية وتحديد مصادر التمويل.",
                       "approved": "تمت الموافقة على الخطة.", "submitted": ""}.get(step, "")
            services.transition_plan(actor=who, plan=plan, to_status=step, comment=comment)
        if spec["public"]:
            services.set_public(actor=coordinator, plan=plan, is_public=True)
        if spec.get("pace"):
            reporters = {"owner": actor}
            if actor is focal:
                reporters[_org("Al-Noor Youth Association").pk] = partner
            updates += _report(plan, spec, reporters)
        created += 1
    if stdout is not None:
        stdout.write(f"Plans: {created} created, {updates} progress updates.\n")
    return {"plans": created, "progress_updates": updates}


def _frameworks():
    from frameworks.models import Framework

    order = {"iraq-ns-2019": 0, "euromed-cso-2017": 1, "un-pve-2015": 2}
    return sorted(Framework.objects.filter(slug__in=order), key=lambda f: order[f.slug])
