"""The glossary in a real browser: reached from the search page and the footer, both languages side by side,
filters, the empty state, a coordinator's form with its errors; desktop and phone (390 × 844), English and Arabic.

Screenshots: test-artifacts/screenshots/9x-glossary-*.png.
"""

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from core.actors import system
from glossary.models import GlossaryTerm
from glossary.services import load_shipped
from tests.factories import make_user

from .conftest import SCREENSHOTS, shot
from .test_journeys import check_page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def glossary(transactional_db, live_server):
    load_shipped(actor=system("browser test"))
    return GlossaryTerm.objects.count()


def no_sideways_scroll(page) -> None:
    sizes = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})")
    assert sizes["scroll"] <= sizes["client"], f"the page scrolls sideways: {sizes}"


def test_the_glossary_in_english_and_arabic_on_desktop(page, glossary):
    assert glossary >= 120
    page.goto("/en/search/")
    page.get_by_test_id("search-glossary-link").click()
    expect(page.locator("h1")).to_have_text("Glossary")
    check_page(page, "en")
    expect(page.get_by_test_id("glossary-term")).to_have_count(glossary)
    expect(page.get_by_test_id("glossary-add")).to_have_count(0)  # a reader gets no form
    page.select_option("#id_theme", "groups")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    rows = page.get_by_test_id("glossary-term")
    expect(rows.filter(has_text="returnees")).to_have_count(1)
    returnees = rows.filter(has_text="returnees")
    assert returnees.locator("td[lang=ar]").get_attribute("dir") == "rtl"
    expect(returnees.locator("td[lang=ar]")).to_contain_text("العائدين")
    shot(page, "91-glossary-en")

    page.goto("/ar/glossary/?theme=groups")
    check_page(page, "ar")
    expect(page.locator("h1")).to_have_text("المسرد")
    expect(page.locator("thead th").first).to_have_text("العربية")
    shot(page, "92-glossary-ar")
    page.goto("/ar/glossary/?q=zzzz")
    expect(page.get_by_test_id("empty")).to_contain_text("لا يوجد مصطلح مطابق.")
    page.get_by_test_id("footer-glossary").click()
    expect(page.get_by_test_id("glossary-term")).to_have_count(glossary)


def test_a_coordinator_adds_a_term_and_sees_the_form_errors(page, transactional_db, live_server):
    coordinator = make_user("gl-browser-coordinator", role=Role.NATIONAL_COORDINATOR)
    page.goto("/en/glossary/")
    expect(page.get_by_test_id("empty")).to_contain_text("The glossary is empty.")
    page.goto("/en/accounts/login/")
    page.fill("#id_username", coordinator.username)
    page.fill("#id_password", "pw-for-tests-123")
    page.locator("main form button[type=submit]").click()
    page.goto("/en/glossary/")
    page.get_by_test_id("glossary-add").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".invalid-feedback")).to_have_count(2)
    check_page(page, "en")
    shot(page, "93-glossary-form-errors-en")
    page.fill("#id_term_en", "local peace committees")
    page.fill("#id_term_ar", "لجان السلام المحلية")
    page.fill("#id_variants_en", "LPC\nLPCs")
    page.fill("#id_source_note", "team translation")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("glossary-term")).to_have_count(1)
    expect(page.get_by_test_id("glossary-term")).to_contain_text("لجان السلام المحلية")
    page.goto("/ar/glossary/new/")
    page.get_by_role("button", name="حفظ").click()
    check_page(page, "ar")
    shot(page, "94-glossary-form-errors-ar")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_glossary_on_a_phone(page, glossary, lang):
    page.set_viewport_size(PHONE)
    page.goto(f"/{lang}/glossary/?theme=groups")
    rows = page.get_by_test_id("glossary-term")
    expect(rows.first).to_be_visible()
    no_sideways_scroll(page)
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    shot(page, f"95-glossary-phone-{lang}")
    rows.nth(5).scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"96-glossary-phone-{lang}-screen.png"))  # what the screen shows
