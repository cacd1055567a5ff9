"""Who is acting: a person (a user, logged in or not) or the installation itself — never `None`.

Every service function takes `actor=` keyword-only and asks its app's permission rules about it. A person is
answered by their roles. System work — `wiqaya setup` loading reference data, the demo loader, the daily purge,
a command the operator runs without `--as` — passes `system("what it is doing")`: the permission rules let it
through, and the audit log records it as the system with that reason instead of a user.

`None` is refused with a TypeError wherever a rule is asked about it: it used to mean "skip every check" in one
app, "refuse" in another and a crash in a third.
"""

from __future__ import annotations


class SystemActor:
    """The installation acting on its own behalf. It belongs to no organisation and has no session."""

    is_authenticated = False  # no session and no organisation: what permissions ask is `is_system()`
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def __init__(self, reason: str = "system"):
        self.reason = (reason or "system")[:100]

    def __str__(self) -> str:
        return f"system ({self.reason})"

    def __repr__(self) -> str:
        return f"SystemActor({self.reason!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, SystemActor) and other.reason == self.reason

    def __hash__(self) -> int:
        return hash(("system", self.reason))

    def organisation_ids(self) -> set[int]:
        return set()

    def roles(self) -> set[str]:
        return set()

    def has_role(self, *roles: str) -> bool:
        return False

    def get_username(self) -> str:
        return ""


def system(reason: str) -> SystemActor:
    """The actor for system work, with the reason the audit log keeps (e.g. "setup", "demo data")."""
    return SystemActor(reason)


def is_system(actor) -> bool:
    """True for the system actor, False for a user (anonymous included); TypeError for None.

    Every app's `can()` and `visible_to()` start with this question, so a missing actor fails loudly at the
    first permission check instead of meaning something."""
    if actor is None:
        raise TypeError("No actor: pass the user who acts, or core.actors.system(reason) for system work.")
    return isinstance(actor, SystemActor)
