"""Reads over the goal tree and crosswalks that other apps (practices, dashboards) build on."""

from .choices import CrosswalkStatus
from .models import Crosswalk, Goal


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
