"""Demo events: the Baghdad roundtable on national–local cooperation in preventing violent extremism (31 May –
1 June 2023), the event the second seed document reports, recorded as the platform would record it. Written by
the team: the title, minutes, participation figures and the outcome statement (`data/baghdad_roundtable_statement
.txt`) are the team's own words and invented figures; only the fact of the meeting, its place, dates and
conveners' kinds come from the seed.

Convened by the national committee and the regional hub of the demo set, with participants from 12
organisations of the directory (counts, women and youth among them; no names). Its minutes are approved and
published. Its 8 recommendations are imported from the statement file (parsed by `events.parsing`, written by
`events.services.imports`), then completed by the conveners: owners with a lead, due dates, places and goals.
The owners answer (accepted, partly accepted with a reason, noted with a reason, one still pending), report
progress; one recommendation is turned into an action of the Nineveh plan whose indicator then carries its
progress, one is overdue, one stale (its last update older than the follow-up settings allow), one completed.

Dates are relative to the day the demo is loaded (due dates and updates), so that the schedule flags show each
state on a fresh installation. Everything is written through the services with the system actor.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from accounts.models import Organisation
from core.actors import system
from frameworks.models import Goal
from places.models import Place

DEMO = system("demo data")
DATA = Path(__file__).parent / "data"
STATEMENT = DATA / "baghdad_roundtable_statement.txt"

REFERENCE = "EVT-2023-BGD"
NATIONAL_COMMITTEE = "National Committee for the Prevention of Violent Extremism"
HUB = "MENA Regional Hub for Local Prevention"
NINEVEH = "Nineveh Sub-committee"

TITLE = "طاولة مستديرة: التعاون بين المستويين الوطني والمحلي في منع التطرف العنيف"
DESCRIPTION = ("لقاء على مدى يومين بين اللجنة الوطنية وممثلي المحافظات والوزارات ووكالات الأمم المتحدة والمركز "
               "الإقليمي لمراجعة هياكل منع التطرف العنيف القائمة وسبل تحسين التنسيق بين المستويين الوطني والمحلي "
               "وبين المحافظات نفسها.")
AGENDA = ("اليوم الأول: عرض الاستراتيجية الوطنية وتجارب اللجان الفرعية في المحافظات.\n"
          "اليوم الثاني: مجموعات عمل حسب الجهة المعنية، ثم صياغة التوصيات ومتابعتها.")
MINUTES = ("افتتحت اللجنة الوطنية اللقاء بعرض ما أنجز من الاستراتيجية الوطنية، ثم قدّمت اللجان الفرعية في نينوى "
           "والأنبار وصلاح الدين والبصرة تجاربها في إعداد الخطط المحلية والصعوبات التي واجهتها، ولا سيما ضعف "
           "التنسيق مع الوزارات وقلة التمويل المخصص للأنشطة الوقائية. في اليوم الثاني عملت ثلاث مجموعات على "
           "التوصيات: المستوى الوطني، والحكومات المحلية، والشركاء الدوليون.")
OUTCOMES = ("ثماني توصيات موزعة على ثلاث جهات، يتابع المركز الإقليمي تنفيذها مع اللجنة الوطنية وينشر ما يتحقق "
            "منها على المنصة.")

# Participation: (organisation, participants, women, youth). Invented figures.
PARTICIPANTS = [
    (NATIONAL_COMMITTEE, 6, 2, 0),
    (HUB, 4, 2, 1),
    ("European Union Advisory Mission in Iraq", 3, 1, 0),
    ("Office of the National Security Adviser (Iraq)", 2, 0, 0),
    ("Ministry of Planning (Iraq)", 2, 1, 0),
    ("Ministry of Education (Iraq)", 2, 1, 0),
    ("Nineveh Sub-committee", 3, 1, 1),
    ("Al Anbar Sub-committee", 3, 0, 1),
    ("Salah ad Din Sub-committee", 2, 1, 0),
    ("Basra Sub-committee", 2, 0, 1),
    ("United Nations Development Programme", 2, 1, 1),
    ("International Organization for Migration", 2, 2, 0),
]

# What the conveners add to each imported recommendation, in the statement's order, and what follows it.
# owners: (organisation, role, named in public); due: days from today; places: place codes (empty: national);
# response: (answer, reason) of the lead; updates: (days ago, progress, public); fate: what happens next.
FOLLOW_UP = [
    {"number": 1, "owners": [(NATIONAL_COMMITTEE, "lead", True), (NINEVEH, "supporting", True),
                     ("Al Anbar Sub-committee", "supporting", True),
                     ("Office of the National Security Adviser (Iraq)", "contributing", False)],
          "due": 270, "places": [], "goals": ["un-pve-2015:2"], "priority": "high",
          "done_when": "أربعة اجتماعات تنسيق في السنة بمحاضر منشورة.",
          "response": ("accepted", ""), "updates": [(45, 75, True)]},
    {"number": 2, "owners": [("Ministry of Planning (Iraq)", "lead", True), ("Baghdad Governorate Office", "supporting", True)],
          "due": 300, "places": [], "goals": ["un-pve-2015:2"], "priority": "medium",
          "done_when": "بند لمنع التطرف العنيف في خطط التنمية لست محافظات على الأقل.",
          "response": ("partly_accepted", "يمكن الإدراج في خطط التنمية الجديدة فقط، لا في الخطط الجارية."),
          "updates": [(150, 60, True)], "fate": "stale"},
    {"number": 3, "owners": [("Ministry of Education (Iraq)", "lead", True),
                     ("United Nations Educational, Scientific and Cultural Organization", "contributing", True)],
          "due": 60, "places": [], "goals": ["un-pve-2015:6"], "priority": "medium",
          "done_when": "الوحدات الدراسية معتمدة ومطبوعة في كتب المرحلة المتوسطة.",
          "response": ("accepted", ""), "updates": [(200, 60, True), (30, 100, True)], "fate": "completed"},
    {"number": 4, "owners": [(NINEVEH, "lead", True), ("Al-Noor Youth Association", "supporting", True),
                     ("Mosul Municipality", "supporting", True),
                     ("United Nations Development Programme", "contributing", True)],
          "due": 240, "places": ["IQ-NI"], "goals": ["un-pve-2015:4"], "priority": "high",
          "done_when": "أربعة مراكز شبابية مفتوحة تعمل بانتظام في أحياء الموصل.",
          "response": ("accepted", ""), "updates": [], "fate": "action"},
    {"number": 5, "owners": [("Al Anbar Sub-committee", "lead", True),
                     ("International Organization for Migration", "supporting", True)],
          "due": -30, "places": ["IQ-AN"], "goals": ["un-pve-2015:3"], "priority": "high",
          "done_when": "لجنة مصالحة مدرّبة في كل قضاء يستقبل عائلات عائدة.",
          "response": ("accepted", ""), "updates": [(40, 40, True)], "fate": "overdue"},
    {"number": 6, "owners": [("Salah ad Din Sub-committee", "lead", True), ("Tigris Women's Initiative", "supporting", True)],
          "due": 270, "places": ["IQ-SD"], "goals": ["un-pve-2015:2"], "priority": "medium",
          "done_when": "تقرير سنوي منشور على موقع المحافظة.",
          "response": ("accepted", ""), "updates": [(20, 80, True)]},
    {"number": 7, "owners": [("United Nations Development Programme", "lead", True),
                     ("International Organization for Migration", "supporting", True)],
          "due": 330, "places": [], "goals": ["un-pve-2015:2"], "priority": "low",
          "done_when": "دورتا تدريب مشتركتان في السنة لموظفي المحافظات.",
          "response": ("noted", "يُدرس التمويل في دورة البرامج القادمة بعد موافقة المانحين."),
          "updates": [(25, 70, False)]},
    {"number": 8, "owners": [(HUB, "lead", True), ("Strong Cities Network", "supporting", True)],
          "due": 300, "places": [], "goals": ["un-pve-2015:3"], "priority": "medium",
          "done_when": "ثلاث زيارات تبادل منفذة بتقارير منشورة.",
          "response": ("accepted", ""), "updates": [(15, 75, True)], "supporting_pending": True},
]

UPDATE_TEXT = {
    1: "عقدت آلية التنسيق ثلاثة اجتماعات ونشرت محاضرها.",
    2: "أدرجت أربع محافظات بنداً في مسودات خطط التنمية.",
    3: "اعتمدت الوحدات الدراسية وطبعت في كتب العام الدراسي الجديد.",
    5: "شُكّلت لجنتان من أصل خمس، وتأخر التدريب لنقص المدربين.",
    6: "أُعدّت مسودة التقرير الأول بمشاركة ثلاث منظمات محلية.",
    7: "أُعدّ مقترح البرنامج التدريبي وقُدّم إلى المانحين.",
    8: "نُفذت زيارتان من أصل ثلاث.",
}
EARLIER_TEXT = "بدأ العمل على الوحدات الدراسية مع لجنة المناهج."


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _goals(specs: list[str]) -> list[Goal]:
    found = []
    for spec in specs:
        slug, number = spec.split(":")
        goal = Goal.objects.filter(framework__slug=slug, number=number, parent=None).first()
        if goal is None:
            raise RuntimeError(f"demo events cite goal {spec!r}, which is not loaded")
        found.append(goal)
    return found


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def statement_rows() -> list[dict]:
    """The statement's recommendations as import rows, read by the app's document parser."""
    from events import parsing

    found = parsing.parse_recommendations(STATEMENT.read_text(encoding="utf-8"))
    return [{"external_id": f"{REFERENCE}-{item['number']}", "number": item["number"], "text": item["text"],
             "lang": "ar", "audience": item["audience"] or ""} for item in found]


def _record_event():
    from events.services import events as records

    event = records.create_event(
        actor=DEMO, conveners=[_org(NATIONAL_COMMITTEE), _org(HUB)], title=TITLE, kind="roundtable",
        start_date=dt.date(2023, 5, 31), end_date=dt.date(2023, 6, 1), lang="ar",
        place=Place.objects.get(code="IQ-BG"), venue="بغداد",
        audiences=["local_governments", "national_bodies", "partners"], description=DESCRIPTION, agenda=AGENDA,
        reference=REFERENCE, status="held")
    for name, participants, women, youth in PARTICIPANTS:
        records.set_participation(actor=DEMO, event=event, organisation=_org(name), participants=participants,
                          women=women, youth=youth)
    records.save_minutes(actor=DEMO, event=event, text=MINUTES, outcomes=OUTCOMES, lang="ar")
    records.approve_minutes(actor=DEMO, event=event)
    return records.publish_event(actor=DEMO, event=event, is_public=True, minutes_public=True)


def _import(event) -> list:
    """The statement's recommendations, through the app's import (all or nothing)."""
    from events.models import Recommendation
    from events.services import imports

    imports.import_recommendations(actor=DEMO, event=event, rows=statement_rows())
    return list(Recommendation.objects.filter(event=event).order_by("position", "pk"))


def _nineveh_action(recommendation, today: dt.date) -> None:
    """Turn it into an action of the Nineveh plan, give the action its indicator and a progress report."""
    from events.services import progress as follow_up
    from plans import services as plans
    from plans.models import Plan

    plan = Plan.objects.filter(place__code="IQ-NI").order_by("pk").first()
    if plan is None:
        return
    action = follow_up.create_action_from_recommendation(actor=DEMO, recommendation=recommendation, plan=plan)
    indicator = plans.create_indicator(actor=DEMO, action=action, name="مراكز شبابية مفتوحة", unit="مركز",
                                       baseline=0, target=4, frequency="quarterly")
    plans.add_progress(actor=DEMO, indicator=indicator, date=today - dt.timedelta(days=20), value=3,
                       narrative="افتتحت ثلاثة مراكز في أحياء الموصل القديمة، والرابع قيد التجهيز.")
    follow_up.refresh_progress(actor=DEMO, today=today)


def _follow_up(recommendation, spec: dict, today: dt.date) -> None:
    from events.services import progress as follow_up
    from events.services import recommendations as records

    places = [Place.objects.get(code=code) for code in spec["places"]]
    owners = [{"organisation": _org(name), "role": role, "is_public": public}
              for name, role, public in spec["owners"]]
    recommendation = records.update_recommendation(
        actor=DEMO, recommendation=recommendation, owners=owners, places=places, goals=_goals(spec["goals"]),
        national=not places, due_date=today + dt.timedelta(days=spec["due"]), done_when=spec["done_when"],
        priority=spec["priority"])
    for owner in recommendation.owners.all():
        if owner.role == "lead":
            answer, reason = spec["response"]
        elif spec.get("supporting_pending"):
            continue
        else:
            answer, reason = "accepted", ""
        records.respond(actor=DEMO, owner=owner, response=answer, reason=reason)
    lead = recommendation.owners.get(role="lead").organisation
    for n, (days_ago, progress, public) in enumerate(spec["updates"]):
        last = n == len(spec["updates"]) - 1
        follow_up.add_update(actor=DEMO, recommendation=recommendation, date=today - dt.timedelta(days=days_ago),
                   text=UPDATE_TEXT[spec["number"]] if last else EARLIER_TEXT, progress=progress,
                   lang="ar", is_public=public, organisation=lead)
    records.publish_recommendation(actor=DEMO, recommendation=recommendation, is_public=True)
    recommendation.refresh_from_db()
    if spec.get("fate") == "completed":
        records.set_status(actor=DEMO, recommendation=recommendation, status="completed")
    if spec.get("fate") == "action":
        _nineveh_action(recommendation, today)


def load_events(stdout=None, today: dt.date | None = None) -> dict[str, int]:
    """Record the Baghdad roundtable and follow its recommendations, unless it is there already. Returns how many
    events and recommendations it created."""
    from events.models import Event

    if Event.objects.filter(reference=REFERENCE).exists():
        _say(stdout, "Events: 0 created.")
        return {"events": 0, "recommendations": 0}
    today = today or dt.date.today()
    event = _record_event()
    recommendations = _import(event)
    if len(recommendations) != len(FOLLOW_UP):
        raise RuntimeError(f"the demo statement gave {len(recommendations)} recommendations, not {len(FOLLOW_UP)}")
    for recommendation, spec in zip(recommendations, FOLLOW_UP, strict=True):
        _follow_up(recommendation, spec, today)
    _say(stdout, f"Events: 1 created, with {len(PARTICIPANTS)} participating organisations and "
                 f"{len(recommendations)} recommendations.")
    return {"events": 1, "recommendations": len(recommendations)}
