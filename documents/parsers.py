"""Extra parsers for `wiqaya parse`, registered by the apps above this floor.

`wiqaya parse FILE` reads a compendium (practices, this floor's neighbour); apps on a higher floor add what
else a document can be read for — events adds `--recommendations` from `EventsConfig.ready` — without this
floor importing them (docs/decisions/0004-floors.md):

    register_parser("recommendations", parse_recommendations, describe=lines_of_one, help="…")

`parse(text) -> list[dict]` finds the things; `describe(thing) -> list[str]` gives the readable lines of one of
them (its first line is numbered by the command). No Django.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["DocumentParser", "register_parser", "registered_parsers"]


@dataclass(frozen=True)
class DocumentParser:
    name: str
    parse: Callable[[str], list[dict]]
    describe: Callable[[dict], list[str]]
    help: str = ""


_PARSERS: dict[str, DocumentParser] = {}


def register_parser(name: str, parse, *, describe, help: str = "") -> None:
    """Offer `wiqaya parse FILE --<name>`; registering a name again replaces it (apps' ready() may run twice)."""
    if not name.replace("-", "").isalnum():
        raise ValueError(f"a parser name is letters, digits and hyphens: {name!r}")
    _PARSERS[name] = DocumentParser(name, parse, describe, help)


def registered_parsers() -> list[DocumentParser]:
    """The registered parsers, by name."""
    return [_PARSERS[name] for name in sorted(_PARSERS)]
