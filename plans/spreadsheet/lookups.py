"""Every name a filled template may use (organisations, places, frameworks, goals, practices), loaded once
so that reading a file makes no query per row."""

from __future__ import annotations

from collections import defaultdict

from core.text import natural_key

from .cells import western_digits
from .layout import LABEL_DASH


def framework_label(framework) -> str:
    """A framework as the Frameworks drop-down names it: "short name — title" (the title alone without a short
    name), the title in the active language."""
    title = framework.title
    short = framework.short_name or framework.slug
    return title if short == title else f"{short}{LABEL_DASH}{title}"


def goal_code(framework, number: str) -> str:
    return f"{framework.slug}:{number}"


def choice_lists() -> tuple[list[str], list[str]]:
    """What the template's drop-downs offer: every framework by name, and every goal a file may cite as
    "code — title" (titles in the active language), each framework's goals in their order. Two queries."""
    from frameworks.models import Framework, Goal

    frameworks = list(Framework.objects.only("id", "slug", "short_name", "title_en", "title_ar").order_by("slug"))
    by_id = {f.pk: f for f in frameworks}
    goals, seen = [], set()
    rows = Goal.objects.filter(framework_id__in=by_id).only(
        "id", "framework_id", "number", "parent_id", "position", "title_en", "title_ar")
    # A number names a top goal first, as the reader resolves it (Lookups.goals); a nested goal is listed under
    # its own number only where no top goal has that number.
    for goal in sorted(rows, key=lambda g: (by_id[g.framework_id].slug, g.parent_id is not None, g.position, g.pk)):
        key = (goal.framework_id, goal.number)
        if key not in seen:
            seen.add(key)
            goals.append((by_id[goal.framework_id].slug, goal))
    goals.sort(key=lambda item: (item[0], [int(p) if p.isdigit() else 0 for p in item[1].number.split(".")]))
    labels = []
    for _slug, goal in goals:
        code = goal_code(by_id[goal.framework_id], goal.number)
        labels.append(f"{code}{LABEL_DASH}{goal.title}" if goal.title else code)
    return [framework_label(f) for f in frameworks], labels


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
        self.framework_list = list(Framework.objects.only("id", "slug", "short_name", "title_en", "title_ar")
                                   .order_by("slug"))
        for framework in self.framework_list:
            self.frameworks[framework.slug.casefold()] = framework
            # By its short name, either title, or as the drop-down labels it; the slug wins a clash.
            for name in (framework.short_name, framework.title_en, framework.title_ar, framework_label(framework)):
                if name:
                    self.frameworks.setdefault(natural_key(name), framework)
        self.goals: dict[tuple[int, str], int] = {}
        self.goal_numbers: dict[int, list[str]] = defaultdict(list)  # per framework, for error messages
        self.frameworks_with_goals = set()
        for goal_id, framework_id, number, parent_id in Goal.objects.values_list(
                "id", "framework_id", "number", "parent_id").order_by("parent_id", "position", "id"):
            key = (framework_id, western_digits(number).strip().casefold())
            if parent_id is None or key not in self.goals:
                if key not in self.goals:
                    self.goal_numbers[framework_id].append(number)
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
        """A framework by slug, short name, title or drop-down label ("short name — title"), or None."""
        name = name.strip()
        found = self.frameworks.get(name.casefold()) or self.frameworks.get(natural_key(name))
        if found is None and LABEL_DASH.strip() in name:
            for part in name.split(LABEL_DASH.strip()):
                found = found or self.frameworks.get(part.strip().casefold()) or self.frameworks.get(
                    natural_key(part))
        return found

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
