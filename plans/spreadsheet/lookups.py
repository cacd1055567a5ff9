"""Every name a filled template may use (organisations, places, frameworks, goals, practices), loaded once
so that reading a file makes no query per row."""

from __future__ import annotations

from collections import defaultdict

from core.text import natural_key

from .cells import western_digits


class Lookups:
    """Every name a file may use, loaded once: no query per row. Practices are those `actor` may see, so that a
    file never learns whether a hidden practice exists."""

    def __init__(self, actor):
        from accounts.models import Organisation
        from frameworks.models import Framework, Goal
        from places.models import Place

        self.orgs: dict[str, object] = {}
        for org in Organisation.objects.only("id", "name", "name_alt", "acronym", "kind", "key"):
            for name in (org.acronym, org.name_alt, org.name):  # the organisation's own name wins a clash
                if name:
                    self.orgs[natural_key(name)] = org
        self.places: dict[str, list] = defaultdict(list)
        self.places_by_id = {}
        for place in Place.objects.only("id", "code", "iso_code", "kind", "parent_id", "name_en", "name_ar",
                                        "aliases"):
            self.places_by_id[place.pk] = place
            for name in {place.name_en, place.name_ar, place.code, place.iso_code, *place.aliases} - {"", None}:
                self.places[natural_key(name)].append(place)
        self.frameworks = {}
        for framework in Framework.objects.only("id", "slug", "short_name"):
            self.frameworks[framework.slug.casefold()] = framework
            if framework.short_name:
                self.frameworks.setdefault(natural_key(framework.short_name), framework)
        self.goals: dict[tuple[int, str], int] = {}
        self.frameworks_with_goals = set()
        for goal_id, framework_id, number, parent_id in Goal.objects.values_list(
                "id", "framework_id", "number", "parent_id").order_by("parent_id", "position", "id"):
            key = (framework_id, western_digits(number).strip().casefold())
            if parent_id is None or key not in self.goals:
                self.goals.setdefault(key, goal_id)
            self.frameworks_with_goals.add(framework_id)
        self.actor = actor
        self._practices = None

    def organisation(self, name: str):
        return self.orgs.get(natural_key(name))

    def place(self, name: str, kinds: tuple[str, ...]):
        found = self.places.get(natural_key(name), [])
        for kind in kinds:
            for place in found:
                if place.kind == kind:
                    return place
        return None

    def framework(self, name: str):
        return self.frameworks.get(name.strip().casefold()) or self.frameworks.get(natural_key(name))

    def practices(self) -> tuple[dict, dict]:
        if self._practices is None:
            from practices.models import Practice
            from practices.permissions import visible_to

            by_id, by_name = {}, {}
            for pk, name in visible_to(self.actor, Practice.objects.order_by("pk")).values_list("id", "name"):
                by_id[pk] = pk
                by_name.setdefault(natural_key(name), pk)
            self._practices = (by_id, by_name)
        return self._practices

    def governorate_of(self, place):
        node = place
        while node is not None and node.kind not in {"governorate", "country"}:
            node = self.places_by_id.get(node.parent_id)
        return node if node is not None and node.kind == "governorate" else None
