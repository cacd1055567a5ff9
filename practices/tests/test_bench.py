"""`wiqaya bench parser` prints accuracy and speed for the noisy layout and the clean baseline."""

import json

from django.core.management import call_command


def test_bench_parser_json(capsys):
    call_command("bench", "parser", "--practices", "60", "--seed", "7", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["noisy"]["practices_generated"] >= 60
    assert result["noisy"]["practices_generated"] == result["baseline_clean"]["practices_generated"]
    assert result["noisy"]["overall"] >= 0.95 and result["baseline_clean"]["overall"] >= 0.95
    assert set(result["noisy"]["fields"]) >= {"name", "period", "paragraph_texts"}
    assert result["machine"]["cpus"] >= 1


def test_bench_parser_text_report(capsys):
    call_command("bench", "parser", "--practices", "20")
    out = capsys.readouterr().out
    assert "overall field accuracy" in out and "baseline: clean" in out
