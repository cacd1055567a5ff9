"""Reference places: Iraq's governorates (from the CSV the project ships), some districts and the countries
that practices come from; and matching a written name to a place."""

import csv
import json
from pathlib import Path

from django.db import transaction

from core import audit
from core.text import natural_key

from .choices import PlaceKind
from .models import Place

DATA = Path(__file__).parent / "data"


@transaction.atomic
def load_reference_places(*, actor=None) -> int:
    """Create or update countries, Iraq's governorates and the districts in places/data. Safe to run again."""
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
                          "aliases": [a for a in row["aliases"].split("|") if a]},
            )
            count += 1
    for spec in json.loads((DATA / "iraq-districts.json").read_text(encoding="utf-8")):
        parent = Place.objects.get(code=spec["governorate"])
        Place.objects.update_or_create(
            code=spec["code"],
            defaults={"kind": PlaceKind.DISTRICT, "parent": parent, "name_en": spec["en"], "name_ar": spec["ar"]},
        )
        count += 1
    audit.record(actor=actor, action="places.load", obj=None, changes={"places": count})
    return count


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
