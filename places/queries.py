"""Matching a written name to a reference place (importers, the demo loader)."""

from __future__ import annotations

from core.text import natural_key

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
