"""`wiqaya bench dashboards --quick --only dashboard` runs end to end at a tiny size, in a scratch database, and
reports its figures, its target and the baseline."""

import pytest

from dashboards import bench
from plans.models import Plan


@pytest.mark.django_db(transaction=True)
def test_bench_dashboards_quick_reports_the_dashboard(capsys):
    assert bench.main(["--quick", "--only", "dashboard"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("National dashboard on 2 plans, 16 actions, 16 indicators, 32 progress updates")
    assert "13 panels, 9 measures" in lines[0]
    rows = {line[:40].strip(): line[40:].split() for line in lines[2:7]}
    assert set(rows) == {"national dashboard (build)", "the same, start-up objects not frozen",
                         "public dashboard (build)",
                         "baseline: per governorate, per plan", "for reference: plans roll-up alone"}
    national, baseline = rows["national dashboard (build)"], rows["baseline: per governorate, per plan"]
    assert float(national[1]) > 0 and int(national[3]) > 0
    assert int(baseline[3]) > int(national[3])  # the per-governorate read asks more and more
    assert lines[7].startswith("target: national dashboard p95 <= 300 ms: ")
    assert not any(line.startswith(("Open-data package", "Governorate PDF")) for line in lines)  # --only
    assert Plan.objects.count() == 0  # the user's (here: the test) database was not touched


def test_a_part_not_built_in_this_tree_is_skipped_with_a_line(monkeypatch):
    monkeypatch.setattr(bench.importlib.util, "find_spec", lambda name: None)
    result = {"opendata": bench._part("dashboards.bench_opendata", None), "pdf": bench._part("x", None),
              "machine": {"cpus": 2, "python": "3.12"}}
    assert bench.report(result) == ["Open-data package: not built in this tree", "Governorate PDF: not built in this tree"]


def test_the_ops_dispatcher_knows_the_benchmark():
    from ops.management.commands.bench import BENCHMARKS

    assert BENCHMARKS["dashboards"] == "dashboards.bench"
