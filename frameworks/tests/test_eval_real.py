"""Goal suggestions measured on the real-text set (docs/eval/real): published texts nobody here wrote, labelled
before any tuning. The thresholds sit just under the figures in docs/benchmarks.md, so a change that loses
accuracy on real texts fails here even when the team's own set still passes."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

REAL = Path(__file__).resolve().parents[2] / "docs" / "eval" / "real"


def evaluate(*args) -> dict:
    out = StringIO()
    call_command("eval", "tagging", "--framework", "un-pve-2015", "--corpus", str(REAL / "corpus"), *args, "--json",
                 stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def test_the_real_set_is_large_bilingual_sourced_and_split_once():
    documents = [json.loads(p.read_text(encoding="utf-8")) for p in (REAL / "corpus").glob("*.json")]
    languages = [d["lang"] for d in documents]
    assert len(documents) >= 150 and languages.count("ar") >= 70 and languages.count("en") >= 70
    assert languages.count("fr") >= 5
    assert all(d["source"].startswith("http") and d["licence"] and d["publisher"] for d in documents)
    split = json.loads((REAL / "split.json").read_text(encoding="utf-8"))
    tuning, held_out = set(split["documents"]["tuning"]), set(split["documents"]["held_out"])
    assert not tuning & held_out and tuning | held_out == {d["id"] for d in documents}
    queries = [json.loads(line) for line in (REAL / "queries.jsonl").read_text(encoding="utf-8").splitlines() if line]
    assert len(queries) >= 40 and sum(q["lang"] == "ar" for q in queries) >= 20
    assert not set(split["queries"]["tuning"]) & set(split["queries"]["held_out"])


@pytest.mark.django_db
def test_zero_shot_and_few_shot_on_the_held_out_half():
    report = evaluate("--labels", str(REAL / "labels.jsonl"), "--train", str(REAL / "tuning.jsonl"))
    held_out = report["held_out"]
    assert held_out["zero_shot"]["documents"] == 95
    assert held_out["zero_shot"]["micro_f1"] >= 0.62  # 0.644 measured
    assert held_out["zero_shot"]["micro_f1"] > held_out["baseline"]["micro_f1"] + 0.15
    assert report["few_shot"]["micro_f1"] >= 0.65  # 0.670 measured
    assert report["few_shot"]["micro_f1"] > held_out["zero_shot"]["micro_f1"]
    # French and German documents are tagged too (goal texts in Arabic and English only).
    assert {"fr", "de"} <= set(report["zero_shot"]["by_lang"])
