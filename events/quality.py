"""The quality check of a recommendation: the five things it needs to be followed up (`choices.Quality`).

- a lead owner;
- a due date;
- a place: named governorates or districts, or marked national;
- a framework goal;
- a measurable result: an indicator of a plan action that carries it, or a "done when" sentence.

`assess` reads; the services store its result (`quality`, `quality_missing`) on every write through
`refresh_quality`, so that the quality queue is an indexed filter.
"""

from __future__ import annotations

from .choices import OwnerRole, Quality

MAX_SCORE = len(Quality.values)


def assess(recommendation) -> tuple[int, list[str]]:
    """(score 0–5, the missing `Quality` values in the order of `Quality`) of a saved recommendation."""
    from plans.models import Indicator

    missing = []
    if not recommendation.owners.filter(role=OwnerRole.LEAD).exists():
        missing.append(Quality.LEAD.value)
    if recommendation.due_date is None:
        missing.append(Quality.DUE.value)
    if not recommendation.national and not recommendation.places.exists():
        missing.append(Quality.PLACE.value)
    if not recommendation.goals.exists():
        missing.append(Quality.GOAL.value)
    measured = bool((recommendation.done_when or "").strip()) or Indicator.objects.filter(
        action__in=recommendation.actions.all()).exists()
    if not measured:
        missing.append(Quality.RESULT.value)
    return MAX_SCORE - len(missing), missing


def refresh_quality(recommendation) -> None:
    """Store the check's result on the recommendation (called inside the writes' transactions; no version is
    counted: the score follows from what was written)."""
    score, missing = assess(recommendation)
    if (recommendation.quality, recommendation.quality_missing) != (score, missing):
        type(recommendation).objects.filter(pk=recommendation.pk).update(quality=score, quality_missing=missing)
    recommendation.quality, recommendation.quality_missing = score, missing


def missing_labels(recommendation) -> list[str]:
    """The missing things in words, for pages."""
    return [str(Quality(value).label) for value in recommendation.quality_missing or () if value in Quality.values]
