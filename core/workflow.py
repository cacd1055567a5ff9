"""A workflow that explains itself: in a record's status, who acts next and what the reader may do.

Each app keeps its workflow as a table of moves (`TRANSITIONS`: (from, to) → move name) and says in its
permissions who makes each move (`MOVERS`: move name → the kinds of people, such as "owner" or "coordinator",
that its `can()` reads too). `guide()` reads both and the reader's own permissions, so the words follow the
rules: nothing here knows a role or a status.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _


def who_html(who: list) -> SafeString:
    """"the plan's owner (<bdi>Nineveh Sub-committee</bdi>) or a national coordinator": labels joined with "or",
    each organisation's name isolated."""
    parts = [format_html("{} (<bdi>{}</bdi>)", w["label"], w["name"]) if w.get("name") else format_html(
        "{}", w["label"]) for w in who]
    return format_html_join(format_html(" {} ", _("or")), "{}", ((p,) for p in parts))


@dataclass
class Group:
    """Some kinds of people and the moves they may make now."""

    who: list  # [{"label": str, "name": str}], name: an organisation's name, shown isolated, or ""
    moves: list[str]  # the moves' labels, as the buttons read
    yours: bool = False  # the reader may make these moves

    @property
    def who_html(self) -> SafeString:
        return who_html(self.who)


@dataclass
class Guide:
    lead: Group | None  # whoever makes the status's first move: the one the record waits for
    others: list[Group] = field(default_factory=list)  # who may also move it, and how
    yours: list[str] = field(default_factory=list)  # everything the reader may do now, as the buttons read
    editors: list = field(default_factory=list)  # who may still edit in this status, as `who`
    final: bool = False  # no move leaves this status

    @property
    def editors_html(self) -> SafeString:
        return who_html(self.editors)


def guide(*, status, transitions: dict, movers: dict, who: dict, move_labels: dict, may, editors=(),
          extra=(), resting: bool = False) -> Guide:
    """`who`: kind → {"label", "name"}; `may(move)`: whether the reader may make the move now; `editors`: the
    kinds who may edit in this status (empty when nobody may); `extra`: labels of what else the reader may do
    (add a comment, report progress), appended to `yours`; `resting`: the status waits for nobody (a published
    practice), its moves are only possible."""
    moves = [name for (src, _dst), name in transitions.items() if src == status]
    by_kind: dict[str, list[str]] = {}
    for name in moves:
        for kind in who:
            if kind in movers.get(name, ()):
                by_kind.setdefault(kind, []).append(name)
    groups: list[tuple[list[str], list[str]]] = []  # (kinds, moves), kinds with the same moves merged
    for kind, names in by_kind.items():
        for kinds, same in groups:
            if same == names:
                kinds.append(kind)
                break
        else:
            groups.append(([kind], names))
    built = [Group(who=[who[k] for k in kinds], moves=[str(move_labels[n]) for n in names],
                   yours=all(may(n) for n in names)) for kinds, names in groups]
    lead = None if resting else next(
        (g for g, (_kinds, names) in zip(built, groups, strict=True) if moves and moves[0] in names), None)
    return Guide(
        lead=lead,
        others=[g for g in built if g is not lead],
        yours=[str(move_labels[n]) for n in moves if may(n)] + [str(e) for e in extra],
        editors=[who[k] for k in editors if k in who],
        final=not moves,
    )
