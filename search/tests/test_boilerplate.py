"""The index reads a record's text without the chrome of the page or document it came from."""

from search import boilerplate
from search.registry import IndexRow

PAGE = """MENA Regional Hub
arrow-circle arrow-down-basicarrow-down arrow-left-small arrow-right closefacebooklinkedinsearch twittervideo-icon
July 14, 2024
Photo: Workshop participants. 2022.
The hub works with municipalities and governorates to strengthen local prevention.
Share
Facebook | Twitter | LinkedIn
We use cookies to improve your experience on this site.
Page 3 of 12
Read more"""


def test_chrome_lines_are_dropped_and_content_kept_in_order():
    cleaned = boilerplate.clean(PAGE)
    assert cleaned.splitlines() == [
        "MENA Regional Hub",
        "The hub works with municipalities and governorates to strengthen local prevention.",
    ]


def test_arabic_and_kurdish_dates_captions_and_share_rows():
    text = "١٣ تشرين الثاني ٢٠٢٤\nالصورة: برنامج الأمم المتحدة الإنمائي\nعقدت اللجنة الفرعية اجتماعها.\nشارك على فيسبوك\n١٦ ئایار ٢٠٢٢"
    assert boilerplate.clean(text) == "عقدت اللجنة الفرعية اجتماعها."


def test_sentences_with_chrome_words_stay():
    text = "Read more about how the youth council shares its plan on Facebook.\nThe photo exhibition opened in Mosul."
    assert boilerplate.clean(text) == text


def test_a_text_that_is_only_chrome_is_kept_as_it_was():
    assert boilerplate.clean("12 May 2023") == "12 May 2023"


def test_index_rows_read_the_cleaned_text_and_skip_a_repeated_title():
    row = IndexRow(kind="doc", object_id=1, lang="en", title="Local peace committees",
                   body="Local peace committees\nMay 23, 2024\nCommittees met in Erbil.",
                   texts={"A": "Local peace committees", "B": "Local peace committees\nMay 23, 2024\nCommittees met in Erbil."})
    assert row.texts["B"] == "Local peace committees\nCommittees met in Erbil."
    assert "2024" not in row.body
    assert row.embed_text == "Local peace committees. Committees met in Erbil."
