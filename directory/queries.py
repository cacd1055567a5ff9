"""What an organisation's directory page counts, each count a link to the list it comes from, filtered to the
organisation.

Practices and plans sit on other floors (`docs/decisions/0004-floors.md`): each registers what it counts from its
`AppConfig.ready` with `register_organisation_count`. (A network's members are counted on its page, each count
a link to the members with that status.)"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class OrganisationCount:
    """`count(user, organisation)`: how many records the user may see; `url(organisation)`: their list, filtered
    to the organisation (a filter that exists on that list); `words(n)`: the count in words, "3 practices"."""

    key: str
    count: Callable
    url: Callable
    words: Callable


_COUNTS: list[OrganisationCount] = []


def register_organisation_count(key: str, *, count: Callable, url: Callable, words: Callable) -> None:
    if all(existing.key != key for existing in _COUNTS):
        _COUNTS.append(OrganisationCount(key, count, url, words))


def organisation_counts(user, organisation) -> list[dict]:
    """The organisation's counts that are not zero, in words, each with the link to the records counted."""
    rows = []
    for item in _COUNTS:
        n = item.count(user, organisation)
        if n:
            rows.append({"key": item.key, "count": n, "words": item.words(n), "url": item.url(organisation)})
    return rows
