"""One table of Arabic digits, one set of invisible characters, one `detect_language`: all in core/text.py."""

import ast
from pathlib import Path

import pytest

from core import text
from frameworks import interchange
from practices import compendium, compendium_gen
from search.text import clean_query

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "config", "core", "demo", "directory", "documents", "frameworks", "ops", "places", "plans",
        "practices", "search"]
# plans/spreadsheet.py keeps its own copies until it is split into modules that import core.text (its split is
# separate work); this list only shrinks.
STILL_COPYING = {"plans/spreadsheet.py"}


def _product_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "tests" not in path.parts and "migrations" not in path.parts:
                yield path


def test_no_module_but_core_text_spells_out_digits_invisible_characters_or_language_detection():
    copies = []
    for path in _product_modules():
        name = str(path.relative_to(ROOT))
        if name in {"core/text.py", *STILL_COPYING}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if "٠١٢" in node.value or "۰۱۲" in node.value or "\u200f" in node.value or "\u200e" in node.value:
                    copies.append(f"{name}:{node.lineno} {node.value[:30]!r}")
            if isinstance(node, ast.FunctionDef) and node.name == "detect_language":
                copies.append(f"{name}:{node.lineno} def detect_language")
    assert not copies, "copies of core/text.py's tables:\n" + "\n".join(copies)


def test_the_importers_and_the_generator_use_the_shared_tables():
    assert interchange.detect_language is text.detect_language
    assert interchange.ascii_digits is text.ascii_digits
    assert compendium.ascii_digits is text.ascii_digits and compendium.strip_invisible is text.strip_invisible
    assert compendium_gen.ARABIC_DIGITS == text.ARABIC_DIGITS


def test_digits_invisible_characters_and_language():
    assert text.ascii_digits("الهدف ٣٢ / ۴۵") == "الهدف 32 / 45"
    assert text.arabic_digits("1.2") == "١.٢"
    # Bidi marks, isolates, soft hyphen and zero-width space go; ZWNJ stays (it changes spelling).
    assert text.strip_invisible("\u2067مر\u00adحبا\u2069\u200f \u200bword\ufeff") == "مرحبا word"
    assert text.strip_invisible("می\u200cخواهم") == "می\u200cخواهم"
    assert text.detect_language("الهدف ١٢ Goal") == "ar" and text.detect_language("Goal ١٢٣٤٥٦") == "en"
    assert text.detect_language(None) == "en"
    # The search query cleaner uses the same set (as spaces between words).
    assert clean_query("youth\u2066 \u200fالشباب\u2069") == "youth الشباب"


@pytest.mark.parametrize(("sample", "lang"), [
    ("La société civile participe à l'éducation à la paix dans les quartiers de Tunis.", "fr"),
    ("La sociedad civil participa en la educación para la paz con los jóvenes del barrio.", "es"),
    ("Die Zivilgesellschaft ist mit der Jugend für den Frieden in den Schulen aktiv.", "de"),
    ("The network trains young people and their teachers in mediation.", "en"),
    ("پەروەردەی ئاشتی بۆ گەنجان لە هەولێر و سلێمانی", "ckb"),
    ("التربية على السلام للشباب في الموصل والبصرة", "ar"),
    ("Prevention", "en"),
    ("", "en"),
])
def test_detect_language_tells_six_languages_on_request(sample, lang):
    assert text.detect_language(sample, all_languages=True) == lang


def test_detect_language_by_default_still_answers_ar_or_en():
    # Callers that choose a direction or an Arabic page keep their two answers: Sorani is "ar" (right to left),
    # French "en" (left to right).
    assert text.detect_language("پەروەردەی ئاشتی بۆ گەنجان لە هەولێر") == "ar"
    assert text.detect_language("La société civile participe à l'éducation à la paix.") == "en"
    assert text.text_direction("ckb") == "rtl" and text.text_direction("fr") == "ltr"
