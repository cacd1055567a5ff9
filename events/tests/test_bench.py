"""`wiqaya bench events` runs end to end at a tiny size, in a scratch database, and reports its figures."""

import json

import pytest
from django.core.management import call_command

from events.models import Event, Recommendation


@pytest.mark.django_db(transaction=True)
def test_bench_events_reports_figures_and_leaves_the_database_alone(capsys):
    call_command("bench", "events", "--events", "20", "--recommendations", "200", "--owners", "600",
                 "--updates", "1000", "--organisations", "12", "--rounds", "1", "--json")
    result = json.loads(capsys.readouterr().out)
    assert (result["events"], result["recommendations"], result["owners"], result["updates"]) == (20, 200, 600, 1000)
    assert 0 < result["public_recommendations"] < 200 and result["queue_size"] > 0
    for name in ("accountability", "queue", "naive"):
        assert result[name]["p95_ms"] > 0 and result[name]["samples"] >= 1
    queries = result["queries"]
    # The two reads ask as many queries at a tenth of the data as at all of it; the baseline asks two per
    # recommendation of its page (owners, last update) and so grows with the page until it is full.
    assert result["constant"]
    assert queries["accountability"]["full"] == queries["accountability"]["tenth"] <= 15
    assert queries["naive"]["full"] > 2 * 50 > queries["accountability"]["full"]
    assert queries["naive"]["tenth"] < queries["naive"]["full"]  # 20 public recommendations at a tenth
    assert Event.objects.count() == 0 and Recommendation.objects.count() == 0  # the test database was not touched


def test_bench_events_prints_its_lines():
    from events.bench import report

    result = {"machine": {"cpus": 2, "python": "3.12.1"}, "events": 2000, "recommendations": 20000, "owners": 60000,
              "updates": 100000, "organisations": 120, "fill_seconds": 30.0, "public_recommendations": 15000,
              "queue_size": 500, "page": 50, "constant": True, "target_met": True,
              "queries": {n: {"tenth": 7, "full": 7} for n in ("accountability", "queue", "naive")}}
    for name in ("accountability", "queue", "naive"):
        result[name] = {"p50_ms": 10.0, "p95_ms": 20.0, "max_ms": 25.0, "samples": 20}
    lines = report(result)
    assert lines[0] == "Events (2 CPUs, Python 3.12.1)"
    assert "20,000 recommendations" in lines[1] and "60,000 owner rows" in lines[1]
    assert lines[2] == "  accountability  p50 10.0 ms, p95 20.0 ms (20 pages); queries 7 at a tenth, 7 at all"
    assert lines[-1] == "  query count constant: yes; target p95 ≤ 200 ms: met"
