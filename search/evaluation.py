"""`wiqaya eval search`: ranking quality on a judged corpus, hybrid against keyword-only and semantic-only.

The corpus is indexed into a temporary database (search.tempdb), never the user's, by the same code as the
live index; each query runs once per mode. Metrics at 10: nDCG (graded gains 2^g − 1), recall (documents
judged 1 or 2) and MRR (the first document judged 1 or 2). Figures are given overall, per query language,
and by whether the query's directly relevant documents are in the query's language ("same"), only in the
other language ("cross"), or in both ("both").
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

from core.text import detect_language

from . import engine
from . import glossary as glossaries
from . import index as services
from .encoding import encode
from .registry import IndexRow
from .tempdb import temporary_index

CUTOFF = 10
MODES = ("hybrid", "keyword", "semantic")
FUSION_GRID = [{"method": "rrf", "k": k, "keyword_weight": 1.0, "semantic_weight": 1.0} for k in (5, 10, 30, 60, 100)] + [
    {"method": "rrf", "k": 60, "keyword_weight": 1.0, "semantic_weight": w} for w in (0.5, 1.5, 2.0)
] + [{"method": "weighted", "alpha": a} for a in (0.1, 0.2, 0.3, 0.5)] + [
    {"method": "boost", "beta": b, "power": p} for b in (0.1, 0.2, 0.3, 0.5) for p in (1, 2)
]


class EvaluationError(Exception):
    pass


def load_corpus(directory) -> dict[str, dict]:
    folder = Path(directory)
    if not folder.is_dir():
        raise EvaluationError(f"{directory}: no such directory")
    corpus = {}
    for path in sorted(folder.glob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EvaluationError(f"{path.name}: not a JSON document ({exc})") from exc
        if not isinstance(doc, dict) or not doc.get("id") or not isinstance(doc.get("text", ""), str):
            raise EvaluationError(f"{path.name}: needs an \"id\" and a \"text\"")
        doc_id = str(doc["id"])
        if doc_id in corpus:
            raise EvaluationError(f"{path.name}: the id {doc_id!r} is used twice")
        text = doc.get("text") or ""
        corpus[doc_id] = {"id": doc_id, "title": doc.get("title") or "", "text": text,
                          "lang": doc.get("lang") or detect_language(f"{doc.get('title') or ''} {text}")}
    if not corpus:
        raise EvaluationError(f"{directory}: no *.json documents")
    return corpus


def read_judged(path, corpus: dict, *, read, needs: str, what: str) -> list[dict]:
    """The judged lines of a JSONL file: `read(item)` makes each line's record (a KeyError, TypeError or
    ValueError there means the line lacks what `needs` names); each record's `relevant` documents must be in
    `corpus`. Every problem names the file and the line."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = read(json.loads(line))
        except EvaluationError as exc:
            raise EvaluationError(f"{path}, line {number}: {exc}") from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise EvaluationError(f"{path}, line {number}: needs {needs} ({exc})") from exc
        unknown = [d for d in record["relevant"] if d not in corpus]
        if unknown:
            raise EvaluationError(f"{path}, line {number}: unknown {'document' if len(unknown) == 1 else 'documents'} {', '.join(unknown)}")
        records.append(record)
    if not records:
        raise EvaluationError(f"{path}: no {what}")
    return records


def load_queries(path, corpus: dict) -> list[dict]:
    def read(item):
        query = str(item["query"])
        return {"qid": str(item["qid"]), "query": query,
                "relevant": {str(d): int(g) for d, g in dict(item["relevant"]).items()},
                "lang": item.get("lang") or detect_language(query)}

    return read_judged(path, corpus, read=read, needs="qid, query and relevant", what="queries")


def crossing(query: dict, corpus: dict) -> str:
    langs = {corpus[d]["lang"] for d, g in query["relevant"].items() if g >= 2} or {
        corpus[d]["lang"] for d in query["relevant"]}
    if langs == {query["lang"]}:
        return "same"
    return "cross" if query["lang"] not in langs else "both"


def metrics(ranked: list[str], relevant: dict[str, int]) -> dict:
    top = ranked[:CUTOFF]
    dcg = sum((2 ** relevant.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(top))
    ideal = sorted(relevant.values(), reverse=True)[:CUTOFF]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    judged = {d for d, g in relevant.items() if g > 0}
    found = [i for i, d in enumerate(top) if d in judged]
    return {
        "ndcg@10": dcg / idcg if idcg else 0.0,
        "recall@10": len(found) / len(judged) if judged else 0.0,
        "mrr@10": 1 / (found[0] + 1) if found else 0.0,
    }


def _mean(rows: list[dict]) -> dict:
    keys = ("ndcg@10", "recall@10", "mrr@10")
    return {k: round(sum(r[k] for r in rows) / len(rows), 4) for k in keys} | {"queries": len(rows)} if rows else {}


def summarise(per_query: list[dict], mode: str) -> dict:
    rows = [q[mode] | {"lang": q["lang"], "crossing": q["crossing"]} for q in per_query]
    result = _mean(rows)
    result.pop("queries", None)
    result["by_lang"] = {lang: _mean([r for r in rows if r["lang"] == lang]) for lang in sorted({r["lang"] for r in rows})}
    result["by_crossing"] = {c: _mean([r for r in rows if r["crossing"] == c]) for c in ("same", "both", "cross")
                             if any(r["crossing"] == c for r in rows)}
    return result


def evaluate_search(corpus: dict, queries: list[dict], *, fusion_grid: bool = False, glossary: bool = True) -> dict:
    """`glossary`: expand keyword queries with the shipped glossary (search.glossary), or not."""
    started = time.perf_counter()
    ids = list(corpus)
    rows = [
        IndexRow(kind="doc", object_id=n, lang=doc["lang"], title=doc["title"] or doc["text"][:80], body=doc["text"],
                 texts={"A": doc["title"], "B": doc["text"]})
        for n, doc in enumerate(corpus.values(), start=1)
    ]
    per_query = []
    grid_scores = [[] for _ in FUSION_GRID] if fusion_grid else []
    with temporary_index() as (alias, _size):
        embed_started = time.perf_counter()
        vectors = encode([r.embed_text for r in rows])
        embed_seconds = time.perf_counter() - embed_started
        services.bulk_insert(rows, vectors, using=alias)
        for query in queries:
            ranking = engine.rank(query["query"], using=alias, mode="hybrid",
                                  glossary=glossaries.shipped() if glossary else False)
            lists = {"hybrid": ranking.fused, "keyword": ranking.keyword, "semantic": ranking.semantic}
            entry = {"qid": query["qid"], "query": query["query"], "lang": query["lang"],
                     "crossing": crossing(query, corpus)}
            for mode, ranked in lists.items():
                entry[mode] = metrics([ids[pk - 1] for pk, _s in ranked], query["relevant"])
            entry["top"] = [ids[pk - 1] for pk, _s in ranking.fused[:CUTOFF]]
            per_query.append(entry)
            for n, fusion in enumerate(FUSION_GRID if fusion_grid else []):
                fused = engine.fuse(ranking.keyword, ranking.semantic, fusion, similarity=ranking.similarity,
                                    coverage=ranking.coverage or engine._coverage(alias, [pk for pk, _s in ranking.keyword], ranking.terms))
                grid_scores[n].append(metrics([ids[pk - 1] for pk, _s in fused], query["relevant"]) | {
                    "lang": query["lang"], "crossing": entry["crossing"]})
    result = {mode: summarise(per_query, mode) for mode in MODES}
    result |= {"queries": len(queries), "docs": len(corpus), "fusion": engine.FUSION,
               "glossary": len(glossaries.shipped()) if glossary else 0,
               "embedding_seconds": round(embed_seconds, 2), "seconds": round(time.perf_counter() - started, 2),
               "per_query": per_query}
    if fusion_grid:
        result["fusion_grid"] = [
            {"fusion": fusion} | _mean(scores) | {
                "by_crossing": {c: _mean([s for s in scores if s["crossing"] == c])["ndcg@10"]
                                for c in ("same", "both", "cross") if any(s["crossing"] == c for s in scores)}}
            for fusion, scores in zip(FUSION_GRID, grid_scores, strict=True)
        ]
    return result


def fusion_name(f: dict) -> str:
    if f["method"] == "rrf":
        return f"rrf k={f['k']} w_sem={f['semantic_weight']}"
    if f["method"] == "weighted":
        return f"weighted alpha={f['alpha']}"
    return f"boost beta={f['beta']} power={f['power']}"


def report(result: dict, options: dict) -> list[str]:
    lines = [
        f"Search on {options['corpus']}: {result['docs']} documents, {result['queries']} queries "
        f"(fusion: {', '.join(f'{k} {v}' for k, v in result['fusion'].items())}; "
        f"glossary: {result['glossary'] or 'none'}{' terms' if result.get('glossary') else ''})",
        "",
        f"{'':28}" + "".join(f"{m:>12}" for m in MODES),
    ]
    for key in ("ndcg@10", "recall@10", "mrr@10"):
        lines.append(f"{key:28}" + "".join(f"{result[m][key]:>12.3f}" for m in MODES))
    for group in ("by_lang", "by_crossing"):
        for name in result["hybrid"][group]:
            label = f"nDCG@10, {'queries in ' if group == 'by_lang' else ''}{name} ({result['hybrid'][group][name]['queries']})"
            lines.append(f"{label:28}" + "".join(f"{result[m][group][name]['ndcg@10']:>12.3f}" for m in MODES))
    if result.get("fusion_grid"):
        lines += ["", "Fusion compared (hybrid nDCG@10 / recall@10 / MRR@10; nDCG same | both | cross):"]
        for row in result["fusion_grid"]:
            f = row["fusion"]
            name = fusion_name(f)
            crossings = " | ".join(f"{v:.3f}" for v in row["by_crossing"].values())
            lines.append(f"  {name:28} {row['ndcg@10']:.3f} / {row['recall@10']:.3f} / {row['mrr@10']:.3f}   {crossings}")
    worst = sorted(result["per_query"], key=lambda q: q["hybrid"]["ndcg@10"])[:5]
    lines += ["", "Weakest queries (hybrid nDCG@10):"]
    lines += [f"  {q['qid']:8} {q['hybrid']['ndcg@10']:.3f}  {q['query'][:60]}" for q in worst]
    lines += ["", f"{result['seconds']} s (embedding {result['embedding_seconds']} s)"]
    return lines
