"""The period chooser: what `periods.parse` reads, what it refuses (and says so), and the options offered."""

import datetime as dt

from django.utils import translation

from dashboards import periods

TODAY = dt.date(2026, 12, 7)


def test_a_year_and_a_quarter():
    year = periods.parse("2026", TODAY)
    assert (year.key, year.start, year.end, year.problem) == ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "")
    quarter = periods.parse("2026-Q4", TODAY)
    assert (quarter.key, quarter.start, quarter.end) == ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    first = periods.parse("2025-q1", TODAY)
    assert (first.key, first.start, first.end) == ("2025-Q1", dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert periods.parse("٢٠٢٥", TODAY).key == "2025"  # Arabic-Indic digits, as an Arabic keyboard types them


def test_all_and_nothing_are_all_time_without_a_problem():
    for value in (None, "", "all"):
        period = periods.parse(value, TODAY)
        assert (period.key, period.start, period.end, period.problem) == ("all", None, None, "")


def test_a_bad_value_falls_back_to_all_time_and_says_so():
    for value in ("last-week", "2026-Q5", "3026", "26", "2026-13", "<script>"):
        period = periods.parse(value, TODAY)
        assert period.key == "all" and period.start is None
        assert "not understood" in period.problem


def test_the_choices_are_all_time_three_years_and_four_quarters():
    keys = [p.key for p in periods.choices(TODAY)]
    assert keys == ["all", "2026", "2025", "2024", "2026-Q4", "2026-Q3", "2026-Q2", "2026-Q1"]
    assert [p.key for p in periods.choices(dt.date(2026, 2, 1))][4:] == ["2026-Q1", "2025-Q4", "2025-Q3", "2025-Q2"]


def test_labels_are_translated():
    with translation.override("ar"):
        labels = [p.label for p in periods.choices(TODAY)]
        problem = periods.parse("x", TODAY).problem
    assert labels[0] != "All time" and "2026" in labels[4] and labels[4] != "Quarter 4 of 2026"
    assert "not understood" not in problem
