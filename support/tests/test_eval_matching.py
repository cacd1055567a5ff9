"""The desk's practice matching measured on the real development set (docs/eval/real/matching): requests taken
from published texts, judged against the real corpus before any tuning. The thresholds sit just under the
held-out figures in docs/benchmarks.md ("Support desk matching (issue 14)"), so a change that loses matching
quality on real texts fails here. Only the held-out half runs (one indexing of the corpus, one pass)."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

REAL = Path(__file__).resolve().parents[2] / "docs" / "eval" / "real"
MATCHING = REAL / "matching"


def test_matching_on_the_held_out_requests(db, real_search_model, capsys, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("eval", "matching", "--corpus", str(REAL / "corpus"), "--requests",
                     str(MATCHING / "requests.jsonl"), "--split", str(MATCHING / "split.json"), "--half",
                     "held_out", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["requests"] == 20 and result["docs"] == 195 and result["goal_evidence"] == "suggested"
    matching, baseline = result["matching"], result["baseline"]
    assert set(matching["by_lang"]) == {"ar", "en", "fr"}
    assert matching["ndcg@10"] >= HELD_OUT_NDCG[connection.vendor]
    assert matching["p@5"] >= HELD_OUT_P5[connection.vendor]
    assert matching["ndcg@10"] > baseline["ndcg@10"] + 0.05  # better than keywords alone, by a margin


def test_the_split_and_the_requests_agree():
    split = json.loads((MATCHING / "split.json").read_text(encoding="utf-8"))
    ids = [json.loads(line)["id"] for line in (MATCHING / "requests.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(ids) == 42 and sorted(split["tuning"] + split["held_out"]) == sorted(ids)
    assert not set(split["tuning"]) & set(split["held_out"])
    # req-024 quotes the page that is corpus document en-023: it is not judged for itself (README)
    judged = {json.loads(line)["id"]: json.loads(line)["relevant"]
              for line in (MATCHING / "requests.jsonl").read_text(encoding="utf-8").splitlines()}
    assert "en-023" not in judged["req-024"]


def test_bad_input_is_named(db, tmp_path):
    bad = tmp_path / "requests.jsonl"
    bad.write_text('{"id": "r1", "lang": "en", "text": "x", "goals": ["2"], "relevant": {}}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="framework-slug:number"):
        call_command("eval", "matching", "--corpus", str(REAL / "corpus"), "--requests", str(bad))
    with pytest.raises(CommandError, match="--split and --half go together"):
        call_command("eval", "matching", "--corpus", str(REAL / "corpus"), "--requests",
                     str(MATCHING / "requests.jsonl"), "--half", "tuning")


# Measured on the held-out half (docs/benchmarks.md): SQLite nDCG@10 0.434, p@5 0.470 (keyword baseline 0.322,
# 0.370); 0.433 / 0.470 after the second round (the glossary off), the same ranking on this set. PostgreSQL was not measured here: its threshold is the SQLite one less a wider margin, as the search
# ranking's own figures differ between the two (search/tests/test_eval_real.py).
HELD_OUT_NDCG = {"sqlite": 0.41, "postgresql": 0.38}
HELD_OUT_P5 = {"sqlite": 0.44, "postgresql": 0.40}



@pytest.mark.skipif(connection.vendor != "sqlite", reason="the benchmark measures the embedded default")
def test_bench_support_matching_runs_at_a_tiny_size(capsys, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("bench", "support", "--skip-queue", "--practices", "60", "--rounds", "1", "--json")
    matching = json.loads(capsys.readouterr().out)["matching"]
    assert matching["practices"] == 60 and matching["requests"] == 42
    assert matching["matching"]["samples"] == 42 and matching["matching"]["p95_ms"] > 0
    assert matching["naive"]["p95_ms"] > 0


@pytest.mark.django_db(transaction=True)
def test_bench_support_queue_and_register_at_a_tiny_size(capsys):
    from support.models import SupportRequest

    call_command("bench", "support", "--skip-matching", "--requests", "40", "--needs", "200", "--rounds", "1",
                 "--json")
    queue = json.loads(capsys.readouterr().out)["queue_register"]
    try:
        from support import queries
    except ImportError:
        queries = None
    if not (hasattr(queries, "hub_queue") and hasattr(queries, "register_rows")):
        assert "not there yet" in queue["skipped"]  # said in words, not silently left out
    else:
        assert queue["constant"] and queue["queue"]["p95_ms"] > 0
    assert SupportRequest.objects.count() == 0  # the user's (here: the test) database was not touched
