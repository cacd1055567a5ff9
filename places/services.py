"""Reference places: Iraq's governorates (from the CSV the project ships), some districts and the countries
that practices come from; and matching a written name to a place."""

import csv
import hashlib
import json
import math
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit

from . import geometry, permissions
from .choices import PlaceKind
from .models import Boundary, Place
from .queries import find_place

DATA = Path(__file__).parent / "data"
SHIPPED_BOUNDARIES = geometry.SHIPPED


@transaction.atomic
def load_reference_places(*, actor) -> int:
    """Create or update countries, Iraq's governorates and the districts in places/data. Safe to run again."""
    if not permissions.can(actor, "load"):
        raise PermissionDenied(_("Only administrators load reference places."))
    count = 0
    for spec in json.loads((DATA / "countries.json").read_text(encoding="utf-8")):
        Place.objects.update_or_create(
            code=spec["code"],
            defaults={"iso_code": spec["code"], "kind": PlaceKind.COUNTRY, "name_en": spec["en"],
                      "name_ar": spec["ar"], "aliases": spec.get("aliases", [])},
        )
        count += 1
    iraq = Place.objects.get(code="IQ")
    with (DATA / "iraq-governorates.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["code"] or row["internal_code"]
            Place.objects.update_or_create(
                code=code,
                defaults={"iso_code": row["code"], "kind": PlaceKind.GOVERNORATE, "parent": iraq,
                          "name_en": row["name_en"], "name_ar": row["name_ar"],
                          "aliases": [a for a in f"{row['aliases']}|{row.get('name_ckb', '')}".split("|") if a]},
            )
            count += 1
    for spec in json.loads((DATA / "iraq-districts.json").read_text(encoding="utf-8")):
        parent = Place.objects.get(code=spec["governorate"])
        Place.objects.update_or_create(
            code=spec["code"],
            defaults={"kind": PlaceKind.DISTRICT, "parent": parent, "name_en": spec["en"], "name_ar": spec["ar"],
                      "aliases": spec.get("aliases", []) + spec.get("ckb", [])},  # Kurdish (Sorani) names too
        )
        count += 1
    audit.record(actor=actor, action="places.load", obj=None, changes={"places": count})
    return count


PLACE_FIELDS = ["name_en", "name_ar", "kind", "code", "iso_code", "parent", "aliases"]


@transaction.atomic
def save_place(*, actor, place: Place, created: bool = False) -> Place:
    """Store a place edited in a form (the admin's): reference data, changed by administrators only."""
    if not permissions.can(actor, "change", place):
        raise PermissionDenied(_("Only administrators change reference places."))
    before = {} if created else {n: getattr(Place.objects.get(pk=place.pk), n) for n in PLACE_FIELDS}
    place.full_clean()
    place.save()
    audit.record(actor=actor, action="place.create" if created else "place.update", obj=place,
                 changes=audit.diff(before, {n: getattr(place, n) for n in PLACE_FIELDS}))
    return place


# --- boundaries ---------------------------------------------------------------------------------------------------

# Feature properties read as a code (ISO 3166-2 or the place's own code) and as a name (any property whose key has
# "name" in it, and the ADM1_EN / ADM1_AR columns of the humanitarian boundary files), compared case-blind.
CODE_KEYS = {"code", "iso", "iso_code", "iso_3166_2", "iso3166_2", "iso3166-2", "shapeiso", "adm1_iso"}


def _name_keys(properties: dict) -> list[str]:
    return [k for k in properties if "name" in k.lower() or k.lower().startswith("adm1_")]


def _feature_label(feature: dict, number: int) -> str:
    """What a message calls a feature: its first name, else its code or id, else its position in the file."""
    properties = feature.get("properties") or {}
    for key in [*_name_keys(properties), *[k for k in properties if k.lower() in CODE_KEYS]]:
        if isinstance(properties[key], str) and properties[key].strip():
            return properties[key].strip()
    if isinstance(feature.get("id"), str | int):
        return str(feature["id"])
    return _("feature %(number)d") % {"number": number}


def _geometry_problem(value) -> str | None:
    """Why a GeoJSON geometry is not a usable Polygon/MultiPolygon in longitude/latitude; None if it is."""
    if not isinstance(value, dict) or value.get("type") not in {"Polygon", "MultiPolygon"}:
        kind = value.get("type") if isinstance(value, dict) else None
        return _("its geometry is %(kind)s, not a Polygon or MultiPolygon") % {"kind": kind or _("missing")}
    polygons = value.get("coordinates")
    if value["type"] == "Polygon":
        polygons = [polygons]
    if not isinstance(polygons, list) or not polygons:
        return _("its geometry has no coordinates")
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return _("its geometry has a polygon without rings")
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                return _("its geometry has a ring of fewer than four positions")
            for position in ring:
                if (not isinstance(position, list) or len(position) < 2
                        or not all(isinstance(c, int | float) and not isinstance(c, bool) and math.isfinite(c)
                                   for c in position[:2])):
                    return _("its geometry has a position that is not a pair of numbers")
                if not (-180 <= position[0] <= 180 and -90 <= position[1] <= 90):
                    return _("its coordinates are not longitude and latitude (WGS 84): reproject the file")
            if ring[0][:2] != ring[-1][:2]:
                return _("its geometry has a ring that does not close")
    return None


def _match(feature: dict, by_code: dict[str, Place]) -> tuple[Place | None, str | None]:
    """(the governorate a feature describes, None) or (None, why not): by code first, else by name."""
    properties = feature.get("properties") or {}
    codes = [feature.get("id")] + [v for k, v in properties.items() if k.lower() in CODE_KEYS]
    for code in codes:
        if isinstance(code, str) and code.strip().upper() in by_code:
            return by_code[code.strip().upper()], None
    found = {}
    for key in _name_keys(properties):
        value = properties[key]
        if isinstance(value, str) and value.strip():
            place = find_place(value, PlaceKind.GOVERNORATE)
            if place is not None and place.code in {p.code for p in by_code.values()}:
                found[place.pk] = place
    if len(found) == 1:
        return next(iter(found.values())), None
    if found:
        return None, _("its names match more than one governorate (%(names)s)") % {
            "names": ", ".join(sorted(p.name for p in found.values()))}
    return None, _("it matches no governorate by code or by name")


def _parse(data):
    if isinstance(data, bytes | bytearray):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("The file is not UTF-8 text.")) from exc
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise ValidationError(_("The file is not JSON (line %(line)d: %(error)s).") % {
                "line": exc.lineno, "error": exc.msg}) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
            data.get("features"), list):
        raise ValidationError(_("The file is not a GeoJSON FeatureCollection."))
    return data


@transaction.atomic
def load_boundaries(*, actor, data, source: str, allow_missing: bool = False) -> dict:
    """Replace the governorates' boundaries with those of a GeoJSON FeatureCollection (text, bytes or parsed), all
    or nothing: each feature is matched to a governorate of Iraq by code (ISO 3166-2, or the place's own code) or by
    an Arabic or English name or another spelling (`queries.find_place`). A feature that matches none, two features
    for one governorate, a geometry that is not a polygon in longitude/latitude, or — unless `allow_missing` — a
    governorate without a feature refuses the whole file with a ValidationError that names each problem; nothing is
    written. Returns {"loaded": n, "replaced": rows before, "missing": names of governorates left without}."""
    if not permissions.can(actor, "load"):
        raise PermissionDenied(_("Only administrators load boundaries."))
    collection = _parse(data)
    governorates = list(Place.objects.filter(kind=PlaceKind.GOVERNORATE, parent__code="IQ"))
    by_code = {p.code.upper(): p for p in governorates} | {p.iso_code.upper(): p for p in governorates if p.iso_code}
    problems, matched, labels = [], {}, {}
    for number, feature in enumerate(collection["features"], start=1):
        if not isinstance(feature, dict):
            problems.append(_("Feature %(number)d is not a GeoJSON feature.") % {"number": number})
            continue
        label = _feature_label(feature, number)
        place, why = _match(feature, by_code)
        if place is None:
            problems.append(_("%(feature)s: %(why)s.") % {"feature": label, "why": why})
            continue
        problem = _geometry_problem(feature.get("geometry"))
        if problem:
            problems.append(_("%(feature)s: %(why)s.") % {"feature": label, "why": problem})
        if place.pk in matched:
            problems.append(_("%(feature)s: %(place)s already has a boundary in this file (%(other)s).") % {
                "feature": label, "place": place.name, "other": labels[place.pk]})
            continue
        matched[place.pk], labels[place.pk] = (place, feature.get("geometry")), label
    missing = sorted((p for p in governorates if p.pk not in matched), key=lambda p: p.name)
    if missing and not allow_missing:
        problems.append(_("No boundary for: %(names)s.") % {"names": ", ".join(p.name for p in missing)})
    if problems:
        raise ValidationError(problems)
    if not matched:
        raise ValidationError(_("The file has no features."))
    drawn = geometry.shapes({place.code: value for place, value in matched.values()})
    now = timezone.now()
    replaced = Boundary.objects.count()
    Boundary.objects.all().delete()
    Boundary.objects.bulk_create([
        Boundary(place=place, geometry=value, svg_path=drawn.paths.get(place.code, ""), view_box=drawn.view_box,
                 label_x=drawn.labels.get(place.code, (None, None))[0],
                 label_y=drawn.labels.get(place.code, (None, None))[1], source=source[:300], loaded_at=now)
        for place, value in matched.values()
    ])
    audit.record(actor=actor, action="places.boundaries", obj=None, changes={
        "boundaries": len(matched), "replaced": replaced, "source": source[:300],
        "missing": [p.name_en for p in missing]})
    return {"loaded": len(matched), "replaced": replaced, "missing": [p.name for p in missing]}


def _shipped_boundaries_source() -> str:
    """How `wiqaya setup` names the shipped file as a source: with its checksum, so that a changed file reloads."""
    digest = hashlib.sha256(SHIPPED_BOUNDARIES.read_bytes()).hexdigest()[:12]
    return f"Who's On First (CC0), simplified for Wiqaya: places/data/boundaries (sha256 {digest})"


def load_shipped_boundaries(*, actor) -> int:
    """Load the boundaries that ship with the project where the installation has none, or has an older shipped
    file's; an installation's own boundaries (`wiqaya load_boundaries`) are left alone. Returns how many loaded."""
    if not permissions.can(actor, "load"):
        raise PermissionDenied(_("Only administrators load boundaries."))
    source = _shipped_boundaries_source()
    sources = set(Boundary.objects.values_list("source", flat=True))
    shipped = {s for s in sources if s.startswith("Who's On First (CC0), simplified for Wiqaya")}
    if sources - shipped or sources == {source}:
        return 0
    return load_boundaries(actor=actor, data=SHIPPED_BOUNDARIES.read_bytes(), source=source)["loaded"]
