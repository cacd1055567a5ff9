"""Place names across scripts: a query that names a place in Arabic, English or Kurdish also looks for the
place's other names, so "Mosul", "الموصل" and "موسڵ" find the same records whatever language they are written in.

The names are the places data (places/data: governorates, districts and countries with their Arabic and English
names, other spellings and Kurdish names; sources in places/data/SOURCES.md), read once per process. The
expansion is query-side only (`engine.rank` calls `expand`): the index is unchanged, so nothing needs reindexing
when a name is added.

A name is matched as the run of search terms it makes (search.text.terms: normalised and lightly stemmed), so
"بالموصل" and "Mosul's" match too; Kurdish letters are folded to their Arabic look-alikes (ک ك, ی ي, ھ ە ه) for
the match only. What is added to the query is each other name that is one term (after particles such as "Al" or
"قضاء" are left out): a two-word name added word by word would find its common words ("صلاح الدين" → "دين"), so it
is used only to recognise the place in a query, not as an alternative.
"""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path

import places

from .text import terms

DATA = Path(places.__file__).parent / "data"
# Words inside place names that say what the place is, not which one.
PARTICLES = frozenset(
    "al el an ar as ad ash az at ath governorate province district city qada qadha "
    "محافظه قضاء مدينه ناحيه پارێزگای پارێزگا قەزای".split()
)
# Names that are also common words: "hit" (Hit district), "بلد" (Balad; "country"), "ديوان" (Diwaniyah; "office").
COMMON_WORDS = frozenset(["hit", "بلد", "balad", "ديوان"])
MAX_NAME_TERMS = 4
_FOLD = str.maketrans({"ک": "ك", "ی": "ي", "ێ": "ي", "ھ": "ه", "ە": "ه", "ۆ": "و", "ڕ": "ر", "ڵ": "ل"})


def _fold(term: str) -> str:
    return term.translate(_FOLD)


def _key(name: str) -> tuple[str, ...]:
    found = tuple(_fold(t) for t in terms(name) if t not in PARTICLES)
    return found if found and len(found) <= MAX_NAME_TERMS else ()


def _place_names() -> list[list[str]]:
    """Every place's names (the English one with and without its bracketed part)."""
    result = []
    for spec in json.loads((DATA / "countries.json").read_text(encoding="utf-8")):
        result.append([spec["en"], spec["ar"], *spec.get("aliases", [])])
    with (DATA / "iraq-governorates.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            english = row["name_en"]
            names = [english, english.split("(")[0], row["name_ar"]]
            names += [n for n in f"{row['aliases']}|{row.get('name_ckb', '')}".split("|") if n]
            result.append(names)
    for spec in json.loads((DATA / "iraq-districts.json").read_text(encoding="utf-8")):
        result.append([spec["en"], spec["ar"], *spec.get("aliases", []), *spec.get("ckb", [])])
    return result


@lru_cache(maxsize=1)
def _places_of() -> dict[str, set[int]]:
    """Each term of a place name (as written and folded) → the places (their positions) it names."""
    found: dict[str, set[int]] = {}
    for number, names in enumerate(_place_names()):
        for name in names:
            for term in terms(name):
                if term not in PARTICLES and term not in COMMON_WORDS:
                    for form in (term, _fold(term)):
                        found.setdefault(form, set()).add(number)
    return found


@lru_cache(maxsize=1)
def _table() -> tuple[dict[tuple[str, ...], set[str]], int]:
    """Each name's folded terms → the terms a query naming it looks for; and the longest name in terms."""
    table: dict[tuple[str, ...], set[str]] = {}
    for names in _place_names():
        keys = {_key(n) for n in names} - {()}
        alternatives = set()
        for name in names:
            found = [t for t in terms(name) if t not in PARTICLES]
            if len(found) == 1 and found[0] not in COMMON_WORDS:
                alternatives |= {found[0], _fold(found[0])}
        for key in keys:
            if len(key) == 1 and key[0] in COMMON_WORDS:
                continue
            table.setdefault(key, set()).update(alternatives)
    return table, max((len(k) for k in table), default=1)


def expand(query_terms: list[str]) -> list[str]:
    """`query_terms` followed by the other names of each place they name (terms not already there)."""
    table, longest = _table()
    folded = [_fold(t) for t in query_terms if t not in PARTICLES]
    added: list[str] = []
    seen = set(query_terms)
    for start in range(len(folded)):
        for size in range(min(longest, len(folded) - start), 0, -1):
            alternatives = table.get(tuple(folded[start:start + size]))
            if alternatives:
                for term in sorted(alternatives):
                    if term not in seen:
                        seen.add(term)
                        added.append(term)
                break
    return query_terms + added


def term_groups(query_terms: list[str]) -> list[frozenset[str]]:
    """The query's terms grouped for counting how many of them a record holds: the names of one place (the
    query's and those `expand` added) are one group, every other term a group of its own. Without it, a record
    that says "Mosul" would hold one of the seven terms of the query "Mosul" and lose its keyword bonus."""
    places_of = _places_of()
    groups: list[tuple[set[str], set[int]]] = []
    for term in dict.fromkeys(query_terms):
        places = places_of.get(term, set()) | places_of.get(_fold(term), set())
        joined = next((g for g in groups if places and g[1] & places), None)
        if joined is None:
            groups.append(({term}, set(places)))
        else:
            joined[0].add(term)
            joined[1].update(places)
    return [frozenset(members) for members, _places in groups]
