"""User text in a printed report. WeasyPrint does not guess the direction of a `<bdi>` from its text (`dir="auto"`),
so each piece of user text gets its direction from its script (`dir_of`); text that a running header or footer copies
(`string-set`, which keeps no markup) is wrapped in Unicode isolates instead (`isolate`), so that "2026-Q4" or an
English name stays whole inside an Arabic line."""

from django import template

from core.text import detect_language

register = template.Library()

LRI, RLI, PDI = "\u2066", "\u2067", "\u2069"


def direction(value) -> str:
    text = str(value or "")
    if not any(ch.isalpha() for ch in text):
        return "ltr"  # numbers, codes and dates read left to right in both languages
    return "rtl" if detect_language(text) == "ar" else "ltr"


@register.filter
def dir_of(value) -> str:
    return direction(value)


@register.filter
def isolate(value) -> str:
    text = str(value or "")
    return f"{RLI if direction(text) == 'rtl' else LRI}{text}{PDI}" if text else ""


@register.simple_tag
def print_span(*values, sep="–") -> str:
    """"start – end" as one left-to-right run between isolates. WeasyPrint orders inline boxes by the line's own
    direction (it has no `unicode-bidi: isolate`), so nested `<bdi>`s of `span_of` print reversed in Arabic; one
    text with LRI … PDI is ordered by the text engine itself."""
    parts = [str(v) if v not in (None, "") else "…" for v in values]
    return f"{LRI}{f' {sep} '.join(parts)}{PDI}"
