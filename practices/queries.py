"""Reads over practices that other apps build on: what the goal suggester learns from, what the coverage view
and the framework list count. Registered with `frameworks.queries` from `PracticesConfig.ready`, so that the
frameworks app (a lower floor) shows practice figures without importing this app."""

from __future__ import annotations

from django.db.models import Prefetch

from frameworks import permissions as frameworks_permissions
from frameworks import queries as framework_queries
from frameworks.models import Paragraph
from frameworks.suggest import Example

from .models import Practice, PracticeGoal
from .permissions import visible_to


def goal_links_for(user) -> Prefetch:
    """A practice's goal links as `user` may see them: a link to a proposal (a goal an import created from
    another organisation's private document, whose title may quote it) is left out, and so is a proposed
    paragraph. The page, the list and the API show the same links."""
    links = frameworks_permissions.visible_to(user, PracticeGoal.objects.all(), field="goal__proposed_by")
    links = frameworks_permissions.visible_to(user, links, field="goal__framework__proposed_by")
    paragraphs = frameworks_permissions.visible_to(user, Paragraph.with_proposals.all())
    return Prefetch("goal_links", queryset=links.select_related("goal__framework").prefetch_related(
        Prefetch("paragraphs", queryset=paragraphs)))


def practice_text(practice) -> str:
    """What a practice is matched on: its name and compendium fields, in its own language."""
    fields = [practice.name, practice.activity, practice.objectives, practice.description, practice.beneficiaries]
    return "\n".join(f for f in fields if f)


def confirmed_examples(framework, exclude_practice_id: int | None = None) -> list[Example]:
    """Practices people have linked to this framework's goals — entered, imported or accepted suggestions —
    as the suggester's confirmed examples."""
    links = PracticeGoal.objects.filter(goal__framework=framework).select_related("practice")
    if exclude_practice_id is not None:
        links = links.exclude(practice_id=exclude_practice_id)
    tops = framework_queries.top_goal_numbers({link.goal_id for link in links})
    by_practice: dict[int, tuple] = {}
    for link in links:
        _practice, goals = by_practice.setdefault(link.practice_id, (link.practice, set()))
        goals.add(tops[link.goal_id])
    return [
        Example(text=practice_text(practice), goals=sorted(goals), label=practice.name)
        for practice, goals in by_practice.values()
    ]


def goal_links(practices):
    """The goal links of `practices` (a queryset), as `frameworks.queries.coverage` counts them."""
    return PracticeGoal.objects.filter(practice__in=practices)


def goal_links_visible_to(user):
    return goal_links(visible_to(user, Practice.objects.all()))


def coverage(framework, *, practices) -> list[framework_queries.CoverageRow]:
    """The coverage rows of `framework` counting only `practices` (pass what the reader may see)."""
    return framework_queries.coverage(framework, links=goal_links(practices))


def practice_counts(practices) -> dict[int, int]:
    """{framework id: number of the given practices linked to any of its goals}."""
    return framework_queries.linked_counts(goal_links(practices))


LINKED_PRACTICES = framework_queries.LinkedRecords(links_visible_to=goal_links_visible_to, record_field="practice_id")


def organisation_practices(user, organisation) -> int:
    """How many practices of `organisation` `user` may see: the directory's count (`directory.queries`)."""
    return visible_to(user, Practice.objects.filter(organisation=organisation)).count()
