"""What changed in a practice since it was last sent for review: each submission keeps the practice's fields and
goals (`practice_content`, on the submission's `ReviewStep.content`), and `compare` lists the fields that differ,
old → new — plain Python, shown in the reader's language by `changes_since_submission`."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.text import text_direction

CONTENT_VERSION = 1
# The fields compared, in the order the page lists them, with their labels; all are the author's text but goals.
FIELDS = {
    "name": _("Name"),
    "location": _("Country"),
    "organisation_name": _("Organisation responsible"),
    "period": _("Period"),
    "activity": _("Activity"),
    "objectives": _("Objectives"),
    "description": _("Description"),
    "beneficiaries": _("Beneficiaries"),
    "goals": _("Goals served"),
}


def _goal_label(goal) -> str:
    return f"{goal.framework.short_name or goal.framework.slug} {goal.number}"


def practice_content(practice) -> dict:
    links = practice.goal_links.select_related("goal__framework").order_by("goal__framework__slug", "goal__position",
                                                                          "goal__id")
    goals = [link.goal for link in links]
    return {"version": CONTENT_VERSION, "lang": practice.lang,
            **{name: getattr(practice, name) for name in FIELDS if name != "goals"},
            "goals": sorted(g.pk for g in goals), "goal_labels": {str(g.pk): _goal_label(g) for g in goals}}


@dataclass
class Change:
    field: str
    old: object
    new: object


def compare(old: dict | None, new: dict | None) -> list[Change]:
    """The fields that differ between two contents, in the order of `FIELDS`."""
    old, new = old or {}, new or {}
    found = []
    for name in FIELDS:
        a, b = old.get(name), new.get(name)
        same = sorted(a or []) == sorted(b or []) if name == "goals" else (a or "").strip() == (b or "").strip()
        if not same:
            found.append(Change(name, a, b))
    return found


def shown(changes: list[Change], old: dict, new: dict, goals: dict | None = None) -> list[dict]:
    """Each change as the page prints it: its label in the reader's language, the old and new values ("—" for
    nothing), and whether the values are the author's text (shown in the practice's language)."""
    goals = goals or {}

    def value(name, raw, content):
        if raw in (None, "", []):
            return "—"
        if name == "goals":
            labels = content.get("goal_labels", {})
            return ", ".join(goals.get(pk) or labels.get(str(pk), str(pk)) for pk in raw)
        return str(raw)

    return [{"label": capfirst(str(FIELDS[c.field])), "old": value(c.field, c.old, old),
             "new": value(c.field, c.new, new), "text": c.field != "goals"} for c in changes]


def changes_since_submission(user, practice) -> dict | None:
    """For its organisation and reviewers, while the practice is in review: what changed from the submission before
    to the last one; `first` when there was none before. None otherwise."""
    from frameworks.models import Goal

    from . import permissions
    from .choices import PracticeStatus

    if practice.status != PracticeStatus.IN_REVIEW or not permissions.may_read_review_details(user, practice):
        return None
    submissions = list(practice.review_steps.filter(to_status=PracticeStatus.IN_REVIEW).exclude(
        content__isnull=True).order_by("-at", "-id")[:2])[::-1]
    if len(submissions) < 2:
        return {"first": True, "rows": [], "since": None}
    old, new = submissions[0].content, submissions[1].content
    changes = compare(old, new)
    ids = set(old.get("goals", [])) | set(new.get("goals", []))
    goals = {g.pk: _goal_label(g) for g in Goal.with_proposals.filter(pk__in=ids).select_related("framework")}
    return {"first": False, "rows": shown(changes, old, new, goals), "since": submissions[0],
            "lang": new.get("lang", ""), "dir": text_direction(new.get("lang") or "")}
