"""Writes to frameworks, goals and paragraphs; loading the framework definitions the project ships."""

import json
from difflib import SequenceMatcher
from pathlib import Path

from django.db import transaction

from core import audit
from core.text import natural_key

from .choices import FrameworkStatus
from .models import Framework, Goal, Paragraph

DEFINITIONS = Path(__file__).parent / "data" / "frameworks.json"


@transaction.atomic
def load_definitions(*, actor=None, path: Path = DEFINITIONS) -> list[Framework]:
    """Create or update the shipped frameworks and their top-level goals. Safe to run again."""
    loaded = []
    for spec in json.loads(path.read_text(encoding="utf-8")):
        goals = spec.pop("goals", [])
        framework, created = Framework.objects.update_or_create(slug=spec["slug"], defaults=spec)
        for position, goal_spec in enumerate(goals, start=1):
            Goal.objects.update_or_create(
                framework=framework,
                parent=None,
                number=goal_spec["number"],
                defaults={**{k: v for k, v in goal_spec.items() if k != "number"}, "position": position},
            )
        audit.record(actor=actor, action="framework.load", obj=framework, changes={"created": created})
        loaded.append(framework)
    return loaded


def titles_match(goal: Goal, title: str | None) -> bool:
    """Does a cited title name this goal? Tolerates punctuation, case, plural endings and known other wordings."""
    if not title:
        return True
    cited = natural_key(title)
    for known in [goal.title_en, goal.title_ar, *goal.aliases]:
        if known and SequenceMatcher(None, natural_key(known), cited).ratio() >= 0.85:
            return True
    return False


def ensure_framework(*, actor, slug: str, title: str = "") -> Framework:
    framework = Framework.objects.filter(slug=slug).first()
    if framework is None:
        framework = Framework.objects.create(slug=slug, title_en=title or slug, status=FrameworkStatus.IMPORTED)
        audit.record(actor=actor, action="framework.create", obj=framework, changes={"status": "imported"})
    return framework


def ensure_goal(*, actor, framework: Framework, number: int | str, title: str | None, lang: str) -> tuple:
    """The top-level goal with this number; created from the cited title when the framework lacks it.

    Returns (goal, warning) where warning is set when the cited title does not match the known one.
    """
    number = str(number)
    goal = Goal.objects.filter(framework=framework, parent=None, number=number).first()
    if goal is None:
        title_field = "title_ar" if lang == "ar" else "title_en"
        position = Goal.objects.filter(framework=framework, parent=None).count() + 1
        goal = Goal.objects.create(framework=framework, number=number, position=position, **{title_field: title or ""})
        audit.record(actor=actor, action="goal.create", obj=goal, changes={"number": number, "title": title})
        return goal, None
    if not titles_match(goal, title):
        known = goal.title_en or goal.title_ar
        return goal, f"goal {number} is cited as “{title}” but {framework} calls it “{known}”"
    return goal, None


def ensure_paragraph(*, actor, goal: Goal, number: int, text: str, lang: str) -> tuple:
    """The paragraph with this number under `goal`; created when missing. Returns (paragraph, warning)."""
    paragraph = Paragraph.objects.filter(goal=goal, number=number).first()
    if paragraph is None:
        paragraph = Paragraph.objects.create(goal=goal, number=number, text=text, lang=lang)
        audit.record(actor=actor, action="paragraph.create", obj=paragraph, changes={"number": number})
        return paragraph, None
    if natural_key(paragraph.text) != natural_key(text) and SequenceMatcher(
        None, natural_key(paragraph.text), natural_key(text)
    ).ratio() < 0.9:
        return paragraph, f"paragraph ({number}) differs from the text already recorded for goal {goal.number}"
    return paragraph, None
