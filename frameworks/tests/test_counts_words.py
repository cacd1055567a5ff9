"""A framework's page counts its goals and paragraphs in words, "no numbered paragraphs" rather than "0 paragraphs"."""

import pytest

from core.actors import system
from frameworks.services import create_framework, create_goal

pytestmark = pytest.mark.django_db

WORDS = {"en": ("1 goal", "no numbered paragraphs"), "ar": ("هدف واحد", "لا فقرات مرقّمة")}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_framework_without_paragraphs_says_so_in_words(client, lang):
    framework = create_framework(actor=system("test"), slug="counts-test", title_en="Counts test")
    create_goal(actor=system("test"), framework=framework, number="1", title_en="First goal")
    page = client.get(f"/{lang}/frameworks/counts-test/").content.decode()
    start = page.index('data-testid="framework-counts"')
    counts = page[start:page.index("</span>", start)]
    goals, paragraphs = WORDS[lang]
    assert goals in counts and paragraphs in counts and "0" not in counts
