"""A dashboard's map: one of its measures per area (the governorates, or a governorate's districts), coloured in five
classes, with a legend that tells 0, "no data" and small hidden groups apart.

Shapes come from the loaded boundaries (`places.queries.boundary_map()`) when every area has one, else from the tile
grid (`places.tilegrid`, governorates only), else there is no map and the view says how to get one. A map is
geographic: `_map.html` draws it in a `dir="ltr"` box in every language; only the legend follows the reader.

Classes: **equal intervals** between the smallest and the largest positive value (a count of 0 has its own
colour, outside the classes), so that a class's range reads as a plain "from – to" in the legend and the same value
gets the same colour in every period with the same extremes. The palette is five steps of viridis (colour-blind
safe, and still ordered when printed in grey), light for few, dark for many.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .panels import HIDDEN, NO_DATA, Measure, is_number

# Viridis at 0.9, 0.7, 0.5, 0.3, 0.1 (light → dark): class 1 holds the smallest values.
PALETTE = ["#b5de2b", "#35b779", "#21918c", "#31688e", "#443983"]
ZERO_FILL = "#ffffff"
HIDDEN_FILL = "#bdbdbd"
NO_DATA_FILL = "url(#map-hatch)"  # grey with hatching: an SVG <pattern> in _map.html
CLASSES = len(PALETTE)
METHOD = "equal-interval"

TILE_GAP = 0.6  # per cent of the grid between two tiles


@dataclass
class MapArea:
    code: str
    name: str
    value: object  # int | float | HIDDEN | NO_DATA
    text: str  # the value as the map shows it ("12", "45%", "< 5", "no data")
    css_class: str  # "map-c1" … "map-c5", "map-zero", "map-hidden", "map-nodata"
    fill: str
    path: str  # SVG path data in the map's viewBox
    label_x: float  # per cent of the width, from the west edge
    label_y: float  # per cent of the height, from the north edge
    url: str = ""  # the area's own dashboard, when there is one
    lang: str = ""  # the name's language


@dataclass
class LegendItem:
    css_class: str
    fill: str
    text: str
    key: str  # "c1"… "c5", "zero", "hidden", "no_data"


@dataclass
class MapView:
    kind: str  # "shapes" | "tiles" | "none"
    measure: Measure | None
    view_box: str = "0 0 100 100"
    width: float = 100
    height: float = 100
    areas: list[MapArea] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    message: str = ""  # why there is no map
    command: str = ""  # the command that would give one (shown as code, left to right)
    method: str = METHOD
    credit: str = ""  # where the outlines come from (a licence may ask for it near the map)

    @property
    def ratio(self) -> str:
        """The box's height as a percentage of its width (a padding that WeasyPrint, which has no aspect-ratio,
        understands as well as a browser)."""
        return f"{100 * self.height / self.width:.3f}"

    @property
    def hatch(self) -> float:
        """The no-data hatching's step in the viewBox's units (about 1/70 of its width)."""
        parts = [float(v) for v in self.view_box.split()]
        return round(max(parts[2], parts[3]) / 70, 2)

    @property
    def stroke(self) -> float:
        return round(self.hatch / 5, 2)

    @property
    def preserve(self) -> str:
        """A tile grid fills its box; boundaries keep their proportions."""
        return "none" if self.kind == "tiles" else "xMidYMid meet"


def _number(value, unit: str) -> str:
    if isinstance(value, float) and not round(value, 1).is_integer():
        text = f"{value:.1f}"
    else:
        text = str(round(value))
    return f"{text}%" if unit == "percent" else text


def display(value, unit: str = "count", hidden_below: int | None = None) -> str:
    """A value as a cell, a label or a legend writes it: 0 as "0", HIDDEN as "< k", NO_DATA as "no data"."""
    if value == HIDDEN:
        # Arabic says it in words: a "<" beside Arabic text is mirrored by the bidirectional algorithm.
        return _("< %(k)s") % {"k": hidden_below} if hidden_below else _("hidden")
    if value == NO_DATA or value is None:
        return _("no data")
    return _number(value, unit)


@dataclass
class Classes:
    """Equal-interval classes over the positive values: `low`, `high` and the class width."""

    low: float
    high: float
    unit: str = "count"

    @property
    def width(self) -> float:
        return (self.high - self.low) / CLASSES

    def index(self, value) -> int:
        """0 … 4 for a positive value."""
        if self.high == self.low:
            return CLASSES - 1 if self.low else 0
        return min(CLASSES - 1, int((value - self.low) / self.width))

    def ranges(self) -> list[tuple[int, str]]:
        """(class index, "from – to") for every class that can hold a value; with whole counts an interval holds the
        whole numbers inside it (an empty one is left out)."""
        if self.high == self.low:
            i = self.index(self.low)
            return [(i, _number(self.low, self.unit))]
        result = []
        whole = self.unit != "percent" and float(self.low).is_integer() and float(self.high).is_integer()
        for i in range(CLASSES):
            start = self.low + self.width * i
            end = self.high if i == CLASSES - 1 else self.low + self.width * (i + 1)
            if whole:
                first = math.ceil(start)
                last = int(end) if i == CLASSES - 1 else math.ceil(end) - 1
                if first > last:
                    continue
                text = _number(first, self.unit) if first == last else f"{first}–{last}"
            else:
                text = f"{_number(round(start, 1), self.unit)}–{_number(round(end, 1), self.unit)}"
            result.append((i, text))
        return result


def classes_of(values, unit: str = "count") -> Classes | None:
    """The classes of a measure's values (None when no value is above 0)."""
    positive = [v for v in values if is_number(v) and v > 0]
    if not positive:
        return None
    return Classes(min(positive), max(positive), unit)


def colour(value, classes: Classes | None) -> tuple[str, str]:
    """(css class, fill) of one value."""
    if value == HIDDEN:
        return "map-hidden", HIDDEN_FILL
    if not is_number(value):
        return "map-nodata", NO_DATA_FILL
    if value <= 0 or classes is None:
        return "map-zero", ZERO_FILL
    i = classes.index(value)
    return f"map-c{i + 1}", PALETTE[i]


def legend(values, unit: str = "count", hidden_below: int | None = None) -> list[LegendItem]:
    """The classes that hold values, then 0, "< k" (only where groups are hidden from this reader) and "no data"."""
    values = list(values)
    classes = classes_of(values, unit)
    items = [LegendItem(f"map-c{i + 1}", PALETTE[i], text, f"c{i + 1}") for i, text in (classes.ranges() if classes else [])]
    items.append(LegendItem("map-zero", ZERO_FILL, _number(0, unit), "zero"))
    if hidden_below or HIDDEN in values:
        items.append(LegendItem("map-hidden", HIDDEN_FILL, display(HIDDEN, unit, hidden_below), "hidden"))
    items.append(LegendItem("map-nodata", NO_DATA_FILL, _("no data"), "no_data"))
    return items


def _tile_path(tile) -> str:
    g = TILE_GAP / 2
    return (f"M{tile.left + g:g} {tile.top + g:g}h{tile.width - 2 * g:g}v{tile.height - 2 * g:g}"
            f"h{-(tile.width - 2 * g):g}z")


def _area_url(dashboard, place) -> str:
    from django.urls import NoReverseMatch, reverse

    name = "dashboards:public-place" if dashboard.audience == "public" else "dashboards:place"
    try:
        return reverse(name, args=[place.code])
    except NoReverseMatch:  # pragma: no cover - both names are in urls.py
        return ""


def _credit(codes) -> str:
    """The outlines' source as the map states it: the shipped file's credit (places/data/boundaries/SOURCE.md asks
    for "Data from Who's On First" near a map drawn from it), or the source an installation gave when it loaded its
    own boundaries."""
    from places.models import Boundary

    sources = sorted(set(Boundary.objects.filter(place__code__in=codes).values_list("source", flat=True)))
    if any(s.startswith("Who's On First") for s in sources):
        return "Data from Who's On First (whosonfirst.org)"
    return "; ".join(s for s in sources if s)


def map_for(dashboard, measure_key: str | None = None, *, links: bool = True) -> MapView:
    """The map of `dashboard` for one of its measures (the first when `measure_key` is unknown)."""
    from places.queries import boundary_map
    from places.tilegrid import COLUMNS, ROWS, tiles

    measures = dashboard.measures or {}
    measure = measures.get(measure_key) or next(iter(measures.values()), None)
    areas = list(dashboard.areas or [])
    codes = [a.code for a in areas]
    if not areas:
        return MapView("none", measure, message=_("This place has no smaller areas to map."))
    values = {code: (measure.values.get(code, NO_DATA) if measure else NO_DATA) for code in codes}
    unit = measure.unit if measure else "count"
    classes = classes_of(values.values(), unit)
    shapes = boundary_map()
    grid = {t.code: t for t in tiles(codes)}
    if shapes is not None and all(c in shapes.paths and shapes.paths[c] for c in codes):
        view = MapView("shapes", measure, view_box=shapes.view_box, width=shapes.width, height=shapes.height)
        geometry = {c: (shapes.paths[c], *shapes.labels.get(c, (50.0, 50.0))) for c in codes}
        view.credit = _credit(codes)
    elif len(grid) == len(codes):
        view = MapView("tiles", measure, width=COLUMNS, height=ROWS)
        geometry = {c: (_tile_path(t), t.left + t.width / 2, t.top + t.height / 2) for c, t in grid.items()}
    else:
        return MapView("none", measure, command="wiqaya load_boundaries FILE", message=_(
            "No boundaries are loaded for these districts. An installation can load district boundaries with this "
            "command; the tables below have the same figures:"))
    for place in areas:
        value = values[place.code]
        css_class, fill = colour(value, classes)
        path, x, y = geometry[place.code]
        view.areas.append(MapArea(
            code=place.code, name=place.name, value=value, text=display(value, unit, dashboard.hidden_below),
            css_class=css_class, fill=fill, path=path, label_x=round(x, 2), label_y=round(y, 2),
            url=_area_url(dashboard, place) if links else "",
            lang="ar" if place.name == getattr(place, "name_ar", None) and place.name_ar else "en"))
    view.legend = legend(values.values(), unit, dashboard.hidden_below)
    return view
