"""A dashboard built by hand from `dashboards.panels` objects: the pages' tests (view and browser) lay it out
without depending on what `dashboards.data.build` counts."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from dashboards.panels import HIDDEN, NO_DATA, Category, Dashboard, Measure, Panel, Period, Series
from places.models import Place

PERIODS = [Period("all", "All time"), Period("2026", "2026"), Period("2026-Q4", "Quarter 4 of 2026")]


def sample(*, audience="national", place=None, hidden_below=None) -> Dashboard:
    """Panels of every kind (bar, hbar in percent, stacked by area, table, one empty) and two measures."""
    if place is None:
        areas = list(Place.objects.filter(kind="governorate").order_by("name_en"))
    else:
        areas = list(place.children.order_by("name_en"))
    url_name = "dashboards:public-place" if audience == "public" else "dashboards:place"
    area_cats = [Category(a.code, a.name, reverse(url_name, args=[a.code])) for a in areas]
    n = len(areas)
    plans = [(i * 3) % 11 for i in range(n)]  # 0, 3, 6, 9, 1, 4 …
    if n > 2:
        plans[1] = HIDDEN if hidden_below else 2
    panels = [
        Panel("plans_by_status", "Plans by status", "stacked", area_cats,
              [Series("draft", "Draft", [1] * n), Series("approved", "Approved", plans)],
              note="Every plan is counted by its status, drafts too."),
        Panel("actions_by_status", "Actions by status", "bar",
              [Category("planned", "Planned"), Category("ongoing", "Ongoing"), Category("done", "Done")],
              [Series("actions", "Actions", [27, 14, HIDDEN if hidden_below else 3])]),
        Panel("progress_by_goal", "Progress by goal", "hbar",
              [Category("g1", "Youth engagement"), Category("g2", "بناء القدرة على الصمود", lang="ar")],
              [Series("progress", "Mean progress", [62.5, 35.0])], unit="percent"),
        Panel("coverage", "Coverage: goals by governorate", "table",
              [Category("g1", "Youth engagement"), Category("g2", "Resilience")],
              [Series("IQ-BG", "Baghdad", [4, 0]), Series("IQ-NI", "Nineveh", [NO_DATA, 2])]),
        Panel("events_held", "Events held", "bar", [Category("dialogue", "Dialogue")],
              [Series("events", "Events", [0])], empty="Events appear here once their minutes are approved."),
    ]
    if hidden_below:
        for p in panels:
            p.hidden_below = hidden_below
    values = {a.code: plans[i] for i, a in enumerate(areas)}
    if n > 3:
        del values[areas[3].code]  # nothing recorded there: "no data"
    measures = {"plans": Measure("plans", "Approved plans", values),
                "progress": Measure("progress", "Mean progress", {a.code: 50.0 for a in areas[:5]}, unit="percent")}
    return Dashboard(audience=audience, as_of=timezone.make_aware(dt.datetime(2026, 12, 7, 21, 40)),
                     period=PERIODS[0], place=place, areas=areas, panels=panels, measures=measures,
                     hidden_below=hidden_below)


def use_sample(monkeypatch):
    """Make the pages lay out `sample()` instead of counting (keeps their permission rules)."""
    from dashboards import periods, views

    def build(user, *, audience, place=None, period=None):
        dashboard = sample(audience=audience, place=place,
                           hidden_below=5 if audience == "public" else None)
        dashboard.period = periods.parse(period, dt.date(2026, 12, 7))
        return dashboard

    monkeypatch.setattr(views, "_build", build)
