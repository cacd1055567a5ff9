"""Search in a real browser: one box, Arabic and English, results in the other language, facets, bad input.

Screenshots: test-artifacts/screenshots/4x-search-*.png. The real multilingual model computes the vectors
here (the `real_search_model` fixture), so the cross-lingual steps are what a user gets.
"""

import pytest
from playwright.sync_api import expect

from .conftest import shot
from .test_journeys import check_page

pytestmark = pytest.mark.browser


def search(page, words: str) -> None:
    page.get_by_test_id("search-input").fill(words)
    page.get_by_test_id("search-submit").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("search-input")).to_have_value(words)


def hit_titles(page) -> list[str]:
    return [t.strip() for t in page.get_by_test_id("search-hit").locator("h2").all_inner_texts()]


def test_search_in_english_and_arabic_finds_both_languages(page, real_search_model, library):
    page.goto("/en/practices/")
    page.get_by_test_id("nav-search").click()
    expect(page.get_by_test_id("empty")).to_be_visible()
    check_page(page, "en")

    search(page, "women mediators")
    expect(page.get_by_test_id("search-hit").first).to_contain_text("Women Mediators Network")
    assert page.get_by_test_id("search-hit").first.locator("mark").count() >= 1
    expect(page.get_by_test_id("facets")).to_be_visible()
    check_page(page, "en")
    shot(page, "41-search-english-en")

    # An English query finds the Arabic practice, shown right to left in its own language.
    search(page, "youth dialogue sessions in Mosul")
    arabic = page.get_by_test_id("search-hit").filter(has_text=library.arabic.name)
    expect(arabic).to_have_count(1)
    assert arabic.locator(".card-body").get_attribute("dir") == "rtl"
    assert hit_titles(page)[0] == library.arabic.name
    shot(page, "42-search-cross-lingual-en")

    # Facets narrow the results: keep only English practices.
    page.get_by_test_id("facet-language").get_by_label("English").check()
    expect(page.get_by_test_id("search-hit").filter(has_text=library.arabic.name)).to_have_count(0)
    shot(page, "43-search-facet-en")

    # Drafts and practices in review stay hidden from an anonymous reader.
    search(page, "Unpublished Draft Initiative")
    # The answer to this query is on the page (pushed into the address by HTMX, or a full load when the click
    # came before htmx was ready: then the search box's own value holds the words, so only the results count).
    page.wait_for_url("**q=Unpublished*")
    page.wait_for_load_state("networkidle")
    titles = hit_titles(page)
    results = page.locator("#search-results").inner_text()
    for hidden in (library.draft.name, library.in_review.name):
        assert hidden not in titles and hidden not in results.replace(f"“{hidden}”", "").replace(f'"{hidden}"', "")

    # Search syntax and stray characters are only words.
    search(page, 'AND NEAR "* ; DROP')
    check_page(page, "en")

    page.goto("/ar/search/")
    check_page(page, "ar")
    search(page, "الحوار الشبابي")
    expect(page.get_by_test_id("search-hit").first).to_contain_text(library.arabic.name)
    assert "<mark>" in page.get_by_test_id("search-hit").first.inner_html()
    shot(page, "44-search-arabic-ar")

    # An Arabic query finds the English radio practice.
    search(page, "إذاعة مجتمعية من أجل السلام")
    expect(page.get_by_test_id("search-hit").filter(has_text="Community Radio for Peace")).to_have_count(1)
    english = page.get_by_test_id("search-hit").filter(has_text="Community Radio for Peace")
    assert english.locator(".card-body").get_attribute("dir") == "ltr"
    check_page(page, "ar")
    shot(page, "45-search-cross-lingual-ar")

    # An empty search asks for words instead of failing.
    search(page, "")
    expect(page.get_by_test_id("search-message")).to_be_visible()
    shot(page, "46-search-empty-ar")


def test_similar_practices_on_a_practice_page(page, real_search_model, library):
    page.goto(f"/en/practices/{library.radio.pk}/")
    panel = page.get_by_test_id("similar-practices")
    expect(panel).to_be_visible()
    links = panel.get_by_test_id("similar-link").all_inner_texts()
    assert links and library.radio.name not in links
    assert library.draft.name not in links and library.in_review.name not in links
    shot(page, "47-similar-practices-en")
