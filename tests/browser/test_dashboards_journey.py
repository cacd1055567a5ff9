"""The dashboards in a real browser, in English and Arabic, on a desktop (1280) and a phone (390): the national
dashboard, a governorate's and the public one. Each chart is drawn by static/js/charts.js (mirrored on the Arabic
page), its table twin has the same numbers, the map has the 19 governorates with their labels and a legend with
"no data". Any console error fails the journey; no page scrolls sideways.

The pages lay out a dashboard built by hand (dashboards/tests/samples.py): this journey checks the pages, the data
module's own tests check the counting. Screenshots: test-artifacts/screenshots/dashboards-<page>-<size>-<lang>.png.
"""

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, shot

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
NO_DATA = {"en": "no data", "ar": "لا بيانات"}
FEWER = {"en": "< 5", "ar": "أقل من 5"}
FACTS = """(key) => {
  const canvas = document.querySelector(`[data-panel="${key}"] canvas`);
  const chart = canvas && window.Chart && window.Chart.getChart(canvas);
  if (!chart) return null;
  const horizontal = chart.options.indexAxis === "y";
  const value = horizontal ? chart.options.scales.x : chart.options.scales.y;
  const category = horizontal ? chart.options.scales.y : chart.options.scales.x;
  const tick = chart.scales[horizontal ? "x" : "y"].ticks.map((t) => t.label).filter((l) => l !== "");
  return {width: canvas.width, height: canvas.height, horizontal,
          valueReverse: !!value.reverse, categoryReverse: !!category.reverse,
          valuePosition: value.position, categoryPosition: category.position,
          legendRtl: !!chart.options.plugins.legend.rtl, ticks: tick};
}"""
WIDTH = """() => ({scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth})"""


@pytest.fixture
def dashboards(transactional_db, live_server, monkeypatch):
    from accounts.choices import OrganisationKind, Role
    from dashboards.tests.samples import use_sample
    from tests.factories import make_org, make_user, reference_data

    reference_data()
    use_sample(monkeypatch)
    return make_user("dash-coordinator", role=Role.NATIONAL_COORDINATOR, password=PASSWORD,
                     organisation=make_org("National Committee", kind=OrganisationKind.NATIONAL_BODY))


def _console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def _no_sideways_scroll(page):
    facts = page.evaluate(WIDTH)
    assert facts["scrollWidth"] <= facts["clientWidth"], f"{page.url} scrolls sideways: {facts}"


def _check_charts(page, lang):
    rtl = lang == "ar"
    page.locator('[data-panel="actions_by_status"] canvas[data-drawn]').wait_for()
    bars = page.evaluate(FACTS, "actions_by_status")  # vertical bars
    assert bars and bars["width"] > 100 and bars["height"] > 100, bars
    assert not bars["horizontal"]
    assert bars["categoryReverse"] is rtl and bars["valuePosition"] == ("right" if rtl else "left"), bars
    assert bars["legendRtl"] is rtl
    progress = page.evaluate(FACTS, "progress_by_goal")  # horizontal bars, percent
    assert progress["horizontal"] and progress["valueReverse"] is rtl, progress
    assert progress["categoryPosition"] == ("right" if rtl else "left"), progress
    assert progress["ticks"] and all(t.endswith("%") for t in progress["ticks"]), progress["ticks"]
    stacked = page.evaluate(FACTS, "plans_by_status")
    assert stacked["horizontal"] and stacked["valueReverse"] is rtl
    # An empty panel draws nothing and says what would fill it.
    expect(page.locator('[data-panel="events_held"] [data-testid="panel-empty"]')).to_be_visible()
    expect(page.locator('[data-panel="events_held"] canvas')).to_have_count(0)


def _twin(page, key) -> list[str]:
    return [t.strip() for t in page.locator(f'[data-panel="{key}"] tbody td').all_text_contents()]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_national_governorate_and_public_dashboards(page, dashboards, lang, size):
    errors = _console_errors(page)
    page.set_viewport_size(SIZES[size])
    page.goto(f"/{lang}/accounts/login/")
    page.fill("#id_username", dashboards.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("nav .navbar-text")).to_have_text(dashboards.username)

    page.goto(f"/{lang}/dashboards/")
    expect(page.get_by_test_id("dashboard-national")).to_be_visible()
    if size == "desktop":  # a coordinator's whole menu (desk, importers, dashboards) keeps to one line
        tops = page.evaluate("() => [...new Set([...document.querySelectorAll('#main-menu .navbar-nav > li')]"
                             ".map(li => Math.round(li.getBoundingClientRect().top)))]")
        assert len(tops) == 1, f"the menu breaks over {len(tops)} lines"
    expect(page.get_by_test_id("dashboard-place")).to_have_count(19)
    _no_sideways_scroll(page)
    shot(page, f"dashboards-index-{size}-{lang}")
    page.get_by_test_id("dashboard-national").locator("a").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    _check_charts(page, lang)
    assert _twin(page, "actions_by_status") == ["27", "14", "3"]
    box = page.get_by_test_id("map")
    expect(box.locator("path[data-code]")).to_have_count(19)
    expect(box.locator("[data-label]")).to_have_count(19)
    expect(box.locator('[data-label="IQ-BG"]')).to_be_visible()
    expect(box.locator('[data-legend="no_data"]')).to_contain_text(NO_DATA[lang])
    assert box.locator('path[data-code="IQ-BG"]').get_attribute("fill").startswith("#")
    # The map is geographic: Basra (south-east) lies right of Anbar (west) in both languages.
    basra, anbar = (box.locator(f'[data-label="{c}"]').bounding_box() for c in ("IQ-BA", "IQ-AN"))
    assert basra["x"] > anbar["x"]
    _no_sideways_scroll(page)
    shot(page, f"dashboards-national-{size}-{lang}")

    # Drill down to a governorate from its table row: the districts have no boundaries, the page says so.
    page.locator('[data-panel="plans_by_status"] tbody tr[data-category="IQ-NI"] a').dispatch_event("click")
    page.wait_for_url(f"**/{lang}/dashboards/place/IQ-NI/")
    expect(page.get_by_test_id("breadcrumbs")).to_contain_text("العراق" if lang == "ar" else "Iraq")
    expect(page.get_by_test_id("map-message")).to_contain_text("load_boundaries")
    _check_charts(page, lang)
    _no_sideways_scroll(page)
    shot(page, f"dashboards-governorate-{size}-{lang}")

    # The public dashboard, logged out: small groups as "< 5", in the table and in the legend.
    page.context.clear_cookies()
    page.goto(f"/{lang}/dashboards/public/")
    _check_charts(page, lang)
    assert _twin(page, "actions_by_status") == ["27", "14", FEWER[lang]]
    expect(page.get_by_test_id("map").locator('[data-legend="hidden"]')).to_contain_text(FEWER[lang])
    expect(page.get_by_test_id("map").locator("path[data-code]")).to_have_count(19)
    expect(page.get_by_test_id("footer-open-data")).to_be_visible()
    _no_sideways_scroll(page)
    shot(page, f"dashboards-public-{size}-{lang}")
    assert errors == [], errors


@pytest.fixture
def planned(transactional_db, live_server):
    """Plans counted by the real `dashboards.data.build`: two governorates' focal points, approved and draft plans;
    the governorates' boundaries loaded (as `wiqaya setup` does), so the map draws their shapes."""
    from accounts.choices import OrganisationKind, Role
    from core.actors import system
    from places.geometry import SHIPPED
    from places.models import Place
    from places.services import load_boundaries
    from tests.factories import make_org, make_plan, make_user, reference_data

    reference_data()
    load_boundaries(actor=system("tests"), data=SHIPPED.read_text(encoding="utf-8"), source="shipped")
    people = {}
    for code in ("IQ-NI", "IQ-BA"):
        org = make_org(f"Sub-committee {code}", kind=OrganisationKind.COMMITTEE, place=Place.objects.get(code=code))
        people[code] = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=org)
    make_plan(people["IQ-NI"], place_code="IQ-NI", status="in_implementation", actions=3, is_public=True)
    make_plan(people["IQ-NI"], place_code="IQ-NI", status="draft", actions=2, year=2023)
    make_plan(people["IQ-BA"], place_code="IQ-BA", status="approved", actions=2)
    return make_user("real-coordinator", role=Role.NATIONAL_COORDINATOR, password=PASSWORD,
                     organisation=make_org("National Committee", kind=OrganisationKind.NATIONAL_BODY))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_national_dashboard_draws_what_build_counts(page, planned, lang):
    errors = _console_errors(page)
    page.goto(f"/{lang}/accounts/login/")
    page.fill("#id_username", planned.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("nav .navbar-text")).to_have_text(planned.username)
    page.goto(f"/{lang}/dashboards/national/")
    page.locator('[data-panel="plans_by_status"] canvas[data-drawn]').wait_for()
    chart = page.evaluate("""() => {
      const chart = Chart.getChart(document.querySelector('[data-panel="plans_by_status"] canvas'));
      return chart.data.datasets.map((d) => d.data.reduce((a, b) => a + (b || 0), 0));
    }""")
    twin = page.locator('[data-panel="plans_by_status"] tbody td').all_text_contents()
    # The chart and its table twin hold the same three plans.
    assert sum(chart) == 3
    assert sum(int(t) for t in twin if t.strip().isdigit()) == 3
    box = page.get_by_test_id("map")
    expect(box).to_have_attribute("data-map-kind", "shapes")
    expect(box.locator("path[data-code]")).to_have_count(19)
    expect(box.locator('[data-value-of="IQ-NI"]')).to_have_text("1")  # one approved plan there (the draft is not)
    expect(box.locator('[data-legend="no_data"]')).to_contain_text(NO_DATA[lang])
    _no_sideways_scroll(page)
    shot(page, f"dashboards-real-national-desktop-{lang}")
    assert errors == [], errors


def test_an_installation_that_writes_arabic_digits_gets_them_on_the_charts_too(page, dashboards, settings):
    settings.WIQAYA_ARABIC_DIGITS = True
    errors = _console_errors(page)
    page.goto("/ar/dashboards/public/")
    expect(page.locator("html")).to_have_attribute("data-digits", "arab")
    page.locator('[data-panel="actions_by_status"] canvas[data-drawn]').wait_for()
    ticks = page.evaluate(FACTS, "actions_by_status")["ticks"]
    assert ticks and all(set(t) <= set("٠١٢٣٤٥٦٧٨٩٬٫") for t in ticks), ticks
    percent = page.evaluate(FACTS, "progress_by_goal")["ticks"]
    assert "٥٠٪" in percent or "١٠٠٪" in percent, percent
    assert _twin(page, "actions_by_status") == ["٢٧", "١٤", "أقل من ٥"]
    expect(page.get_by_test_id("map").locator('[data-value-of="IQ-BG"]')).to_have_text("١")
    shot(page, "dashboards-public-desktop-ar-digits")
    assert errors == [], errors
