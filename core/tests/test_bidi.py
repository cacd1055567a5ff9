"""Data inside text (`core/templatetags/bidi.py`): ranges, numbers, references and "Goal N: title" are isolated
so that the bidirectional algorithm cannot reorder them; names sort in the reading language (`core.text`).
The rendered order is checked in Chromium by tests/browser/test_bidi.py."""

import pytest
from django.template import Context, Template
from django.utils import translation

from core.text import LRI, PDI, in_reading_order, isolate_ltr, sort_key


def render(source: str, **context) -> str:
    return Template("{% load bidi %}" + source).render(Context(context))


def test_a_range_is_a_left_to_right_island_start_first():
    html = render("{% span_of 2018 2020 %}")
    assert html == ('<bdi dir="ltr" class="span-of"><bdi dir="ltr">2018</bdi> – <bdi dir="ltr">2020</bdi></bdi>')


def test_a_range_of_more_values_with_arrows_and_a_missing_end():
    assert render('{% span_of 0 None 600 sep="→" %}') == (
        '<bdi dir="ltr" class="span-of"><bdi dir="ltr">0</bdi> → <bdi dir="ltr">…</bdi> → '
        '<bdi dir="ltr">600</bdi></bdi>')


def test_an_end_with_words_keeps_its_own_direction_and_is_escaped():
    html = render("{% span_of a b %}", a="7 ديسمبر 2026", b="<b>x</b>")
    assert '<bdi>7 ديسمبر 2026</bdi>' in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>" not in html


def test_a_negative_number_a_reference_and_an_extension_are_left_to_right():
    assert render("{{ v|ltr }}", v=-4) == '<bdi dir="ltr">-4</bdi>'
    assert render("{{ v|ltr }}", v=".xlsx") == '<bdi dir="ltr">.xlsx</bdi>'
    assert render("{{ v|ref }}", v=27) == '<bdi dir="ltr">#27</bdi>'
    assert render("{{ v|ltr }}{{ v|ref }}", v=None) == ""


def test_free_text_gets_its_ranges_and_signed_numbers_isolated():
    assert render("{{ p|ranges }}", p="2019–2022") == '<bdi dir="ltr">2019–2022</bdi>'
    assert render("{{ p|ranges }}", p="منذ 2021") == 'منذ <bdi dir="ltr">2021</bdi>'
    assert render("{{ p|ranges }}", p="تغير -4 نقاط") == 'تغير <bdi dir="ltr">-4</bdi> نقاط'
    # Escaped as text first: an apostrophe's entity (&#x27;) is not mistaken for a number.
    assert render("{{ p|ranges }}", p="O'Neil <i>") == "O&#x27;Neil &lt;i&gt;"


def test_a_labelled_number_reads_label_number_colon_title():
    html = render('{% labelled "Goal" 4 "Empowering youth" %}')
    assert html == ('<span class="labelled">Goal <bdi dir="ltr">4</bdi>: <bdi>Empowering youth</bdi></span>')
    assert render('{% labelled "Goal" 4 %}') == '<span class="labelled">Goal <bdi dir="ltr">4</bdi></span>'


def test_goal_label_in_arabic_names_the_goal_in_arabic():
    class Goal:
        number, title = "4", "تمكين الشباب"

    with translation.override("ar"):
        html = render("{% goal_label g %}", g=Goal())
    assert html.startswith('<span class="labelled">الهدف <bdi dir="ltr">4</bdi>: <bdi>تمكين الشباب</bdi>')


@pytest.mark.parametrize(("language", "arrow"), [("en", "→"), ("ar", "←")])
def test_an_arrow_between_names_points_the_way_the_page_reads(language, arrow):
    with translation.override(language):
        assert render("{% arrow %}") == arrow


def test_plain_text_isolation_for_messages():
    assert isolate_ltr(".xlsx") == f"{LRI}.xlsx{PDI}"
    assert isolate_ltr("") == "" and isolate_ltr(None) == ""


def test_names_sort_in_the_reading_language():
    names = ["Basra Youth Network", "إدارة الشباب", "أربيل", "Anbar League", "بغداد", "اربيل"]
    arabic = sorted(names, key=lambda n: sort_key(n, "ar"))
    # Arabic names first, hamza forms folded (إدارة sorts as ادارة, before اربيل; أربيل beside اربيل), then the
    # others; a plain code-point sort would put every إ after every ا.
    assert arabic[:4] == ["إدارة الشباب", "أربيل", "اربيل", "بغداد"]
    assert arabic[4:] == ["Anbar League", "Basra Youth Network"]
    english = sorted(names, key=lambda n: sort_key(n, "en"))
    assert english[:2] == ["Anbar League", "Basra Youth Network"]


def test_in_reading_order_follows_the_active_language():
    names = ["Zed", "ألف", "Alpha"]
    with translation.override("ar"):
        assert in_reading_order(names, str) == ["ألف", "Alpha", "Zed"]
    with translation.override("en"):
        assert in_reading_order(names, str) == ["Alpha", "Zed", "ألف"]


def test_no_arabic_message_writes_a_dotted_file_extension():
    """".xlsx" inside Arabic text shows as "xlsx." (the dot is neutral and follows the Arabic): the catalogue names
    the format without the dot ("بصيغة xlsx")."""
    import re
    from pathlib import Path

    import polib
    from django.conf import settings

    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES" / "django.po"))
    dotted = re.compile(r"(?<![\w/])\.(xlsx|txt|md|pdf|docx|yaml|yml|json|csv)\b")
    found = [text for entry in catalogue.translated_entries()
             for text in [entry.msgstr, *entry.msgstr_plural.values()] if dotted.search(text)]
    assert found == []


def test_a_range_of_worded_arabic_dates_reads_right_to_left_start_first():
    html = render("{% span_of a b %}", a="1 يناير 2025", b="31 ديسمبر 2026")
    assert html == ('<bdi dir="rtl" class="span-of"><bdi>1 يناير 2025</bdi> – <bdi>31 ديسمبر 2026</bdi></bdi>')
    assert render("{% span_of a b %}", a="1 Jan 2025", b="31 Dec 2026").startswith('<bdi dir="ltr"')
    assert render("{% span_of a b %}", a="2025-01-01", b="").startswith('<bdi dir="ltr"')


def test_a_progression_with_arrows_is_left_to_right_even_in_words():
    html = render('{% span_of a b sep="→" %}', a="خط الأساس", b="المستهدف")
    assert html == '<bdi dir="ltr" class="span-of"><bdi>خط الأساس</bdi> → <bdi>المستهدف</bdi></bdi>'
