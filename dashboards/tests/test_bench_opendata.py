"""The open-data benchmark runs end to end at a tiny size, in a scratch database, and reports its figures."""

import io

import pytest

from dashboards import bench_opendata
from practices.models import Practice


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_builds_both_packages_and_leaves_the_database_alone():
    out = io.StringIO()
    result = bench_opendata.run(out=out, practices=300, actions=38)
    assert result["practices"] == 300 and result["draft_practices"] == 6 and result["actions"] == 38
    for kind in ("streamed", "in_memory"):
        assert result[kind]["seconds"] > 0 and result[kind]["peak_mb"] > 0 and result[kind]["bytes"] > 0
    assert result["same_csv_files"] is True  # the baseline writes the very same files
    assert "streamed (shipped)" in out.getvalue() and "in memory (baseline)" in out.getvalue()
    assert Practice.objects.count() == 0  # the user's (here: the test) database was not touched
