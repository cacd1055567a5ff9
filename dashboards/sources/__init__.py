"""The dashboards' sources: `plans`, `support`, `events`. Each module answers `panels(scope) -> list[Panel]` and
`measures(scope) -> list[Measure]` for one `Scope`, in a fixed number of queries whatever the number of records
or areas (`dashboards/tests/test_data.py` counts them at two sizes).

`Scope` is what every source needs to know: who reads (`reader`: the user, or an anonymous reader on the public
dashboard), the place (None: the country), its areas (the governorates, or a governorate's districts; none for a
district), the period, and k (the smallest group shown on the public dashboard). Its helpers put a record into
its area, turn counts into a panel's values (hiding small groups from the public) and into a map's measure
(`NO_DATA` for an area where nothing of the source was ever recorded).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth.models import AnonymousUser
from django.urls import NoReverseMatch, reverse

from core.privacy import suppress_small

from ..panels import HIDDEN, NO_DATA, Category, Measure, Period, Series

PLACE_URL = {"national": "dashboards:place", "governorate": "dashboards:place", "public": "dashboards:public-place"}


def drill_down_url(audience: str, code: str) -> str:
    """The dashboard of an area (a governorate's or district's), or "" while that page is not routed."""
    try:
        return reverse(PLACE_URL[audience], args=[code])
    except NoReverseMatch:
        return ""


@dataclass
class Scope:
    user: object
    audience: str  # "national" | "governorate" | "public"
    place: object | None  # places.models.Place, None for the country
    areas: list  # the places of the breakdown (governorates, or the place's districts)
    period: Period
    today: dt.date
    public: bool = False
    k: int | None = None  # on the public dashboard: counts from 1 to k − 1 are hidden
    place_ids: set = field(default_factory=set)  # the place and every place under it (empty for the country)

    @property
    def reader(self):
        """Whose visibility the figures use: an anonymous reader on the public dashboard, else the user."""
        return AnonymousUser() if self.public else self.user

    @cached_property
    def area_ids(self) -> dict[int, object]:
        return {a.pk: a for a in self.areas}

    # --- where a record falls ---------------------------------------------------------------------------------

    def area_of(self, governorate_id, place_id) -> int | None:
        """The area (a governorate's id for the country; a district's id for a governorate) of a record placed
        at `place_id` in `governorate_id`; None when it is at the dashboard's place itself (or outside)."""
        if self.place is None:
            return governorate_id
        return place_id if place_id in self.area_ids else None

    def in_place(self, prefix: str = "", governorate_field: str = "governorate", place_field: str = "place") -> dict:
        """ORM filter keeping the records of the dashboard's place: a governorate's (its districts' included) or a
        district's; nothing for the country."""
        if self.place is None:
            return {}
        if self.place.kind == "governorate":
            return {f"{prefix}{governorate_field}_id": self.place.pk}
        return {f"{prefix}{place_field}_id": self.place.pk}

    def in_period(self, field_name: str) -> dict:
        """ORM filter: a date field (or `__date` of a moment) inside the period."""
        if self.period.start is None:
            return {}
        return {f"{field_name}__gte": self.period.start, f"{field_name}__lte": self.period.end}

    # --- categories and values --------------------------------------------------------------------------------

    def area_categories(self) -> list[Category]:
        """One category per area, each with the link to its own dashboard; on a governorate's or district's
        dashboard the place itself comes first (what is placed at it and not in one of its districts)."""
        out = []
        if self.place is not None:
            out.append(Category(key=self.place.code, label=self.place.name))
        out += [Category(key=a.code, label=a.name, url=drill_down_url(self.audience, a.code)) for a in self.areas]
        return out

    def area_keys(self) -> list:
        """The keys of `area_categories`' counts: None for the place itself, then the area ids."""
        return ([None] if self.place is not None else []) + [a.pk for a in self.areas]

    def shown(self, cells: dict) -> dict:
        """Counts as this reader sees them: on the public dashboard every count from 1 to k − 1 is `HIDDEN`
        (`core.privacy.suppress_small`, which hides a second cell when one alone would be), 0 stays 0."""
        if not self.public:
            return dict(cells)
        return {key: HIDDEN if value is None else value for key, value in suppress_small(cells, self.k).items()}

    def series(self, specs: Iterable[tuple[str, str]], keys: list, counts: dict) -> list[Series]:
        """Series of a panel from `counts` {(series key, category key): n}: one per (key, label) of `specs`, one
        value per category key, zeros where nothing was counted, small groups hidden from the public."""
        specs = list(specs)
        cells = {(s, c): counts.get((s, c), 0) for s, _label in specs for c in keys}
        cells = self.shown(cells)
        return [Series(key=s, label=str(label), values=[cells[(s, c)] for c in keys]) for s, label in specs]

    def measure(self, key: str, label: str, values: dict, recorded: set, unit: str = "count") -> Measure:
        """A map measure: one value per area code; `NO_DATA` where the source has no record at all in the area
        (`recorded`: the area ids that have one), else the value (0 included; small counts hidden from the
        public)."""
        cells = {a.pk: values.get(a.pk, 0) for a in self.areas if a.pk in recorded}
        if unit == "count":
            cells = self.shown(cells)
        out = {a.code: cells.get(a.pk, NO_DATA) if a.pk in recorded else NO_DATA for a in self.areas}
        return Measure(key=key, label=str(label), values=out, unit=unit)


def percent(share: float | None):
    """A 0–1 share as a whole percentage; NO_DATA for none."""
    return NO_DATA if share is None else round(100 * share)
