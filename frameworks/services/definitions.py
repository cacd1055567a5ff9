"""Loading the framework definitions the project ships (`frameworks/data/frameworks.json`)."""

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit

from ..models import Framework, Goal
from ..permissions import can

DEFINITIONS = Path(__file__).resolve().parent.parent / "data" / "frameworks.json"


def _fill_blanks(obj, values: dict) -> list[str]:
    """Set the fields of `obj` that are empty to `values`; fields someone filled in are left as they are.

    The mark "the Arabic title is a translation" travels with the Arabic title: set when the shipped title fills
    an empty one, left alone when someone wrote the Arabic title themselves."""
    values = dict(values)
    is_translation = values.pop("title_ar_is_translation", None)
    filled = [name for name, value in values.items() if value not in ("", None, []) and getattr(obj, name) in ("", None, [])]
    for name in filled:
        setattr(obj, name, values[name])
    if "title_ar" in filled and is_translation is not None:
        obj.title_ar_is_translation = is_translation
        filled.append("title_ar_is_translation")
    if filled:
        obj.save(update_fields=filled)
    return filled


@transaction.atomic
def load_definitions(*, actor, path: Path = DEFINITIONS) -> list[Framework]:
    """Create the shipped frameworks and their top-level goals, or fill in what an existing one lacks.

    Safe to run on every start: what a coordinator edited (titles, descriptions, goals) is never overwritten;
    a field still empty — say, a description shipped after the framework was first loaded — is filled.
    """
    if not can(actor, "load"):
        raise PermissionDenied(_("Only administrators load the shipped framework definitions."))
    loaded = []
    for spec in json.loads(path.read_text(encoding="utf-8")):
        goals = spec.pop("goals", [])
        framework, created = Framework.objects.get_or_create(slug=spec["slug"], defaults=spec)
        filled = [] if created else _fill_blanks(framework, spec)
        for position, goal_spec in enumerate(goals, start=1):
            values = {k: v for k, v in goal_spec.items() if k != "number"}
            goal, goal_created = Goal.objects.get_or_create(
                framework=framework, parent=None, number=goal_spec["number"], defaults={**values, "position": position}
            )
            if goal_created:
                filled.append(f"goal {goal.number}")
            else:
                filled += [f"goal {goal.number} {name}" for name in _fill_blanks(goal, values)]
        if created or filled:
            audit.record(actor=actor, action="framework.load", obj=framework,
                         changes={"created": created, "filled": filled})
        loaded.append(framework)
    return loaded
