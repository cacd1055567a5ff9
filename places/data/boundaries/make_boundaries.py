"""Make `iraq-governorates.geojson` (Iraq's 19 governorates, simplified) from Who's On First's region records.

    python places/data/boundaries/make_boundaries.py WOF_PATH [WOF_PATH …] [--natural-earth FILE] [--tolerance DEG]

WOF_PATH: a checkout of https://github.com/whosonfirst-data/whosonfirst-data-admin-iq (or its `data` folder, or
region files): every current region of Iraq in it is used. `--natural-earth` takes Natural Earth's 10m admin-1
layer (GeoJSON, or TopoJSON, gzipped or not) and prints how the two sources compare for each governorate; it
changes nothing in the output. SOURCE.md beside this script says which versions made the shipped file.

What it does:
1. reads the current (`mz:is_current` = 1) Iraqi region records and matches each to a governorate of
   `places/data/iraq-governorates.csv` by ISO 3166-2 code (Who's On First's `iso:code` concordance) or, for
   Halabja, which has no ISO code, by English name;
2. fits Halabja's record, drawn apart from its neighbours, to Sulaymaniyah's and Diyala's border (`fit_halabja`);
3. nodes the borders: a vertex of one governorate that lies on an edge of its neighbour is added to that edge, so
   that both sides of every shared border carry the same vertices;
4. cuts every ring into arcs where the set of governorates sharing an edge changes, simplifies each arc once
   (Douglas–Peucker, `places.geometry.douglas_peucker`, in longitude·cos(mean latitude) × latitude), so that
   neighbours keep one common border with neither gap nor overlap;
5. rounds to 4 decimals (about 10 m), checks every polygon (with shapely, which only this script needs:
   `pip install shapely`), and writes one feature a line, keyed by the place code (the ISO 3166-2 code, or
   IQ-X-HALABJA).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from places.geometry import douglas_peucker, simplify_ring  # noqa: E402

OUTPUT = HERE / "iraq-governorates.geojson"
GOVERNORATES = ROOT / "places" / "data" / "iraq-governorates.csv"
COS = math.cos(math.radians(33.2))  # Iraq's mean latitude: distances for the simplification
ON_EDGE = 2e-6  # degrees (about 20 cm): a vertex this close to a neighbour's edge lies on it
SNAP = 3e-4  # degrees (about 30 m): how far Halabja's vertices are moved onto its neighbours' border
HALABJA = "IQ-X-HALABJA"
DECIMALS = 4


def governorates() -> list[dict]:
    with GOVERNORATES.open(encoding="utf-8") as fh:
        return [{**row, "place": row["code"] or row["internal_code"]} for row in csv.DictReader(fh)]


def region_files(paths: list[str]):
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(path.rglob("*.geojson"))
        else:
            yield path


def read_regions(paths: list[str]) -> dict[str, dict]:
    """{place code: WOF feature} for the current Iraqi regions."""
    places = governorates()
    by_iso = {g["code"]: g for g in places if g["code"]}
    by_name = {n.casefold(): g for g in places for n in [g["name_en"], *g["aliases"].split("|")] if n}
    found: dict[str, dict] = {}
    for path in region_files(paths):
        text = path.read_text(encoding="utf-8")
        if '"wof:placetype":"region"' not in text.replace(" ", ""):
            continue
        feature = json.loads(text)
        p = feature["properties"]
        if p.get("iso:country") != "IQ" or p.get("mz:is_current") != 1:
            continue
        iso = p.get("wof:concordances", {}).get("iso:code")
        place = by_iso.get(iso) or by_name.get(p["wof:name"].casefold())
        if place is None:
            raise SystemExit(f"{path}: region {p['wof:name']!r} ({iso}) matches no governorate")
        if place["place"] in found:
            raise SystemExit(f"{path}: a second current region for {place['name_en']}")
        found[place["place"]] = feature
    missing = [g["name_en"] for g in places if g["place"] not in found]
    if missing:
        raise SystemExit("no current region record for: " + ", ".join(missing))
    return found


def rings_of(geometry: dict) -> list[list[list[tuple[float, float]]]]:
    parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [[[(float(x), float(y)) for x, y, *_ in ring] for ring in polygon] for polygon in parts]


def _open(ring):
    return ring[:-1] if ring[0] == ring[-1] else list(ring)


def fit_halabja(regions: dict[str, dict]) -> None:
    """Halabja's record was drawn apart from its neighbours (it was split from Sulaymaniyah in 2014): its vertices
    within SNAP of Sulaymaniyah's or Diyala's border are moved onto it, and what still overlaps them is cut off, so
    that the three share one border (in place)."""
    from shapely import snap
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union

    neighbours = unary_union([shape(regions[code]["geometry"]) for code in ("IQ-SU", "IQ-DI")])
    halabja = shape(regions[HALABJA]["geometry"])
    fitted = snap(halabja, neighbours, SNAP).difference(neighbours)
    if fitted.geom_type == "MultiPolygon":  # slivers left by the cut: keep the governorate itself
        fitted = max(fitted.geoms, key=lambda g: g.area)
    print(f"Halabja fitted: {abs(fitted.area - halabja.area) / halabja.area:.6%} of its area changed",
          file=sys.stderr)
    regions[HALABJA]["geometry"] = mapping(fitted)


def node(shapes: dict[str, list]) -> None:
    """Insert into every ring the vertices of other governorates that lie on its edges (in place)."""
    cell = 0.05
    index = defaultdict(list)
    for code, polygons in shapes.items():
        for polygon in polygons:
            for ring in polygon:
                for p in ring:
                    index[(int(p[0] // cell), int(p[1] // cell))].append((p, code))
    added = 0
    for code, polygons in shapes.items():
        for polygon in polygons:
            for r, ring in enumerate(polygon):
                out = []
                for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
                    out.append(a)
                    found = []
                    dx, dy = b[0] - a[0], b[1] - a[1]
                    length2 = dx * dx + dy * dy
                    if length2 == 0:
                        continue
                    for i in range(int(min(a[0], b[0]) // cell), int(max(a[0], b[0]) // cell) + 1):
                        for j in range(int(min(a[1], b[1]) // cell), int(max(a[1], b[1]) // cell) + 1):
                            for p, owner in index.get((i, j), ()):
                                if owner == code or p == a or p == b:
                                    continue
                                t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2
                                if not 0 < t < 1:
                                    continue
                                if math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]) < ON_EDGE:
                                    found.append((t, p))
                    for _, p in sorted(set(found)):
                        out.append(p)
                        added += 1
                polygon[r] = out
    print(f"noding: {added} vertices added to shared edges", file=sys.stderr)


def simplify(shapes: dict[str, list], tolerance: float) -> dict[str, list]:
    """Every ring cut into arcs at junctions, each arc simplified once for both its sides."""
    owners = defaultdict(set)  # edge (as an unordered pair of vertices) → the governorates whose rings have it
    for code, polygons in shapes.items():
        for polygon in polygons:
            for ring in polygon:
                for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
                    owners[frozenset((a, b))].add(code)
    done: dict[tuple, list] = {}

    def arc(points):
        key = tuple(points)
        back = key[::-1]
        if back < key:
            return list(reversed(arc(list(back))))
        if key not in done:
            scaled = [(x * COS, y) for x, y in points]
            kept = set(douglas_peucker(scaled, tolerance))
            done[key] = [p for p, s in zip(points, scaled, strict=True) if s in kept]
        return done[key]

    out = {}
    for code, polygons in shapes.items():
        result = []
        for polygon in polygons:
            rings = []
            for ring in polygon:
                n = len(ring)
                edges = [owners[frozenset((ring[i], ring[(i + 1) % n]))] for i in range(n)]
                junctions = [i for i in range(n) if edges[i] != edges[i - 1]]
                if not junctions:
                    scaled = [(x * COS, y) for x, y in ring]
                    back = {s: p for p, s in zip(ring, scaled, strict=True)}
                    rings.append([back[s] for s in simplify_ring(scaled + scaled[:1], tolerance)])
                    continue
                start = junctions[0]
                rotated = ring[start:] + ring[:start]
                cuts = [j - start if j >= start else j - start + n for j in junctions] + [n]
                points = []
                for c0, c1 in zip(cuts, cuts[1:], strict=False):
                    piece = arc((rotated + rotated[:1])[c0:c1 + 1])
                    points += piece[:-1]
                rings.append(points + points[:1])
            result.append(rings)
        out[code] = result
    return out


def rounded(polygons) -> list:
    out = []
    for polygon in polygons:
        rings = []
        for ring in polygon:
            points = [(round(x, DECIMALS), round(y, DECIMALS)) for x, y in ring]
            points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
            if points[0] != points[-1]:
                points.append(points[0])
            if len(points) >= 4:
                rings.append([list(p) for p in points])
        if rings:
            out.append(rings)
    return out


def check(features: list[dict]) -> None:
    from shapely.geometry import shape

    problems = []
    total = 0.0
    for feature in features:
        geometry = shape(feature["geometry"])
        total += geometry.area
        if not geometry.is_valid:
            from shapely.validation import explain_validity

            problems.append(f"{feature['id']}: {explain_validity(geometry)}")
    for a in features:
        for b in features:
            if a["id"] < b["id"]:
                overlap = shape(a["geometry"]).intersection(shape(b["geometry"])).area
                if overlap > 1e-6:
                    problems.append(f"{a['id']} and {b['id']} overlap ({overlap:.6f} square degrees)")
    if problems:
        raise SystemExit("invalid output:\n" + "\n".join(problems))


def km2(geometry) -> float:
    return geometry.area * 111.32 ** 2 * COS


def natural_earth(path: Path) -> dict[str, object]:
    """{ISO 3166-2 code: shapely geometry} of Iraq's regions in Natural Earth's admin-1 layer."""
    from shapely.geometry import MultiPolygon, Polygon, shape

    raw = path.read_bytes()
    data = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
    if data.get("type") != "Topology":
        return {f["properties"]["iso_3166_2"]: shape(f["geometry"]) for f in data["features"]
                if f["properties"].get("iso_a2") == "IQ"}
    (sx, sy), (tx, ty) = data["transform"]["scale"], data["transform"]["translate"]
    arcs = []
    for arc in data["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes):
        points = []
        for i in indexes:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            points += part if not points else part[1:]
        return points

    out = {}
    for geometries in data["objects"].values():
        for g in geometries.get("geometries", []):
            if g.get("properties", {}).get("iso_a2") != "IQ" or g["type"] not in {"Polygon", "MultiPolygon"}:
                continue
            parts = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
            out[g["properties"]["iso_3166_2"]] = MultiPolygon(
                [Polygon(ring(p[0]), [ring(h) for h in p[1:]]) for p in parts])
    return out


def compare(features: list[dict], path: Path) -> None:
    from shapely.geometry import shape

    ne = natural_earth(path)
    print("code            made km²   NE km²   overlap (intersection / union)")
    for feature in features:
        ours = shape(feature["geometry"])
        theirs = ne.get(feature["properties"]["iso_3166_2"])
        if theirs is None:
            print(f"{feature['id']:<14} {km2(ours):>9.0f}        —   not in Natural Earth")
            continue
        ratio = ours.intersection(theirs).area / ours.union(theirs).area
        print(f"{feature['id']:<14} {km2(ours):>9.0f} {km2(theirs):>8.0f}   {ratio:.2f}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wof", nargs="+", help="Who's On First admin-iq checkout, data folder or region files")
    parser.add_argument("--natural-earth", type=Path, help="Natural Earth 10m admin-1 file, for a comparison")
    parser.add_argument("--tolerance", type=float, default=0.005,
                        help="Douglas–Peucker tolerance in degrees of latitude (default 0.005, about 550 m)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    regions = read_regions(args.wof)
    fit_halabja(regions)
    shapes = {code: rings_of(f["geometry"]) for code, f in regions.items()}
    for polygons in shapes.values():
        for polygon in polygons:
            polygon[:] = [_open(ring) for ring in polygon]
    before = sum(len(r) for polygons in shapes.values() for polygon in polygons for r in polygon)
    node(shapes)
    simplified = simplify(shapes, args.tolerance)
    rows = {g["place"]: g for g in governorates()}
    features = []
    for code in sorted(simplified):
        polygons = rounded(simplified[code])
        p = regions[code]["properties"]
        features.append({
            "type": "Feature",
            "id": code,
            "properties": {"code": code, "iso_3166_2": rows[code]["code"], "name_en": rows[code]["name_en"],
                           "name_ar": rows[code]["name_ar"], "wof_id": p["wof:id"], "wof_name": p["wof:name"]},
            "geometry": ({"type": "Polygon", "coordinates": polygons[0]} if len(polygons) == 1
                         else {"type": "MultiPolygon", "coordinates": polygons}),
        })
    check(features)
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    args.output.write_text('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n",
                           encoding="utf-8")
    after = {f["id"]: sum(len(r) for r in (f["geometry"]["coordinates"] if f["geometry"]["type"] == "Polygon"
                                           else [r for poly in f["geometry"]["coordinates"] for r in poly]))
             for f in features}
    print(f"{len(features)} governorates, {before} points → {sum(after.values())} "
          f"(at most {max(after.values())} a governorate), {args.output.stat().st_size} bytes", file=sys.stderr)
    if args.natural_earth:
        compare(features, args.natural_earth)


if __name__ == "__main__":
    main()
