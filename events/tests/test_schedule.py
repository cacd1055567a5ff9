"""Schedule flags: each rule at its boundary, in Python (`flag_of`) and in the database (`flag_filter`) alike."""

import datetime as dt

import pytest

from events.choices import Flag, Status
from events.models import FollowUpSettings, Recommendation
from events.schedule import flag_filter, flag_of, flags

from .follow_world import TODAY, make_rec

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def _in_db(rec, today=TODAY):
    """The flag the database filter gives the recommendation (exactly one must match)."""
    found = [flag for flag in Flag.values
             if flag_filter(Recommendation.objects.filter(pk=rec.pk), flag, today).exists()]
    assert len(found) == 1, found
    return found[0]


def _both(rec, today=TODAY):
    rec.refresh_from_db()
    python = flag_of(rec, today)
    assert _in_db(rec, today) == python, (rec.reference, python)
    return python


def test_a_closed_status_is_done_even_past_its_due_date():
    for status in (Status.COMPLETED, Status.SUPERSEDED, Status.MERGED):
        assert _both(make_rec(status=status, due_date=TODAY - 30 * DAY)) == Flag.DONE
    # Suspended is not closed: it can be overdue.
    assert _both(make_rec(status=Status.SUSPENDED, due_date=TODAY - DAY)) == Flag.OVERDUE


def test_overdue_starts_the_day_after_the_due_date():
    assert _both(make_rec(due_date=TODAY, last_update_on=TODAY, progress=100)) == Flag.ON_TRACK
    assert _both(make_rec(due_date=TODAY - DAY, last_update_on=TODAY, progress=100)) == Flag.OVERDUE


def test_stale_after_the_days_administrators_set_counted_from_the_last_update_or_the_issue_date():
    days = FollowUpSettings.current().stale_after_days  # 90 unless saved
    assert days == 90
    assert _both(make_rec(issued_on=TODAY - 200 * DAY, last_update_on=TODAY - days * DAY)) == Flag.ON_TRACK
    assert _both(make_rec(issued_on=TODAY - 200 * DAY, last_update_on=TODAY - (days + 1) * DAY)) == Flag.STALE
    # Without an update, from the day it was recommended.
    assert _both(make_rec(issued_on=TODAY - days * DAY)) == Flag.ON_TRACK
    assert _both(make_rec(issued_on=TODAY - (days + 1) * DAY)) == Flag.STALE
    # A saved setting moves the boundary.
    FollowUpSettings.objects.create(stale_after_days=30)
    assert _both(make_rec(issued_on=TODAY - 31 * DAY)) == Flag.STALE
    assert _both(make_rec(issued_on=TODAY - 30 * DAY)) == Flag.ON_TRACK


def test_behind_when_progress_trails_the_time_elapsed_by_more_than_the_margin():
    # Issued 50 days ago, due in 50: half the time has gone; the margin is 25 points.
    window = {"issued_on": TODAY - 50 * DAY, "due_date": TODAY + 50 * DAY, "last_update_on": TODAY}
    assert _both(make_rec(progress=25, **window)) == Flag.ON_TRACK  # trails by exactly 25: not more
    assert _both(make_rec(progress=24, **window)) == Flag.BEHIND
    assert _both(make_rec(progress=None, **window)) == Flag.BEHIND  # nothing reported counts as 0
    assert _both(make_rec(progress=90, **window)) == Flag.ON_TRACK
    # No due date: never behind. Due the day it was issued: overdue the next day, never behind.
    assert _both(make_rec(issued_on=TODAY - 10 * DAY, last_update_on=TODAY, progress=0)) == Flag.ON_TRACK
    assert _both(make_rec(issued_on=TODAY, due_date=TODAY, progress=0)) == Flag.ON_TRACK
    # A wider margin.
    FollowUpSettings.objects.create(behind_margin=60)
    assert _both(make_rec(progress=0, **window)) == Flag.ON_TRACK  # trails by 50 < 60


def test_the_rules_apply_in_order_overdue_before_stale_before_behind():
    old = TODAY - 300 * DAY
    assert _both(make_rec(issued_on=old, due_date=TODAY - DAY, progress=0)) == Flag.OVERDUE
    assert _both(make_rec(issued_on=old, due_date=TODAY + 10 * DAY, progress=0)) == Flag.STALE


def test_flags_reads_the_settings_once(django_assert_num_queries):
    recs = [make_rec(due_date=TODAY - DAY), make_rec(status=Status.COMPLETED), make_rec(issued_on=TODAY)]
    with django_assert_num_queries(1):
        found = flags(recs, TODAY)
    assert found == {recs[0].pk: Flag.OVERDUE, recs[1].pk: Flag.DONE, recs[2].pk: Flag.ON_TRACK}


def test_flag_filter_on_a_mixed_list_matches_flag_of():
    recs = [
        make_rec(status=Status.COMPLETED),
        make_rec(due_date=TODAY - DAY),
        make_rec(issued_on=TODAY - 100 * DAY),
        make_rec(issued_on=TODAY - 50 * DAY, due_date=TODAY + 50 * DAY, last_update_on=TODAY, progress=10),
        make_rec(issued_on=TODAY - 5 * DAY, due_date=TODAY + 50 * DAY, progress=0),
    ]
    expected = {flag: {r.pk for r in recs if flag_of(r, TODAY) == flag} for flag in Flag.values}
    assert [len(expected[f]) for f in (Flag.DONE, Flag.OVERDUE, Flag.STALE, Flag.BEHIND, Flag.ON_TRACK)] == [1] * 5
    for flag in Flag.values:
        assert set(flag_filter(Recommendation.objects.all(), flag, TODAY).values_list("pk", flat=True)) == expected[flag]
    # An unknown flag filters nothing.
    assert flag_filter(Recommendation.objects.all(), "nonsense", TODAY).count() == 5
