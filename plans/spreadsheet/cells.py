"""Reading one cell: text without invisible marks, numbers and dates written with any digits, enumerations
named in either language, and column headers matched in either language."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from core.text import ascii_digits, normalize, strip_invisible

from .layout import ENUM_INDEX, Column

ARABIC_DECIMAL_SEPARATOR = "\u066b"  # ٫


def western_digits(text: str) -> str:
    """Digits 0–9 for any digits (core.text's one table), and the Arabic decimal separator as a point."""
    return ascii_digits(text).replace(ARABIC_DECIMAL_SEPARATOR, ".")


# What makes a spreadsheet read a cell as a formula: the ASCII signs, their full-width forms (Excel and
# LibreOffice take "＝1+1" as "=1+1" in East Asian input modes) and the control characters that start a new cell.
FORMULA_SIGNS = frozenset("=+-@\t\r\n＝＋－＠")
FORMULA_LEAD = frozenset(";,；，")  # separators a spreadsheet may skip before a formula


def formula_safe(value):
    """A text that a spreadsheet could run as a formula gets a leading apostrophe, so that it stays text: one
    that starts with = + - @ (or their full-width forms), a tab or a line break, or that starts so once the
    spaces and the ; or , before it are skipped ("  =1", ";=1", ",@SUM(…)"). Other values are returned as they
    are. Every CSV cell the plans write goes through it."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in FORMULA_SIGNS:
        return "'" + value
    for ch in value:
        if ch.isspace() or ch in FORMULA_LEAD:
            continue
        return "'" + value if ch in FORMULA_SIGNS else value
    return value


def clean_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    text = strip_invisible(text.replace("\u00a0", " "))
    return text.strip()


def parse_number(value) -> Decimal | None:
    """A number from a cell: real numbers, or text with Arabic-Indic / Persian digits, `٫` as decimal mark and
    `,` `٬` or spaces between thousands. None when empty; ValueError when it is no number."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ValueError(value)
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = western_digits(clean_text(value))
    if not text:
        return None
    text = re.sub(r"[,\u066c\s'’]", "", text).replace("\u2212", "-")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
        raise ValueError(value)
    return Decimal(text)


_DATE_PATTERNS = [
    (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"), ("d", "m", "y")),
]


def parse_date(value) -> dt.date | None:
    """A date from a cell: a real date, an Excel serial number, or text (ISO first, else day first), with any
    digits. None when empty; ValueError when it is no date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        if not 1 <= value < 2958466:
            raise ValueError(value)
        result = from_excel(value)
        return result.date() if isinstance(result, dt.datetime) else result
    text = western_digits(clean_text(value))
    if not text:
        return None
    text = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2})?$", "", text)  # a time of day after the date
    for pattern, order in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            return dt.date(parts["y"], parts["m"], parts["d"])
    if re.fullmatch(r"\d{5}", text):  # a serial number stored as text
        return parse_date(int(text))
    raise ValueError(value)


def parse_enum(kind: str, value) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    key = normalize(text)
    if key in ENUM_INDEX[kind]:
        return ENUM_INDEX[kind][key]
    for part in re.split(r"\s*/\s*", text):
        if normalize(part) in ENUM_INDEX[kind]:
            return ENUM_INDEX[kind][normalize(part)]
    raise ValueError(value)


def split_list(text: str, separators: str = r"[;؛\n]") -> list[str]:
    return [p.strip() for p in re.split(separators, text) if p.strip()]


def header_index(columns: list[Column]) -> dict[str, str]:
    index = {}
    for column in columns:
        for word in (column.header, column.en, column.ar, column.key):
            index[normalize(word)] = column.key
    return index


def match_header(text: str, index: dict[str, str]) -> str | None:
    key = normalize(clean_text(text))
    if key in index:
        return index[key]
    for part in re.split(r"\s*/\s*", clean_text(text)):
        if normalize(part) in index:
            return index[normalize(part)]
    return None
