"""Schedule flags of recommendations, computed from stored fields, never typed.

In this order, the first rule that holds gives the flag:

1. a closed status (completed, superseded, merged) → **done**;
2. a due date before today → **overdue**;
3. the last update (or the day it was recommended, when none) more than `stale_after_days` days ago → **stale**;
4. progress trailing the share of time elapsed between `issued_on` and `due_date` by more than `behind_margin`
   percentage points → **behind** (its owners are then asked for a reason: `behind_reason`);
5. else → **on track**.

`flag_of` answers for one recommendation, `flags` for many (one query for the settings), and `flag_filter`
narrows a queryset to one flag in the database, on the stored, indexed fields (`status`, `due_date`,
`last_update_on`, `issued_on`, cached `progress`), so that a filtered list pages like any other. Both read the
same rules with the same whole-number arithmetic, so they agree at every boundary.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, Case, F, FloatField, Func, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from .choices import CLOSED_STATUSES, Flag
from .models import FollowUpSettings


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _behind(progress, issued_on, due_date, today: dt.date, margin: int) -> bool:
    """Elapsed share (100 × days since issued ÷ days issued→due) minus progress exceeds the margin; kept in whole
    numbers: 100 × elapsed > (progress + margin) × span."""
    if due_date is None or issued_on is None or due_date <= issued_on:
        return False
    elapsed = (today - issued_on).days
    span = (due_date - issued_on).days
    return 100 * elapsed > ((progress or 0) + margin) * span


def flag_of(recommendation, today: dt.date | None = None, settings: FollowUpSettings | None = None) -> str:
    """The flag of one recommendation (a `Flag` value)."""
    today = _today(today)
    settings = settings or FollowUpSettings.current()
    if recommendation.status in CLOSED_STATUSES:
        return Flag.DONE
    if recommendation.due_date is not None and recommendation.due_date < today:
        return Flag.OVERDUE
    last = recommendation.last_update_on or recommendation.issued_on
    if last is not None and last < today - dt.timedelta(days=settings.stale_after_days):
        return Flag.STALE
    if _behind(recommendation.progress, recommendation.issued_on, recommendation.due_date, today,
               settings.behind_margin):
        return Flag.BEHIND
    return Flag.ON_TRACK


def flags(recommendations, today: dt.date | None = None, settings: FollowUpSettings | None = None) -> dict:
    """{recommendation id: flag} for each of `recommendations` (loaded ones: no query but the settings')."""
    today = _today(today)
    settings = settings or FollowUpSettings.current()
    return {r.pk: flag_of(r, today, settings) for r in recommendations}


class DaysBetween(Func):
    """Whole days from the second date to the first (a date expression or value minus another): julianday on
    SQLite, date subtraction (an integer) on PostgreSQL."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        first, second = (compiler.compile(e) for e in self.get_source_expressions())
        return f"(({first[0]}) - ({second[0]}))", [*first[1], *second[1]]

    def as_sqlite(self, compiler, connection, **extra):
        first, second = (compiler.compile(e) for e in self.get_source_expressions())
        return f"(julianday({first[0]}) - julianday({second[0]}))", [*first[1], *second[1]]


def _rules(today: dt.date, settings: FollowUpSettings) -> dict[str, Q]:
    closed = Q(status__in=CLOSED_STATUSES)
    overdue = Q(due_date__lt=today)
    cutoff = today - dt.timedelta(days=settings.stale_after_days)
    stale = Q(last_update_on__lt=cutoff) | Q(last_update_on__isnull=True, issued_on__lt=cutoff)
    behind = Q(due_date__isnull=False, due_date__gt=F("issued_on"), _events_behind=True)
    return {"closed": closed, "overdue": overdue, "stale": stale, "behind": behind}


def flag_filter(queryset: QuerySet, flag: str, today: dt.date | None = None,
                settings: FollowUpSettings | None = None) -> QuerySet:
    """`queryset` (of recommendations) narrowed to those whose flag is `flag`; an unknown flag leaves it as is."""
    today = _today(today)
    settings = settings or FollowUpSettings.current()
    rules = _rules(today, settings)
    closed, overdue, stale = rules["closed"], rules["overdue"], rules["stale"]
    if flag == Flag.DONE:
        return queryset.filter(closed)
    if flag == Flag.OVERDUE:
        return queryset.exclude(closed).filter(overdue)
    open_in_time = queryset.exclude(closed).exclude(overdue)
    if flag == Flag.STALE:
        return open_in_time.filter(stale)
    behind = _with_behind(open_in_time.exclude(stale), today, settings)
    if flag == Flag.BEHIND:
        return behind.filter(rules["behind"])
    if flag == Flag.ON_TRACK:
        return behind.exclude(rules["behind"])
    return queryset


def _with_behind(queryset: QuerySet, today: dt.date, settings: FollowUpSettings) -> QuerySet:
    """Alias `_events_behind`: 100 × days elapsed > (progress + margin) × days from issued to due."""
    elapsed = DaysBetween(Value(today), F("issued_on"))
    span = DaysBetween(F("due_date"), F("issued_on"))
    lagging = Q(_events_elapsed__gt=(Coalesce(F("progress"), Value(0)) + Value(settings.behind_margin))
                * F("_events_span"))
    return queryset.alias(_events_elapsed=Value(100) * elapsed, _events_span=span).alias(
        _events_behind=Case(When(lagging, then=Value(True)), default=Value(False), output_field=BooleanField()))
