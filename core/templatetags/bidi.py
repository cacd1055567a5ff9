"""Data inside text, in the order it was written, on pages of either direction: `{% load bidi %}`.

A number, a range or a reference dropped into an Arabic sentence is reordered by the Unicode bidirectional
algorithm: "2018–2020" shows as "2020–2018", "-4" as "4-", "#27" as "27#", "0 → 600" as "600 → 0". Every page
writes these pieces through the tags below, so that they read the same way everywhere
(`docs/decisions/0008-data-in-text.md`):

- `{% span_of start end %}` — a range ("2018–2020", dates, "0 → 300 → 600" with `sep="→"`): numbers make a
  left-to-right island in both languages, start on the left; worded dates ("1 يناير 2025") read in their own
  language's direction, start first. Each end is isolated in its own direction. A missing end is "…".
- `{{ value|ltr }}` — one number, code, file extension or other left-to-right token ("-4", ".xlsx", "A/70/674").
- `{{ job.pk|ref }}` — a reference number: "#27".
- `{% labelled _("Goal") goal.number goal.title %}` — "Goal 4: Empowering youth" in the page's direction, the
  number a left-to-right island, the title isolated in its own direction.
- `{% goal_label goal %}` — the same for a goal: "Goal 4: <its title in the reader's language>".
- `{{ practice.period|ranges }}` — free text ("2019–2022", "منذ 2021"): every numeric range and signed number in
  it becomes a left-to-right island; the text keeps the direction of the element around it.
- `{% arrow %}` — "→" on a left-to-right page, "←" on an Arabic one: between names (a member → its network, a
  status → the next), which read in the page's direction. Ranges of numbers use `span_of` with `sep="→"`.

`core.text.isolate_ltr` does the same for plain text, where no element can be used (messages, option labels).
"""

import re

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from core.text import detect_language

register = template.Library()

MISSING = "…"


def _text(value) -> str:
    if value is None or value == "":
        return MISSING
    return conditional_escape(value)


def _is_numeric(text: str) -> bool:
    """True when a value holds no letter: a number, a year, a date in digits. Such a value has no direction of
    its own, so it is set left to right."""
    return not any(ch.isalpha() for ch in str(text))


def _end(value):
    """One end of a range: numbers left to right, anything with words in its own direction."""
    text = _text(value)
    if _is_numeric(str(value if value not in (None, "") else MISSING)):
        return format_html('<bdi dir="ltr">{}</bdi>', text)
    return format_html("<bdi>{}</bdi>", text)


def _direction(values) -> str:
    """A range of numbers reads left to right; one whose ends are worded reads in their language ("1 يناير 2025 –
    31 ديسمبر 2026" right to left, start on the right, as an Arabic reader reads it)."""
    words = " ".join(str(v) for v in values if v not in (None, "") and not _is_numeric(str(v)))
    return "rtl" if words and detect_language(words) == "ar" else "ltr"


@register.simple_tag
def span_of(*values, sep="–"):
    """`start – end` (or more values joined by `sep`, e.g. "→") as an island that reads start first: left to right
    for numbers (in both languages), in the ends' own direction for worded dates."""
    joined = format_html_join(format_html(" {} ", sep), "{}", ((_end(v),) for v in values))
    # An arrow points right, at the end: a progression is left to right whatever its ends are written in.
    direction = "ltr" if sep == "→" else _direction(values)
    return format_html('<bdi dir="{}" class="span-of">{}</bdi>', direction, joined)


@register.filter(is_safe=True)
def ltr(value):
    """A number, code or file extension as a left-to-right island: "-4" keeps its minus on the left."""
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter(is_safe=True)
def ref(value):
    """A reference number, "#27", as a left-to-right island."""
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="ltr">#{}</bdi>', value)


@register.simple_tag
def labelled(label, number, title=None):
    """"Goal 4: Empowering youth": the label in the page's language, the number a left-to-right island, the title
    isolated in its own direction; without a title, "Goal 4"."""
    number_html = format_html('<bdi dir="ltr">{}</bdi>', number)
    if title in (None, ""):
        return format_html('<span class="labelled">{} {}</span>', label, number_html)
    return format_html('<span class="labelled">{} {}: <bdi>{}</bdi></span>', label, number_html, title)


@register.simple_tag
def goal_label(goal, with_title=True):
    """A goal as "Goal 4: <title in the reader's language>"."""
    return labelled(_("Goal"), goal.number, goal.title if with_title else None)



# A range of numbers ("2019–2022", "1 - 3") or a signed number ("-4", "+12.5") inside free text.
_NUMERIC_PIECE = re.compile(r"[-+−]?\d[\d.,]*(?:\s*[-–—]\s*\d[\d.,]*)?|(?<!\w)[-+−]\d[\d.,]*")


@register.filter(is_safe=True)
def ranges(value):
    """Free text with its numeric ranges and signed numbers set as left-to-right islands."""
    if value is None or value == "":
        return ""
    text, parts, last = str(value), [], 0
    for match in _NUMERIC_PIECE.finditer(text):
        parts.append(conditional_escape(text[last:match.start()]))
        parts.append(format_html('<bdi dir="ltr">{}</bdi>', match.group(0)))
        last = match.end()
    parts.append(conditional_escape(text[last:]))
    return format_html_join("", "{}", ((p,) for p in parts))


@register.simple_tag
def arrow():
    """An arrow that points the way the page reads."""
    return "←" if get_language_bidi() else "→"
