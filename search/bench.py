"""Search: index build speed and warm query latency of the hybrid search, against plain SQLite FTS5 BM25.

Each side runs in its own child process (so that peak memory is its own) on a temporary database, over the
same generated corpus (search.synthetic) and the same fixed query mix (English, Arabic, cross-lingual and bad
input). The hybrid side is the real code path (search.index.bulk_insert, search.engine.rank) with the real
encoder; a query's time includes its embedding, the vector scan, the keyword search, fusion and fetching the
top 10 records with highlighted snippets. The baseline stores the raw text in an FTS5 table (`unicode61`) and
answers with `bm25()` and FTS5's `snippet()`.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import resource
import sqlite3
import tempfile
import time
from pathlib import Path

BATCH = 512


def add_arguments(parser) -> None:
    parser.add_argument("--docs", type=int, default=1000, help="How many practices to generate (default 1000).")
    parser.add_argument("--rounds", type=int, default=5, help="Timed passes over the query mix (default 5).")
    parser.add_argument("--seed", type=int, default=0)


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def at(p):
        return round(ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000, 2)

    return {"p50_ms": at(50), "p95_ms": at(95), "p99_ms": at(99), "max_ms": round(ordered[-1] * 1000, 2),
            "samples": len(ordered)}


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _time_queries(run_one, rounds: int) -> dict:
    from search.embeddings import clear_cache

    from .synthetic import QUERIES

    for query in QUERIES:  # warm-up: the model's first calls, the vector matrix, SQLite's page cache
        run_one(query)
    samples = []
    for _round in range(rounds):
        for query in QUERIES:
            clear_cache()  # every timed query computes its embedding
            started = time.perf_counter()
            run_one(query)
            samples.append(time.perf_counter() - started)
    return _percentiles(samples)


def _hybrid(n: int, rounds: int, seed: int) -> dict:
    from . import engine
    from . import index as services
    from .encoding import encode
    from .glossary import shipped as shipped_glossary
    from .models import SearchEntry
    from .synthetic import practice_rows
    from .tempdb import temporary_index
    from .text import snippet

    with temporary_index() as (alias, size):
        embed_seconds = insert_seconds = 0.0
        batch = []
        rows = practice_rows(n, seed=seed)
        while True:
            batch = [row for _i, row in zip(range(BATCH), rows, strict=False)]
            if not batch:
                break
            started = time.perf_counter()
            vectors = encode([r.embed_text for r in batch])
            embed_seconds += time.perf_counter() - started
            started = time.perf_counter()
            services.bulk_insert(batch, vectors, using=alias)
            insert_seconds += time.perf_counter() - started
        started = time.perf_counter()
        engine.rank("warm up", using=alias)  # loads the vector matrix once
        load_seconds = time.perf_counter() - started

        # The shipped glossary expands the queries as an installation's would (the user's database may have
        # none loaded; `wiqaya setup` loads it).
        glossary = shipped_glossary()

        def run_one(query):
            ranking = engine.rank(query, using=alias, glossary=glossary)
            top = [pk for pk, _s in ranking.fused[:10]]
            wanted = set(ranking.terms)
            for _title, body in SearchEntry.objects.using(alias).filter(pk__in=top).values_list("title", "body"):
                snippet(body, wanted)

        latency = _time_queries(run_one, rounds)
        build = embed_seconds + insert_seconds
        return {
            "build_seconds": round(build, 2), "records_per_second": round(n / build, 1),
            "embedding_seconds": round(embed_seconds, 2), "embedding_per_second": round(n / embed_seconds, 1),
            "text_index_seconds": round(insert_seconds, 2), "vector_load_seconds": round(load_seconds, 2),
            "query": latency, "peak_memory_mb": _peak_mb(), "database_bytes": size(),
        }


def _baseline(n: int, rounds: int, seed: int) -> dict:
    from .synthetic import practice_rows

    folder = Path(tempfile.mkdtemp(prefix="wiqaya-fts-"))
    path = folder / "baseline.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='unicode61')")
    started = time.perf_counter()
    rows = practice_rows(n, seed=seed)
    while True:
        batch = [(r.title, r.body) for _i, r in zip(range(BATCH), rows, strict=False)]
        if not batch:
            break
        with db:
            db.executemany("INSERT INTO fts(title, body) VALUES (?, ?)", batch)
    build = time.perf_counter() - started

    def run_one(query):
        words = re.findall(r"[^\W_]+", query[:500])[:24]
        if not words:
            return []
        match = " OR ".join('"' + w + '"' for w in words)
        return db.execute(
            "SELECT rowid, title, snippet(fts, 1, '<mark>', '</mark>', '…', 30) FROM fts WHERE fts MATCH ? "
            "ORDER BY bm25(fts, 4.0, 1.0) LIMIT 10", (match,)).fetchall()

    latency = _time_queries(run_one, rounds)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = sum(p.stat().st_size for p in folder.iterdir())
    db.close()
    for p in folder.iterdir():
        p.unlink()
    folder.rmdir()
    return {"build_seconds": round(build, 2), "records_per_second": round(n / build, 1), "query": latency,
            "peak_memory_mb": _peak_mb(), "database_bytes": size}


def _child(target, args, queue):
    try:
        queue.put(target(*args))
    except Exception as exc:  # reported to the parent, which fails the command with it
        queue.put({"error": f"{type(exc).__name__}: {exc}"})


def _in_child(target, *args) -> dict:
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(target, args, queue))
    process.start()
    result = queue.get()
    process.join()
    if "error" in result:
        raise RuntimeError(result["error"])
    return result


def run(options: dict) -> dict:
    n, rounds, seed = options.get("docs", 1000), options.get("rounds", 5), options.get("seed", 0)
    baseline = _in_child(_baseline, n, rounds, seed)
    hybrid = _in_child(_hybrid, n, rounds, seed)
    ratio = hybrid["query"]["p95_ms"] / max(baseline["query"]["p95_ms"], 0.01)
    return {"benchmark": "search", "docs": n, "rounds": rounds, "seed": seed, "hybrid": hybrid,
            "baseline_fts5": baseline, "p95_ratio": round(ratio, 2), "threads": os.environ.get("OMP_NUM_THREADS", "")}


def report(result: dict) -> list[str]:
    h, b = result["hybrid"], result["baseline_fts5"]
    return [
        f"Search on {result['docs']} generated practices, {h['query']['samples']} timed queries "
        f"({result['machine']['cpus']} CPUs, Python {result['machine']['python']})",
        f"{'':34}{'hybrid':>14}{'FTS5 baseline':>16}",
        f"{'index build (s)':34}{h['build_seconds']:>14}{b['build_seconds']:>16}",
        f"{'  of which embedding (s)':34}{h['embedding_seconds']:>14}{'—':>16}",
        f"{'records per second':34}{h['records_per_second']:>14}{b['records_per_second']:>16}",
        f"{'  embedding only, per second':34}{h['embedding_per_second']:>14}{'—':>16}",
        f"{'vector matrix load (s)':34}{h['vector_load_seconds']:>14}{'—':>16}",
        f"{'query p50 (ms)':34}{h['query']['p50_ms']:>14}{b['query']['p50_ms']:>16}",
        f"{'query p95 (ms)':34}{h['query']['p95_ms']:>14}{b['query']['p95_ms']:>16}",
        f"{'query p99 (ms)':34}{h['query']['p99_ms']:>14}{b['query']['p99_ms']:>16}",
        f"{'peak memory (MB)':34}{h['peak_memory_mb']:>14}{b['peak_memory_mb']:>16}",
        f"{'database size (MB)':34}{h['database_bytes'] / 2**20:>14.1f}{b['database_bytes'] / 2**20:>16.1f}",
        f"p95 hybrid / p95 baseline: {result['p95_ratio']}",
    ]
