"""Exact names first: a query that is exactly the name of a record whose type asks for it (registry
`names_first`: organisations and networks) puts that record at the top of the ranking.

People look for an organisation or a network by its name ("Strong Cities Network", "شبكة المدن القوية", "SCN");
practices that mention the name in their text may be as close in meaning and hold the same words, and would
otherwise come first. Such a type's title is its names joined by SEPARATOR; a name matches when its terms
(search.text.query_terms: normalised, stemmed, stop words left out) are the query's.
"""

from __future__ import annotations

from . import registry
from .models import SearchEntry
from .text import query_terms

SEPARATOR = " · "
WINDOW = 50  # only the best-ranked candidates are looked at (an exact name is near the top already)


def names_first(using: str, fused: list[tuple[int, float]], query: str) -> list[tuple[int, float]]:
    kinds = [t.kind for t in registry.types() if t.names_first]
    wanted = query_terms(query)
    if not kinds or not wanted or not fused:
        return fused
    ids = [pk for pk, _score in fused[:WINDOW]]
    entries = SearchEntry.objects.using(using).filter(pk__in=ids, kind__in=kinds).values_list("id", "title", "text_a")
    # Only titles that hold every query term are split into names and compared (terms of a title cost 50 µs).
    held = set(wanted)
    exact = {pk for pk, title, text_a in entries if held <= set(text_a.split())
             and any(query_terms(name) == wanted for name in title.split(SEPARATOR))}
    if not exact:
        return fused
    return [item for item in fused if item[0] in exact] + [item for item in fused if item[0] not in exact]
