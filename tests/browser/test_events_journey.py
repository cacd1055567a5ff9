"""The roundtable and its recommendations followed to the end in a real browser, once in English and once in Arabic
(issue 15, "Done means"): a convener records the Baghdad roundtable with participants from 12 organisations of the
directory, imports 8 recommendations from the team's outcome statement (demo/data), names the owners of two and
publishes them; the lead organisation's focal point answers from its queue and turns one into an action of the
Nineveh plan, whose indicator's progress then shows on the recommendation; the other is overdue, and once the daily
reminder has run for the day its owner finds the notification; an anonymous reader sees the follow-up on the
public page. Every step is a click or a form filled in on the pages, except the indicator and its progress report
(and the plan's workflow: the plans journey covers those pages) and the daily task (the worker runs it; here it is called with the date).
Its phone run is in test_phone.py (390 × 844): nothing scrolls sideways.

Screenshots go to test-artifacts/screenshots/events-journey-<step>-<language>.png.
"""

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone, translation
from playwright.sync_api import expect

from .conftest import PASSWORD, open_menu
from .conftest import shot as save_shot

pytestmark = pytest.mark.browser

STATEMENT = Path(django_settings.BASE_DIR) / "demo" / "data" / "baghdad_roundtable_statement.txt"
WIDTH = """() => ({lang: document.documentElement.lang, dir: document.documentElement.dir,
  scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth})"""

TITLE = {"en": "Roundtable on national–local cooperation in prevention",
         "ar": "طاولة مستديرة حول التعاون الوطني والمحلي في الوقاية"}

# The 12 organisations that took part: (name, kind, place code, participants, women, youth). Invented figures.
PARTICIPANTS = [
    ("National Committee (journey)", "national_body", "IQ", 6, 2, 0),
    ("MENA Hub (journey)", "hub", None, 4, 2, 1),
    ("Nineveh Sub-committee (journey)", "committee", "IQ-NI", 3, 1, 1),
    ("Al Anbar Sub-committee (journey)", "committee", "IQ-AN", 3, 0, 1),
    ("Salah ad Din Sub-committee (journey)", "committee", "IQ-SD", 2, 1, 0),
    ("Basra Sub-committee (journey)", "committee", "IQ-BA", 2, 0, 1),
    ("Ministry of Planning (journey)", "national_body", "IQ", 2, 1, 0),
    ("Ministry of Education (journey)", "national_body", "IQ", 2, 1, 0),
    ("Advisory Mission (journey)", "international_mission", "IQ-BG", 3, 1, 0),
    ("Development Programme (journey)", "un_agency", "IQ", 2, 1, 1),
    ("Migration Agency (journey)", "un_agency", "IQ", 2, 2, 0),
    ("Tigris Women's Initiative (journey)", "ngo", "IQ-SD", 2, 2, 1),
]


@dataclass
class Roundtable:
    convener: object
    focal: object
    organisations: dict  # name → Organisation
    baghdad: object
    plan: object
    goal: object


@pytest.fixture
def roundtable(transactional_db, live_server):
    from accounts.choices import Role
    from frameworks.models import Goal
    from places.models import Place
    from tests.factories import make_org, make_plan, make_user, reference_data

    reference_data()
    organisations = {}
    for name, kind, code, *_counts in PARTICIPANTS:
        place = Place.objects.get(code=code) if code else None
        organisations[name] = make_org(name, kind=kind, place=place)
    committee, nineveh = organisations[PARTICIPANTS[0][0]], organisations[PARTICIPANTS[2][0]]
    convener = make_user("journey-convener", role=Role.NATIONAL_COORDINATOR, organisation=committee,
                         password=PASSWORD)
    focal = make_user("journey-focal", role=Role.LOCAL_FOCAL_POINT, organisation=nineveh, password=PASSWORD)
    # The Nineveh plan is being written (a draft): actions are added to a plan only then (plans.permissions).
    plan = make_plan(focal, place_code="IQ-NI", status="draft", year=timezone.localdate().year,
                     title="Nineveh local action plan", owner=nineveh)
    return Roundtable(convener=convener, focal=focal, organisations=organisations,
                      baghdad=Place.objects.get(code="IQ-BG"), plan=plan,
                      goal=Goal.objects.get(framework__slug="un-pve-2015", parent=None, number="4"))


# --- helpers ---------------------------------------------------------------------------------------------------------

def words(lang: str, text) -> str:
    """A UI string (a choice's label or a message id) as the page in `lang` shows it."""
    with translation.override(lang):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def shot(page, step: str, lang: str) -> None:
    page.mouse.move(0, 0)
    save_shot(page, f"events-journey-{step}-{lang}")


def fits(page, lang: str) -> None:
    """The page is in `lang` with its direction and nothing scrolls sideways."""
    facts = page.evaluate(WIDTH)
    assert (facts["lang"], facts["dir"]) == (lang, "rtl" if lang == "ar" else "ltr"), facts
    assert facts["scrollWidth"] <= facts["clientWidth"], f"{page.url} scrolls sideways: {facts}"


def log_in_at(page, url: str, user) -> None:
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


def menu_on_one_line(page) -> None:
    """A user's whole menu (events, the desk, the importers) keeps to one line on a desktop (1,200 px and up)."""
    if page.viewport_size["width"] >= 1200:
        tops = page.evaluate("() => [...new Set([...document.querySelectorAll('#main-menu .navbar-nav > li')]"
                             ".map(li => Math.round(li.getBoundingClientRect().top)))]")
        assert len(tops) == 1, f"the menu breaks over {len(tops)} lines"


def record_the_roundtable(page, rt: Roundtable, lang: str, size: str = ""):
    """Steps 1 and 2, as the convener: the event, then the 12 organisations that took part."""
    from events.models import Event

    log_in_at(page, f"/{lang}/events/new/", rt.convener)
    menu_on_one_line(page)
    page.fill("#id_title", TITLE[lang])
    page.select_option("#id_kind", "roundtable")
    page.select_option("#id_lang", lang)
    page.fill("#id_start_date", "2023-05-31")
    page.fill("#id_end_date", "2023-06-01")
    page.select_option("#id_status", "held")
    conveners = [rt.organisations[PARTICIPANTS[0][0]], rt.organisations[PARTICIPANTS[1][0]]]
    page.select_option("#id_conveners", [str(o.pk) for o in conveners])
    page.select_option("#id_place", str(rt.baghdad.pk))
    for audience in ("local_governments", "national_bodies", "partners"):
        page.locator(f"input[name=audiences][value={audience}]").check()
    fits(page, lang)
    shot(page, f"1-event-form{size}", lang)
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("event-title")).to_contain_text(TITLE[lang])
    event = Event.objects.get(title=TITLE[lang])
    assert set(event.conveners.all()) == set(conveners) and event.governorate == rt.baghdad
    assert event.reference.startswith("EVT-2023-")
    fits(page, lang)

    page.get_by_test_id("edit-participation").click()
    for n, (name, _kind, _code, participants, women, youth) in enumerate(PARTICIPANTS, start=1):
        page.select_option("#id_organisation", str(rt.organisations[name].pk))
        page.fill("#id_participants", str(participants))
        page.fill("#id_women", str(women))
        page.fill("#id_youth", str(youth))
        page.get_by_test_id("save").click()
        expect(page.locator("[data-testid=participation-list] [data-testid=participation-row]")).to_have_count(n)
    totals = page.get_by_test_id("participation-totals")
    expect(totals).to_contain_text("33")  # participants
    fits(page, lang)
    shot(page, f"2-participation{size}", lang)
    assert event.participations.count() == 12
    assert sum(p.women for p in event.participations.all()) == 14
    return event


# --- the journey -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_roundtable_from_its_statement_to_the_public_follow_up(page, roundtable, lang):
    from core.actors import system
    from events.choices import Audience
    from events.models import Owner, Recommendation
    from events.notices import run_daily
    from notifications.models import Notification
    from plans.services import add_progress, create_indicator, transition_plan

    rt = roundtable
    today = timezone.localdate()
    event = record_the_roundtable(page, rt, lang)
    event_url = f"/{lang}/events/{event.pk}/"

    # 3. Import the 8 recommendations from the outcome statement: a preview first, nothing written until confirmed.
    page.goto(event_url)
    page.get_by_test_id("import-recommendations").click()
    page.locator("[data-testid=events-import-form] input[type=file]").set_input_files(str(STATEMENT))
    page.locator("[data-testid=events-import-form] button[type=submit]").click()
    expect(page.get_by_test_id("import-preview")).to_be_visible()
    expect(page.locator("[data-testid=import-found] tbody tr")).to_have_count(8)
    assert not Recommendation.objects.filter(event=event).exists()
    # Each text in its own language and direction (an Arabic one reads right to left on the English page too),
    # and the audience its heading names in the reader's words.
    arabic = page.locator("[data-testid=import-text][lang=ar]").first
    assert arabic.evaluate("e => [e.dir, getComputedStyle(e).direction]") == ["rtl", "rtl"]
    audiences = page.get_by_test_id("import-audience")
    expect(audiences.filter(has_text=words(lang, Audience.LOCAL_GOVERNMENTS.label)).first).to_be_visible()
    expect(audiences.filter(has_text="—")).to_have_count(0)
    fits(page, lang)
    shot(page, "3-import-preview", lang)
    page.locator("[data-testid=import-confirm] button[type=submit]").click()
    expect(page.get_by_test_id("import-done")).to_be_visible()
    expect(page.locator("[data-testid=imported-recommendations] tbody tr")).to_have_count(8)
    recs = list(Recommendation.objects.filter(event=event).order_by("position", "pk"))
    assert len(recs) == 8 and recs[3].text.startswith("فتح مراكز شبابية")
    assert {r.audience_heading for r in recs} == {"على المستوى الوطني", "للحكومات المحلية",
                                                  "للشركاء الدوليين والجهات المانحة"}
    assert {tuple(r.audiences) for r in recs} == {("national_bodies",), ("local_governments",), ("partners",)}
    fits(page, lang)
    shot(page, "3-imported", lang)
    youth, reconciliation = recs[3], recs[4]

    # 4. The convener names the owners of two (the Nineveh sub-committee leads both), gives the second a due date
    # that has passed, and publishes the event and the two.
    nineveh = rt.organisations[PARTICIPANTS[2][0]]
    for rec, partner in ((youth, PARTICIPANTS[9][0]), (reconciliation, PARTICIPANTS[10][0])):
        page.goto(f"/{lang}/events/recommendations/{rec.pk}/")
        page.get_by_test_id("edit-owners").click()
        page.select_option("#id_owners-0-organisation", str(nineveh.pk))
        page.select_option("#id_owners-0-role", "lead")
        page.select_option("#id_owners-1-organisation", str(rt.organisations[partner].pk))
        page.select_option("#id_owners-1-role", "supporting")
        page.get_by_test_id("save").click()
        expect(page.get_by_test_id("owner-row")).to_have_count(2)
    page.get_by_test_id("edit").click()
    page.fill("#id_due_date", (today - dt.timedelta(days=3)).isoformat())
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("due")).to_be_visible()
    reconciliation.refresh_from_db()
    assert reconciliation.due_date == today - dt.timedelta(days=3)
    page.goto(event_url)
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("event-published")).to_be_visible()
    for rec in (youth, reconciliation):
        page.goto(f"/{lang}/events/recommendations/{rec.pk}/")
        page.get_by_test_id("publish").click()
        expect(page.get_by_test_id("unpublish")).to_be_visible()
    fits(page, lang)
    shot(page, "4-owners-published", lang)
    log_out(page)

    # 5. The lead's focal point answers from its queue.
    log_in_at(page, f"/{lang}/events/queue/", rt.focal)
    expect(page.get_by_test_id("queue-row")).to_have_count(2)
    menu_on_one_line(page)
    expect(page.locator("[data-testid=queue-row][data-waiting]")).to_have_count(2)
    # A due date is one line, never broken at its hyphen.
    due = page.locator(f"[data-testid=queue-row][data-pk='{reconciliation.pk}'] .text-nowrap bdi")
    assert due.evaluate("e => e.getClientRects().length") == 1
    fits(page, lang)
    shot(page, "5-queue", lang)
    page.locator(f"[data-testid=queue-row][data-pk='{youth.pk}'] [data-testid=respond]").click()
    page.locator("input[name=response][value=accepted]").check()
    fits(page, lang)
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("recommendation-text")).to_be_visible()
    lead = Owner.objects.get(recommendation=youth, organisation=nineveh)
    assert lead.response == "accepted" and lead.responded_by == rt.focal
    expect(page.locator("[data-testid=owner-row]").filter(has_text=words(lang, "Accepted"))).to_have_count(1)

    # 6. ... and turns it into an action of the Nineveh plan; the action's indicator then carries its progress.
    page.get_by_test_id("create-action").click()
    page.select_option("#id_plan", str(rt.plan.pk))
    fits(page, lang)
    shot(page, "6-create-action", lang)
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("linked-actions")).to_be_visible()
    action = youth.actions.get()
    assert action.plan == rt.plan and action.lead == nineveh
    assert {p.organisation for p in action.partners.all()} == {rt.organisations[PARTICIPANTS[9][0]]}
    # The timeline names the action by its number and title, each isolated, never by its key.
    linked = page.get_by_test_id("step-action")
    expect(linked).to_contain_text(action.title)
    assert linked.locator("bdi").all_inner_texts() == [action.ref, action.title]
    # The plan then goes its usual way (the plans journey covers its pages): the action's indicator, the plan
    # submitted, approved, implemented, and a progress report on the indicator.
    indicator = create_indicator(actor=rt.focal, action=action, name="Youth centres open", unit="centre",
                                 baseline=0, target=4)
    for step, who in (("submitted", rt.focal), ("approved", rt.convener), ("in_implementation", rt.focal)):
        transition_plan(actor=who, plan=rt.plan, to_status=step)
    indicator.action.plan.refresh_from_db()
    add_progress(actor=rt.focal, indicator=indicator, date=today - dt.timedelta(days=1), value=2)

    # 7. The daily reminder runs for today: progress from the plan is refreshed, the overdue one's owner is told.
    result = run_daily(actor=system("tests"), today=today)
    assert result["overdue"] == 1
    youth.refresh_from_db()
    assert youth.progress == 50
    page.goto(f"/{lang}/events/recommendations/{youth.pk}/")
    expect(page.locator("[data-testid=progress] .progress-bar")).to_have_text("50%")
    fits(page, lang)
    shot(page, "7-progress-from-the-plan", lang)
    page.goto(f"/{lang}/notifications/")
    overdue = page.get_by_test_id("notification").filter(has_text=reconciliation.reference)
    expect(overdue.first).to_be_visible()
    assert Notification.objects.filter(recipient=rt.focal, kind="events.overdue").count() == 1
    fits(page, lang)
    shot(page, "7-reminded", lang)
    log_out(page)

    # 8. Anyone sees the follow-up: who committed, their response, the status with the plan's progress, the flag.
    page.goto(f"/{lang}/events/follow-up/")
    rows = page.get_by_test_id("follow-up-row")
    expect(rows).to_have_count(2)
    youth_row = page.locator(f"[data-testid=follow-up-row][data-pk='{youth.pk}']")
    expect(youth_row.get_by_test_id("owner-name").first).to_have_text(nineveh.name)
    expect(youth_row.get_by_test_id("row-status")).to_contain_text("50%")
    late_row = page.locator(f"[data-testid=follow-up-row][data-pk='{reconciliation.pk}']")
    expect(late_row.get_by_test_id("flag")).to_have_text(words(lang, "Overdue"))
    expect(page.get_by_test_id("summary-total")).to_contain_text("2")
    fits(page, lang)
    shot(page, "8-public-follow-up", lang)
