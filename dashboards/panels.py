"""What a dashboard shows, as plain data: the pages, the charts, the table twins, the maps, the printed reports and
the tests all read these objects, so that a chart and its table can never disagree.

A count is an int (0 included), `HIDDEN` when it is a small group withheld from this reader (shown "< k"), and
`NO_DATA` when nothing was recorded for that place or category (shown "no data", never as 0).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

HIDDEN = "hidden"  # a small group withheld ("< k"): never drawn as a number
NO_DATA = "no_data"  # nothing recorded: told apart from 0


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass
class Category:
    """One row of a panel's table (one bar group of its chart): a status, a governorate, a goal…"""

    key: str
    label: str
    url: str = ""  # drill-down (a governorate's or district's dashboard), when there is one
    lang: str = ""  # the label's own language when it is user text (a goal title keeps its language)


@dataclass
class Series:
    """One column of the table (one colour of the chart): values in the order of the panel's categories."""

    key: str
    label: str
    values: list = field(default_factory=list)  # int | float | HIDDEN | NO_DATA


@dataclass
class Panel:
    key: str  # stable: "plans_by_status", "actions_by_status", … (tests and the browser find panels by it)
    title: str
    kind: str  # "bar" (vertical), "hbar" (horizontal), "stacked" (horizontal, stacked), "table" (no chart)
    categories: list[Category] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    unit: str = "count"  # "count" | "percent"
    note: str = ""  # what is counted and what is not ("plans not yet approved are not counted")
    empty: str = ""  # what to do when there is nothing to show
    hidden_below: int | None = None  # k, when groups smaller than k are hidden from this reader

    def is_empty(self) -> bool:
        return not any(is_number(v) and v for s in self.series for v in s.values) and not any(
            v == HIDDEN for s in self.series for v in s.values)

    def rows(self) -> list[tuple[Category, list]]:
        """The table twin: one row per category, one cell per series (the chart's numbers, the same objects)."""
        return [(c, [s.values[i] for s in self.series]) for i, c in enumerate(self.categories)]

    def chart(self) -> dict:
        """The chart's data for `static/js/charts.js` (json_script): hidden and missing values are null."""
        return {
            "key": self.key, "kind": self.kind, "unit": self.unit,
            "labels": [c.label for c in self.categories],
            "datasets": [{"key": s.key, "label": s.label,
                          "data": [v if is_number(v) else None for v in s.values]} for s in self.series],
        }


@dataclass
class Measure:
    """A value per place of the dashboard's breakdown (governorates, or a governorate's districts), for the map."""

    key: str
    label: str
    values: dict[str, object] = field(default_factory=dict)  # place code → int | float | HIDDEN | NO_DATA
    unit: str = "count"


@dataclass
class Period:
    key: str  # "all", "2026", "2026-Q4"
    label: str
    start: dt.date | None = None
    end: dt.date | None = None
    problem: str = ""  # set when the value asked for was not understood and "all" is shown instead (say so)


@dataclass
class Dashboard:
    audience: str  # "national" | "governorate" | "public"
    as_of: dt.datetime
    period: Period
    place: object | None = None  # the governorate or district (places.models.Place), None for the country
    areas: list = field(default_factory=list)  # the places of the breakdown, in reading order
    panels: list[Panel] = field(default_factory=list)
    measures: dict[str, Measure] = field(default_factory=dict)
    hidden_below: int | None = None  # k on the public dashboard

    def panel(self, key: str) -> Panel | None:
        return next((p for p in self.panels if p.key == key), None)
