"""An indicator's progress at a glance, for the plan page: its figures (latest value, target, how many updates)
and a small trend chart drawn on the server as inline SVG (no script, no chart library).

Time runs in the reading direction: left to right in English, right to left in Arabic. The chart carries a text
alternative that says the same in words (each value with its date, the baseline and the target).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import get_language_bidi, pgettext
from django.utils.translation import gettext as _

# The chart's drawing box (SVG user units); the page scales it to the width it has.
WIDTH, HEIGHT, PAD = 160, 44, 5


@dataclass
class Trend:
    """What the template draws: the line through the updates, its points, the baseline and target levels."""

    points: list = field(default_factory=list)  # [(x, y)], in time order
    line: str = ""  # the polyline's "x,y x,y …"
    target_y: float = 0
    baseline_y: float = 0
    last: tuple = (0, 0)  # the latest point, drawn bigger
    rtl: bool = False
    text: str = ""  # the text alternative
    width: int = WIDTH
    height: int = HEIGHT


def _label(value) -> str:
    value = Decimal(value)
    return formats.number_format(value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize())


def trend(indicator, updates, start: dt.date | None = None, end: dt.date | None = None) -> Trend | None:
    """The trend chart of `indicator` from `updates` (any order); None with no update. `start`/`end` (the plan's
    period) span the time axis when given, so charts of one plan line up; updates outside it widen it."""
    updates = sorted(updates, key=lambda u: (u.date, u.pk or 0))
    if not updates:
        return None
    dates = [u.date for u in updates]
    first = min([d for d in (start, *dates) if d is not None])
    last = max([d for d in (end, *dates) if d is not None])
    span = max((last - first).days, 1)
    values = [Decimal(u.value) for u in updates]
    levels = [*values, Decimal(indicator.baseline), Decimal(indicator.target)]
    low, high = min(levels), max(levels)
    rise = (high - low) or Decimal(1)
    rtl = get_language_bidi()

    def x(day: dt.date) -> float:
        share = (day - first).days / span
        if len(updates) == 1 and start is None:
            share = 1.0
        at = PAD + share * (WIDTH - 2 * PAD)
        return round(WIDTH - at if rtl else at, 1)

    def y(value: Decimal) -> float:
        return round(float(PAD + (high - value) / rise * (HEIGHT - 2 * PAD)), 1)

    points = [(x(u.date), y(v)) for u, v in zip(updates, values, strict=True)]
    said = pgettext("between the items of a list", "; ").join(
        _("%(value)s on %(date)s") % {"value": _label(v), "date": formats.date_format(u.date, "SHORT_DATE_FORMAT")}
        for u, v in zip(updates, values, strict=True)
    )
    text = _("Values reported, oldest first: %(values)s. Baseline %(baseline)s, target %(target)s.") % {
        "values": said, "baseline": _label(indicator.baseline), "target": _label(indicator.target)}
    return Trend(
        points=points, line=" ".join(f"{px},{py}" for px, py in points), target_y=y(Decimal(indicator.target)),
        baseline_y=y(Decimal(indicator.baseline)), last=points[-1], rtl=rtl, text=text,
    )
