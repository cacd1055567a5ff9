"""Numbers and dates typed with Arabic-Indic or Persian digits: the one normalisation that forms and the API apply
before validating (`docs/decisions/0007-dates-and-digits.md`)."""

import re

from .text import arabic_digits, ascii_digits, strip_invisible

ARABIC_DECIMAL_SEPARATOR = "\u066b"  # ٫
ARABIC_THOUSANDS_SEPARATOR = "\u066c"  # ٬
_SEPARATORS = str.maketrans({ARABIC_DECIMAL_SEPARATOR: ".", ARABIC_THOUSANDS_SEPARATOR: None})


def ascii_number(value):
    """A typed number or date with ASCII digits: Arabic-Indic and Persian digits as 0–9, ٫ as the decimal point,
    ٬ (thousands) dropped, invisible direction marks removed. Anything but a string comes back unchanged."""
    if not isinstance(value, str):
        return value
    return strip_invisible(ascii_digits(value)).translate(_SEPARATORS).strip()


def accept_arabic_digits_in_api() -> None:
    """Every API serializer's number and date fields read Arabic-Indic digits, ٫ and ٬ the way forms do: the
    fields' `to_internal_value` sees `ascii_number(data)`. Done once, from CoreConfig.ready, so that declared and
    model-derived fields of every serializer are covered alike."""
    from rest_framework import fields

    for cls in (fields.IntegerField, fields.DecimalField, fields.FloatField, fields.DateField,
                fields.DateTimeField, fields.TimeField):
        original = cls.__dict__.get("to_internal_value")
        if original is None or getattr(original, "accepts_arabic_digits", False):
            continue

        def to_internal_value(self, data, _original=original):
            return _original(self, ascii_number(data))

        to_internal_value.accepts_arabic_digits = True
        cls.to_internal_value = to_internal_value


# Elements whose text is not the page's own words: scripts, styles, what a person types or copies as it is.
_VERBATIM = frozenset({"script", "style", "textarea", "pre", "code", "kbd", "samp"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# Django escapes ">" inside attribute values, so a tag ends at the first ">".
_MARKUP = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
_LANG = re.compile(r"""\slang\s*=\s*["']?([a-zA-Z-]+)""")
_ENTITY = re.compile(r"(&#?[a-zA-Z0-9]+;)")
_HAS_DIGIT = re.compile(r"[0-9]")


def _text_with_arabic_digits(text: str) -> str:
    """Digits of HTML text as Arabic-Indic digits; character references (`&#x27;`) stay as they are."""
    if "&" not in text:
        return arabic_digits(text)
    return "".join(part if part.startswith("&") and part.endswith(";") else arabic_digits(part)
                   for part in _ENTITY.split(text))


def _may_keep(tag: str) -> bool:
    """A cheap first look: could this opening tag start an element that keeps its digits?"""
    return "lang" in tag or tag[1:5].lower() in {"scri", "styl", "text", "pre>", "pre ", "code", "kbd>", "kbd ", "samp"}


def html_with_arabic_digits(html: str) -> str:
    """An HTML page or fragment with the digits of its text written as Arabic-Indic digits (٠–٩).

    Only text between tags changes: attributes (links, input values, `datetime`, `data-*`) keep their digits, and so
    does the text of scripts, styles, text areas, code, and any element whose `lang` is not Arabic (an English title
    keeps "2018", as its language writes it). An installation turns it on with `WIQAYA_ARABIC_DIGITS`
    (`core.middleware.ArabicDigitsMiddleware`), for Arabic pages only, so that a page shows one digit system."""
    parts = _MARKUP.split(html)
    keeping: list[str] = []  # names of the open elements that keep their digits, innermost last
    for index, part in enumerate(parts):
        if index % 2 == 0:  # text
            if part and not keeping and _HAS_DIGIT.search(part):
                parts[index] = _text_with_arabic_digits(part)
            continue
        if not keeping and not _may_keep(part):
            continue
        tag = _TAG.match(part)
        if tag is None:  # a comment or a doctype
            continue
        closing, name = tag.group(1), tag.group(2).lower()
        if name in _VOID or part.endswith("/>"):
            continue
        if closing:
            if name in keeping:  # elements left open inside the one that closes close with it
                del keeping[len(keeping) - 1 - keeping[::-1].index(name):]
        elif keeping:
            keeping.append(name)  # inside a kept element everything keeps its digits; count the nesting
        elif name in _VERBATIM or ((lang := _LANG.search(part)) and not lang.group(1).lower().startswith("ar")):
            keeping.append(name)
    return "".join(parts)
