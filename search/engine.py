"""Ranking: keyword relevance fused with semantic similarity, then what a reader may see, facets and snippets.

`rank()` is the pure ranking over the whole index (used by `wiqaya eval search` and `bench search` too);
`search()` is what the page, the API and `wiqaya search` call: it ranks, keeps only records the user may see
(each type's `permissions.visible_to`), filters by the chosen facets, counts facets and writes snippets.

Fusion, chosen by measurement on the development set (docs/decisions/0001-search-fusion.md): every candidate
(keyword top 200 ∪ semantic top 100) scores its cosine similarity to the query, plus a keyword bonus
β · coverage · BM25/best BM25, where coverage is the share of the query's terms the record holds (β = 0.2).
Reciprocal rank fusion and a weighted sum of scores were measured too and rank worse, mostly on cross-lingual
queries: there, the keyword list holds only chance matches of common words in the query's language, which
rank-based fusion promotes over the relevant records in the other language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from django.db import connections
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import text_direction

from . import backends, registry
from .encoding import encode as embed
from .glossary import expand as glossary_expansion
from .models import SearchEntry
from .names import names_first
from .places import expand as expand_places
from .places import term_groups
from .text import MAX_QUERY_CHARS, clean_query, highlight, query_terms, snippet
from .vectors import index_for

KEYWORD_K = 200  # keyword candidates fused
SEMANTIC_K = 100  # semantic candidates fused
MIN_SIMILARITY = 0.1  # a semantic candidate below this is not a result by itself (measured: 0.1 > 0.15 > 0.2)
FUSION = {"method": "boost", "beta": 0.3, "power": 1, "coverage_k": 100, "balance": 20}
MODES = ("hybrid", "keyword", "semantic")
FACETS = ("type", "country", "goal", "beneficiaries", "organisation_type", "language", "period")
FACET_NAMES = {
    "type": gettext_lazy("Record type"),
    "country": gettext_lazy("Country"), "goal": gettext_lazy("Framework goal"), "beneficiaries": gettext_lazy("Beneficiaries"),
    "organisation_type": gettext_lazy("Organisation type"), "language": gettext_lazy("Language"), "period": gettext_lazy("Period"),
}


@dataclass
class Ranking:
    terms: list[str]
    keyword: list[tuple[int, float]]
    semantic: list[tuple[int, float]]
    fused: list[tuple[int, float]]
    similarity: dict[int, float] = field(default_factory=dict)  # of every keyword and semantic candidate
    coverage: dict[int, float] = field(default_factory=dict)  # share of the query's terms each keyword hit holds


def fuse(keyword, semantic, fusion: dict | None = None, *, similarity=None, coverage=None) -> list[tuple[int, float]]:
    """Fuse the keyword and semantic (id, score) lists, best first, into one."""
    fusion = fusion or FUSION
    scores: dict[int, float] = {}
    if fusion["method"] == "rrf":
        k = fusion["k"]
        for weight, ranked in ((fusion["keyword_weight"], keyword), (fusion["semantic_weight"], semantic)):
            for position, (pk, _score) in enumerate(ranked, start=1):
                scores[pk] = scores.get(pk, 0.0) + weight / (k + position)
    elif fusion["method"] == "weighted":  # keyword score scaled to [0, 1] by the best one, plus similarity
        alpha = fusion["alpha"]
        top = keyword[0][1] if keyword else 1.0
        for pk, score in keyword:
            scores[pk] = scores.get(pk, 0.0) + alpha * (score / top if top > 0 else 0.0)
        for pk, sim in semantic:
            scores[pk] = scores.get(pk, 0.0) + (1 - alpha) * max(sim, 0.0)
    else:  # "boost": similarity of every candidate, plus a keyword bonus scaled by the share of terms matched
        similarity, coverage = similarity or {}, coverage or {}
        beta = fusion["beta"]
        top = keyword[0][1] if keyword else 1.0
        for pk, sim in semantic:
            scores[pk] = sim
        for pk, score in keyword:
            bonus = beta * coverage.get(pk, 1.0) ** fusion.get("power", 1) * (score / top if top > 0 else 0.0)
            scores[pk] = similarity.get(pk, scores.get(pk, 0.0)) + bonus
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def query_vector(query: str) -> np.ndarray:
    return embed([query], threads=1)[0]


COMMON_SHARE, COMMON_MIN = 0.05, 1000  # a term held by more entries than both is "common"
BM25_K1, BM25_B = 1.2, 0.75


def _candidate_texts(using: str, ids: list[int]) -> dict[int, tuple[str, str, str]]:
    if not ids:
        return {}
    table = SearchEntry._meta.db_table
    with connections[using].cursor() as cursor:
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(f"SELECT id, text_a, text_b, text_c FROM {table} WHERE id IN ({marks})", list(ids))  # noqa: S608  # the table name is the model's; ids are parameters  # nosec B608
        return {pk: (a, b, c) for pk, a, b, c in cursor.fetchall()}


def _coverage(using: str, ids: list[int], terms: list[str], texts=None, expansion=None) -> dict[int, float]:
    """The share of the query's terms each entry holds (plain SQL: it runs on every query); with a glossary
    expansion, a term is held when the entry holds it or one of its glossary alternatives."""
    if not ids or not terms:
        return {}
    groups, keep = term_groups(terms), set(ids)  # a place's names in every script count as one term
    texts = texts if texts is not None else _candidate_texts(using, ids)
    if expansion is not None:  # a query term is held through itself, its glossary alternatives or its place's names
        place_of = {t: group for group in groups for t in group}
        return {pk: expansion.coverage(set(f"{a} {b} {c}".split()), place_of)
                for pk, (a, b, c) in texts.items() if pk in keep}
    return {pk: sum(1 for group in groups if group & held) / len(groups)
            for pk, (a, b, c) in texts.items() if pk in keep for held in [set(f"{a} {b} {c}".split())]}


def _bm25_of(texts: dict, terms: list[str], df: dict[str, int], total: int) -> list[tuple[int, float]]:
    """BM25 of a few candidates, computed here with the index's column weights: for queries made only of
    common words, where asking the keyword index to rank every entry that holds them would cost more than
    the rest of the query (50 ms at 100,000 entries)."""
    weights = dict(zip("abc", backends.WEIGHTS, strict=True))
    scored, lengths = {}, {}
    for pk, (a, b, c) in texts.items():
        counts: dict[str, float] = {}
        for column, text in zip("abc", (a, b, c), strict=True):
            for word in text.split():
                counts[word] = counts.get(word, 0.0) + weights[column]
        scored[pk], lengths[pk] = counts, sum(counts.values())
    average = sum(lengths.values()) / len(lengths) if lengths else 1.0
    result = []
    for pk, counts in scored.items():
        score = 0.0
        for t in terms:
            tf = counts.get(t, 0.0)
            if tf:
                idf = math.log((total - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5) + 1)
                score += idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * lengths[pk] / average))
        if score > 0:
            result.append((pk, score))
    return sorted(result, key=lambda item: (-item[1], item[0]))


def rank(query: str, *, using: str = "default", mode: str = "hybrid", keyword_k: int = KEYWORD_K,
         semantic_k: int = SEMANTIC_K, fusion: dict | None = None, min_similarity: float = MIN_SIMILARITY,
         glossary=None) -> Ranking:
    """`glossary`: None (the installation's, unless WIQAYA_SEARCH_GLOSSARY is off), False, or a search.glossary.Glossary."""
    fusion = fusion or FUSION
    query = clean_query(query)
    # A glossary term in the query brings its other-language forms in as alternatives (search/glossary.py), a
    # place its names in the other scripts (search/places.py).
    expansion = glossary_expansion(query_terms(query), glossary)
    terms = expand_places(expansion.terms if expansion else query_terms(query))
    keyword, semantic, similarity, coverage = [], [], {}, {}
    pgvector = backends.uses_pgvector(using)
    vectors = None if pgvector else index_for(using)
    # Words held by a large share of the index rank poorly and cost most: rank by the rarer words, or, when
    # every word is common, score the semantic candidates with BM25 here (SQLite: df from FTS5's vocabulary).
    rare, df, total = terms, {}, 0
    if terms and mode != "semantic" and vectors is not None:
        df = backends.document_frequencies(using, terms)
        vectors.refresh()
        total = int(vectors.alive.sum())
        common_above = max(COMMON_MIN, COMMON_SHARE * total)
        rare = [t for t in terms if df.get(t, 0) <= common_above]
    if terms and mode != "semantic" and (rare or mode == "keyword"):
        keyword = backends.keyword_search(using, rare or terms, keyword_k)
    if mode != "keyword" and query:
        vector = query_vector(query)
        if pgvector:
            semantic = backends.pgvector_search(using, vector, semantic_k)
        else:
            semantic = vectors.nearest(vector, semantic_k)
        semantic = [(pk, s) for pk, s in semantic if s >= min_similarity]
    texts = None
    if terms and mode == "hybrid" and not rare and semantic:
        texts = _candidate_texts(using, [pk for pk, _s in semantic])
        keyword = _bm25_of(texts, terms, df, total)
    if mode == "hybrid" and keyword:
        ids = [pk for pk, _s in keyword]
        if pgvector:
            similarity = backends.pgvector_similarities(using, vector, ids)
        else:
            similarity = vectors.similarities(vector, ids)
    similarity.update(semantic)
    if mode == "hybrid" and keyword and fusion["method"] == "boost":
        coverage = _coverage(using, [pk for pk, _s in keyword[:fusion.get("coverage_k", 100)]], terms, texts, expansion)
    if mode == "keyword":
        fused = keyword
    elif mode == "semantic":
        fused = semantic
    else:
        if fusion.get("balance") and similarity:
            semantic, similarity = _balance_languages(using, semantic, similarity, fusion["balance"])
        fused = fuse(keyword, semantic, fusion, similarity=similarity, coverage=coverage)
    fused = names_first(using, fused, query)  # an organisation's exact name ranks it first (search/names.py)
    shown = list(dict.fromkeys([*expansion.words(), *(t for t in terms if " " not in t)])) if expansion else terms
    return Ranking(terms=shown, keyword=keyword, semantic=semantic, fused=fused, similarity=similarity,
                   coverage=coverage)


def _balance_languages(using: str, semantic, similarity: dict[int, float], top: int):
    """A multilingual encoder scores texts in the query's own language higher than equally relevant texts in
    another language. Each language's similarities are shifted so that the mean of its `top` best candidates
    equals that of the best language: the documents of every language then compete on how well they match
    within their language. Measured in docs/decisions/0001-search-fusion.md."""
    langs = dict(SearchEntry.objects.using(using).filter(pk__in=list(similarity)).values_list("id", "lang"))
    by_lang: dict[str, list[float]] = {}
    for pk, sim in similarity.items():
        by_lang.setdefault(langs.get(pk, ""), []).append(sim)
    level = {lang: float(np.mean(sorted(sims, reverse=True)[:top])) for lang, sims in by_lang.items() if len(sims) >= top}
    if len(level) < 2:
        return semantic, similarity
    best = max(level.values())
    shift = {lang: best - value for lang, value in level.items()}
    similarity = {pk: sim + shift.get(langs.get(pk, ""), 0.0) for pk, sim in similarity.items()}
    semantic = sorted(((pk, similarity[pk]) for pk, _s in semantic), key=lambda item: (-item[1], item[0]))
    return semantic, similarity


# --- what a reader gets ---------------------------------------------------------------------------------


@dataclass
class Hit:
    kind: str
    object_id: int
    lang: str
    title: str
    title_html: str
    snippet_html: str
    url: str
    score: float
    kind_label: str
    facets: dict

    @property
    def dir(self) -> str:
        return text_direction(self.lang)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    mode: str = "hybrid"


def _visible(user, entries: list[dict]) -> list[dict]:
    by_kind: dict[str, list[int]] = {}
    for entry in entries:
        by_kind.setdefault(entry["kind"], []).append(entry["object_id"])
    allowed = set()
    for kind, ids in by_kind.items():
        indexed = registry.get(kind)
        if indexed is not None:
            allowed.update((kind, pk) for pk in indexed.visible_ids(user, ids))
    return [e for e in entries if (e["kind"], e["object_id"]) in allowed]


def _matches(entry: dict, filters: dict[str, list[str]]) -> bool:
    facets = entry["facets"] or {}
    return all(set(values) & set(facets.get(name, [])) for name, values in filters.items() if values)


def _facet_counts(entries: list[dict], filters: dict[str, list[str]], language: str | None) -> dict:
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for entry in entries:
        for name in FACETS:
            for value in (entry["facets"] or {}).get(name, []):
                counts[name][value] = counts[name].get(value, 0) + 1
    result = {}
    for name, values in counts.items():
        labels = {t.kind: t.label() for t in registry.types()} if name == "type" else {}
        named = name == "type"
        for indexed in registry.types():
            resolver = indexed.facet_labels.get(name)
            if resolver and values:
                named = True
                labels.update(resolver(list(values)))
        if named:
            # A value its type cannot name is not offered: a goal that is another organisation's proposal (from
            # a private document) has no label for this reader, and its id alone would say it exists.
            values = {v: c for v, c in values.items() if v in labels or v in filters.get(name, [])}
        ordered = sorted(values.items(), key=lambda item: (-item[1], str(labels.get(item[0], item[0]))))
        result[name] = [
            FacetValue(value=v, label=str(labels.get(v, v)), count=c, selected=v in filters.get(name, []))
            for v, c in ordered
        ]
    return result


def search(user, query: str, *, filters: dict[str, list[str]] | None = None, mode: str = "hybrid",
           offset: int = 0, limit: int = 20, kinds: list[str] | None = None, using: str = "default") -> Results:
    """The results `user` may see for `query`, best first: `limit` hits from `offset`, with facet counts."""
    filters = {k: [str(v) for v in vs] for k, vs in (filters or {}).items() if k in FACETS and vs}
    mode = mode if mode in MODES else "hybrid"
    raw = query or ""
    cleaned = clean_query(raw)
    results = Results(query=cleaned, mode=mode)
    if len(raw.strip()) > MAX_QUERY_CHARS:
        results.messages.append(
            _("Your search was long: only its first %(n)d characters were used.") % {"n": MAX_QUERY_CHARS}
        )
    if not cleaned:
        results.messages.append(_("Type a word or a phrase, in Arabic or English, to search."))
        return results
    ranking = rank(cleaned, using=using, mode=mode)
    results.terms = ranking.terms
    order = {pk: position for position, (pk, _score) in enumerate(ranking.fused)}
    scores = dict(ranking.fused)
    entries = list(
        SearchEntry.objects.using(using).filter(pk__in=list(order)).values("id", "kind", "object_id", "lang", "title", "facets")
    )
    if kinds:
        entries = [e for e in entries if e["kind"] in kinds]
    entries = _visible(user, entries)
    entries.sort(key=lambda e: order[e["id"]])
    results.facets = _facet_counts([e for e in entries if _matches(e, filters)], filters, None)
    entries = [e for e in entries if _matches(e, filters)]
    results.total = len(entries)
    page = entries[offset:offset + limit]
    bodies = dict(SearchEntry.objects.using(using).filter(pk__in=[e["id"] for e in page]).values_list("id", "body"))
    wanted = set(ranking.terms)
    for entry in page:
        indexed = registry.get(entry["kind"])
        results.hits.append(Hit(
            kind=entry["kind"], object_id=entry["object_id"], lang=entry["lang"], title=entry["title"],
            title_html=highlight(entry["title"], wanted),
            snippet_html=snippet(bodies.get(entry["id"], ""), wanted),
            url=indexed.url_for(entry["object_id"]),
            score=round(scores[entry["id"]], 6), kind_label=str(indexed.label()), facets=entry["facets"] or {},
        ))
    if not results.total:
        results.messages.append(_("Nothing matched your search. Try other words, or the other language."))
    return results


def similar(user, obj, *, limit: int = 5, using: str = "default", kinds: list[str] | None = None) -> list[Hit]:
    """Records like `obj` by meaning (its sentence vector), that `user` may see; none when it has no vector.
    Only records of the same type unless `kinds` says which."""
    indexed = registry.kind_of(obj)
    if indexed is None:
        return []
    entry = SearchEntry.objects.using(using).filter(kind=indexed.kind, object_id=obj.pk).values("id").first()
    if entry is None:
        return []
    vectors = index_for(using)
    vector = vectors.vector_of(entry["id"])
    if vector is None:
        return []
    near = vectors.nearest(vector, limit * 4, exclude={entry["id"]})
    near = [(pk, s) for pk, s in near if s >= MIN_SIMILARITY]
    order = {pk: n for n, (pk, _s) in enumerate(near)}
    entries = list(SearchEntry.objects.using(using).filter(pk__in=list(order), kind__in=kinds or [indexed.kind])
                   .values("id", "kind", "object_id", "lang", "title", "body", "facets"))
    entries = sorted(_visible(user, entries), key=lambda e: order[e["id"]])[:limit]
    scores = dict(near)
    hits = []
    for e in entries:
        other = registry.get(e["kind"])
        hits.append(Hit(kind=e["kind"], object_id=e["object_id"], lang=e["lang"], title=e["title"],
                        title_html=highlight(e["title"], set()),
                        snippet_html=snippet(e["body"], set(), size=160), url=other.url_for(e["object_id"]),
                        score=round(scores[e["id"]], 4), kind_label=str(other.label()), facets=e["facets"] or {}))
    return hits

