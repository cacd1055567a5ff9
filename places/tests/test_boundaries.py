"""Boundaries: the shipped file (all governorates, valid polygons, its source stated), the SVG drawn from it (shapes
only, north up, labels inside their shapes), loading a boundary file (matching, refusals, replacing) and the
tile grid that stands in where no boundary is loaded."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.choices import Role
from core.actors import system
from core.models import AuditEntry
from places import geometry, queries, services, tilegrid
from places.models import Boundary
from tests.factories import make_user

DATA = services.DATA
BOUNDARIES = DATA / "boundaries"
ACTOR = system("tests")


def governorate_codes() -> set[str]:
    with (DATA / "iraq-governorates.csv").open(encoding="utf-8") as fh:
        return {row["code"] or row["internal_code"] for row in csv.DictReader(fh)}


def square(lon: float, lat: float, size: float = 0.2) -> dict:
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + size, lat], [lon + size, lat + size],
                                                [lon, lat + size], [lon, lat]]]}


def collection(*features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}, ensure_ascii=False)


def feature(geometry: dict, fid=None, **properties) -> dict:
    out = {"type": "Feature", "properties": properties, "geometry": geometry}
    if fid is not None:
        out["id"] = fid
    return out


def _segments_cross(a, b, c, d) -> bool:
    def orient(p, q, r):
        value = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return (value > 0) - (value < 0)
    return orient(a, b, c) * orient(a, b, d) < 0 and orient(c, d, a) * orient(c, d, b) < 0


def _self_intersects(ring) -> bool:
    edges = list(zip(ring, ring[1:], strict=False))
    for i, (a, b) in enumerate(edges):
        for j in range(i + 2, len(edges)):
            if i == 0 and j == len(edges) - 1:
                continue  # the closing edge meets the first one at the start
            if _segments_cross(a, b, *edges[j]):
                return True
    return False


# --- the shipped file ---------------------------------------------------------------------------------------------

def test_the_shipped_file_has_every_governorate_with_valid_polygons():
    path = geometry.SHIPPED
    assert path.stat().st_size < 300_000
    data = geometry.read_geojson(path)
    codes = [f["properties"]["code"] for f in data["features"]]
    assert sorted(codes) == sorted(governorate_codes()) and len(codes) == 19  # Halabja included
    assert all(f["id"] == f["properties"]["code"] for f in data["features"])
    for f in data["features"]:
        polygons = geometry.polygons_of(f["geometry"])
        points = sum(len(ring) for polygon in polygons for ring in polygon)
        assert 20 <= points <= 400, f["id"]
        for polygon in polygons:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1], f["id"]
                assert all(38.5 < lon < 49 and 29 < lat < 37.5 for lon, lat in ring), f["id"]  # Iraq, lon/lat
                assert not _self_intersects(ring), f["id"]
            assert abs(geometry.ring_area(polygon[0])) > 0.01, f["id"]


def test_the_shipped_file_states_its_source_licence_and_recipe():
    source = (BOUNDARIES / "SOURCE.md").read_text(encoding="utf-8")
    assert "Who's On First" in source and "CC0" in source and "Halabja" in source
    assert "make_boundaries.py" in source
    assert (BOUNDARIES / "make_boundaries.py").exists()


# --- drawing ------------------------------------------------------------------------------------------------------

def test_the_svg_is_shapes_only_north_up_with_labels_inside():
    drawn = geometry.shapes(geometry.shipped_geometries(), width=1000)
    assert drawn.view_box.startswith("0 0 1000 ")
    assert set(drawn.paths) == set(drawn.labels) == governorate_codes()
    for code, d in drawn.paths.items():
        assert "<" not in d and re.fullmatch(r"(M[-\d. ]+(L[-\d. ]+)+Z)+", d), code
    # north up and not mirrored: Duhok above Basra, Anbar west of Basra
    assert drawn.labels["IQ-DA"][1] < drawn.labels["IQ-BA"][1]
    assert drawn.labels["IQ-AN"][0] < drawn.labels["IQ-BA"][0]
    projection = geometry.fit(geometry.shipped_geometries().values(), width=1000)
    for code, geom in geometry.shipped_geometries().items():
        x, y = drawn.labels[code]
        point = (x / 100 * projection.width, y / 100 * projection.height)
        polygons = geometry.projected_polygons(geom, projection)
        assert any(geometry._inside(point, rings) for rings in polygons), code


def test_douglas_peucker_keeps_the_ends_and_the_corners():
    line = [(0, 0), (1, 0.01), (2, -0.01), (3, 0), (3, 5), (3.01, 6), (3, 7)]
    assert geometry.douglas_peucker(line, 0.1) == [(0, 0), (3, 0), (3, 7)]
    assert geometry.douglas_peucker(line, 0) == line
    ring = geometry.simplify_ring([(0, 0), (5, 0), (10, 0.001), (10, 10), (0, 10), (0, 0)], 0.1)
    assert ring[0] == ring[-1] and len(ring) == 5


# --- loading ------------------------------------------------------------------------------------------------------

def test_load_matches_by_code_and_by_arabic_or_english_name(reference):
    data = collection(
        feature(square(44.3, 33.2), fid="IQ-BG"),
        feature(square(47.5, 30.4), name_ar="البصرة"),  # Basra by its Arabic name
        feature(square(45.9, 35.1), ADM1_EN="Helebce"),  # Halabja (no ISO code) by another spelling
    )
    result = services.load_boundaries(actor=ACTOR, data=data, source="test file", allow_missing=True)
    assert result["loaded"] == 3 and len(result["missing"]) == 16
    boundaries = {b.place.code: b for b in Boundary.objects.select_related("place")}
    assert set(boundaries) == {"IQ-BG", "IQ-BA", "IQ-X-HALABJA"}
    basra = boundaries["IQ-BA"]
    assert basra.source == "test file" and basra.svg_path.startswith("M") and "<text" not in basra.svg_path
    assert basra.view_box == boundaries["IQ-BG"].view_box and 0 <= basra.label_x <= 100
    entry = AuditEntry.objects.get(action="places.boundaries")
    assert entry.changes["boundaries"] == 3 and entry.changes["source"] == "test file"


def test_a_bad_file_is_refused_naming_each_problem_and_writes_nothing(reference):
    services.load_boundaries(actor=ACTOR, data=collection(feature(square(44.3, 33.2), code="IQ-BG")),
                             source="first", allow_missing=True)
    bad = collection(
        feature(square(44.3, 33.2), name="Atlantis"),
        feature({"type": "Point", "coordinates": [44, 33]}, name_en="Kirkuk"),
        feature(square(450000, 3700000, 1000), iso_3166_2="IQ-NI"),  # metres (UTM), not degrees
        feature(square(44.3, 33.2), code="IQ-BA"),
        feature(square(44.5, 33.4), name="Al Basrah"),  # Basra a second time
    )
    with pytest.raises(ValidationError) as refused:
        services.load_boundaries(actor=ACTOR, data=bad, source="bad")
    messages = "\n".join(refused.value.messages)
    assert "Atlantis: it matches no governorate" in messages
    assert "Kirkuk: its geometry is Point" in messages
    assert "not longitude and latitude" in messages
    assert "Basra already has a boundary in this file" in messages
    assert "No boundary for:" in messages and "Halabja" in messages  # governorates left without, by name
    assert list(Boundary.objects.values_list("place__code", "source")) == [("IQ-BG", "first")]
    assert AuditEntry.objects.filter(action="places.boundaries").count() == 1

    for text, expected in [("not json", "not JSON"), ('{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
                           (b"\xff\xfe", "not UTF-8")]:
        with pytest.raises(ValidationError, match=expected):
            services.load_boundaries(actor=ACTOR, data=text, source="bad")


def test_reloading_replaces_and_setup_loads_the_shipped_file_once(reference):
    assert queries.boundary_map() is None
    assert services.load_shipped_boundaries(actor=ACTOR) == 19
    assert services.load_shipped_boundaries(actor=ACTOR) == 0  # idempotent: nothing to do the second time
    result = services.load_boundaries(actor=ACTOR, data=geometry.SHIPPED.read_bytes(), source="again")
    assert result == {"loaded": 19, "replaced": 19, "missing": []}
    assert Boundary.objects.count() == 19 and set(Boundary.objects.values_list("source", flat=True)) == {"again"}
    # an installation's own boundaries are left alone by setup
    assert services.load_shipped_boundaries(actor=ACTOR) == 0
    drawn = queries.boundary_map()
    assert set(drawn.paths) == governorate_codes() and drawn.view_box.startswith("0 0 1000 ")


def test_only_administrators_load_boundaries(reference):
    data = collection(feature(square(44.3, 33.2), fid="IQ-BG"))
    for actor in (AnonymousUser(), make_user(role=Role.NATIONAL_COORDINATOR)):
        with pytest.raises(PermissionDenied):
            services.load_boundaries(actor=actor, data=data, source="x", allow_missing=True)
    admin = make_user(role=Role.ADMINISTRATOR)
    assert services.load_boundaries(actor=admin, data=data, source="x", allow_missing=True)["loaded"] == 1


def test_the_command_loads_a_file_and_refuses_a_bad_one_in_lines(reference, tmp_path):
    good = tmp_path / "official.geojson"
    good.write_text(collection(feature(square(44.3, 33.2), fid="IQ-BG")), encoding="utf-8")
    out = io.StringIO()
    call_command("load_boundaries", str(good), "--source", "Official 2026", "--allow-missing", stdout=out)
    assert out.getvalue().startswith("1 boundary loaded (replacing 0); no boundary for ")
    assert Boundary.objects.get().source == "Official 2026"

    bad = tmp_path / "bad.geojson"
    bad.write_text(collection(feature(square(44.3, 33.2), name="Atlantis")), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="bad.geojson: 2 problems; nothing was loaded"):
        call_command("load_boundaries", str(bad), stderr=err)
    lines = err.getvalue().strip().splitlines()
    assert lines[0] == f"{bad}: Atlantis: it matches no governorate by code or by name."
    assert lines[1].startswith(f"{bad}: No boundary for: ")
    assert Boundary.objects.get().source == "Official 2026"
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("load_boundaries", str(tmp_path / "missing.geojson"))


# --- the tile grid ------------------------------------------------------------------------------------------------

def test_the_tile_grid_covers_every_governorate_one_to_a_cell():
    assert set(tilegrid.TILES) == governorate_codes()
    cells = list(tilegrid.TILES.values())
    assert len(set(cells)) == len(cells) == 19
    assert all(0 <= r < tilegrid.ROWS and 0 <= c < tilegrid.COLUMNS for r, c in cells)
    tiles = tilegrid.tiles()
    assert [t.code for t in tiles][:2] == ["IQ-DA", "IQ-AR"] and len(tiles) == 19
    by_code = {t.code: t for t in tiles}
    assert by_code["IQ-DA"].top < by_code["IQ-BA"].top and by_code["IQ-AN"].left < by_code["IQ-BA"].left
    assert by_code["IQ-X-HALABJA"].left > by_code["IQ-SU"].left  # Halabja east of Sulaymaniyah
    assert [t.code for t in tilegrid.tiles(["IQ-BG", "IQ", "IQ-BA"])] == ["IQ-BG", "IQ-BA"]
