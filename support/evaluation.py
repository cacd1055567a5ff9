"""`wiqaya eval matching`: the desk's practice candidates on a judged corpus, against a keyword-only baseline.

    wiqaya eval matching --corpus docs/eval/real/corpus --requests docs/eval/real/matching/requests.jsonl \\
        [--split docs/eval/real/matching/split.json --half tuning|held_out] [--json]

The corpus (one JSON file per practice, `{"id", "title", "text", "lang"}`, as `eval search` reads) is indexed
into a temporary database (search.tempdb), never the user's. Each request (`{"id", "lang", "text", "type",
"place", "goals", "relevant"}`) is ranked by `support.matching.rank_practices`, the function the desk calls
for a real request: the search engine's hybrid ranking of the request's text plus goal and place evidence.
Corpus documents have no goal links, so with goal evidence on (`--goals suggested`, the default) each
document's goals are those the goal suggester (frameworks.suggest) finds in its text; `--goals none` leaves
goal evidence out. The baseline is the same function in keyword-only mode without goal evidence.

Metrics: nDCG@10 (gains 2^g − 1) and precision@5 (documents judged 1 or 2), overall and per request language.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from search import index as search_index
from search.encoding import encode
from search.evaluation import EvaluationError, load_corpus, metrics, read_judged
from search.registry import IndexRow
from search.tempdb import temporary_index

from .matching import Features, rank_practices

GOAL_EVIDENCE = ("suggested", "none")


def load_requests(path, corpus: dict) -> list[dict]:
    def read(item):
        request = {"id": str(item["id"]), "lang": str(item["lang"]), "text": str(item["text"]),
                   "type": str(item.get("type") or ""), "place": item.get("place") or None,
                   "goals": [str(g) for g in item.get("goals") or []],
                   "relevant": {str(d): int(g) for d, g in dict(item["relevant"]).items()}}
        bad = [g for g in request["goals"] if ":" not in g]
        if bad:
            raise EvaluationError(f"goals are \"framework-slug:number\", not {bad[0]!r}")
        return request

    return read_judged(path, corpus, read=read, needs="id, lang, text and relevant", what="requests")


def select_half(requests: list[dict], split_path, half: str) -> list[dict]:
    try:
        split = json.loads(Path(split_path).read_text(encoding="utf-8"))
        ids = set(split[half])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EvaluationError(f"{split_path}: no {half!r} list ({exc})") from exc
    return [r for r in requests if r["id"] in ids]


def precision_at_5(ranked: list[str], relevant: dict[str, int]) -> float:
    return sum(1 for d in ranked[:5] if relevant.get(d, 0) > 0) / 5


def suggested_goals(corpus: dict, frameworks: dict) -> dict[str, frozenset]:
    """{document id: {"slug:number", …}}: the goals the suggester finds in each document, per framework."""
    from frameworks.suggest import GoalSuggester, sentences
    from search import boilerplate
    from search.embeddings import embed

    texts = {doc_id: f"{doc['title']}\n{doc['text']}" for doc_id, doc in corpus.items()}
    # Every document's sentences in one call on one thread (the suggester asks document by document, on two):
    # the encoder's cache then answers the suggester (measured on two busy cores: 70 s → 32 s for 195 documents).
    embed(list(dict.fromkeys(s for text in texts.values() for s in sentences(boilerplate.clean(text)))), threads=1)
    found = {doc_id: set() for doc_id in corpus}
    for slug, goals in frameworks.items():
        suggester = GoalSuggester(goals)
        for doc_id in corpus:
            found[doc_id] |= {f"{slug}:{n}" for n in suggester.predict(texts[doc_id])}
    return {d: frozenset(g) for d, g in found.items()}


def _mean(rows: list[dict]) -> dict:
    if not rows:
        return {}
    return {k: round(sum(r[k] for r in rows) / len(rows), 4) for k in ("ndcg@10", "p@5")} | {"requests": len(rows)}


def request_query(request: dict) -> str:
    return request["text"]


def evaluate_matching(corpus: dict, requests: list[dict], *, frameworks: dict | None = None,
                      goal_evidence: str = "suggested", weights: dict | None = None) -> dict:
    """`frameworks`: {slug: [GoalText]} for the goals the requests name (needed for `goal_evidence="suggested"`)."""
    started = time.perf_counter()
    ids = list(corpus)
    doc_goals = suggested_goals(corpus, frameworks or {}) if goal_evidence == "suggested" else {}
    suggest_seconds = time.perf_counter() - started
    rows = [IndexRow(kind="doc", object_id=n, lang=doc["lang"], title=doc["title"] or doc["text"][:80],
                     body=doc["text"], texts={"A": doc["title"], "B": doc["text"]})
            for n, doc in enumerate(corpus.values(), start=1)]
    per_request = []
    with temporary_index() as (alias, _size):
        embed_started = time.perf_counter()
        search_index.bulk_insert(rows, encode([r.embed_text for r in rows]), using=alias)
        embed_seconds = time.perf_counter() - embed_started

        def keys_of(entry_ids):
            return {pk: ids[pk - 1] for pk in entry_ids}

        def features_of(keys):
            return {k: Features(goals=doc_goals.get(k, frozenset())) for k in keys}

        for request in requests:
            query = request_query(request)
            ranked = rank_practices(query, keys_of=keys_of, features_of=features_of, goals=request["goals"],
                                    places={request["place"]} if request["place"] else (), using=alias,
                                    weights=weights, limit=0)
            baseline = rank_practices(query, keys_of=keys_of, features_of=lambda keys: {}, using=alias,
                                      mode="keyword", weights=weights, limit=0)
            entry = {"id": request["id"], "lang": request["lang"]}
            for name, result in (("matching", ranked), ("baseline", baseline)):
                order = [r.key for r in result]
                entry[name] = {"ndcg@10": metrics(order, request["relevant"])["ndcg@10"],
                               "p@5": precision_at_5(order, request["relevant"])}
            entry["top"] = [r.key for r in ranked[:10]]
            per_request.append(entry)
    result = {}
    for name in ("matching", "baseline"):
        rows_ = [q[name] | {"lang": q["lang"]} for q in per_request]
        summary = _mean(rows_)
        summary.pop("requests", None)
        summary["by_lang"] = {lang: _mean([r for r in rows_ if r["lang"] == lang])
                              for lang in sorted({r["lang"] for r in rows_})}
        result[name] = summary
    result |= {"requests": len(requests), "docs": len(corpus), "goal_evidence": goal_evidence,
               "suggest_seconds": round(suggest_seconds, 2), "embedding_seconds": round(embed_seconds, 2),
               "seconds": round(time.perf_counter() - started, 2), "per_request": per_request}
    return result


def report(result: dict, options: dict) -> list[str]:
    lines = [f"Matching on {options['corpus']}: {result['docs']} documents, {result['requests']} requests"
             f"{' (' + options['half'] + ')' if options.get('half') else ''}, goal evidence: {result['goal_evidence']}",
             "", f"{'':24}{'matching':>12}{'baseline':>12}"]
    for key in ("ndcg@10", "p@5"):
        lines.append(f"{key:24}{result['matching'][key]:>12.3f}{result['baseline'][key]:>12.3f}")
    for lang, part in result["matching"]["by_lang"].items():
        base = result["baseline"]["by_lang"][lang]
        label = f"nDCG@10, {lang} ({part['requests']})"
        lines.append(f"{label:24}{part['ndcg@10']:>12.3f}{base['ndcg@10']:>12.3f}")
    worst = sorted(result["per_request"], key=lambda q: q["matching"]["ndcg@10"])[:5]
    lines += ["", "Weakest requests (nDCG@10):"]
    lines += [f"  {q['id']:10} {q['matching']['ndcg@10']:.3f}" for q in worst]
    lines += ["", f"{result['seconds']} s (goal suggestions {result['suggest_seconds']} s, "
                  f"embedding {result['embedding_seconds']} s)"]
    return lines


# --- the `eval matching` subcommand ---------------------------------------------------------------------------

def add_arguments(parser) -> None:
    parser.add_argument("--corpus", required=True, metavar="DIR", help="Directory of JSON documents {id, title, text, lang}.")
    parser.add_argument("--requests", required=True, metavar="FILE",
                        help="JSON lines: {id, lang, text, type, place, goals, relevant}.")
    parser.add_argument("--split", metavar="FILE", help="JSON {\"tuning\": [ids], \"held_out\": [ids]}.")
    parser.add_argument("--half", choices=("tuning", "held_out"), help="Which half of --split to run.")
    parser.add_argument("--goals", choices=GOAL_EVIDENCE, default="suggested",
                        help="Goal evidence for the corpus documents: the suggester's goals (default) or none.")


def run(command, options: dict) -> None:
    import os
    import platform

    from django.core.management.base import CommandError

    from frameworks.queries import goal_texts

    try:
        corpus = load_corpus(options["corpus"])
        requests = load_requests(options["requests"], corpus)
        if bool(options.get("split")) != bool(options.get("half")):
            raise EvaluationError("--split and --half go together")
        if options.get("split"):
            requests = select_half(requests, options["split"], options["half"])
            if not requests:
                raise EvaluationError(f"{options['split']}: no request of {options['corpus']} in {options['half']!r}")
        frameworks = {}
        if options.get("goals", "suggested") == "suggested":
            from frameworks.management.commands.eval import resolve_framework

            for slug in sorted({g.split(":", 1)[0] for r in requests for g in r["goals"]}):
                frameworks[slug] = goal_texts(resolve_framework(slug))
        result = evaluate_matching(corpus, requests, frameworks=frameworks,
                                   goal_evidence=options.get("goals", "suggested"))
    except EvaluationError as exc:
        raise CommandError(str(exc)) from exc
    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
    if options.get("json"):
        command.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
        return
    for line in report(result, options):
        command.stdout.write(line)


def register() -> None:
    """Adds `matching` to `wiqaya eval` (the command lives on a lower floor and cannot import this app)."""
    from frameworks.management.commands.eval import SUBCOMMANDS

    SUBCOMMANDS.setdefault("matching", (
        "Support desk matching: nDCG@10 and p@5 of the practice candidates, keyword-only baseline.",
        add_arguments, run))
