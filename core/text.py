"""Small text helpers shared by importers and search: Arabic normalisation and natural keys."""

import re
import unicodedata

ARABIC_LETTERS = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")
LATIN_LETTERS = re.compile(r"[A-Za-z]")
_DIACRITICS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]")
_TATWEEL = "\u0640"
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def detect_language(text: str) -> str:
    """'ar' when Arabic letters outnumber Latin ones, else 'en'."""
    text = text or ""
    return "ar" if len(ARABIC_LETTERS.findall(text)) > len(LATIN_LETTERS.findall(text)) else "en"


def normalize(text: str) -> str:
    """Fold case, diacritics, tatweel, alef/hamza forms, taa marbuta, alef maqsura and digits for matching."""
    text = unicodedata.normalize("NFKC", text or "").translate(_DIGITS)
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
