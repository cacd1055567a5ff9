"""The start page's panels: each app registers what a role finds waiting for it after login.

`register_panel(key, template, context_fn, roles=…, test=…, order=…)` from an app's `AppConfig.ready`: the page
(`/start/`, where login leads when no other page was asked for) shows, in `order`, every panel whose `roles` (any
of these role codes) or `test(user)` admits the reader and whose `context_fn(request)` returns a context (None
leaves the panel out). A panel reads only what its app's `visible_to` allows, in a fixed number of queries.
Core knows no role and no app: it only asks `user.has_role(...)`. Plans and practices register theirs today;
the support desk adds its queue as a panel of its own, for hub experts and coordinators.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context_fn: Callable
    roles: frozenset = frozenset()
    test: Callable | None = None
    order: int = 100

    def admits(self, user) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        if self.test is not None and not self.test(user):
            return False
        return not self.roles or user.has_role(*self.roles)


_PANELS: dict[str, Panel] = {}


def register_panel(key: str, template: str, context_fn: Callable, *, roles=(), test: Callable | None = None,
                   order: int = 100) -> None:
    """Add (or replace, by key) a panel of the start page."""
    _PANELS[key] = Panel(key, template, context_fn, frozenset(str(r) for r in roles), test, order)


def registered_panels() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


def panels_for(request) -> list[dict]:
    """[{key, template, **context}] of the panels the request's user sees, in order."""
    shown = []
    for panel in registered_panels():
        if not panel.admits(request.user):
            continue
        context = panel.context_fn(request)
        if context is None:
            continue
        shown.append({"key": panel.key, "template": panel.template, **context})
    return shown
