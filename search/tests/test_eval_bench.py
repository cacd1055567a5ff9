"""The evaluation and benchmark commands on tiny inputs, and the database-specific index itself."""

from __future__ import annotations

import json
import os

import pytest
from django.core.management import call_command
from django.db import connection

from search import backends

DOCS = [
    {"id": "en-1", "title": "Training of trainers", "text": "Youth workers trained as trainers.", "lang": "en"},
    {"id": "en-2", "title": "", "text": "A football league for young people in Mosul.", "lang": "en"},
    {"id": "ar-1", "title": "تدريب المدربين", "text": "إعداد العاملين مع الشباب ليصبحوا مدربين.", "lang": "ar"},
    {"id": "ar-2", "title": "دوري كرة القدم", "text": "مباريات أسبوعية لشباب الأحياء.", "lang": "ar"},
]
QUERIES = [
    {"qid": "q1", "query": "trainers", "relevant": {"en-1": 2, "ar-1": 2}},
    {"qid": "q2", "query": "كرة القدم", "relevant": {"ar-2": 2, "en-2": 2}},
    {"qid": "q3", "query": "football", "relevant": {"en-2": 2, "ar-2": 1}},
]


@pytest.fixture
def tiny_set(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc in DOCS:
        (corpus / f"{doc['id']}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    queries = tmp_path / "queries.jsonl"
    queries.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUERIES), encoding="utf-8")
    return corpus, queries


def test_eval_search_json_shape_in_a_temporary_database(tiny_set, capsys, django_db_blocker):
    from django.db import connections

    corpus, queries = tiny_set
    with django_db_blocker.unblock():
        call_command("eval", "search", "--corpus", str(corpus), "--queries", str(queries), "--json")
    result = json.loads(capsys.readouterr().out)
    assert {"hybrid", "keyword", "semantic", "queries", "docs"} <= set(result)
    assert (result["queries"], result["docs"]) == (3, 4)
    for mode in ("hybrid", "keyword", "semantic"):
        assert {"ndcg@10", "recall@10", "mrr@10", "by_lang"} <= set(result[mode])
        assert set(result[mode]["by_lang"]) == {"en", "ar"}
        assert 0 <= result[mode]["ndcg@10"] <= 1
    assert result["keyword"]["recall@10"] > 0
    assert not [alias for alias in connections.settings if alias.startswith("search_tmp_")]  # dropped after use
    with django_db_blocker.unblock():
        call_command("eval", "search", "--corpus", str(corpus), "--queries", str(queries))
    assert "nDCG@10" in capsys.readouterr().out


def test_eval_search_refuses_bad_input_clearly(tiny_set, tmp_path):
    from django.core.management.base import CommandError

    corpus, _queries = tiny_set
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"qid": "x", "query": "a", "relevant": {"nope": 2}}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="unknown document"):
        call_command("eval", "search", "--corpus", str(corpus), "--queries", str(bad))
    with pytest.raises(CommandError, match="no such directory"):
        call_command("eval", "search", "--corpus", str(tmp_path / "none"), "--queries", str(bad))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the benchmark measures the embedded default")
def test_bench_search_runs_at_a_tiny_size(capsys, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("bench", "search", "--docs", "40", "--rounds", "1", "--json")
    result = json.loads(capsys.readouterr().out)
    for side in ("hybrid", "baseline_fts5"):
        assert {"build_seconds", "records_per_second", "query", "peak_memory_mb", "database_bytes"} <= set(result[side])
        assert {"p50_ms", "p95_ms", "p99_ms"} <= set(result[side]["query"])
    assert result["hybrid"]["embedding_seconds"] >= 0 and result["p95_ratio"] > 0


@pytest.mark.django_db
def test_the_keyword_index_of_this_database():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'search_fts'")
            assert cursor.fetchone()
        else:
            cursor.execute("SELECT 1 FROM information_schema.columns WHERE table_name = 'search_searchentry' AND column_name = 'tsv'")
            assert cursor.fetchone()
    if os.environ.get("WIQAYA_EXPECT_POSTGRES"):  # scripts/pg_tests.py: make sure this really ran on PostgreSQL
        assert connection.vendor == "postgresql" and backends.uses_pgvector("default")
