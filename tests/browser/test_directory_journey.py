"""End-to-end journey through the directory: filter organisations by governorate and network in English and
Arabic, read the committee tree, and move a candidate city to member as a national coordinator.

Screenshots go to test-artifacts/screenshots/d<step>-<what>-<language>.png.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD
from .conftest import shot as save_shot
from .test_journeys import ARABIC_LETTERS, check_page, log_in, switch_language

pytestmark = pytest.mark.browser


def shot(page, name: str):
    page.mouse.move(0, 0)
    return save_shot(page, name)


@pytest.fixture
def directory(transactional_db, live_server):
    from directory.tests.data import build_directory

    data = build_directory()
    for key in ("coordinator", "partner"):
        data[key].set_password(PASSWORD)
        data[key].save()
    return data


def row_names(page) -> list[str]:
    return sorted(page.get_by_test_id("organisation-row").locator("td:first-child > a").all_inner_texts())


def choose(page, select: str, value: str) -> None:
    """Pick a filter value and wait for HTMX to swap the results in (no page reload)."""
    page.evaluate("window.__sameDocument = true")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true" and "/directory/" in r.url):
        page.select_option(select, value)
    assert page.evaluate("window.__sameDocument === true"), "the filter reloaded the page instead of swapping results"


def test_directory_by_governorate_and_network_in_english_and_arabic(page, directory):
    from places.models import Place

    nineveh = Place.objects.get(code="IQ-NI")
    network = directory["network"]

    # 1. From the navbar to the directory: every organisation, with counts per type.
    page.goto("/en/practices/")
    page.locator("nav a.nav-link[href$='/directory/']").click()
    expect(page).to_have_url(re.compile(r"/en/directory/$"))
    check_page(page, "en")
    expect(page.get_by_test_id("result-count")).to_have_text("9 organisations")

    # 2. Nineveh: the governorate's sub-committee, the district sub-committee and the city in its district.
    choose(page, "#id_place", str(nineveh.pk))
    expect(page.get_by_test_id("result-count")).to_have_text("3 organisations")
    assert row_names(page) == ["Mosul District Sub-committee", "Mosul Municipality", "Nineveh Sub-committee"]
    # 3. ... and members of the Strong Cities Network: only the city; the Basra candidate is not shown to readers.
    choose(page, "#id_network", str(network.pk))
    expect(page).to_have_url(re.compile(rf"place={nineveh.pk}.*network={network.pk}|network={network.pk}.*place={nineveh.pk}"))
    assert row_names(page) == ["Mosul Municipality"]
    shot(page, "d01-directory-nineveh-network-en")
    choose(page, "#id_place", "")
    assert row_names(page) == ["Mosul Municipality"]

    # 4. Arabic: the same filters, right to left, Arabic names first and marked as Arabic.
    switch_language(page, "ar")
    expect(page).to_have_url(re.compile(r"/ar/directory/"))
    check_page(page, "ar")
    choose(page, "#id_place", str(nineveh.pk))
    expect(page.get_by_test_id("organisation-row")).to_have_count(1)
    link = page.get_by_test_id("organisation-row").locator("td:first-child > a")
    expect(link).to_have_text("بلدية الموصل")
    expect(link).to_have_attribute("dir", "rtl")
    # In RTL the first column (the name) sits at the right-hand side of the table.
    table = page.locator("table.directory-table").bounding_box()
    cell = page.get_by_test_id("organisation-row").locator("td").first.bounding_box()
    assert cell["x"] + cell["width"] > table["x"] + table["width"] * 0.6, (cell, table)
    filters = page.locator("aside.filters").bounding_box()
    assert filters["x"] > table["x"], "the filter column should be on the right in Arabic"
    shot(page, "d02-directory-nineveh-network-ar")

    # 5. The organisation, both names with their own direction; then the committee tree by governorate.
    link.click()
    expect(page.get_by_test_id("name")).to_have_attribute("dir", "rtl")
    expect(page.get_by_test_id("name-alt")).to_have_attribute("dir", "ltr")
    expect(page.get_by_test_id("networks")).to_contain_text("Strong Cities Network")
    shot(page, "d03-organisation-ar")
    page.goto("/ar/directory/committees/")
    check_page(page, "ar")
    expect(page.get_by_test_id("governorate-group")).to_have_count(2)
    # Governorates by their Arabic names (the UI's own words come from the Arabic catalogue).
    assert ARABIC_LETTERS.search(page.get_by_test_id("governorate-group").first.locator(".card-header").inner_text())
    shot(page, "d04-committees-ar")


def test_coordinator_moves_a_candidate_city_to_member(page, directory):
    from directory.models import NetworkMembership

    network, candidate = directory["network"], directory["candidate"]
    page.goto(f"/ar/directory/networks/{network.pk}/")
    check_page(page, "ar")
    expect(page.get_by_test_id("membership-row")).to_have_count(1)  # readers see members only
    log_in(page, directory["coordinator"])
    expect(page.get_by_test_id("membership-row")).to_have_count(2)
    expect(page.locator("[data-testid=membership-row][data-status=candidate]")).to_contain_text("Basra")
    page.locator("tr.membership-manage summary").nth(0).click()
    form = page.get_by_test_id("status-form").first
    form.locator("select").select_option("member")
    form.locator("textarea").fill("قُبلت العضوية في الاجتماع السنوي")
    shot(page, "d05-network-status-form-ar")
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("[data-testid=membership-row][data-status=member]")).to_have_count(2)
    candidate.refresh_from_db()
    assert candidate.status == "member" and candidate.member_since is not None
    assert candidate.steps.last().comment == "قُبلت العضوية في الاجتماع السنوي"
    assert NetworkMembership.objects.filter(status="candidate").count() == 0
    shot(page, "d06-network-after-ar")
