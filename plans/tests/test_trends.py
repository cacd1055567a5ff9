"""An indicator at a glance on the plan page (`plans.trends`, `presenters.indicator_summary`): the trend chart's
points follow the dates and values, time runs in the reading direction, the chart says the same in words; the
page summarises each indicator and keeps its updates behind a "show" control."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

from django.utils import translation

from plans import trends


def _update(day, value, pk):
    return SimpleNamespace(date=day, value=Decimal(value), pk=pk)


INDICATOR = SimpleNamespace(baseline=Decimal(0), target=Decimal(100))
START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
UPDATES = [_update(dt.date(2025, 7, 2), 60, 2), _update(dt.date(2025, 1, 1), 20, 1), _update(dt.date(2025, 12, 31), 100, 3)]


def test_no_update_draws_no_chart():
    assert trends.trend(INDICATOR, [], START, END) is None


def test_points_follow_dates_and_values_left_to_right_in_english():
    with translation.override("en"):
        chart = trends.trend(INDICATOR, UPDATES, START, END)
    xs = [x for x, _y in chart.points]
    ys = [y for _x, y in chart.points]
    assert not chart.rtl
    assert xs[0] == trends.PAD and xs[-1] == trends.WIDTH - trends.PAD  # the period's first and last day
    assert xs[0] < xs[1] < xs[2]  # sorted by date, whatever order they came in
    assert abs(xs[1] - trends.WIDTH / 2) < 2  # the 2nd of July is half way through the year
    assert ys[0] > ys[1] > ys[2]  # a higher value is drawn higher (a smaller y)
    assert ys[2] == chart.target_y == trends.PAD and chart.baseline_y == trends.HEIGHT - trends.PAD
    assert chart.last == chart.points[-1]
    assert chart.line == " ".join(f"{x},{y}" for x, y in chart.points)
    assert chart.text == ("Values reported, oldest first: 20 on 2025-01-01; 60 on 2025-07-02; 100 on 2025-12-31. "
                          "Baseline 0, target 100.")


def test_time_runs_right_to_left_in_arabic():
    with translation.override("en"):
        ltr = trends.trend(INDICATOR, UPDATES, START, END)
    with translation.override("ar"):
        rtl = trends.trend(INDICATOR, UPDATES, START, END)
    assert rtl.rtl
    assert [trends.WIDTH - x for x, _y in rtl.points] == [x for x, _y in ltr.points]  # mirrored
    assert rtl.points[0][0] > rtl.points[-1][0]  # the oldest at the right, the latest at the left
    assert [y for _x, y in rtl.points] == [y for _x, y in ltr.points]
    assert rtl.text.startswith("القيم المُبلَّغ عنها") and "؛" in rtl.text and "المستهدف 100" in rtl.text


def test_updates_outside_the_period_widen_the_axis_and_a_flat_indicator_still_draws():
    late = [_update(dt.date(2026, 6, 30), 5, 1)]
    flat = SimpleNamespace(baseline=Decimal(5), target=Decimal(5))
    with translation.override("en"):
        chart = trends.trend(flat, late, START, END)
    assert chart.points == [(trends.WIDTH - trends.PAD, trends.PAD)]


def test_the_plan_page_summarises_each_indicator_and_keeps_its_updates_on_demand(client, reference):
    from accounts.choices import OrganisationKind, Role
    from places.models import Place
    from plans import services
    from tests.factories import make_org, make_user

    committee = make_org("Anbar PVE Sub-committee", kind=OrganisationKind.COMMITTEE, place=Place.objects.get(code="IQ-AN"))
    focal = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=committee)
    plan = services.create_plan(actor=focal, title="Anbar plan", lang="en", place=Place.objects.get(code="IQ-AN"),
                                period_start=START, period_end=END, owner=committee)
    action = services.create_action(actor=focal, plan=plan, title="Football league")
    counted = services.create_indicator(actor=focal, action=action, name="Players", unit="people", baseline=0,
                                        target=100, frequency="quarterly")
    silent = services.create_indicator(actor=focal, action=action, name="Referees", baseline=0, target=10)
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR,
                            organisation=make_org("National body", kind=OrganisationKind.NATIONAL_BODY))
    services.transition_plan(actor=focal, plan=plan, to_status="submitted")
    services.transition_plan(actor=coordinator, plan=plan, to_status="approved")
    for day, value in [(dt.date(2025, 3, 1), 20), (dt.date(2025, 6, 1), 45), (dt.date(2025, 9, 1), 70)]:
        services.add_progress(actor=focal, indicator=counted, date=day, value=value)
    client.force_login(focal)
    html = client.get(plan.get_absolute_url()).content.decode()

    items = re.findall(r'<li class="indicator-item" data-testid="indicator" data-updates="(\d+)">', html)
    assert items == ["3", "0"]
    assert html.count('data-testid="trend"') == 1  # only the indicator with updates has a chart
    assert html.count('data-testid="trend-point"') == 3
    assert '<strong data-testid="latest"><bdi dir="ltr">70</bdi></strong>' in html and "3 updates" in html and "0 updates" in html
    # The updates wait inside a closed <details> (no "open" attribute), newest first.
    details = html[html.index('<details class="indicator-updates"'):html.index("</details>")]
    assert "<details class=\"indicator-updates\" data-testid=\"updates\">" in details
    assert "Show the 3 updates" in details
    assert details.index("2025-09-01") < details.index("2025-06-01") < details.index("2025-03-01")
    # "Report progress" leads the indicator's controls; the chart has its text alternative.
    controls = html[html.index('data-testid="indicator-actions"'):]
    first_link = re.search(r"<a [^>]*>", controls).group(0)
    assert 'data-testid="report"' in first_link and f"/indicators/{counted.pk}/" in first_link
    assert "Values reported, oldest first: 20 on 2025-03-01; 45 on 2025-06-01; 70 on 2025-09-01." in html
    assert silent.name in html
