"""`wiqaya bench plans` runs end to end at a tiny size, in a scratch database, and reports its figures."""

import json

import pytest
from django.core.management import call_command

from plans.models import Plan


@pytest.mark.django_db(transaction=True)
def test_bench_plans_reports_figures_and_leaves_the_database_alone(capsys):
    call_command("bench", "plans", "--governorates", "2", "--actions", "8", "--updates", "2", "--runs", "3", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["plans"] == 2 and result["actions"] == 16 and result["updates"] == 32
    for key in ("overview", "coverage", "overview_page", "coverage_page", "baseline_per_plan_overview"):
        assert result[key]["p95_ms"] > 0 and result[key]["queries"] > 0
    assert result["overview_page"]["status"] == 200 and result["coverage_page"]["status"] == 200
    # The baseline's query count grows with plans; the roll-up's does not.
    assert result["baseline_per_plan_overview"]["queries"] > result["overview"]["queries"]
    assert Plan.objects.count() == 0  # the user's (here: the test) database was not touched
