"""Every main journey on a phone (390 × 844), in English and Arabic: the page never scrolls sideways and the
controls a person needs sit inside the screen. The menu folds behind a button, a list's filters wait behind a
"Filters (n active)" button, tables become cards, the coverage matrix scrolls inside its own frame, and the plan
page shows each indicator at a glance (its updates on demand). The desktop menu and filters are checked too.

Screenshots go to test-artifacts/screenshots/phone-<what>-<language>.png (desktop-<what>-<language>.png).
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, SCREENSHOTS, open_menu, shot
from .test_events_journey import record_the_roundtable, roundtable  # noqa: F401  the events journey's data

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LANGUAGES = ["en", "ar"]

# The demo-like plan below was 13,526 px tall on a phone with every update drawn as its own table (measured on
# the earlier page, English); with each indicator summarised it is about 7,150 px.
PLAN_PAGE_MAX_HEIGHT = 7_600

PAGE_WIDTH = """() => ({
  lang: document.documentElement.lang, dir: document.documentElement.dir,
  scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
  height: document.documentElement.scrollHeight,
})"""


# The elements that stick out of the screen's width (to say what makes a page scroll sideways).
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width && (r.right > width + 1 || r.left < -1);
  }).slice(0, 8).map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${Math.round(e.getBoundingClientRect().width)}px`);
}"""


def fits(page, lang: str) -> dict:
    """The page is in `lang` and does not scroll sideways."""
    facts = page.evaluate(PAGE_WIDTH)
    assert (facts["lang"], facts["dir"]) == (lang, "rtl" if lang == "ar" else "ltr"), facts
    if facts["scrollWidth"] > facts["clientWidth"]:
        raise AssertionError(f"{page.url} scrolls sideways: {facts}, {page.evaluate(STICKING_OUT)}")
    return facts


def in_view(locator) -> dict:
    """`locator` is scrolled to and lies wholly inside the screen (nothing of it cut off on either side)."""
    locator.scroll_into_view_if_needed()
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5, box
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"] + 0.5, box
    return box


def screen(page, name: str) -> None:
    """Save what the phone's screen shows now (not the whole page) as test-artifacts/screenshots/<name>.png."""
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def log_in(page, lang: str, user) -> None:
    page.goto(f"/{lang}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("nav .navbar-text")).to_have_text(user.username)


@pytest.fixture
def world(library, words_encoder):
    """The browser library (practices, a partner, a coordinator) and a plan written as the demo writes its
    Nineveh plan: five actions, sub-actions, indicators and a year of monthly updates with sex × age counts."""
    from accounts.choices import OrganisationKind, Role
    from demo import plans as demo
    from places.models import Place
    from plans import services
    from tests.factories import make_org, make_user

    spec = demo.PLANS[0]
    owner = make_org(spec["owner"], kind=OrganisationKind.COMMITTEE, place=Place.objects.get(code=spec["place"]))
    lead = make_org(spec["lead"])
    for name, _kind in spec["partners"]:
        make_org(name)
    focal = make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=owner, password=PASSWORD)
    reporter = make_user("reporter", role=Role.PARTNER, organisation=lead, password=PASSWORD)
    plan = services.create_plan(
        actor=focal, title="خطة العمل المحلية لمنع التطرف العنيف — نينوى ٢٠٢٥–٢٠٢٧", lang="ar",
        place=Place.objects.get(code=spec["place"]), period_start=demo.PERIOD[0], period_end=demo.PERIOD[1],
        owner=owner, frameworks=list(demo._frameworks()), summary="خطة نينوى المحلية.",
    )
    demo._add_actions(plan, spec, focal)
    services.transition_plan(actor=focal, plan=plan, to_status="submitted")
    services.transition_plan(actor=library.coordinator, plan=plan, to_status="approved")
    services.transition_plan(actor=focal, plan=plan, to_status="in_implementation")
    services.set_public(actor=library.coordinator, plan=plan, is_public=True)
    updates = demo._report(plan, spec, {"owner": focal, lead.pk: reporter})
    assert updates > 60  # a year of updates on every indicator, as in the demo
    return {"library": library, "plan": plan, "focal": focal, "reporter": reporter, "updates": updates}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_menu_folds_behind_a_button_on_a_phone(page, world, lang):
    page.set_viewport_size(PHONE)
    page.goto(f"/{lang}/practices/")
    fits(page, lang)
    menu = page.get_by_test_id("main-menu")
    toggle = page.get_by_test_id("menu-toggle")
    in_view(toggle)
    expect(menu).to_be_hidden()  # the first screen is the page, not the menu
    expect(page.get_by_test_id("practice-card").first).to_be_in_viewport()
    toggle.click()
    expect(menu).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    for link in (page.locator("nav a.nav-link[href$='/plans/']"), page.get_by_test_id(f"switch-{'en' if lang == 'ar' else 'ar'}"),
                 page.locator("nav a[href*='/accounts/login/']")):
        in_view(link)
    expect(page.get_by_test_id("footer-api-docs")).to_have_attribute("href", "/api/docs/")
    fits(page, lang)
    shot(page, f"phone-menu-open-{lang}")

    # Logged in, the account controls sit in the menu too; API links live in the account menu, not the main one.
    log_in(page, lang, world["library"].partner)
    expect(menu).to_be_hidden()
    toggle.click()
    expect(menu).to_be_visible()
    expect(page.locator("#main-menu.collapsing")).to_have_count(0)  # the fold's animation is over
    expect(page.locator("#main-menu .navbar-nav a[href='/api/docs/']")).to_have_count(0)
    page.get_by_test_id("account-toggle").click()
    expect(page.get_by_test_id("account-toggle")).to_have_attribute("aria-expanded", "true")
    in_view(page.get_by_test_id("account-token"))
    in_view(page.get_by_test_id("account-api-docs"))
    # A partner has one importer, the compendium's: the Import item goes straight there.
    expect(page.get_by_test_id("nav-import")).to_have_attribute("href", re.compile(r"/documents/import/$"))
    fits(page, lang)
    shot(page, f"phone-menu-account-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_library_filters_wait_behind_a_button_and_a_practice_reads_on_a_phone(page, world, lang):
    library = world["library"]
    page.set_viewport_size(PHONE)
    page.goto(f"/{lang}/practices/")
    fits(page, lang)
    toggle = page.get_by_test_id("filters-toggle")
    expect(toggle).to_have_attribute("data-active", "0")
    in_view(toggle)
    # Results first: the filters are out of sight and the first practice is on the first screen.
    expect(page.get_by_test_id("filters-panel")).to_be_hidden()
    expect(page.get_by_test_id("practice-card").first).to_be_in_viewport()
    shot(page, f"phone-library-{lang}")

    toggle.click()
    panel = page.get_by_test_id("filters-panel")
    expect(panel).to_be_visible()
    in_view(page.locator("#id_goal"))
    with page.expect_response(lambda r: "goal=" in r.url and r.request.headers.get("hx-request") == "true"):
        page.select_option("#id_goal", str(library.goals["8"].pk))
    expect(toggle).to_have_attribute("data-active", "1")
    expect(toggle).to_have_text("Filters (1 active)" if lang == "en" else "عوامل التصفية (واحد مفعّل)")
    shot(page, f"phone-library-filters-{lang}")
    page.get_by_test_id("filters-done").click()
    expect(panel).to_be_hidden()
    expect(page.get_by_test_id("practice-card")).to_have_count(1)
    expect(page.get_by_test_id("practice-card").first).to_contain_text(library.radio.name)
    fits(page, lang)

    # Reloaded with the filter in the address, the button says so from the server.
    page.reload()
    expect(page.get_by_test_id("filters-toggle")).to_have_attribute("data-active", "1")

    page.get_by_test_id("practice-card").first.locator("h2 a").click()
    expect(page.locator("h1")).to_contain_text(library.radio.name)
    fits(page, lang)
    shot(page, f"phone-practice-{lang}")

    page.goto(f"/{lang}/search/?q=women+mediators")
    expect(page.get_by_test_id("search-hit").first).to_be_visible()
    in_view(page.get_by_test_id("search-input"))
    fits(page, lang)
    shot(page, f"phone-search-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plans_list_plan_page_and_report_progress_on_a_phone(page, world, lang):
    plan = world["plan"]
    page.set_viewport_size(PHONE)
    log_in(page, lang, world["reporter"])
    page.goto(f"/{lang}/plans/")
    fits(page, lang)
    row = page.get_by_test_id("plan-row").first
    in_view(row.get_by_test_id("plan-title"))
    in_view(row.get_by_test_id("status"))  # the row is a card: every cell on the screen, no sideways scroll
    shot(page, f"phone-plans-list-{lang}")
    row.get_by_test_id("plan-title").click()
    expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/$"))

    # The plan page is short: each indicator summarised, a trend chart, the updates behind a control.
    facts = fits(page, lang)
    assert facts["height"] < PLAN_PAGE_MAX_HEIGHT, f"the plan page is {facts['height']} px tall on a phone"
    updates = page.get_by_test_id("update")
    expect(updates).to_have_count(world["updates"])
    assert all(not u.is_visible() for u in updates.all()[:3])
    charts = page.get_by_test_id("trend")
    assert charts.count() == page.get_by_test_id("indicator").count() > 5
    # The chart's text alternative says each value with its date, and the target.
    title = charts.first.locator("svg title")
    expect(title).to_contain_text(re.compile(r"(2026|٢٠٢٦).*(600|٦٠٠)"))
    expect(title).to_contain_text("target" if lang == "en" else "المستهدف")
    # Time runs in the reading direction: the latest update (the bigger dot) sits at the end of the line.
    points = charts.first.get_by_test_id("trend-point")
    first_x = points.first.bounding_box()["x"]
    last_x = points.last.bounding_box()["x"]
    assert (last_x < first_x) if lang == "ar" else (last_x > first_x), (first_x, last_x)
    shot(page, f"phone-plan-page-{lang}")

    # Every update drawn again (all opened) is what the page used to be: much taller.
    page.evaluate("document.querySelectorAll('[data-testid=updates]').forEach(d => d.open = true)")
    expect(updates.first).to_be_visible()
    expanded = fits(page, lang)["height"]
    # The updates kept on demand would make the page nearly twice as tall.
    assert expanded - facts["height"] > 0.8 * facts["height"], (expanded, facts["height"])
    page.evaluate("document.querySelectorAll('[data-testid=updates]').forEach(d => d.open = false)")

    # "Report progress" is a button on the screen, first of the indicator's controls; it opens the form.
    indicator = page.get_by_test_id("indicator").first
    report = indicator.get_by_test_id("report")
    in_view(report)
    screen(page, f"phone-plan-indicator-{lang}")
    assert indicator.get_by_test_id("indicator-actions").locator("a").first.get_attribute("data-testid") == "report"
    report.click()
    expect(page.locator("#id_value")).to_be_visible()
    in_view(page.locator("#id_value"))
    fits(page, lang)
    shot(page, f"phone-report-progress-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_coverage_matrix_scrolls_in_its_own_frame_on_a_phone(page, world, lang):
    page.set_viewport_size(PHONE)
    page.goto(f"/{lang}/plans/coverage/?framework=euromed-cso-2017")
    fits(page, lang)
    frame = page.get_by_test_id("matrix-frame")
    expect(frame).to_be_visible()
    sizes = frame.evaluate("f => ({scroll: f.scrollWidth, client: f.clientWidth, left: f.scrollLeft})")
    assert sizes["scroll"] > sizes["client"], sizes  # the matrix is wider than the screen: it scrolls inside
    # It opens at its start: the goal column and the first governorate are on the screen (in Arabic, at the right).
    goal = page.get_by_test_id("matrix-row").first.locator("th")
    first_cell = page.get_by_test_id("matrix-row").first.get_by_test_id("cell").first
    box = in_view(goal)
    in_view(first_cell)
    expect(page.locator("[data-testid=cell][data-governorate='IQ-NI'][data-count='1']").first).to_be_attached()
    assert (box["x"] + box["width"] > PHONE["width"] / 2) if lang == "ar" else (box["x"] < PHONE["width"] / 2), box
    shot(page, f"phone-coverage-{lang}")

    # Scrolled towards its end, the goal column and the governorate row stay where they are.
    frame.evaluate("f => f.scrollBy({left: f.dir === 'rtl' || getComputedStyle(f).direction === 'rtl' ? -600 : 600, top: 300})")
    page.wait_for_timeout(100)
    moved = frame.evaluate("f => ({left: f.scrollLeft, top: f.scrollTop, tall: f.scrollHeight > f.clientHeight})")
    assert moved["left"] != 0, moved
    assert abs(goal.bounding_box()["x"] - box["x"]) < 4  # the goal column stuck to the frame's start
    header = page.get_by_test_id("matrix").locator("thead th").nth(1)
    assert header.evaluate("th => getComputedStyle(th).position") == "sticky"
    if moved["tall"]:  # a matrix taller than the frame: the governorate row sticks to the frame's top
        assert moved["top"] > 0 and header.bounding_box()["y"] >= frame.bounding_box()["y"] - 1
    fits(page, lang)
    shot(page, f"phone-coverage-scrolled-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_directory_documents_and_importers_on_a_phone(page, world, lang):
    page.set_viewport_size(PHONE)
    page.goto(f"/{lang}/directory/")
    fits(page, lang)
    in_view(page.get_by_test_id("filters-toggle"))
    row = page.get_by_test_id("organisation-row").first
    in_view(row)
    shot(page, f"phone-directory-{lang}")

    # The focal point's importers: its plan's first, the compendium's second, in a dropdown.
    log_in(page, lang, world["focal"])
    open_menu(page)
    page.get_by_test_id("nav-import").click()
    items = page.get_by_test_id("nav-import-menu").locator(".dropdown-item")
    expect(items).to_have_count(2)
    assert items.first.get_attribute("data-testid") == "import-plan"
    in_view(items.first)
    fits(page, lang)
    shot(page, f"phone-import-menu-{lang}")
    items.first.click()
    expect(page.get_by_test_id("plan-import-form")).to_be_visible()
    fits(page, lang)
    page.goto(f"/{lang}/documents/import/")
    in_view(page.locator("[data-testid=import-form] button[type=submit]"))
    fits(page, lang)
    shot(page, f"phone-documents-import-{lang}")
    from documents.services import store_document

    store_document(actor=world["focal"], name="nineveh-compendium-with-a-rather-long-file-name-2025.md",
                   data=b"# Compendium\n")
    page.goto(f"/{lang}/documents/")
    fits(page, lang)
    row = page.get_by_test_id("document-row").first
    in_view(row.locator("a").first)
    in_view(row.locator(".badge"))
    shot(page, f"phone-documents-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_desktop_keeps_its_menu_and_filters(page, world, lang):
    page.goto(f"/{lang}/practices/")
    fits(page, lang)
    expect(page.get_by_test_id("menu-toggle")).to_be_hidden()
    expect(page.get_by_test_id("filters-toggle")).to_be_hidden()
    expect(page.locator("#id_goal")).to_be_visible()  # the filters beside the results, as before
    expect(page.locator("nav a.nav-link[href$='/plans/']")).to_be_visible()
    log_in(page, lang, world["library"].coordinator)
    # API links sit in the account menu; the coordinator's importers in a dropdown, compendium first.
    expect(page.locator("#main-menu .navbar-nav a[href='/api/docs/']")).to_have_count(0)
    page.get_by_test_id("nav-import").click()
    items = page.get_by_test_id("nav-import-menu").locator(".dropdown-item")
    expect(items).to_have_count(2)
    assert [items.nth(i).get_attribute("data-testid") for i in range(2)] == ["import-compendium", "import-plan"]
    shot(page, f"desktop-import-menu-{lang}")
    page.keyboard.press("Escape")
    page.get_by_test_id("account-toggle").click()
    expect(page.get_by_test_id("account-api-docs")).to_be_visible()
    shot(page, f"desktop-account-menu-{lang}")
    page.goto(world["plan"].get_absolute_url().replace("/en/", f"/{lang}/", 1))
    fits(page, lang)
    expect(page.get_by_test_id("trend").first).to_be_visible()
    shot(page, f"desktop-plan-page-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_roundtable_and_its_follow_up_on_a_phone(page, roundtable, lang):  # noqa: F811 (the imported fixture)
    """The events journey's first steps on a phone (the event form, the 12 organisations that took part), then
    the event page, the recommendations it imported, one recommendation and the public follow-up."""
    from demo.events import statement_rows
    from events.services import imports, recommendations

    page.set_viewport_size(PHONE)
    event = record_the_roundtable(page, roundtable, lang, size="-phone")
    imports.import_recommendations(actor=roundtable.convener, event=event, rows=statement_rows())
    rec = event.recommendations.order_by("position").first()
    recommendations.set_owners(actor=roundtable.convener, recommendation=rec, owners=[
        {"organisation": roundtable.organisations["Nineveh Sub-committee (journey)"], "role": "lead"}])
    for url, what in ((f"/{lang}/events/{event.pk}/", "event"), (f"/{lang}/events/", "events"),
                      (f"/{lang}/events/recommendations/", "recommendations"),
                      (f"/{lang}/events/recommendations/{rec.pk}/", "recommendation"),
                      (f"/{lang}/events/follow-up/", "follow-up")):
        page.goto(url)
        fits(page, lang)
        shot(page, f"phone-events-{what}-{lang}")
        # Every tab of the recommendations lies wholly on the screen as it opens: they wrap, none is cut off.
        tabs = page.locator("[data-testid=rec-nav] a")
        for box in (tabs.nth(i).bounding_box() for i in range(tabs.count())):
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5, (url, box)
    page.goto(f"/{lang}/events/{event.pk}/")
    in_view(page.get_by_test_id("participation-totals"))
