"""core.words.count: command-line counts with the right English word form."""

from core.words import count


def test_count_uses_singular_for_one_and_plural_otherwise():
    assert count(1, "file") == "1 file"
    assert count(0, "file") == "0 files"
    assert count(3, "stale entry", "stale entries") == "3 stale entries"
    assert count(1, "stale entry", "stale entries") == "1 stale entry"
