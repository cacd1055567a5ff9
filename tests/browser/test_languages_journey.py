"""Practices in French and Sorani Kurdish in a real browser: the search finds them by their words (accents or none,
Kurdish letters or Arabic ones), names their language and shows each in its own direction, on a desktop and a
phone, in English and Arabic.

Screenshots: test-artifacts/screenshots/4l-languages-*.png.
"""

import pytest
from playwright.sync_api import expect

from .conftest import _practice, shot
from .test_journeys import check_page

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def languages(library):
    common = {"country": library.iraq, "organisation": library.organisation}
    french = _practice(
        library.partner, library.coordinator, status="published", goals=[library.goals["2"]],
        name="Cercles de parole à Tunis", lang="fr", location="Tunis", period="depuis 2016", start_year=2016,
        ongoing=True, activity="Les éducateurs réunissent chaque semaine des élèves et leurs parents.",
        objectives="Prévenir l'isolement des jeunes.", description="Des éducatrices formées à la médiation.",
        beneficiaries="Élèves et parents", **common,
    )
    sorani = _practice(
        library.partner, library.coordinator, status="published", goals=[library.goals["2"]],
        name="پەروەردەی ئاشتی لە هەولێر", lang="ckb", location="هەولێر", period="منذ 2018", start_year=2018,
        ongoing=True, activity="گەنجان و مامۆستایان هەموو هەفتەیەک کۆدەبنەوە بۆ گفتوگۆ لەسەر ئاشتی.",
        objectives="بەهێزکردنی پێکەوەژیانی ئاشتیانە.", description="ڕاهێنان بۆ مامۆستایان.",
        beneficiaries="گەنجان و مامۆستایان", **common,
    )
    return french, sorani


def hit(page, name):
    return page.get_by_test_id("search-hit").filter(has_text=name)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_french_and_sorani_practices_are_found_and_shown_in_their_language(page, languages, size):
    french, sorani = languages
    if size == "phone":
        page.set_viewport_size(PHONE)
    for lang, query, practice, label, direction in [
        ("en", "educateurs", french, "French", "ltr"),
        ("en", "ÉDUCATEURS", french, "French", "ltr"),
        ("ar", "هەولێر", sorani, "الكردية (السورانية)", "rtl"),
        ("ar", "ههولير", sorani, "الكردية (السورانية)", "rtl"),
        ("ar", "éducateurs", french, "الفرنسية", "ltr"),
        ("en", "مامۆستایان", sorani, "Kurdish (Sorani)", "rtl"),
    ]:
        page.goto(f"/{lang}/search/?q={query}&mode=keyword")
        found = hit(page, practice.name)
        expect(found).to_have_count(1)
        expect(found).to_contain_text(label)
        body = found.locator(".card-body")
        assert (body.get_attribute("lang"), body.get_attribute("dir")) == (practice.lang, direction)
        if size == "desktop":
            check_page(page, lang)
        else:
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto("/en/search/?q=educateurs&mode=keyword")
    shot(page, f"4l-languages-french-{size}-en")
    page.goto("/ar/search/?q=هەولێر&mode=keyword")
    shot(page, f"4l-languages-sorani-{size}-ar")
