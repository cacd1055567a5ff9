"""The PDF bench at a tiny size: it builds its plans in a scratch database, draws the governorate report the
shipped way and the naive way, and reports both (`wiqaya bench dashboards` prints it)."""

import io

import pytest

from dashboards import bench_pdf
from plans.models import Plan


@pytest.mark.django_db(transaction=True)
def test_the_pdf_bench_draws_the_report_both_ways_and_says_so():
    out = io.StringIO()
    result = bench_pdf.run(out, pages=2, actions=6)
    assert result["plans"] == 1 and result["actions"] == 6 and result["indicators"] == 6
    assert result["pages"] >= 2 and result["arabic_pages"] >= 2 and result["naive_pages"] >= 1
    # the shipped report reads in a fixed number of queries; the baseline asks per action and per indicator
    assert result["queries"] < result["naive_queries"] and result["naive_queries"] > 2 * result["actions"]
    text = out.getvalue()
    assert text.startswith("Governorate report: 1 plans, 6 actions, 6 indicators")
    assert "target ≤ 20 s" in text and "naive (a document per plan" in text
    assert Plan.objects.count() == 0  # the user's (here: the test) database was not touched
