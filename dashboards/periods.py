"""The period a dashboard counts: every record ("all"), a calendar year ("2026") or a quarter ("2026-Q4").

`parse(value, today)` reads the `period` GET parameter; a value it does not understand (or a year too far from
today) gives "all" with `problem` set, so that the page says the period was not understood instead of showing a
silent, wrong figure. `choices(today)` lists the chooser's options: all, the last three years, the last four
quarters (the current one first).
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from .panels import Period

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
# Years a dashboard may be asked for, around today's: plans and events go back a few years; nothing is far ahead.
_YEARS_BACK, _YEARS_AHEAD = 50, 5


def everything() -> Period:
    return Period(key="all", label=_("All time"))


def year(number: int) -> Period:
    return Period(key=str(number), label=str(number), start=dt.date(number, 1, 1), end=dt.date(number, 12, 31))


def quarter(number: int, q: int) -> Period:
    start = dt.date(number, 3 * (q - 1) + 1, 1)
    end = (dt.date(number + 1, 1, 1) if q == 4 else dt.date(number, 3 * q + 1, 1)) - dt.timedelta(days=1)
    return Period(key=f"{number}-Q{q}", label=_("Quarter %(quarter)s of %(year)s") % {"quarter": q, "year": number},
                  start=start, end=end)


def parse(value, today: dt.date) -> Period:
    """The period `value` names ("all", "2026", "2026-Q4"; empty or None: "all"). Anything else, or a year
    outside the range around today's, gives "all" with `problem` saying so."""
    from core.text import ascii_digits

    text = ascii_digits(str(value or "")).strip()
    if not text or text == "all":
        return everything()
    if match := _YEAR.match(text):
        number = int(match[1])
        if _in_range(number, today):
            return year(number)
    elif match := _QUARTER.match(text):
        number = int(match[1])
        if _in_range(number, today):
            return quarter(number, int(match[2]))
    period = everything()
    period.problem = _("The period “%(value)s” was not understood: the figures cover all time.") % {
        "value": text[:20]}
    return period


def _in_range(number: int, today: dt.date) -> bool:
    return today.year - _YEARS_BACK <= number <= today.year + _YEARS_AHEAD


def choices(today: dt.date) -> list[Period]:
    """The chooser's options: all time, the last three years (this one first), the last four quarters (this one
    first)."""
    out = [everything()] + [year(today.year - n) for n in range(3)]
    number, q = today.year, (today.month - 1) // 3 + 1
    for _n in range(4):
        out.append(quarter(number, q))
        number, q = (number, q - 1) if q > 1 else (number - 1, 4)
    return out
