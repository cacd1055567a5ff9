"""The support desk's whole loop in a real browser, once in English and once in Arabic (issue 14, "Done means"):
a local focal point records a need and asks the hub for support; a hub expert triages the request, looks for
matches, accepts two and rejects one with a reason from the list, logs a session and refers part of it to a
partner; the partner accepts with feedback; the hub marks it delivered; the locality rates the outcome; the hub
closes it with a reason; the public page counts it. Every step is a click or a form filled in on the pages; only
the starting rows (organisations, people, three published practices, the hub's expert pool) are made in the
fixture. A second test runs the first two steps on a phone (390 × 844): nothing scrolls sideways.

Screenshots go to test-artifacts/screenshots/support-journey-<step>-<language>.png.
"""

import datetime as dt
import importlib
import re
from dataclasses import dataclass

import pytest
from django.utils import timezone, translation
from django.utils.translation import ngettext
from playwright.sync_api import expect

from .conftest import PASSWORD, open_menu
from .conftest import shot as save_shot

pytestmark = pytest.mark.browser

EUROMED = "euromed-cso-2017"
PHONE = {"width": 390, "height": 844}
WIDTH = """() => ({lang: document.documentElement.lang, dir: document.documentElement.dir,
  scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth})"""

# What the locality types, in the page's language (user text keeps its own language; the pages isolate it).
TEXT = {
    "en": {
        "need": "Young people in Mosul need safe places for dialogue",
        "need_description": "Raised at the community consultation in the Al-Zuhur neighbourhood.",
        "request": "Training youth councils in community dialogue",
        "result": "A youth council that meets monthly and makes proposals to the governorate",
        "description": "Training for twenty members of youth councils in three districts.",
        "role": "Deputy governor",
        "note": "The council's chair confirmed the dates.",
        "summary": "First training day: listening and facilitation.",
        "step": "Share the attendance totals with the hub",
        "scope": "Two trainers for the Tal Afar sessions",
        "feedback": "We will send two trainers in March.",
        "changed": "The youth council met twice and sent three proposals to the governorate.",
    },
    "ar": {
        "need": "شباب الموصل بحاجة إلى مساحات آمنة للحوار",
        "need_description": "طُرحت في جلسة التشاور المجتمعي في حي الزهور.",
        "request": "تدريب مجالس الشباب على الحوار المجتمعي",
        "result": "مجلس شباب يجتمع شهريًا ويقدّم مقترحات للمحافظة",
        "description": "نطلب تدريبًا لعشرين عضوًا من مجالس الشباب في ثلاثة أقضية.",
        "role": "نائب المحافظ",
        "note": "أكّد رئيس المجلس المواعيد.",
        "summary": "يوم التدريب الأول: الإصغاء وتيسير الحوار.",
        "step": "مشاركة أعداد الحضور مع المركز",
        "scope": "مدرّبان لجلسات تلعفر",
        "feedback": "سنرسل مدرّبَين في آذار.",
        "changed": "اجتمع مجلس الشباب مرتين وقدّم ثلاثة مقترحات إلى المحافظة.",
    },
}


@dataclass
class Desk:
    focal: object
    expert: object
    partner: object
    hub: object
    locality: object
    partner_org: object
    ninewa: object
    goal: object
    practices: list


@pytest.fixture
def desk(transactional_db, live_server):
    from django.apps import apps

    from accounts.choices import OrganisationKind, Role
    from frameworks.models import Goal
    from places.models import Place
    from support.services.matching import save_expert
    from tests.factories import make_org, make_practice, make_user, reference_data

    reference_data()
    # A transactional test empties the tables after each test: the desk's starting rows (moves, reasons,
    # targets, calendar) are loaded again as migration 0002 loads them.
    importlib.import_module("support.migrations.0002_defaults").load(apps, None)
    iraq, ninewa = Place.objects.get(code="IQ"), Place.objects.get(code="IQ-NI")
    hub = make_org("MENA Hub", kind=OrganisationKind.HUB, place=iraq)  # its region: the locality is eligible
    locality = make_org("Nineveh PVE Sub-committee", kind=OrganisationKind.COMMITTEE, place=ninewa)
    partner_org = make_org("Tigris Youth NGO")
    focal = make_user("journey-focal", role=Role.LOCAL_FOCAL_POINT, organisation=locality, password=PASSWORD)
    expert = make_user("journey-expert", role=Role.HUB_EXPERT, organisation=hub, password=PASSWORD)
    partner = make_user("journey-partner", role=Role.PARTNER, organisation=partner_org, password=PASSWORD)
    goal = Goal.objects.get(framework__slug=EUROMED, parent=None, number="6")
    common = {"status": "published", "goals": [goal], "country": iraq, "place": ninewa, "location": "Nineveh",
              "organisation": partner_org, "organisation_name": partner_org.name}
    practices = [
        make_practice(partner, name="Youth dialogue circles in Mosul", lang="en",
                      activity="Monthly dialogue sessions between young people and community leaders.",
                      description="Young people meet the local council every month to discuss their neighbourhood.",
                      **common),
        make_practice(partner, name="Youth councils that meet monthly", lang="en",
                      activity="Training youth councils in dialogue and proposals to the governorate.",
                      description="Twenty council members trained in facilitation.", **common),
        make_practice(partner, name="حلقات الحوار الشبابي في تلعفر", lang="ar",
                      activity="جلسات حوار شهرية بين الشباب وقادة المجتمع.",
                      description="يلتقي الشباب بممثلي المجلس المحلي لمناقشة مشكلات الحي.", **common),
    ]
    save_expert(actor=expert, hub=hub, user=expert, themes=["youth", "dialogue"], languages=["ar", "en"],
                places=[ninewa], goals=[goal])
    return Desk(focal=focal, expert=expert, partner=partner, hub=hub, locality=locality, partner_org=partner_org,
                ninewa=ninewa, goal=goal, practices=practices)


# --- helpers ---------------------------------------------------------------------------------------------------------

def words(lang: str, text) -> str:
    """A UI string (a choice's label or a message id) as the page in `lang` shows it."""
    with translation.override(lang):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def reason_label(lang: str, reason) -> str:
    """A reason from the administrators' list, in the page's language."""
    return reason.label_ar if lang == "ar" else reason.label_en


def shot(page, step: str, lang: str) -> None:
    page.mouse.move(0, 0)
    save_shot(page, f"support-journey-{step}-{lang}")


def fits(page, lang: str) -> None:
    """The page is in `lang` with its direction and nothing scrolls sideways."""
    facts = page.evaluate(WIDTH)
    assert (facts["lang"], facts["dir"]) == (lang, "rtl" if lang == "ar" else "ltr"), facts
    assert facts["scrollWidth"] <= facts["clientWidth"], f"{page.url} scrolls sideways: {facts}"


def log_in_at(page, url: str, user) -> None:
    """Open a desk page logged out: the login page comes first and brings the user back to it."""
    page.goto(url)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("nav .navbar-text")).to_have_text(user.username)


def log_out(page) -> None:
    open_menu(page)
    page.locator("nav form[action*='/accounts/logout/'] button").click()
    expect(page.locator("nav a[href*='/accounts/login/']")).to_be_attached()


def expect_stage(page, lang: str, stage) -> None:
    badge = page.get_by_test_id("stage").first  # the badge under the title
    expect(badge).to_have_attribute("data-stage", stage.value)
    expect(badge).to_have_text(words(lang, stage.label))


def expect_clocks(page, **states) -> None:
    expect(page.get_by_test_id("clock")).to_have_count(3)
    for clock, state in states.items():
        expect(page.locator(f"[data-testid=clock][data-clock={clock}]")).to_have_attribute("data-state", state)


def move(page, lang: str, stage, note: str = "", reason=None) -> None:
    """Press the move button of the request page's "Next step" card, with a note or a reason."""
    form = page.get_by_test_id(f"move-form-{stage.value}")
    if reason is not None:
        form.locator("select[name=reason]").select_option(str(reason.pk))
    if note:
        form.locator("textarea[name=note]").fill(note)
    form.get_by_test_id(f"move-{stage.value}").click()
    expect_stage(page, lang, stage)
    expect(page.locator(".alert-success").first).to_contain_text(words(lang, stage.label))


def record_need_and_ask(page, desk: Desk, lang: str, *, size: str = ""):
    """Steps 1 and 2, as the locality's focal point: the need, then the request about it, submitted. Screenshots
    carry `size` in their name ("-phone")."""
    from support.choices import NeedStatus, Stage
    from support.models import Need, SupportRequest

    text = TEXT[lang]
    log_in_at(page, f"/{lang}/support/needs/", desk.focal)
    fits(page, lang)
    page.get_by_test_id("new-need").click()
    expect(page.locator("#id_owner")).to_have_value(str(desk.locality.pk))  # the focal point's own committee
    page.fill("#id_title", text["need"])
    page.select_option("#id_lang", lang)
    page.select_option("#id_hub", str(desk.hub.pk))
    page.select_option("#id_place", str(desk.ninewa.pk))
    page.select_option("#id_theme", "youth")
    page.select_option("#id_source", "consultation")
    page.select_option("#id_severity", "4")
    page.fill("#id_priority_rank", "1")
    page.select_option("#id_goals", [str(desk.goal.pk)])
    page.locator("input[name=groups][value=youth]").check()
    page.fill("#id_description", text["need_description"])
    fits(page, lang)
    shot(page, f"1-need-form{size}", lang)
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("need-title")).to_have_text(text["need"])
    expect(page.get_by_test_id("need-status")).to_have_text(words(lang, NeedStatus.IDENTIFIED.label))
    need = Need.objects.get(title=text["need"])
    assert (need.owner, need.hub, need.severity, need.groups) == (desk.locality, desk.hub, 4, ["youth"])
    assert list(need.goals.all()) == [desk.goal]
    fits(page, lang)

    # 2. "Ask the hub for support" opens the request form with the need chosen; saved as a draft, then submitted.
    page.get_by_test_id("ask-support").click()
    expect(page.locator("#id_needs option:checked")).to_have_count(1)
    expect(page.locator("#id_requester")).to_have_value(str(desk.locality.pk))
    expect(page.locator("#id_hub")).to_have_value(str(desk.hub.pk))
    page.fill("#id_title", text["request"])
    page.select_option("#id_lang", lang)
    page.select_option("#id_place", str(desk.ninewa.pk))
    page.select_option("#id_request_type", "training")
    page.fill("#id_result_wanted", text["result"])
    page.fill("#id_description", text["description"])
    year = timezone.localdate().year + 1
    page.fill("#id_timeframe_start", f"{year}-03-01")
    page.fill("#id_timeframe_end", f"{year}-06-30")
    page.locator("input[name=languages][value=ar]").check()
    page.locator("input[name=languages][value=en]").check()
    page.fill("#id_sponsoring_role", text["role"])
    page.select_option("#id_goals", [str(desk.goal.pk)])
    fits(page, lang)
    shot(page, f"2-request-form{size}", lang)
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("request-title")).to_have_text(text["request"])
    expect_stage(page, lang, Stage.DRAFT)
    expect_clocks(page, acknowledgement="not_started", triage="not_started", delivery="not_started")
    request = SupportRequest.objects.get(title=text["request"])
    assert list(request.needs.all()) == [need]
    assert re.fullmatch(r"SR-\d{4}-\d{4}", request.reference)
    move(page, lang, Stage.SUBMITTED)
    expect_clocks(page, acknowledgement="running", triage="running", delivery="running")
    expect(page.get_by_test_id("step")).to_have_count(2)  # created as a draft, submitted
    fits(page, lang)
    shot(page, f"2-submitted{size}", lang)
    return request


# --- the journey -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_desk_from_a_need_to_the_public_figures(page, desk, lang, settings):
    from accounts.choices import OrganisationKind
    from support.choices import CandidateStatus, NeedMet, ReasonKind, ReferralStatus, RequestType, Stage
    from support.models import Reason, Referral

    text = TEXT[lang]
    iraq_name = "العراق" if lang == "ar" else "Iraq"

    # 1–2. The focal point records the need and asks for support.
    request = record_need_and_ask(page, desk, lang)
    request_url = f"/{lang}/support/requests/{request.pk}/"
    log_out(page)

    # 3. A hub expert finds it in the queue and triages it: triage (checks run), accepted, matching.
    log_in_at(page, f"/{lang}/support/queue/", desk.expert)
    row = page.get_by_test_id("queue-row").filter(has_text=request.reference)
    expect(row).to_have_count(1)
    expect(page.locator("[data-testid=queue-stage][data-stage=submitted]")).to_contain_text(request.reference)
    row.locator(f"a[href$='/support/requests/{request.pk}/']").first.click()
    expect(page.get_by_test_id("request-title")).to_have_text(text["request"])
    move(page, lang, Stage.TRIAGE, note=text["note"])
    expect_clocks(page, acknowledgement="met", triage="running", delivery="running")
    lines = page.get_by_test_id("triage-line")
    expect(lines).to_have_count(5)  # eligible, complete, sensitive, duplicates, ongoing work
    expect(lines.first).to_have_attribute("data-ok", "yes")
    expect(lines.first).to_contain_text(iraq_name)
    entry = page.locator("[data-testid=step][data-stage=triage]")
    expect(entry).to_contain_text(text["note"])
    expect(entry).to_contain_text(desk.expert.username)
    expect(page.get_by_test_id("reason-declined")).to_be_visible()  # declining would need a reason from the list
    fits(page, lang)
    shot(page, "3-triage", lang)
    move(page, lang, Stage.ACCEPTED)
    expect_clocks(page, acknowledgement="met", triage="met", delivery="running")
    move(page, lang, Stage.MATCHING)

    # 4. Matches with their reasons: two practices accepted, one rejected with a reason from the list.
    page.get_by_test_id("suggest").click()
    practices = page.locator("[data-testid=candidate][data-kind=practice]")
    expect(practices).to_have_count(3)
    expect(page.locator("[data-testid=candidate][data-kind=expert]")).to_contain_text(desk.expert.username)
    expect(page.locator("[data-testid=candidate][data-kind=partner]")).to_contain_text(desk.partner_org.name)
    expect(practices.first.get_by_test_id("candidate-reason").first).to_be_visible()
    names = [practices.nth(i).locator("a").first.inner_text() for i in range(3)]
    assert sorted(names) == sorted(p.name for p in desk.practices)
    for name in names[:2]:
        practices.filter(has_text=name).get_by_test_id("accept").click()
        expect(practices.filter(has_text=name)).to_have_attribute("data-status", CandidateStatus.ACCEPTED.value)
    reason = Reason.objects.get(kind=ReasonKind.REJECT_MATCH, code="context")
    rejected = practices.filter(has_text=names[2])
    rejected.get_by_test_id("reject-reason").select_option(str(reason.pk))
    rejected.get_by_test_id("reject").click()
    expect(rejected).to_have_attribute("data-status", CandidateStatus.REJECTED.value)
    expect(rejected.get_by_test_id("candidate-status")).to_have_text(words(lang, CandidateStatus.REJECTED.label))
    expect(rejected).to_contain_text(reason_label(lang, reason))
    for name in names[:2]:
        expect(practices.filter(has_text=name).get_by_test_id("candidate-status")).to_have_text(
            words(lang, CandidateStatus.ACCEPTED.label))
    assert sorted(request.candidates.filter(kind="practice").values_list("status", flat=True)) == [
        "accepted", "accepted", "rejected"]
    fits(page, lang)
    page.get_by_test_id("matches").scroll_into_view_if_needed()
    shot(page, "4-matches", lang)

    # 5. The plan is agreed and delivery starts; the expert logs the first session.
    move(page, lang, Stage.PLAN_AGREED)
    move(page, lang, Stage.IN_DELIVERY)
    expect_clocks(page, acknowledgement="met", triage="met", delivery="met")
    page.get_by_test_id("log-engagement").click()
    session_day = timezone.localdate()
    page.fill("#id_date", session_day.isoformat())
    page.select_option("#id_engagement_type", "training")
    page.select_option("#id_mode", "in_person")
    page.fill("#id_duration_hours", "6")
    page.select_option("#id_language", lang)
    page.select_option("#id_counts-0-organisation_kind", "committee")
    page.fill("#id_counts-0-participants", "12")
    page.fill("#id_counts-0-women", "5")
    page.fill("#id_counts-0-youth", "9")
    page.select_option("#id_counts-1-organisation_kind", "ngo")
    page.fill("#id_counts-1-participants", "8")
    page.fill("#id_counts-1-women", "4")
    page.fill("#id_counts-1-youth", "6")
    page.select_option("#id_practices", [str(desk.practices[0].pk)])
    page.fill("#id_summary", text["summary"])
    page.select_option("#id_steps-0-party", "locality")
    page.select_option("#id_steps-0-owner", str(desk.locality.pk))
    page.fill("#id_steps-0-text", text["step"])
    page.fill("#id_steps-0-due", (session_day + dt.timedelta(days=14)).isoformat())
    fits(page, lang)
    shot(page, "5-engagement-form", lang)
    page.get_by_test_id("save").click()
    engagement = page.get_by_test_id("engagement")
    expect(engagement).to_have_count(1)
    committee, ngo = words(lang, OrganisationKind.COMMITTEE.label), words(lang, OrganisationKind.NGO.label)
    expect(engagement).to_contain_text(f"{committee}: 12")
    expect(engagement).to_contain_text(f"{ngo}: 8")
    expect(engagement).to_contain_text(text["step"])
    expect(engagement).to_contain_text(text["summary"])
    assert request.engagements.get().counts.count() == 2

    # 6. Part of it goes to a partner, with a date to answer by.
    page.get_by_test_id("refer").click()
    page.select_option("#id_partner", str(desk.partner_org.pk))
    page.fill("#id_scope", text["scope"])
    page.fill("#id_deadline", (session_day + dt.timedelta(days=10)).isoformat())
    page.get_by_test_id("save").click()
    referral_box = page.get_by_test_id("referral")
    expect(referral_box).to_have_attribute("data-status", "sent")
    expect(referral_box).to_contain_text(text["scope"])
    fits(page, lang)
    shot(page, "5-delivery", lang)
    log_out(page)

    # 7. The partner opens its referrals and accepts, with feedback.
    referral = Referral.objects.get(request=request)
    log_in_at(page, f"/{lang}/support/referrals/", desk.partner)
    page.get_by_test_id("referral-row").filter(has_text=request.reference).locator("a").click()
    expect(page.get_by_test_id("request-title")).to_have_text(text["request"])
    expect(page.get_by_test_id("referral-detail")).to_contain_text(text["scope"])
    expect(page.get_by_test_id("edit-request")).to_have_count(0)
    page.locator("input[name=accept][value=yes]").check()
    page.fill("#id_feedback", text["feedback"])
    fits(page, lang)
    shot(page, "6-referral-answer", lang)
    page.get_by_test_id("answer").click()
    referral_status = words(lang, ReferralStatus.ACCEPTED.label)
    expect(page.get_by_test_id("referral-status")).to_have_text(referral_status)
    expect(page.get_by_test_id("referral-detail")).to_contain_text(text["feedback"])
    expect(page.get_by_test_id("referral-answer")).to_have_count(0)
    referral.refresh_from_db()
    assert referral.status == "accepted" and referral.feedback == text["feedback"]
    fits(page, lang)
    shot(page, "6-partner-accepts", lang)
    # The partner sees only what was referred: the request's page is its short version.
    page.goto(request_url)
    expect(page.get_by_test_id("request-brief")).to_be_visible()
    expect(page.get_by_test_id("request-timeline")).to_have_count(0)
    log_out(page)

    # 8. The hub sees the answer and marks the request delivered.
    log_in_at(page, request_url, desk.expert)
    referral_box = page.get_by_test_id("referral")
    expect(referral_box).to_have_attribute("data-status", "accepted")
    expect(referral_box).to_contain_text(referral_status)
    expect(referral_box).to_contain_text(text["feedback"])
    move(page, lang, Stage.DELIVERED, note=text["summary"])
    expect(page.get_by_test_id("record-outcome")).to_have_count(0)  # the locality rates, not the hub
    fits(page, lang)
    shot(page, "7-delivered", lang)
    log_out(page)

    # 9. The locality sees the partner's answer and rates the outcome.
    log_in_at(page, request_url, desk.focal)
    expect_stage(page, lang, Stage.DELIVERED)
    expect(page.get_by_test_id("referral")).to_contain_text(text["feedback"])
    expect(page.get_by_test_id("engagement")).to_contain_text(f"{committee}: 12")
    page.get_by_test_id("record-outcome").click()
    page.select_option("#id_rating", "4")
    page.select_option("#id_need_met", "partly")
    page.fill("#id_what_changed", text["changed"])
    fits(page, lang)
    shot(page, "8-outcome-form", lang)
    page.get_by_test_id("save").click()
    summary = page.get_by_test_id("outcome-summary")
    expect(summary.get_by_test_id("rating")).to_have_text("4/5")
    expect(summary).to_contain_text(words(lang, NeedMet.PARTLY.label))
    expect(page.get_by_test_id("outcome")).to_contain_text(text["changed"])
    checks = page.get_by_test_id("outcome-check")  # asked again at +3 and +6 months: the locality answers then
    expect(checks.locator("a")).to_have_text([words(lang, "answer")] * 2)
    expect(page.get_by_test_id("record-outcome")).to_have_count(0)
    fits(page, lang)
    shot(page, "8-outcome", lang)
    log_out(page)

    # 10. The hub closes it with a reason from the list; the timeline keeps the reason.
    close = Reason.objects.get(kind=ReasonKind.CLOSE, code="delivered")
    log_in_at(page, request_url, desk.expert)
    move(page, lang, Stage.CLOSED, reason=close)
    entry = page.locator("[data-testid=step][data-stage=closed]")
    expect(entry).to_contain_text(reason_label(lang, close))
    expect(page.get_by_test_id("step")).to_have_count(9)
    expect(page.get_by_test_id("no-move")).to_be_visible()
    fits(page, lang)
    shot(page, "9-closed", lang)
    log_out(page)

    # 11. The public page: with the usual minimum cell size one request shows as "< 5"; with 1, as 1.
    page.goto(f"/{lang}/support/public/")
    counts = page.get_by_test_id("public-governorate").get_by_test_id("count")
    expect(counts).to_have_text(["< 5"])
    settings.WIQAYA_MIN_CELL_SIZE = 1
    page.reload()
    with translation.override(lang):
        total = ngettext("%(counter)s request in all", "%(counter)s requests in all", 1) % {"counter": 1}
    expect(page.get_by_test_id("public-total")).to_have_text(total)
    ninewa = desk.ninewa.name_ar if lang == "ar" else desk.ninewa.name_en
    for key, label in [("governorate", ninewa), ("type", words(lang, RequestType.TRAINING.label)),
                       ("stage", words(lang, Stage.CLOSED.label))]:
        table = page.get_by_test_id(f"public-{key}")
        expect(table.locator("tbody tr")).to_have_count(1)
        expect(table).to_contain_text(label)
        expect(table.get_by_test_id("count")).to_have_text("1")
    fits(page, lang)
    shot(page, "10-public", lang)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_need_and_a_request_on_a_phone(page, desk, lang):
    """The first two steps at 390 × 844: the forms, the need and the request fit the screen."""
    page.set_viewport_size(PHONE)
    request = record_need_and_ask(page, desk, lang, size="-phone")
    assert request.stage == "draft"  # the object as created; the page moved it on
    request.refresh_from_db()
    assert request.stage == "submitted"
    fits(page, lang)
