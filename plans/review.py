"""What a reviewer reads beside a plan: what changed since the last submission, and the words the plan page uses
to say who acts next and what the reader may still do.

- `plan_content(plan)` reads a plan's actions and indicators into plain JSON (numbers, titles, dates, the lead
  organisation, the goals served; each indicator's baseline, target and frequency). The submit service keeps it
  on the submission's `PlanStep.content`, in the same transaction as the move.
- `compare(old, new)` is the diff of two such contents, in plain Python: actions and indicators added, removed
  and changed, field by field (old → new). Actions are matched by id, then by number (a spreadsheet re-import
  keeps an action's id, an edit may renumber it); indicators by id, then by name within their action, then by
  position (a re-import writes indicators afresh).
- `shown_changes(...)` turns a diff into what the page prints, every value in the reader's language.
- `workflow_guide(user, plan)` says, from the workflow's transitions and the permission rules, who acts next in the
  plan's status and what the reader may do now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import Frequency

CONTENT_VERSION = 1

# The fields compared, in the order the page lists them, with their labels.
ACTION_FIELDS = {
    "ref": gettext_lazy("number"),
    "title": gettext_lazy("title"),
    "title_alt": gettext_lazy("title in the other language"),
    "start_date": gettext_lazy("start"),
    "end_date": gettext_lazy("end"),
    "lead": gettext_lazy("lead organisation"),
    "goals": gettext_lazy("goals served"),
}
INDICATOR_FIELDS = {
    "name": gettext_lazy("indicator"),
    "unit": gettext_lazy("unit"),
    "baseline": gettext_lazy("baseline"),
    "target": gettext_lazy("target"),
    "frequency": gettext_lazy("frequency"),
}
DATE_FIELDS = {"start_date", "end_date"}
NUMBER_FIELDS = {"baseline", "target"}


# --- reading a plan ---------------------------------------------------------------------------------------------

def _goal_label(goal) -> str:
    return f"{goal.framework.short_name or goal.framework.slug} {goal.number}"


def plan_content(plan) -> dict:
    """The plan's actions (in the plan's order) and their indicators, as JSON-safe values."""
    from .models import ActionGoal

    actions = plan.actions.select_related("lead").prefetch_related("indicators").order_by("position", "id")
    links: dict[int, list] = {}
    for link in ActionGoal.objects.filter(action__plan=plan).select_related("goal__framework").order_by(
            "goal__framework__slug", "goal__position", "goal__id"):
        links.setdefault(link.action_id, []).append(link.goal)
    rows = []
    for action in actions:
        goals = links.get(action.pk, [])
        rows.append({
            "id": action.pk, "ref": action.ref, "title": action.title, "title_alt": action.title_alt,
            "lang": action.lang,
            "start_date": action.start_date.isoformat() if action.start_date else None,
            "end_date": action.end_date.isoformat() if action.end_date else None,
            "lead": action.lead_id, "lead_name": str(action.lead) if action.lead_id else "",
            "goals": sorted(g.pk for g in goals), "goal_labels": {str(g.pk): _goal_label(g) for g in goals},
            "indicators": [
                {"id": i.pk, "name": i.name, "unit": i.unit, "baseline": str(i.baseline), "target": str(i.target),
                 "frequency": i.frequency}
                for i in sorted(action.indicators.all(), key=lambda i: (i.position, i.pk))
            ],
        })
    return {"version": CONTENT_VERSION, "actions": rows}


# --- the diff (plain Python) --------------------------------------------------------------------------------------

@dataclass
class Change:
    """One field of an action or indicator: its value before and after (as kept in the contents)."""

    field: str
    old: object
    new: object


@dataclass
class ItemDiff:
    """An action or an indicator that was added, removed or changed; `item` is its content (the new one, or the
    old one when it was removed)."""

    kind: str  # "added" | "removed" | "changed"
    item: dict
    changes: list[Change] = field(default_factory=list)
    indicators: list[ItemDiff] = field(default_factory=list)


def _same(name: str, old, new) -> bool:
    if name in NUMBER_FIELDS:
        try:
            return Decimal(str(old)) == Decimal(str(new))
        except (InvalidOperation, TypeError, ValueError):
            return old == new
    if name == "goals":
        return sorted(old or []) == sorted(new or [])
    return (old or None) == (new or None)  # "" and None alike: both are "nothing"


def _changes(old: dict, new: dict, names) -> list[Change]:
    return [Change(name, old.get(name), new.get(name)) for name in names
            if not _same(name, old.get(name), new.get(name))]


def _pair(old_items: list[dict], new_items: list[dict], keys) -> list[tuple[dict | None, dict | None]]:
    """Pairs (old, new) of items matched by each key function in turn; unmatched items pair with None. New items
    keep their order, removed ones follow."""
    matched: dict[int, int] = {}  # index in new → index in old
    free_old = set(range(len(old_items)))
    for key in keys:
        index: dict = {}
        for i in sorted(free_old):
            k = key(old_items[i], i)
            if k is not None:
                index.setdefault(k, i)
        for j, item in enumerate(new_items):
            if j in matched:
                continue
            k = key(item, j)
            if k is not None and k in index and index[k] in free_old:
                matched[j] = index[k]
                free_old.discard(index[k])
    pairs = [(old_items[matched[j]] if j in matched else None, item) for j, item in enumerate(new_items)]
    pairs += [(old_items[i], None) for i in sorted(free_old)]
    return pairs


def _diff_indicators(old: list[dict], new: list[dict]) -> list[ItemDiff]:
    pairs = _pair(old, new, [
        lambda item, i: item.get("id"),
        lambda item, i: (item.get("name") or "").strip().casefold() or None,
        lambda item, i: i,
    ])
    found = []
    for before, after in pairs:
        if before is None:
            found.append(ItemDiff("added", after))
        elif after is None:
            found.append(ItemDiff("removed", before))
        elif changes := _changes(before, after, INDICATOR_FIELDS):
            found.append(ItemDiff("changed", after, changes))
    return found


def compare(old: dict | None, new: dict | None) -> list[ItemDiff]:
    """What changed from one content (`plan_content`) to another: actions added, removed or changed (with their
    indicators), in the new content's order, removed actions last. [] when nothing changed."""
    old_actions = (old or {}).get("actions", [])
    new_actions = (new or {}).get("actions", [])
    pairs = _pair(old_actions, new_actions, [
        lambda item, i: item.get("id"),
        lambda item, i: item.get("ref") or None,
    ])
    found = []
    for before, after in pairs:
        if before is None:
            found.append(ItemDiff("added", after, indicators=[
                ItemDiff("added", i) for i in after.get("indicators", [])]))
        elif after is None:
            found.append(ItemDiff("removed", before))
        else:
            changes = _changes(before, after, ACTION_FIELDS)
            indicators = _diff_indicators(before.get("indicators", []), after.get("indicators", []))
            if changes or indicators:
                found.append(ItemDiff("changed", after, changes, indicators))
    return found


# --- what the page prints -----------------------------------------------------------------------------------------

@dataclass
class ShownChange:
    label: str
    old: str
    new: str
    lang: str = ""  # the values' own language, for text the plan's authors wrote


def _empty() -> str:
    return "—"


def _value(name: str, value, item: dict, organisations: dict, goals: dict, lead_name: str = "") -> str:
    """A value in the reader's language: dates in the page's format, numbers without needless decimals,
    frequencies in words, organisations and goals by their current names."""
    if value in (None, "", []):
        return _empty()
    if name in DATE_FIELDS:
        try:
            return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
        except (TypeError, ValueError):
            return str(value)
    if name in NUMBER_FIELDS:
        return floatformat(value, "-2")
    if name == "frequency":
        return str(Frequency(value).label) if value in Frequency.values else str(value)
    if name == "lead":
        org = organisations.get(value)
        return str(org) if org is not None else (lead_name or _empty())
    if name == "goals":
        labels = item.get("goal_labels", {})
        return ", ".join(goals[pk] if pk in goals else labels.get(str(pk), str(pk)) for pk in value)
    return str(value)


def _shown(changes: list[Change], labels: dict, old_item: dict, new_item: dict, organisations, goals,
           lang: str) -> list[ShownChange]:
    shown = []
    for change in changes:
        own_text = change.field in {"title", "title_alt", "name", "unit"}
        shown.append(ShownChange(
            label=capfirst(str(labels[change.field])),
            old=_value(change.field, change.old, old_item, organisations, goals, old_item.get("lead_name", "")),
            new=_value(change.field, change.new, new_item, organisations, goals, new_item.get("lead_name", "")),
            lang=lang if own_text else "",
        ))
    return shown


def shown_changes(diff: list[ItemDiff], old: dict | None, organisations: dict | None = None,
                  goals: dict | None = None) -> list[dict]:
    """The diff as the page lists it: per action its number, title, kind, changed fields (label, old, new) and
    indicators. `organisations` and `goals` map ids to current objects or labels (the reader's language);
    missing ones read from the content."""
    organisations, goals = organisations or {}, goals or {}
    old_by_id = {a.get("id"): a for a in (old or {}).get("actions", [])}
    old_by_ref = {a.get("ref"): a for a in (old or {}).get("actions", [])}
    rows = []
    for entry in diff:
        item = entry.item
        before = old_by_id.get(item.get("id")) or old_by_ref.get(item.get("ref")) or item
        lang = item.get("lang", "")
        indicators = [{
            "kind": ind.kind, "name": ind.item.get("name", ""), "lang": lang,
            "changes": _shown(ind.changes, INDICATOR_FIELDS, {}, {}, organisations, goals, lang),
        } for ind in entry.indicators]
        rows.append({
            "kind": entry.kind, "ref": item.get("ref", ""), "title": item.get("title", ""), "lang": lang,
            "dir": "rtl" if lang == "ar" else "ltr",
            "changes": _shown(entry.changes, ACTION_FIELDS, before, item, organisations, goals, lang),
            "indicators": indicators,
        })
    return rows


# --- the plan page's review panels --------------------------------------------------------------------------------

def changes_since_submission(user, plan) -> dict | None:
    """What the plan page shows its owner and reviewers while the plan is submitted or has changes requested:
    the changes from the submission before to the last one (submitted), or from the last submission to the plan
    as it is now (changes requested: what the owner changed since). None for other readers and statuses."""
    from accounts.models import Organisation
    from frameworks.models import Goal

    from . import permissions
    from .choices import PlanStatus

    if plan.status not in {PlanStatus.SUBMITTED, PlanStatus.CHANGES_REQUESTED}:
        return None
    if not permissions.can_see_changes(user, plan):
        return None
    # The last two submissions that kept their content (older ones are not read).
    submissions = list(plan.steps.filter(to_status=PlanStatus.SUBMITTED).exclude(content__isnull=True).order_by(
        "-at", "-id")[:2])[::-1]
    if plan.status == PlanStatus.SUBMITTED:
        if len(submissions) < 2:
            return {"first": True, "rows": [], "since": submissions[-1] if submissions else None, "live": False}
        before_step, old, new = submissions[-2], submissions[-2].content, submissions[-1].content
    else:
        if not submissions:
            return {"first": True, "rows": [], "since": None, "live": True}
        before_step, old, new = submissions[-1], submissions[-1].content, plan_content(plan)
    diff = compare(old, new)
    org_ids, goal_ids = set(), set()
    for content in (old, new):
        for action in content.get("actions", []):
            if action.get("lead"):
                org_ids.add(action["lead"])
            goal_ids.update(action.get("goals", []))
    organisations = Organisation.with_proposals.in_bulk(org_ids)
    goals = {g.pk: f"{g.framework.short_name or g.framework.slug} {g.number}"
             for g in Goal.with_proposals.filter(pk__in=goal_ids).select_related("framework")}
    return {"first": False, "rows": shown_changes(diff, old, organisations, goals), "since": before_step,
            "live": plan.status == PlanStatus.CHANGES_REQUESTED}


WHO = {
    "owner": gettext_lazy("the plan's owner"),
    "coordinator": gettext_lazy("a national coordinator"),
}
MOVE_LABELS = {
    "submit": gettext_lazy("Submit for approval"),
    "request_changes": gettext_lazy("Request changes"),
    "approve": gettext_lazy("Approve"),
    "start": gettext_lazy("Start implementation"),
    "complete": gettext_lazy("Mark completed"),
}


def workflow_guide(user, plan, *, may_report: bool = False) -> dict:
    """Who acts next in the plan's status and what the reader may do now, read from the workflow's transitions
    (`choices.TRANSITIONS`) and the permission tables (`permissions.MOVERS`, `EDITORS`, `COMMENTERS`)."""
    from core.workflow import guide

    from . import permissions
    from .choices import EDITABLE_STATUSES, TRANSITIONS

    who = {permissions.OWNER: {"label": str(WHO["owner"]), "name": str(plan.owner)},
           permissions.COORDINATOR: {"label": str(WHO["coordinator"]), "name": ""}}
    extra = []
    if permissions.can(user, "change", plan):
        extra.append(_("Edit the plan, its actions and indicators"))
    if permissions.can_comment(user, plan):
        extra.append(_("Comment on an action"))
    if may_report:
        extra.append(_("Report progress"))
    found = guide(
        status=plan.status, transitions=TRANSITIONS, movers=permissions.MOVERS, who=who, move_labels=MOVE_LABELS,
        may=lambda name: permissions.can(user, name, plan),
        editors=permissions.EDITORS if plan.status in EDITABLE_STATUSES else (), extra=extra,
    )
    last = plan.steps.select_related("actor").defer("content").order_by("-at", "-id").first()
    return {"guide": found, "last_step": last}


def attach_comments(user, plan, actions) -> None:
    """Give each action of the plan page its comments (oldest first, in one query) and whether the reader may add
    one. The caller shows the page only to readers who see the plan in full, who all read the comments."""
    from . import permissions
    from .models import ActionComment

    by_action: dict[int, list] = {}
    for comment in ActionComment.objects.filter(action__plan=plan).select_related("created_by", "organisation"):
        by_action.setdefault(comment.action_id, []).append(comment)
    may_comment = permissions.can_comment(user, plan)
    for action in actions:
        action.comment_list = by_action.get(action.pk, [])
        action.may_comment = may_comment
