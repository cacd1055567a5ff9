"""Matching a written name to a reference place (importers, the demo loader)."""

from __future__ import annotations

from core.text import natural_key

from .choices import PlaceKind
from .models import Place


def find_place(name: str | None, kind: str | None = None) -> Place | None:
    """The place whose English or Arabic name or an alias matches `name`, ignoring case and Arabic spelling variants."""
    if not name:
        return None
    key = natural_key(name)
    candidates = Place.objects.all() if kind is None else Place.objects.filter(kind=kind)
    for place in candidates.only("id", "name_en", "name_ar", "aliases", "code", "kind"):
        names = [place.name_en, place.name_ar, place.code, *place.aliases]
        if key in {natural_key(n) for n in names if n}:
            return place
    return None


def country_of(place: Place | None) -> Place | None:
    """The country a place lies in (itself for a country)."""
    while place is not None and place.kind != PlaceKind.COUNTRY:
        place = place.parent
    return place


def match_location(parts: list[str]) -> tuple[Place | None, Place | None, list[str]]:
    """(country, place, parts matched to neither) for the names of a location line such as "Iraq, Tal Afar"
    (practices.compendium.split_location), in English or Arabic: the country named, and the most precise
    governorate or district of that country; the place's country when the line names none."""
    country = place = None
    place_part = ""
    rest: list[str] = []
    for part in parts:
        named_country = find_place(part, PlaceKind.COUNTRY) if country is None else None
        if named_country is not None:
            country = named_country
            continue
        found = find_place(part, PlaceKind.GOVERNORATE) or find_place(part, PlaceKind.DISTRICT)
        if found is not None and (place is None or found.parent_id == place.pk):  # a district of the governorate
            place, place_part = found, part
            continue
        if found is not None and found.pk == place.parent_id:  # "Mosul, Nineveh": the district's own governorate
            continue
        rest.append(part)
    if place is not None:
        if country is None:
            country = country_of(place)
        elif country_of(place) != country:  # "Tunisia, Basra": not the Basra of the reference list
            rest.append(place_part)
            place = None
    return country, place, rest


def boundary_map():
    """The national map from the loaded boundaries — a `places.geometry.Shapes` of the cached paths (place code →
    path data) and label anchors — or None where no boundary is loaded (draw `places.tilegrid` instead)."""
    from .geometry import Shapes
    from .models import Boundary

    rows = list(Boundary.objects.select_related("place"))
    if not rows:
        return None
    view_box = rows[0].view_box
    width, height = (float(v) for v in view_box.split()[2:4])
    return Shapes(view_box=view_box, width=width, height=height,
                  paths={b.place.code: b.svg_path for b in rows},
                  labels={b.place.code: (b.label_x, b.label_y) for b in rows if b.label_x is not None})
