"""Reference places: Iraq's governorates (from the CSV the project ships), some districts and the countries
that practices come from; and matching a written name to a place."""

import csv
import json
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit

from . import permissions
from .choices import PlaceKind
from .models import Place

DATA = Path(__file__).parent / "data"


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
