"""Reads over the goal tree and crosswalks that other apps (practices, plans, dashboards) build on.

Frameworks knows no practice and no plan. What it counts or learns from records linked to goals comes from the
app that owns those links, which registers it from its `AppConfig.ready`: `register_linked_records` (what the
coverage view and the framework list count) and `register_example_source` (the goal suggester's confirmed
examples). The practices app registers both (`practices/queries.py`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q

from .choices import CrosswalkStatus
from .models import Crosswalk, Framework, Goal, Paragraph


def descendants_in(goals) -> dict[int, set[int]]:
    """{goal id: the goal and every goal under it}, over goals already loaded (no query; `with_descendants` asks
    the database)."""
    kids = defaultdict(list)
    for g in goals:
        kids[g.parent_id].append(g.pk)
    out = {}

    def walk(pk):
        if pk not in out:
            found = {pk}
            for child in kids.get(pk, ()):
                found |= walk(child)
            out[pk] = found
        return out[pk]

    for g in goals:
        walk(g.pk)
    return out


def with_descendants(goal_ids: set[int]) -> set[int]:
    """The goals themselves and every goal nested under them, at any depth."""
    ids, frontier = set(goal_ids), set(goal_ids)
    while frontier:
        frontier = set(Goal.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return ids


def crosswalked(goal_ids: set[int]) -> set[int]:
    """Goals linked to any of `goal_ids` by a confirmed crosswalk, in either direction (one step)."""
    confirmed = Crosswalk.objects.filter(status=CrosswalkStatus.CONFIRMED)
    forward = confirmed.filter(source_id__in=goal_ids).values_list("target_id", flat=True)
    backward = confirmed.filter(target_id__in=goal_ids).values_list("source_id", flat=True)
    return set(forward) | set(backward)


def goals_serving(goal: Goal) -> set[int]:
    """The goals whose practices are listed under `goal`: itself, its sub-goals, and the goals of other
    frameworks linked to any of them by a confirmed crosswalk (with their sub-goals)."""
    own = with_descendants({goal.pk})
    return own | with_descendants(crosswalked(own))


def goal_texts(framework):
    """The framework's top-level goals as the suggester sees them: titles, descriptions, paragraph texts."""
    from .suggest import GoalText

    goals = Goal.objects.filter(framework=framework, parent=None).prefetch_related("paragraphs").order_by("position")
    return [
        GoalText(
            number=g.number, title_en=g.title_en, title_ar=g.title_ar, description_en=g.description_en,
            description_ar=g.description_ar, paragraphs=[p.text for p in g.paragraphs.all()],
        )
        for g in goals
    ]


def top_goal_numbers(goal_ids: set[int]) -> dict[int, str]:
    """For each goal id, the number of its top-level ancestor (goal suggestions work at the top level)."""
    parents = dict(Goal.objects.values_list("pk", "parent_id"))
    numbers = dict(Goal.objects.filter(parent=None).values_list("pk", "number"))
    result = {}
    for goal_id in goal_ids:
        top = goal_id
        while parents.get(top):
            top = parents[top]
        result[goal_id] = numbers.get(top)
    return result


@dataclass(frozen=True)
class LinkedRecords:
    """Records that people link to goals, as the coverage view and the framework list count them."""

    links_visible_to: Callable  # user -> queryset of link rows (each with a goal_id) the user may see
    record_field: str  # the link's field that names the record, e.g. "practice_id"


_linked_records: LinkedRecords | None = None
_example_sources: list[Callable] = []


def register_linked_records(linked: LinkedRecords) -> None:
    global _linked_records
    _linked_records = linked


def register_example_source(source: Callable) -> None:
    """`source(framework, exclude_practice_id=None)` returns confirmed `suggest.Example`s for that framework."""
    if source not in _example_sources:
        _example_sources.append(source)


def visible_links(user):
    """The goal links of the records `user` may see (None while no app registered any)."""
    return _linked_records.links_visible_to(user) if _linked_records else None


def confirmed_examples(framework, exclude_practice_id: int | None = None) -> list:
    """Records people have linked to this framework's goals, as the suggester's confirmed examples."""
    return [example for source in _example_sources
            for example in source(framework, exclude_practice_id=exclude_practice_id)]


def suggester_for(framework, exclude_practice_id: int | None = None):
    from .suggest import GoalSuggester

    return GoalSuggester(goal_texts(framework), confirmed_examples(framework, exclude_practice_id))


# Reads over the tree (in memory, a fixed number of queries, whatever the depth)


def readable(model, reader=None):
    """Frameworks, goals or paragraphs as `reader` may see them: accepted ones and the proposals the reader may
    see; only accepted ones when no reader is given."""
    if reader is None:
        return model.objects.all()
    from .permissions import visible_to

    return visible_to(reader, model.with_proposals.all())


def goal_tree(framework: Framework, *, with_paragraphs: bool = True, reader=None) -> list[Goal]:
    """The framework's top-level goals in order; each goal gets `tree_children`, `path` ("1.2"), `depth`
    (0 at the top) and, with `with_paragraphs`, `paragraph_list`. Accepted goals and paragraphs, with the
    proposals `reader` may see when a reader is given."""
    goals = list(readable(Goal, reader).filter(framework=framework).order_by("position", "id"))
    paragraphs: dict[int, list] = {}
    if with_paragraphs:
        for paragraph in readable(Paragraph, reader).filter(goal__framework=framework).order_by("number"):
            paragraphs.setdefault(paragraph.goal_id, []).append(paragraph)
    children: dict[int | None, list] = {}
    for goal in goals:
        goal.framework = framework
        goal.tree_children = []
        goal.paragraph_list = paragraphs.get(goal.pk, [])
        children.setdefault(goal.parent_id, []).append(goal)

    def place(goal, prefix, depth):
        goal.path = f"{prefix}.{goal.number}" if prefix else goal.number
        goal.depth = depth
        goal.tree_children = children.get(goal.pk, [])
        for child in goal.tree_children:
            place(child, goal.path, depth + 1)

    roots = children.get(None, [])
    for root in roots:
        place(root, "", 0)
    return roots


def walk_tree(roots: list[Goal]):
    """Every goal of a `goal_tree`, parents before children, siblings in order."""
    for goal in roots:
        yield goal
        yield from walk_tree(goal.tree_children)


def goal_subtree_ids(goal: Goal) -> set[int]:
    """The goal and every goal nested under it."""
    return with_descendants({goal.pk})


def linked_counts(links) -> dict[int, int]:
    """{framework id: number of records among `links` (a queryset of goal links) linked to any of its goals}."""
    if links is None:
        return {}
    rows = (links.values("goal__framework_id")
            .annotate(n=Count(_linked_records.record_field, distinct=True)))
    return {row["goal__framework_id"]: row["n"] for row in rows}


class CoverageRow:
    """One goal of the coverage table: records (practices) linked directly (the goal or its sub-goals), through
    confirmed crosswalk links (goals of other frameworks linked to it, with their sub-goals), and in all."""

    def __init__(self, goal: Goal, direct: int, via: int, total: int):
        self.goal, self.direct, self.via, self.total = goal, direct, via, total

    @property
    def is_gap(self) -> bool:
        return self.total == 0


def coverage(framework: Framework, *, links, reader=None) -> list[CoverageRow]:
    """The coverage view's rows, in tree order, counting only the records of `links` (a queryset of goal links:
    pass `visible_links(user)`, what the reader may see; None counts nothing).

    The same goal sets as the practice list's goal filter (`frameworks.queries.goals_serving`): the total of
    a row is what `?goal=<id>` lists.
    """
    roots = goal_tree(framework, with_paragraphs=False, reader=reader)
    goals = list(walk_tree(roots))
    crosswalk_links = list(Crosswalk.objects.filter(status=CrosswalkStatus.CONFIRMED).filter(
        Q(source__framework=framework) | Q(target__framework=framework)
    ).values_list("source_id", "target_id", "source__framework_id", "target__framework_id"))
    partners: dict[int, set[int]] = {}
    framework_ids = {framework.pk}
    for source_id, target_id, source_framework, target_framework in crosswalk_links:
        partners.setdefault(source_id, set()).add(target_id)
        partners.setdefault(target_id, set()).add(source_id)
        framework_ids |= {source_framework, target_framework}
    children: dict[int, list[int]] = {}
    for pk, parent_id in Goal.objects.filter(framework_id__in=framework_ids).values_list("pk", "parent_id"):
        if parent_id is not None:
            children.setdefault(parent_id, []).append(pk)

    def subtree(ids) -> set[int]:
        found, frontier = set(ids), list(ids)
        while frontier:
            frontier = [c for pk in frontier for c in children.get(pk, []) if c not in found]
            found.update(frontier)
        return found

    own = {goal.pk: subtree({goal.pk}) for goal in goals}
    via = {pk: subtree({p for g in ids for p in partners.get(g, ())}) - ids for pk, ids in own.items()}
    relevant = set().union(*own.values(), *via.values()) if own else set()
    by_goal: dict[int, set[int]] = {}
    if links is not None:
        for goal_id, record_id in links.filter(goal_id__in=relevant).values_list(
            "goal_id", _linked_records.record_field
        ):
            by_goal.setdefault(goal_id, set()).add(record_id)

    def practices_of(ids) -> set[int]:
        return set().union(*(by_goal.get(pk, set()) for pk in ids)) if ids else set()

    rows = []
    for goal in goals:
        direct, through = practices_of(own[goal.pk]), practices_of(via[goal.pk])
        rows.append(CoverageRow(goal, len(direct), len(through), len(direct | through)))
    return rows
