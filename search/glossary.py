"""The bilingual glossary in keyword search: a query's words that match a glossary term bring the term's other
forms — the other language's term, variants, French — into the keyword search as alternatives (OR).

"returnees reintegration" then also finds Arabic records that say العائدين and إعادة الإدماج. Terms and their
forms are compared as search terms (search.text: Arabic normalised and lightly stemmed, English stemmed, stop
words left out), longest phrase first. A form of several words is searched as a phrase. The share of the query's
words a record covers (engine fusion) counts a word as covered when the record holds the word or one of the
alternatives of the glossary term it belongs to.

Only curated terms count (the glossary app's published terms). The glossary is built once per change: a
cheap count-and-latest-change stamp of the table is compared on each query, so a coordinator's edit in one
process reaches every other. `wiqaya eval search` uses the shipped glossary file instead, so that its figures
do not depend on a database's edits.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import Count, Max, Q

from glossary.choices import Status
from glossary.models import GlossaryTerm, lines
from glossary.queries import shipped_entries

from .text import terms as text_terms


@dataclass
class Expansion:
    """What a query looks for once expanded: `terms` (the query's terms, then the alternatives, a phrase as its
    words joined by a space) and, for each of the query's terms, the alternatives that cover it."""

    terms: list[str]
    groups: list[tuple[str, frozenset[str]]]

    def words(self) -> list[str]:
        """Every single word looked for (a phrase's words one by one), for highlighting; a phrase's short
        words (French "de", "la") only when the query has them."""
        asked = {t for t, _a in self.groups}
        return list(dict.fromkeys(w for t in self.terms for w in t.split() if len(w) > 2 or w in asked))

    def coverage(self, held: set[str], also: dict[str, frozenset[str]] | None = None) -> float:
        """The share of the query's terms a record holding the terms `held` covers; `also` gives a term more
        alternatives (a place's names in other scripts, search.places)."""
        if not self.groups:
            return 0.0
        also = also or {}
        covered = sum(1 for term, alternatives in self.groups
                      if term in held or any(set(a.split()) <= held for a in alternatives | also.get(term, frozenset())))
        return covered / len(self.groups)


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text_terms(text, keep_stopwords=False) or text_terms(text)))


class Glossary:
    """Term groups (each the forms of one glossary term, in every language) indexed by their search terms."""

    def __init__(self, groups: list[list[str]]):
        self.forms: list[list[tuple[str, ...]]] = []
        self.index: dict[tuple[str, ...], set[int]] = {}
        for forms in groups:
            phrases = list(dict.fromkeys(p for p in (_phrase(f) for f in forms) if p))
            if len(phrases) < 2:
                continue
            number = len(self.forms)
            self.forms.append(phrases)
            for phrase in phrases:
                self.index.setdefault(phrase, set()).add(number)
        self.longest = max((len(p) for p in self.index), default=0)

    def __len__(self) -> int:
        return len(self.forms)

    @classmethod
    def from_entries(cls, entries: list[dict]) -> Glossary:
        """From the shipped data file's entries (or any dicts with the same keys)."""
        def forms(entry: dict) -> list[str]:
            found = [entry.get("term_en", ""), entry.get("term_ar", ""), entry.get("term_fr", "")]
            for name in ("variants_en", "variants_ar"):
                value = entry.get(name) or []
                found += value if isinstance(value, list) else lines(value)
            return [f for f in found if f]
        return cls([forms(e) for e in entries])

    def expand(self, query_terms: list[str]) -> Expansion | None:
        """The expansion of a query's terms (search.text.query_terms); None when no term is in the glossary."""
        alternatives: list[set[str]] = [set() for _ in query_terms]
        position, matched = 0, False
        while position < len(query_terms):
            for size in range(min(self.longest, len(query_terms) - position), 0, -1):
                span = tuple(query_terms[position:position + size])
                if span in self.index:
                    found = {" ".join(p) for n in self.index[span] for p in self.forms[n]} - {" ".join(span)}
                    for k in range(position, position + size):
                        alternatives[k] |= found
                    position += size
                    matched = True
                    break
            else:
                position += 1
        if not matched:
            return None
        extra = [a for group in alternatives for a in sorted(group) if a not in query_terms]
        return Expansion(terms=list(dict.fromkeys([*query_terms, *extra])),
                         groups=[(t, frozenset(a)) for t, a in zip(query_terms, alternatives, strict=True)])


_lock = threading.Lock()
_cached: dict[str, tuple[tuple, Glossary]] = {}
_shipped: list[Glossary] = []


def shipped() -> Glossary:
    """The glossary of the shipped data file (what `wiqaya eval search` measures with)."""
    if not _shipped:
        _shipped.append(Glossary.from_entries(shipped_entries()))
    return _shipped[0]


def current(using: str = "default") -> Glossary | None:
    """The installation's curated glossary, rebuilt when the table changed; None where it has no table yet."""
    try:
        stamp = GlossaryTerm.objects.using(using).aggregate(
            n=Count("id"), curated=Count("id", filter=Q(status=Status.CURATED)), last=Max("updated_at"))
    except DatabaseError:
        if connections[using].in_atomic_block:
            raise
        return None
    key = (stamp["n"], stamp["curated"], str(stamp["last"]))
    with _lock:
        held = _cached.get(using)
        if held and held[0] == key:
            return held[1]
    terms = GlossaryTerm.objects.using(using).filter(status=Status.CURATED)
    built = Glossary([t.forms_en() + t.forms_ar() + t.forms_fr() for t in terms])
    with _lock:
        _cached[using] = (key, built)
    return built


def forget() -> None:
    """Drop the cached glossaries (tests; the stamp makes this unnecessary in use)."""
    with _lock:
        _cached.clear()
        _shipped.clear()


def expand(query_terms: list[str], glossary: Glossary | bool | None = None) -> Expansion | None:
    """The expansion of `query_terms` by `glossary`: a Glossary, False (none), or None/True (the installation's
    curated glossary, unless the setting WIQAYA_SEARCH_GLOSSARY is off)."""
    if glossary is False or not query_terms:
        return None
    if glossary is None or glossary is True:
        if not getattr(settings, "WIQAYA_SEARCH_GLOSSARY", True):
            return None
        glossary = current()
    return glossary.expand(query_terms) if glossary else None
