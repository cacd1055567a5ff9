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
