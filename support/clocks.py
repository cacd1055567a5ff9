"""The three service-level clocks of a support request, counted in working days of the desk's calendar.

Each clock runs from submission: acknowledgement until `acknowledged_at` (the request left "submitted"), triage
decision until `triaged_at` (accepted, declined, redirected or merged), start of delivery until
`delivery_started_at`. Days spent in "needs information" (from the request's steps) are left out: the desk waits
for the locality. Working days are the `Calendar` row's weekdays (Sunday–Thursday by default) less its
`Holiday` rows. Targets come from `ServiceTarget`: a row for the request's type wins over the any-type row.

States: not_started (not submitted yet, or a clock the request's end made moot), running, paused (in "needs
information"), met (ended in time), breached (ended late), missed (still running past its due day).

Counting: a day counts when it is a working day after the submission day, up to and including the end day —
submitted on a Sunday and acknowledged on the Monday is one working day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from .choices import PAUSED_STAGES, Clock, Stage
from .models import Calendar, Holiday, RequestStep, ServiceTarget, default_working_days

ENDS = {Clock.ACKNOWLEDGEMENT: "acknowledged_at", Clock.TRIAGE: "triaged_at", Clock.DELIVERY: "delivery_started_at"}
# Searching for a due day stops after this many calendar days (a calendar without working days has none).
_HORIZON = 3660


@dataclass(frozen=True)
class ClockState:
    clock: str
    target_days: int | None
    used_days: int
    due: dt.date | None
    state: str


@dataclass(frozen=True)
class WorkingCalendar:
    weekdays: frozenset[int]
    holidays: frozenset[dt.date]

    def is_working(self, day: dt.date, paused: set[dt.date] | frozenset = frozenset()) -> bool:
        return day.weekday() in self.weekdays and day not in self.holidays and day not in paused


def load_calendar(calendar: Calendar | None = None) -> WorkingCalendar:
    """The working calendar (two queries): the given row, or the installation's first."""
    calendar = calendar or Calendar.objects.order_by("pk").first()
    if calendar is None:
        return WorkingCalendar(frozenset(default_working_days()), frozenset())
    days = Holiday.objects.filter(calendar=calendar).values_list("date", flat=True)
    return WorkingCalendar(frozenset(int(d) for d in calendar.working_days), frozenset(days))


def _calendar(calendar) -> WorkingCalendar:
    return calendar if isinstance(calendar, WorkingCalendar) else load_calendar(calendar)


def working_days_between(start: dt.date, end: dt.date, calendar=None, paused=frozenset()) -> int:
    """Working days after `start` up to and including `end` (0 when end is not after start)."""
    cal = _calendar(calendar)
    days = (end - start).days
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    first = start.weekday() + 1  # the weekday of the first day counted
    count = weeks * len(cal.weekdays) + sum((first + i) % 7 in cal.weekdays for i in range(rest))
    # holidays and paused days on working weekdays inside the span (each counted once)
    off = {d for d in (cal.holidays | set(paused)) if start < d <= end and d.weekday() in cal.weekdays}
    return count - len(off)


def add_working_days(start: dt.date, days: int, calendar=None, paused=frozenset()) -> dt.date | None:
    """The day on which `days` working days after `start` are reached."""
    cal = _calendar(calendar)
    day, left, steps = start, days, _HORIZON
    per_week = len(cal.weekdays)
    if per_week and left > per_week:
        # Whole weeks first: each holds `per_week` working days less the holidays and paused days inside it; the
        # last stretch (at least one working day) is walked day by day.
        weeks = min((left - 1) // per_week, _HORIZON // 7)
        end = start + dt.timedelta(days=7 * weeks)
        off = sum(1 for d in (cal.holidays | set(paused)) if start < d <= end and d.weekday() in cal.weekdays)
        day, left, steps = end, left - (weeks * per_week - off), _HORIZON - 7 * weeks
    for _ in range(steps):
        if left <= 0:
            return day
        day += dt.timedelta(days=1)
        left -= cal.is_working(day, paused)
    return None


def _local(value, tz=None) -> dt.date | None:
    """The local day of a moment (the timezone looked up once per page by the caller)."""
    if value is None:
        return None
    return value.astimezone(tz or timezone.get_current_timezone()).date()


def _paused_days(steps: list, today: dt.date, tz) -> set[dt.date]:
    """Days after entering "needs information" up to and including the day it was left (or today)."""
    days, since = set(), None
    for step in steps:
        if step.to_stage in PAUSED_STAGES and since is None:
            since = _local(step.at, tz)
        elif step.from_stage in PAUSED_STAGES and since is not None:
            days |= _days_in(since, _local(step.at, tz))
            since = None
    if since is not None:
        days |= _days_in(since, today)
    return days


def _days_in(start: dt.date, end: dt.date) -> set[dt.date]:
    return {start + dt.timedelta(days=n) for n in range(1, (end - start).days + 1)}


def _targets() -> dict[tuple[str, str, str], int]:
    return {(t.request_type, t.priority, t.clock): t.days for t in ServiceTarget.objects.all()}


def _target(targets, request, clock) -> int | None:
    return targets.get((request.request_type, request.priority, clock),
                       targets.get(("", request.priority, clock)))


def _due(submitted, target, cal, paused, cache) -> dt.date | None:
    if paused:
        return add_working_days(submitted, target, cal, paused)
    key = (submitted, target)
    if key not in cache:  # a page of requests submitted on the same days shares its due days
        cache[key] = add_working_days(submitted, target, cal)
    return cache[key]


def _state(request, clock, target, cal, paused, today, cache, tz) -> ClockState:
    submitted = _local(request.submitted_at, tz)
    if submitted is None:
        return ClockState(clock, target, 0, None, "not_started")
    ended = _local(getattr(request, ENDS[clock]), tz)
    if ended is None and request.stage in {Stage.CLOSED, Stage.DECLINED, Stage.REDIRECTED, Stage.MERGED,
                                           Stage.WITHDRAWN}:
        return ClockState(clock, target, 0, None, "not_started")  # moot: the request ended before it
    used = working_days_between(submitted, ended or today, cal, paused)
    due = _due(submitted, target, cal, paused, cache) if target else None
    if ended is not None:
        state = "met" if target is None or used <= target else "breached"
    elif request.stage in PAUSED_STAGES:
        state = "paused"
    else:
        # past its due day (a weekend after it included), or, where no due day falls inside the horizon, past
        # its target in working days: the same rule as the overdue queue's `due_on < today`
        late = today > due if due is not None else (target is not None and used > target)
        state = "missed" if late else "running"
    return ClockState(clock, target, used, due, state)


def clock_states(requests, today: dt.date | None = None, calendar=None) -> dict[int, list[ClockState]]:
    """{request id: [acknowledgement, triage, delivery]} for a page of requests, in four queries whatever their
    number (calendar, holidays, targets, the steps in and out of "needs information")."""
    requests = list(requests)
    if not requests:
        return {}
    today = today or timezone.localdate()
    cal, targets = _calendar(calendar), _targets()
    steps = defaultdict(list)
    moves = RequestStep.objects.filter(Q(to_stage__in=PAUSED_STAGES) | Q(from_stage__in=PAUSED_STAGES),
                                       request__in=[r.pk for r in requests])
    for step in moves.only("request_id", "from_stage", "to_stage", "at"):
        steps[step.request_id].append(step)
    answer, cache, tz = {}, {}, timezone.get_current_timezone()
    for request in requests:
        history = sorted(steps.get(request.pk, []), key=lambda s: (s.at, s.pk))
        paused = _paused_days(history, today, tz)
        answer[request.pk] = [_state(request, clock, _target(targets, request, clock), cal, paused, today, cache, tz)
                              for clock in Clock.values]
    return answer


def next_due(requests, calendar=None) -> dict[int, dt.date | None]:
    """{request id: the earliest due day of its running clocks} — None while paused, when no clock runs or
    none has a target. What `SupportRequest.due_on` stores, so that the overdue queue is one indexed filter."""
    answer = {}
    for pk, states in clock_states(requests, calendar=calendar).items():
        dues = [s.due for s in states if s.state in ("running", "missed") and s.due is not None]
        answer[pk] = min(dues) if dues else None
    return answer
