"""Every shipped framework and goal has an Arabic title; the ones the team translated are marked as translations
on the pages, and lists of frameworks read in the reader's language."""

import json

import pytest
from django.utils import translation

from accounts.choices import Role
from core.text import ARABIC_LETTERS
from frameworks import services
from frameworks.models import Framework, Goal
from frameworks.services.definitions import DEFINITIONS
from tests.factories import SETUP, make_user

pytestmark = pytest.mark.django_db


def test_every_shipped_framework_and_goal_has_an_arabic_title_and_short_name():
    specs = json.loads(DEFINITIONS.read_text(encoding="utf-8"))
    for spec in specs:
        assert ARABIC_LETTERS.search(spec["title_ar"]) and ARABIC_LETTERS.search(spec["short_name_ar"]), spec["slug"]
        assert isinstance(spec["title_ar_is_translation"], bool)
        for goal in spec["goals"]:
            assert ARABIC_LETTERS.search(goal.get("title_ar", "")), (spec["slug"], goal["number"])
    un = next(s for s in specs if s["slug"] == "un-pve-2015")
    # No official Arabic text of the UN priority areas was at hand: the team's titles are marked as translations.
    assert all(goal["title_ar_is_translation"] for goal in un["goals"])
    euromed = next(s for s in specs if s["slug"] == "euromed-cso-2017")
    # OPEV publishes the Euro-Med goals in Arabic itself: those are not the team's.
    assert not any(goal.get("title_ar_is_translation") for goal in euromed["goals"])


def test_loading_fills_the_arabic_titles_of_an_installation_that_had_none(reference):
    goal = Goal.objects.get(framework__slug="un-pve-2015", number="4")
    assert goal.title_ar == "تمكين الشباب" and goal.title_ar_is_translation
    # An installation loaded before the Arabic titles shipped: empty Arabic titles, no mark.
    Goal.objects.filter(framework__slug="un-pve-2015").update(title_ar="", title_ar_is_translation=False)
    Framework.objects.filter(slug="un-pve-2015").update(short_name_ar="")
    services.load_definitions(actor=SETUP)
    goal.refresh_from_db()
    assert goal.title_ar == "تمكين الشباب" and goal.title_ar_is_translation
    assert Framework.objects.get(slug="un-pve-2015").short_name_ar


def test_a_coordinator_writing_the_arabic_title_removes_the_translation_mark(reference):
    coordinator = make_user("coordinator", role=Role.NATIONAL_COORDINATOR)
    goal = Goal.objects.get(framework__slug="un-pve-2015", number="4")
    services.update_goal(actor=coordinator, goal=goal, description_en="Youth.")
    goal.refresh_from_db()
    assert goal.title_ar_is_translation  # the title was not touched
    services.update_goal(actor=coordinator, goal=goal, title_ar="تمكين الشباب (النص الرسمي)")
    goal.refresh_from_db()
    assert not goal.title_ar_is_translation
    # Loading again fills nothing: the coordinator's title stays, unmarked.
    services.load_definitions(actor=SETUP)
    goal.refresh_from_db()
    assert goal.title_ar == "تمكين الشباب (النص الرسمي)" and not goal.title_ar_is_translation


def test_abbreviation_and_str_follow_the_reader(reference):
    un = Framework.objects.get(slug="un-pve-2015")
    goal = un.goals.get(number="4")
    with translation.override("ar"):
        assert un.abbreviation == "خطة الأمم المتحدة لمنع التطرف العنيف 2015" == str(un)
        assert str(goal) == "خطة الأمم المتحدة لمنع التطرف العنيف 2015 4: تمكين الشباب"
    with translation.override("en"):
        assert un.abbreviation == "UN PVE PoA 2015"
        assert str(goal) == "UN PVE PoA 2015 4: Empowering youth"


def test_the_arabic_framework_page_marks_translated_titles_only(client, reference):
    html = client.get("/ar/frameworks/un-pve-2015/").content.decode()
    assert "تمكين الشباب" in html and "Empowering youth" not in html
    assert html.count('data-testid="translation-mark"') == 7  # the seven priority areas; the plan's title is the UN's
    assert "(ترجمة)" in html
    euromed = client.get("/ar/frameworks/euromed-cso-2017/").content.decode()
    assert "تعزيز دور الشباب كأطراف فاعلة في التغيير." in euromed
    assert euromed.count('data-testid="translation-mark"') == 1  # the plan's own title only: OPEV's goals are not
    english = client.get("/en/frameworks/un-pve-2015/").content.decode()
    assert "Empowering youth" in english and 'data-testid="translation-mark"' not in english


def test_the_framework_list_reads_and_sorts_in_the_reader_language(client, reference):
    import re

    def slugs(html):
        return re.findall(r'data-testid="framework" data-slug="([^"]+)"', html)

    arabic = client.get("/ar/frameworks/").content.decode()
    assert "UN PVE PoA 2015" not in arabic and "خطة الأمم المتحدة لمنع التطرف العنيف 2015" in arabic
    # الاستراتيجية… before خطة عمل المجتمع المدني… before خطة عمل لمنع…
    assert slugs(arabic) == ["iraq-ns-2019", "euromed-cso-2017", "un-pve-2015"]
    english = client.get("/en/frameworks/").content.decode()
    # National Strategy… before Plan of Action of the Euro-Mediterranean… before Plan of Action to Prevent…
    assert slugs(english) == ["iraq-ns-2019", "euromed-cso-2017", "un-pve-2015"]
    assert slugs(english) != sorted(slugs(english))  # not the old order by slug
