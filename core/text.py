"""Small text helpers shared by importers and search: the one table of Arabic digits, the one set of invisible
characters, language detection, Arabic normalisation and natural keys."""

import re
import unicodedata

# Letters only (not Arabic punctuation, digits or diacritics): what language detection counts.
ARABIC_LETTERS = re.compile(r"[\u0620-\u064A\u0671-\u06D3\u06FA-\u06FF\u0750-\u077F\u08A0-\u08FF]")
LATIN_LETTERS = re.compile(r"[A-Za-z]")
_DIACRITICS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]")
_TATWEEL = "\u0640"

# The one table of digits: Arabic-Indic, and the extended (Persian/Urdu) forms that documents also use.
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
EXTENDED_ARABIC_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_TO_ASCII_DIGITS = str.maketrans(ARABIC_DIGITS + EXTENDED_ARABIC_DIGITS, "0123456789" * 2)
_TO_ARABIC_DIGITS = str.maketrans("0123456789", ARABIC_DIGITS)

# The one set of invisible characters that PDF extraction and copy-paste leave in text: soft hyphen, zero-width
# space, word joiner, BOM, and the bidirectional marks, embeddings, overrides and isolates that wrap Arabic runs.
# ZWNJ/ZWJ are not among them: they change spelling.
INVISIBLE_CHARACTERS = (
    "\u00ad\u200b\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_NO_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE_CHARACTERS), None)

# Explicit directional formatting — embeddings, overrides, isolates, the directional marks and the Arabic letter
# mark. In a name or a title they can make "exe.pdf" read "pdf.exe" (U+202E); pages isolate names with <bdi>,
# so names and titles need none of them, and `clean_name` removes them.
BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_NO_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS), None)


def ascii_digits(text: str) -> str:
    """Arabic-Indic and extended Arabic-Indic digits as 0–9; everything else unchanged."""
    return text.translate(_TO_ASCII_DIGITS)


def arabic_digits(text: str) -> str:
    """0–9 written as Arabic-Indic digits (٠–٩)."""
    return text.translate(_TO_ARABIC_DIGITS)


def strip_invisible(text: str) -> str:
    """`text` without the invisible characters of `INVISIBLE_CHARACTERS`."""
    return text.translate(_NO_INVISIBLE)


def clean_name(text):
    """A name or title without directional formatting characters (see BIDI_CONTROLS); None stays None."""
    return text.translate(_NO_BIDI) if isinstance(text, str) else text


# Letters Sorani Kurdish writes and Arabic does not (ڕ ڵ ۆ ێ ە ڤ ڎ ھ).
KURDISH_LETTERS = re.compile("[\u0695\u06B5\u06C6\u06CE\u06D5\u06A4\u068E\u06BE]")
LATIN_ANY = re.compile(r"[^\W\d_]")
# Short words that mark a Latin-script language: the most frequent ones, few shared between the four.
_MARKERS = {
    "en": set("the and of to is are for with that this from by was were have has which their".split()),
    "fr": set("le la les des du un une et est sont pour avec dans sur que qui au aux par ont été".split()),
    "es": set("el los las del una y es son para con por que se su sus al fue han como".split()),
    "de": set("der die das und ist sind mit für von zu den dem ein eine im auf nicht wurde werden".split()),
}
_LATIN_HINTS = {"fr": "éèêàçùœ", "es": "ñáíóú¿¡", "de": "äöüß"}
RTL_LANGUAGES = frozenset({"ar", "ckb"})


def detect_language(text: str, *, all_languages: bool = False) -> str:
    """'ar' when Arabic-script letters outnumber Latin ones, else 'en'.

    With `all_languages`, the language among ar, ckb (Sorani Kurdish: Arabic script with letters of its own), en,
    fr, es and de: Latin-script text by its most frequent short words, accented letters breaking ties; English
    when nothing tells. Callers that only tell Arabic from the rest (a direction, an Arabic page) keep the default.
    """
    text = text or ""
    arabic = len(ARABIC_LETTERS.findall(text))
    if not all_languages:
        return "ar" if arabic > len(LATIN_LETTERS.findall(text)) else "en"
    latin = len(LATIN_ANY.findall(text)) - arabic
    if arabic > latin:
        kurdish = len(KURDISH_LETTERS.findall(text))
        return "ckb" if kurdish >= 2 and kurdish >= 0.02 * arabic else "ar"
    words = re.findall(r"[^\W\d_]+", text.casefold())
    scores = {lang: sum(1 for word in words if word in markers) for lang, markers in _MARKERS.items()}
    for lang, hints in _LATIN_HINTS.items():
        scores[lang] += 0.5 * min(3, sum(text.casefold().count(char) for char in hints))
    best = max(scores, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] > 0 else "en"


def text_direction(lang: str) -> str:
    """'rtl' for a language written right to left (Arabic, Sorani Kurdish), else 'ltr'."""
    return "rtl" if lang in RTL_LANGUAGES else "ltr"


def normalize(text: str) -> str:
    """Fold case, diacritics, tatweel, alef/hamza forms, taa marbuta, alef maqsura and digits for matching."""
    text = ascii_digits(unicodedata.normalize("NFKC", text or ""))
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    text = re.sub("[أإآٱ]", "ا", text).replace("ة", "ه").replace("ى", "ي").replace("ؤ", "و").replace("ئ", "ي")
    text = text.casefold()
    return re.sub(r"\s+", " ", text).strip()


def natural_key(*parts: str | None) -> str:
    """A stable key built from names, insensitive to case, spacing, punctuation and Arabic spelling variants."""
    cleaned = []
    for part in parts:
        value = normalize(part or "")
        value = re.sub(r"[^\w]+", " ", value).strip()
        cleaned.append(value)
    return "|".join(cleaned)


# Left-to-right isolate … pop directional isolate: the plain-text form of `<bdi dir="ltr">`.
LRI, PDI = "\u2066", "\u2069"


def isolate_ltr(text) -> str:
    """`text` as a left-to-right island for plain text that cannot hold an element (messages, option labels): a
    number, a file extension or a code keeps its order inside Arabic text ("-4", ".xlsx"). Empty stays empty."""
    text = "" if text is None else str(text)
    return f"{LRI}{text}{PDI}" if text else ""


def sort_key(text: str | None, language: str = "en") -> tuple:
    """The key that sorts names in the reading `language`: names written in that language's script first, then
    the others; within each, Arabic spelling variants, case and diacritics folded (`normalize`), so that "أربيل"
    sorts with "اربيل" and "إدارة" beside "ادارة"."""
    text = text or ""
    written_in = detect_language(text)
    return (written_in != ("ar" if language.startswith("ar") else "en"), normalize(text), text)


def in_reading_order(items, name) -> list:
    """`items` sorted by `name(item)` in the active language's order (`sort_key`)."""
    from django.utils.translation import get_language

    language = get_language() or "en"
    return sorted(items, key=lambda item: sort_key(name(item), language))
