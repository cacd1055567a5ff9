import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from support.clocks import add_working_days, clock_states, load_calendar, working_days_between
from support.models import Calendar, Holiday, RequestStep, ServiceTarget, SupportRequest

from .helpers import make_desk, make_request

# December 2026: Sunday 6 … Thursday 10, Friday 11, Saturday 12, Sunday 13.
SUN, MON, TUE, THU, FRI, SAT = (dt.date(2026, 12, d) for d in (6, 7, 8, 10, 11, 12))


def at(day: dt.date, hour: int = 10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def day(n: int) -> dt.date:
    return dt.date(2026, 12, n)


@pytest.fixture
def desk(reference):
    return make_desk()


def _request(desk, *, stage="triage", submitted=SUN, **stamps):
    request = make_request(desk)
    SupportRequest.objects.filter(pk=request.pk).update(
        stage=stage, submitted_at=at(submitted), **{k: at(v) for k, v in stamps.items()})
    request.refresh_from_db()
    return request


def _pause(request, start: dt.date, end: dt.date | None):
    RequestStep.objects.create(request=request, from_stage="triage", to_stage="needs_information", at=at(start))
    if end:
        RequestStep.objects.create(request=request, from_stage="needs_information", to_stage="triage", at=at(end))


def _states(request, today):
    return {s.clock: s for s in clock_states([request], today=today)[request.pk]}


def test_weekends_and_holidays_are_not_counted(db):
    calendar = Calendar.objects.get()
    assert calendar.working_days == [6, 0, 1, 2, 3]  # Sunday to Thursday
    assert working_days_between(SUN, day(13), calendar) == 5  # Mon–Thu and Sunday 13; not Friday or Saturday
    Holiday.objects.create(calendar=calendar, date=TUE, name="Public holiday")
    assert working_days_between(SUN, day(13), calendar) == 4
    assert add_working_days(SUN, 4, calendar) == day(13)
    assert working_days_between(THU, THU) == 0


def test_a_friday_submission_starts_counting_on_sunday(desk):
    request = _request(desk, stage="submitted", submitted=FRI)
    ack = _states(request, today=SAT)["acknowledgement"]
    assert (ack.target_days, ack.used_days, ack.due, ack.state) == (2, 0, day(14), "running")
    assert _states(request, today=day(15))["acknowledgement"].state == "missed"
    request = _request(desk, stage="triage", submitted=FRI, acknowledged_at=day(13))
    ack = _states(request, today=day(20))["acknowledgement"]
    assert (ack.used_days, ack.state) == (1, "met")


def test_a_clock_is_missed_the_day_after_its_due_day_even_on_a_weekend(desk):
    # Submitted Tuesday, two working days: due Thursday. On Friday no working day has passed beyond the target,
    # yet the request is in the overdue queue (due_on < today), so its clock must say "missed" too.
    request = _request(desk, stage="submitted", submitted=TUE)
    assert _states(request, today=THU)["acknowledgement"].state == "running"
    for weekend_day in (FRI, SAT):
        ack = _states(request, today=weekend_day)["acknowledgement"]
        assert (ack.due, ack.used_days, ack.state) == (THU, 2, "missed")


def test_a_pause_across_a_weekend_leaves_out_its_working_days(desk):
    request = _request(desk, stage="accepted", acknowledged_at=MON, triaged_at=day(15))
    assert _states(request, today=day(20))["triage"].used_days == 7  # Mon 7–Thu 10, Sun 13–Tue 15
    _pause(request, THU, day(13))  # Friday, Saturday and Sunday paused: only Sunday was a working day
    triage = _states(request, today=day(20))["triage"]
    assert (triage.used_days, triage.state) == (6, "met")


def test_states_while_running_paused_and_after(desk):
    ServiceTarget.objects.filter(request_type="", priority="normal", clock="triage").update(days=3)
    running = _request(desk, acknowledged_at=MON)
    states = _states(running, today=TUE)
    assert states["acknowledgement"].state == "met" and states["triage"].state == "running"
    assert states["triage"].due == day(9) and states["delivery"].state == "running"
    assert _states(running, today=day(13))["triage"].state == "missed"
    paused = _request(desk, stage="needs_information", acknowledged_at=MON)
    _pause(paused, TUE, None)
    triage = _states(paused, today=day(20))["triage"]
    assert (triage.state, triage.used_days) == ("paused", 2)
    late = _request(desk, stage="accepted", acknowledged_at=MON, triaged_at=day(14))
    assert _states(late, today=day(20))["triage"].state == "breached"
    draft = make_request(desk)
    assert {s.state for s in clock_states([draft])[draft.pk]} == {"not_started"}


def test_a_type_s_own_target_wins_over_the_any_type_row(desk):
    ServiceTarget.objects.create(request_type="training", priority="normal", clock="acknowledgement", days=5)
    request = _request(desk, stage="submitted")
    assert _states(request, today=SUN)["acknowledgement"].target_days == 5
    SupportRequest.objects.filter(pk=request.pk).update(request_type="information")
    request.refresh_from_db()
    assert _states(request, today=SUN)["acknowledgement"].target_days == 2


def test_the_query_count_does_not_grow_with_the_page(desk):
    def count(n):
        requests = [_request(desk, acknowledged_at=MON) for _ in range(n)]
        for request in requests:
            _pause(request, TUE, THU)
        requests = list(SupportRequest.objects.filter(pk__in=[r.pk for r in requests]))
        with CaptureQueriesContext(connection) as queries:
            states = clock_states(requests, today=day(20))
        assert len(states) == n and all(len(s) == 3 for s in states.values())
        return len(queries)

    assert count(1) == count(20) == 4


def test_a_calendar_without_rows_is_sunday_to_thursday(db):
    Calendar.objects.all().delete()
    assert load_calendar().weekdays == frozenset({6, 0, 1, 2, 3})


def test_counting_by_weeks_agrees_with_counting_day_by_day(db):
    calendar = load_calendar()
    calendar = type(calendar)(calendar.weekdays, frozenset({day(8), day(24), dt.date(2027, 1, 1)}))
    paused = {day(9), day(10), day(11), day(24)}
    for start in (SUN, THU, FRI, SAT):
        for length in range(0, 45):
            end = start + dt.timedelta(days=length)
            expected = sum(calendar.is_working(start + dt.timedelta(days=n), paused) for n in range(1, length + 1))
            assert working_days_between(start, end, calendar, paused) == expected, (start, end)


def test_adding_working_days_by_weeks_agrees_with_walking_day_by_day(db):
    calendar = load_calendar()
    calendar = type(calendar)(calendar.weekdays, frozenset({day(8), day(24), dt.date(2027, 1, 1)}))
    paused = frozenset({day(9), day(10), day(11), day(24), dt.date(2027, 1, 3)})

    def walked(start, days):
        current, left = start, days
        while left > 0:
            current += dt.timedelta(days=1)
            left -= calendar.is_working(current, paused)
        return current

    for start in (SUN, THU, FRI, SAT, day(7), day(23)):
        for days in range(0, 40):
            assert add_working_days(start, days, calendar, paused) == walked(start, days), (start, days)
            assert add_working_days(start, days, calendar) == add_working_days(start, days, calendar, frozenset())
