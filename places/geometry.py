"""Boundaries drawn as SVG: GeoJSON polygons projected, simplified and written as path data, with label anchors.

Pure Python on `json` and `math` (no GIS library): the shapes are the few hundred points a side of a
governorate map. The maps show shapes only — no `<text>` in the SVG, because WeasyPrint draws Arabic inside SVG
text in the wrong order; labels are HTML positioned over the SVG with `label_points` (percentages of the viewBox).

Projection: equirectangular, longitudes scaled by the cosine of the mean latitude (true enough for a country the
size of Iraq), north up, fitted into the viewBox with a margin. A map is geographic: it is not mirrored for Arabic.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

SHIPPED = Path(__file__).parent / "data" / "boundaries" / "iraq-governorates.geojson"

Point = tuple[float, float]
Ring = list[Point]


# --- reading ------------------------------------------------------------------------------------------------------

def read_geojson(path: Path | str = SHIPPED) -> dict:
    """The FeatureCollection in a GeoJSON file (UTF-8)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def shipped_geometries() -> dict[str, dict]:
    """{place code: GeoJSON geometry} of the boundary file that ships with the project."""
    return {f["properties"]["code"]: f["geometry"] for f in read_geojson()["features"]}


def polygons_of(geometry: dict) -> list[list[Ring]]:
    """The polygons of a Polygon or MultiPolygon geometry, each a list of rings (outer first) of (lon, lat)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        parts = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        parts = geometry["coordinates"]
    else:
        raise ValueError(f"not a polygon: {kind!r}")
    return [[[(float(p[0]), float(p[1])) for p in ring] for ring in polygon] for polygon in parts]


def ring_area(ring: Ring) -> float:
    """Signed area (shoelace) in the ring's own units: positive when counter-clockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


# --- simplification -----------------------------------------------------------------------------------------------

def _segment_distance(p: Point, a: Point, b: Point) -> float:
    """Distance from p to the segment a–b."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """The line through `points` with every vertex dropped that lies within `tolerance` of the simplified line
    (Douglas–Peucker, iterative so that long lines need no deep recursion). Both ends are kept."""
    if len(points) < 3 or tolerance <= 0:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, worst_at = -1.0, -1
        for i in range(first + 1, last):
            d = _segment_distance(points[i], points[first], points[last])
            if d > worst:
                worst, worst_at = d, i
        if worst > tolerance:
            keep[worst_at] = True
            stack.append((first, worst_at))
            stack.append((worst_at, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(ring: Ring, tolerance: float) -> Ring:
    """A closed ring simplified: split at its first vertex and the vertex farthest from it, so that both halves
    keep their ends; at least a triangle (closed: four points) is kept, the ring is returned closed."""
    open_ring = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else list(ring)
    if len(open_ring) <= 3:
        return open_ring + open_ring[:1]
    start = open_ring[0]
    far = max(range(len(open_ring)), key=lambda i: math.dist(start, open_ring[i]))
    first = douglas_peucker(open_ring[: far + 1], tolerance)
    second = douglas_peucker(open_ring[far:] + [start], tolerance)
    out = first[:-1] + second[:-1]
    if len(out) < 3:  # a sliver thinner than the tolerance: keep its widest triangle
        mid = max(range(len(open_ring)), key=lambda i: _segment_distance(open_ring[i], start, open_ring[far]))
        out = [start, open_ring[min(mid, far)], open_ring[max(mid, far)]]
        out = list(dict.fromkeys(out))
        if len(out) < 3:
            out = [open_ring[0], open_ring[len(open_ring) // 3], open_ring[2 * len(open_ring) // 3]]
    return out + out[:1]


# --- projection ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Projection:
    """Longitude/latitude → viewBox coordinates: x = (lon − west)·cos(φ₀)·scale + margin, y grows southwards."""

    west: float
    north: float
    cos_lat: float
    scale: float
    margin: float
    width: float
    height: float

    def __call__(self, lon: float, lat: float) -> Point:
        return ((lon - self.west) * self.cos_lat * self.scale + self.margin, (self.north - lat) * self.scale + self.margin)

    @property
    def view_box(self) -> str:
        return f"0 0 {_number(self.width, 0)} {_number(self.height, 0)}"


def bounds(geometries) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the geometries' outer rings."""
    xs, ys = [], []
    for geometry in geometries:
        for polygon in polygons_of(geometry):
            xs += [p[0] for p in polygon[0]]
            ys += [p[1] for p in polygon[0]]
    if not xs:
        raise ValueError("no coordinates")
    return min(xs), min(ys), max(xs), max(ys)


def fit(geometries, width: float = 1000, height: float | None = None, margin: float = 10) -> Projection:
    """The projection that fits the geometries into a viewBox `width` wide (and `height` high: by default the
    height their shape needs), centred, with `margin` on every side."""
    geometries = list(geometries)
    west, south, east, north = bounds(geometries)
    cos_lat = math.cos(math.radians((south + north) / 2))
    span_x, span_y = max((east - west) * cos_lat, 1e-9), max(north - south, 1e-9)
    inner_w = width - 2 * margin
    if height is None:
        scale = inner_w / span_x
        height = span_y * scale + 2 * margin
    else:
        scale = min(inner_w / span_x, (height - 2 * margin) / span_y)
    # centre what is left over
    extra_x = (inner_w - span_x * scale) / 2
    extra_y = (height - 2 * margin - span_y * scale) / 2
    return Projection(west=west - extra_x / (cos_lat * scale), north=north + extra_y / scale, cos_lat=cos_lat,
                      scale=scale, margin=margin, width=width, height=height)


# --- SVG path data ------------------------------------------------------------------------------------------------

def _number(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def projected_polygons(geometry: dict, projection: Projection, tolerance: float = 0.5) -> list[list[Ring]]:
    """The geometry's polygons in viewBox coordinates, each ring simplified to `tolerance` viewBox units."""
    out = []
    for polygon in polygons_of(geometry):
        rings = [simplify_ring([projection(lon, lat) for lon, lat in ring], tolerance) for ring in polygon]
        if abs(ring_area(rings[0])) > 0:
            out.append(rings)
    return out


def path_data(geometry: dict, projection: Projection, tolerance: float = 0.5, decimals: int = 1) -> str:
    """SVG path data (`M x y L … Z`, one subpath a ring) for the geometry; fill it with `fill-rule="evenodd"`."""
    parts = []
    for polygon in projected_polygons(geometry, projection, tolerance):
        for ring in polygon:
            points = ring[:-1]
            coords = [f"{_number(x, decimals)} {_number(y, decimals)}" for x, y in points]
            deduplicated = [c for i, c in enumerate(coords) if i == 0 or c != coords[i - 1]]
            parts.append("M" + "L".join(deduplicated) + "Z")
    return "".join(parts)


# --- label anchors ------------------------------------------------------------------------------------------------

def _inside(point: Point, rings: list[Ring]) -> bool:
    """Even–odd rule over all rings of a polygon (holes included)."""
    x, y = point
    inside = False
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
                inside = not inside
    return inside


def _edge_distance(point: Point, rings: list[Ring]) -> float:
    return min(_segment_distance(point, a, b) for ring in rings for a, b in zip(ring, ring[1:] + ring[:1],
                                                                                strict=True))


def inner_point(rings: list[Ring], steps: int = 10) -> Point:
    """A point well inside the polygon (outer ring first, then holes): the best of a grid of candidates by distance
    to the edges, refined twice around the best one — an approximation of the pole of inaccessibility, which
    unlike the centroid always lies inside, even in a crescent."""
    xs = [p[0] for p in rings[0]]
    ys = [p[1] for p in rings[0]]
    west, east, north, south = min(xs), max(xs), min(ys), max(ys)
    area = ring_area(rings[0])
    if area:  # the centroid is a good first candidate where it is inside
        cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(rings[0], rings[0][1:] + rings[0][:1],
                                                                               strict=True)) / (6 * area)
        cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(rings[0], rings[0][1:] + rings[0][:1],
                                                                               strict=True)) / (6 * area)
        best = (cx, cy)
    else:
        best = ((west + east) / 2, (north + south) / 2)
    best_distance = _edge_distance(best, rings) if _inside(best, rings) else -1.0
    span_x, span_y = (east - west) / steps, (south - north) / steps
    centre_x, centre_y = (west + east) / 2, (north + south) / 2
    for _ in range(3):
        for i in range(steps + 1):
            for j in range(steps + 1):
                candidate = (centre_x + (i - steps / 2) * span_x, centre_y + (j - steps / 2) * span_y)
                if not _inside(candidate, rings):
                    continue
                distance = _edge_distance(candidate, rings)
                if distance > best_distance:
                    best, best_distance = candidate, distance
        centre_x, centre_y = best
        span_x, span_y = span_x / 4, span_y / 4
    return best


# --- the whole map ------------------------------------------------------------------------------------------------

LABEL_TOLERANCE = 3  # viewBox units: the outline a label anchor is searched in needs no finer detail


@dataclass
class Shapes:
    """A map's shapes: the viewBox, one path per place code, and each place's label anchor (x, y) as percentages of
    the viewBox, measured from its west (left) and north (top) edges. A map is not mirrored in Arabic: give the
    element that holds the SVG and the labels `dir="ltr"`, place each label with `inset-inline-start: x%` and
    `inset-block-start: y%` (CSS logical properties, which in that ltr box measure from the west), and give each
    label its own `lang`/`dir` so that Arabic names are shaped and ordered by the browser."""

    view_box: str
    width: float
    height: float
    paths: dict[str, str] = field(default_factory=dict)
    labels: dict[str, tuple[float, float]] = field(default_factory=dict)


def shapes(geometries: dict[str, dict], width: float = 1000, height: float | None = None, margin: float = 10,
           tolerance: float = 0.5, decimals: int = 1) -> Shapes:
    """Paths and label anchors for {code: geometry}, all in one projection fitted to the whole set."""
    projection = fit(geometries.values(), width=width, height=height, margin=margin)
    result = Shapes(view_box=projection.view_box, width=projection.width, height=projection.height)
    for code, geometry in geometries.items():
        result.paths[code] = path_data(geometry, projection, tolerance, decimals)
        polygons = projected_polygons(geometry, projection, max(tolerance, LABEL_TOLERANCE))
        if polygons:
            largest = max(polygons, key=lambda rings: abs(ring_area(rings[0])))
            x, y = inner_point(largest)
            result.labels[code] = (round(100 * x / projection.width, 2), round(100 * y / projection.height, 2))
    return result
