"""Right-to-left lines put back into logical order from their visual order, and running lines found."""

import pytest

from documents.pdf_layout import running_lines, to_logical, visual_line_is_rtl


@pytest.mark.parametrize(("visual", "logical"), [
    ("قارعلا :دلبلا", "البلد: العراق"),
    # A year keeps its digits in order; the label comes first.
    ("2004 ذنم :ةرتفلا", "الفترة: منذ 2004"),
    ("٢٠٠٤ ذنم :ةرتفلا", "الفترة: منذ ٢٠٠٤"),
    # After an Arabic label a range's numbers are Arabic numbers, and "-" does not join them: drawn end first.
    ("2011-2010 :ةرتفلا", "الفترة: 2010-2011"),
    ("٢٠١١-٢٠١٠ :ةرتفلا", "الفترة: ٢٠١٠-٢٠١١"),
    # Brackets drawn mirrored come back as written.
    ("صن (58)", "(58) نص"),
    ("Un Ponte Per :ةلوؤسملا ةهجلا", "الجهة المسؤولة: Un Ponte Per"),
    ("تايلدلا ىلع لمعي ،2012 ماع ذنم", "منذ عام 2012، يعمل على الدليات"),
])
def test_right_to_left_lines(visual, logical):
    assert visual_line_is_rtl(visual)
    assert to_logical(list(visual), rtl=True) == logical


def test_a_left_to_right_line_with_an_arabic_word():
    visual = "Country: قارعلا (Iraq)"
    assert not visual_line_is_rtl(visual)
    assert to_logical(list(visual), rtl=False) == "Country: العراق (Iraq)"


def test_ligatures_and_marks_stay_whole():
    # One glyph for لا, drawn as one unit; a shadda kept on its letter.
    assert to_logical(["م", "لا", "س", " ", "بّ", "ر", "د"], rtl=True) == "دربّ سلام"


def test_running_headers_footers_and_page_numbers():
    words = "youth radio mediation schools mosques sport women libraries theatre camps".split()
    pages = [["Good practices guide", *(f"The {words[(n + k) % 10]} work of page {n} goes on with {words[k]}."
                                        for k in range(8)), f"- {n} -"] for n in range(1, 6)]
    pages[2].insert(5, "Good practices guide")  # the same words inside the page are text, not a header
    dropped = running_lines(pages)
    assert dropped == [{0, 9}, {0, 9}, {0, 10}, {0, 9}, {0, 9}]


def test_short_documents_keep_their_lines():
    assert running_lines([["Title", "Text", "1"], ["Title", "Text", "2"]]) == [{2}, {2}]
