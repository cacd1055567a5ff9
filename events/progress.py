"""How far recommendations are carried out, computed, never typed twice.

A recommendation that plan actions carry (`RecommendationAction`) takes its progress from those actions, as the
plan computes it (`plans.queries.actions_progress`: indicators rolled up through sub-actions), the mean of its
linked actions that are not cancelled; its last update is the latest progress update of their indicators (and of
their sub-actions'). Any other recommendation takes the progress of its latest update that gives one.

`computed` answers for any number of recommendations in a fixed number of queries (at most six), whatever their
number; `computed_progress` is its progress alone. The services cache the result in `Recommendation.progress` and
`last_update_on` (what lists and flags read).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, OuterRef, QuerySet, Subquery

from plans.choices import ActionStatus
from plans.models import Action, ProgressUpdate
from plans.queries import actions_progress

from .models import Recommendation, RecommendationAction, Update


@dataclass(frozen=True)
class Computed:
    progress: int | None  # percent, 0–100; None: nothing reported yet
    last_update_on: object  # a date, or None
    carried: bool  # plan actions carry it: its progress comes from them


def _ids(recommendations):
    """A queryset's ids as a subquery (no list is read), else the ids of the records or numbers given."""
    if isinstance(recommendations, QuerySet):
        return recommendations.values("pk")
    return [r if isinstance(r, int) else r.pk for r in recommendations]


def _percent(share: float | None) -> int | None:
    return None if share is None else max(0, min(100, round(share * 100)))


def _descendants(plan_ids) -> dict[int, list[int]]:
    children = defaultdict(list)
    for pk, parent in Action.objects.filter(plan__in=plan_ids).values_list("pk", "parent_id"):
        if parent:
            children[parent].append(pk)
    return children


def carried_figures(recommendations) -> dict[int, Computed]:
    """{recommendation id: Computed} for the recommendations of those given that plan actions carry (four
    queries when any is carried, one otherwise)."""
    links = list(RecommendationAction.objects.filter(recommendation__in=_ids(recommendations))
                 .values_list("recommendation_id", "action_id", "action__plan_id", "action__status"))
    if not links:
        return {}
    plan_ids = sorted({plan for _rec, _action, plan, _status in links})
    share = actions_progress(plan_ids)
    children = _descendants(plan_ids)
    # Each linked action with its sub-actions, for the dates of their indicators' updates.
    under = {}
    for _rec, action, _plan, _status in links:
        if action not in under:
            seen, todo = set(), [action]
            while todo:
                node = todo.pop()
                if node not in seen:
                    seen.add(node)
                    todo.extend(children.get(node, ()))
            under[action] = seen
    everything = set().union(*under.values())
    latest = dict(ProgressUpdate.objects.filter(indicator__action__in=everything)
                  .values("indicator__action_id").annotate(last=Max("date"))
                  .values_list("indicator__action_id", "last"))
    by_rec = defaultdict(list)
    for rec, action, _plan, status in links:
        by_rec[rec].append((action, status))
    result = {}
    for rec, actions in by_rec.items():
        live = [a for a, status in actions if status != ActionStatus.CANCELLED] or [a for a, _s in actions]
        shares = [share.get(a) for a in live if share.get(a) is not None]
        dates = [latest[node] for a, _s in actions for node in under[a] if node in latest]
        result[rec] = Computed(progress=_percent(sum(shares) / len(shares)) if shares else None,
                               last_update_on=max(dates) if dates else None, carried=True)
    return result


def computed(recommendations) -> dict[int, Computed]:
    """{recommendation id: Computed} for every recommendation given (records, ids or a queryset)."""
    ids = _ids(recommendations)
    result = carried_figures(ids)
    latest = Update.objects.filter(recommendation=OuterRef("pk")).order_by("-date", "-pk")
    reported = latest.filter(progress__isnull=False)
    rows = (Recommendation.objects.filter(pk__in=ids)
            .annotate(reported=Subquery(reported.values("progress")[:1]),
                      last_date=Subquery(latest.values("date")[:1]))
            .values_list("pk", "reported", "last_date"))
    for pk, progress, last in rows:
        if pk not in result:
            result[pk] = Computed(progress=progress, last_update_on=last, carried=False)
    return result


def computed_progress(recommendations) -> dict[int, int | None]:
    """{recommendation id: progress in percent, or None}: from the linked plan actions for those they carry, from
    the latest update that gives one for the others. A fixed number of queries."""
    return {pk: figures.progress for pk, figures in computed(recommendations).items()}


def is_carried(recommendation) -> bool:
    """Plan actions carry it: its progress comes from them, and no update of its own is typed."""
    return RecommendationAction.objects.filter(recommendation=recommendation).exists()
