"""Reads over the goal tree and crosswalks that other apps (practices, dashboards) build on."""

from django.db.models import Count, Q

from .choices import CrosswalkStatus
from .models import Crosswalk, Framework, Goal, Paragraph


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


def confirmed_examples(framework, exclude_practice_id: int | None = None):
    """Practices people have linked to this framework's goals — entered, imported or accepted suggestions —
    as the suggester's confirmed examples."""
    from practices.models import PracticeGoal

    from .suggest import Example

    links = PracticeGoal.objects.filter(goal__framework=framework).select_related("practice")
    if exclude_practice_id is not None:
        links = links.exclude(practice_id=exclude_practice_id)
    tops = top_goal_numbers({link.goal_id for link in links})
    by_practice: dict[int, tuple] = {}
    for link in links:
        _practice, goals = by_practice.setdefault(link.practice_id, (link.practice, set()))
        goals.add(tops[link.goal_id])
    return [
        Example(text=practice_text(practice), goals=sorted(goals), label=practice.name)
        for practice, goals in by_practice.values()
    ]


def practice_text(practice) -> str:
    """What a practice is matched on: its name and compendium fields, in its own language."""
    fields = [practice.name, practice.activity, practice.objectives, practice.description, practice.beneficiaries]
    return "\n".join(f for f in fields if f)


def suggester_for(framework, exclude_practice_id: int | None = None):
    from .suggest import GoalSuggester

    return GoalSuggester(goal_texts(framework), confirmed_examples(framework, exclude_practice_id))


# Reads over the tree (in memory, a fixed number of queries, whatever the depth)


def goal_tree(framework: Framework, *, with_paragraphs: bool = True) -> list[Goal]:
    """The framework's top-level goals in order; each goal gets `tree_children`, `path` ("1.2"), `depth`
    (0 at the top) and, with `with_paragraphs`, `paragraph_list`."""
    goals = list(Goal.objects.filter(framework=framework).order_by("position", "id"))
    paragraphs: dict[int, list] = {}
    if with_paragraphs:
        for paragraph in Paragraph.objects.filter(goal__framework=framework).order_by("number"):
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


def practice_counts(practices) -> dict[int, int]:
    """{framework id: number of the given practices linked to any of its goals}."""
    from practices.models import PracticeGoal

    rows = (PracticeGoal.objects.filter(practice__in=practices).values("goal__framework_id")
            .annotate(n=Count("practice_id", distinct=True)))
    return {row["goal__framework_id"]: row["n"] for row in rows}


class CoverageRow:
    """One goal of the coverage table: practices linked directly (the goal or its sub-goals), through
    confirmed crosswalk links (goals of other frameworks linked to it, with their sub-goals), and in all."""

    def __init__(self, goal: Goal, direct: int, via: int, total: int):
        self.goal, self.direct, self.via, self.total = goal, direct, via, total

    @property
    def is_gap(self) -> bool:
        return self.total == 0


def coverage(framework: Framework, *, practices) -> list[CoverageRow]:
    """The coverage view's rows, in tree order, counting only `practices` (pass what the reader may see).

    The same goal sets as the practice list's goal filter (`frameworks.queries.goals_serving`): the total of
    a row is what `?goal=<id>` lists.
    """
    from practices.models import PracticeGoal

    roots = goal_tree(framework, with_paragraphs=False)
    goals = list(walk_tree(roots))
    links = list(Crosswalk.objects.filter(status=CrosswalkStatus.CONFIRMED).filter(
        Q(source__framework=framework) | Q(target__framework=framework)
    ).values_list("source_id", "target_id", "source__framework_id", "target__framework_id"))
    partners: dict[int, set[int]] = {}
    framework_ids = {framework.pk}
    for source_id, target_id, source_framework, target_framework in links:
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
    for goal_id, practice_id in PracticeGoal.objects.filter(
        goal_id__in=relevant, practice__in=practices
    ).values_list("goal_id", "practice_id"):
        by_goal.setdefault(goal_id, set()).add(practice_id)

    def practices_of(ids) -> set[int]:
        return set().union(*(by_goal.get(pk, set()) for pk in ids)) if ids else set()

    rows = []
    for goal in goals:
        direct, through = practices_of(own[goal.pk]), practices_of(via[goal.pk])
        rows.append(CoverageRow(goal, len(direct), len(through), len(direct | through)))
    return rows
