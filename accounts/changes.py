"""Who is told when an organisation changes: apps above accounts keep something of it up to date (the directory
keeps the organisation's search entry) and register a listener here from their `AppConfig.ready`, so accounts
imports none of them (docs/decisions/0004-floors.md).

Not a service: `accounts.services` calls `organisation_changed` / `organisation_removed` inside its own
transaction, after its own permission check, so what the listeners write changes with the organisation or not
at all.
"""

from __future__ import annotations

from collections.abc import Callable

_changed: list[Callable] = []
_removed: list[Callable] = []


def register_listener(*, changed: Callable, removed: Callable) -> None:
    """`changed(organisation)` after an organisation is created, edited, accepted or receives a merge;
    `removed(kind, pk)` before a merged proposal is deleted."""
    if changed not in _changed:
        _changed.append(changed)
    if removed not in _removed:
        _removed.append(removed)


def organisation_changed(organisation) -> None:
    for listener in _changed:
        listener(organisation)


def organisation_removed(organisation) -> None:
    for listener in _removed:
        listener(organisation.kind, organisation.pk)
