"""The support desk's panels and map measures: needs by severity (needs recorded in the period), requests by stage
(requests submitted in the period; drafts never) and the three service-level clocks (`support.clocks`).

Who counts what (`support.permissions`): a dashboard's reader counts the needs and requests it may see
(`needs_visible_to`, `requests_visible_to`: coordinators every one). An anonymous reader sees nothing of the desk
but its public aggregates (`support.queries.public_counts`: every submitted request counted, small groups hidden),
so the public dashboard counts requests by stage the same way and publishes neither needs nor service levels.

Fixed queries: needs by severity and area (one), the areas with a need at all (one), requests by stage and area
(one), the areas with a request at all (one), and for the service levels the requests with the clocks' four
(`support.clocks.clock_states`).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from support import permissions
from support.choices import Clock, Stage
from support.clocks import clock_states
from support.models import Need, SupportRequest

from ..panels import NO_DATA, Category, Measure, Panel, Series
from . import Scope

SEVERITIES = [1, 2, 3, 4, 5]
STAGES = [(value, label) for value, label in Stage.choices if value != Stage.DRAFT]
CLOCK_STATES = ("met", "breached", "running", "missed")


def _hidden_below(scope):
    return scope.k if scope.public else None


def _needs(scope: Scope, period: bool = True):
    queryset = Need.objects.filter(**scope.in_place())
    if period:
        queryset = queryset.filter(**scope.in_period("created_at__date"))
    return permissions.needs_visible_to(scope.reader, queryset)


def _requests(scope: Scope, period: bool = True):
    queryset = SupportRequest.objects.exclude(stage=Stage.DRAFT).filter(submitted_at__isnull=False,
                                                                        **scope.in_place())
    if period:
        queryset = queryset.filter(**scope.in_period("submitted_at__date"))
    if scope.public:  # the desk's public aggregates count every submitted request (support.queries.public_counts)
        return queryset
    return permissions.requests_visible_to(scope.reader, queryset)


class SupportData:
    def __init__(self, scope: Scope):
        self.scope = scope
        self.needs = defaultdict(int)  # (severity, area) → n
        if not scope.public:
            for severity, gov, place, n in (_needs(scope).order_by().values_list("severity", "governorate_id",
                                                                                   "place_id")
                                            .annotate(n=Count("pk"))):
                self.needs[(severity, scope.area_of(gov, place))] += n
        self.requests = defaultdict(int)  # (stage, area) → n
        for stage, gov, place, n in (_requests(scope).order_by().values_list("stage", "governorate_id", "place_id")
                                     .annotate(n=Count("pk"))):
            self.requests[(stage, scope.area_of(gov, place))] += n


def _data(scope: Scope) -> SupportData:
    cache = scope.__dict__.setdefault("_cache", {})
    if "support" not in cache:
        cache["support"] = SupportData(scope)
    return cache["support"]


def panels(scope: Scope) -> list[Panel]:
    data = _data(scope)
    return [_needs_by_severity(data), _requests_by_stage(data), _service_levels(scope)]


def _needs_by_severity(data: SupportData) -> Panel:
    scope = data.scope
    panel = Panel(key="needs_by_severity", title=_("Needs by severity"), kind="bar",
                  categories=[Category(key=str(s), label=str(s)) for s in SEVERITIES],
                  note=_("Needs recorded in the period, by severity from 1 (minor) to 5 (critical)."),
                  empty=_("No need recorded: a local focal point or a hub records one under Support."),
                  hidden_below=_hidden_below(scope))
    if scope.public:
        panel.note = _("Needs stay with the support desk: they are not published.")
        panel.empty = panel.note
        panel.series = [Series(key="needs", label=_("Needs"), values=[NO_DATA for _s in SEVERITIES])]
        return panel
    totals = defaultdict(int)
    for (severity, _area), n in data.needs.items():
        totals[severity] += n
    panel.series = [Series(key="needs", label=_("Needs"), values=[totals.get(s, 0) for s in SEVERITIES])]
    return panel


def _requests_by_stage(data: SupportData) -> Panel:
    scope = data.scope
    totals = defaultdict(int)
    for (stage, _area), n in data.requests.items():
        totals[stage] += n
    values = scope.shown({stage: totals.get(stage, 0) for stage, _label in STAGES})
    return Panel(key="requests_by_stage", title=_("Support requests by stage"), kind="bar",
                 categories=[Category(key=stage, label=str(label)) for stage, label in STAGES],
                 series=[Series(key="requests", label=_("Requests"), values=[values[s] for s, _l in STAGES])],
                 note=_("Requests submitted in the period, by the stage they are at now; drafts are never counted."),
                 empty=_("No support request submitted in this period."), hidden_below=_hidden_below(scope))


def _service_levels(scope: Scope) -> Panel:
    # the desk's own words for a clock's state (support/_clocks.html)
    labels = {"met": capfirst(_("met")), "breached": capfirst(_("met late")), "running": capfirst(_("running")),
              "missed": capfirst(_("overdue"))}
    panel = Panel(key="service_levels", title=_("Service levels"), kind="stacked",
                  categories=[Category(key=c, label=str(label)) for c, label in Clock.choices],
                  note=_("Each clock of the requests submitted in the period, in working days: met or met late "
                         "once it stopped, running or overdue (past its due day) while it runs; paused clocks and "
                         "clocks that never started are left out."),
                  empty=_("No support request submitted in this period."), hidden_below=_hidden_below(scope))
    if scope.public:
        panel.note = _("The desk's service levels are not published.")
        panel.empty = panel.note
        panel.series = [Series(key=s, label=str(labels[s]), values=[NO_DATA for _c in Clock.values])
                        for s in CLOCK_STATES]
        return panel
    requests = _requests(scope).only("id", "stage", "request_type", "priority", "submitted_at", "acknowledged_at",
                                     "triaged_at", "delivery_started_at")
    counts = defaultdict(int)
    for states in clock_states(requests, today=scope.today).values():
        for state in states:
            counts[(state.state, state.clock)] += 1
    panel.series = [Series(key=s, label=str(labels[s]), values=[counts.get((s, c), 0) for c in Clock.values])
                    for s in CLOCK_STATES]
    return panel


def measures(scope: Scope) -> list[Measure]:
    if not scope.areas:
        return []
    data = _data(scope)
    requests, needs = defaultdict(int), defaultdict(int)
    for (_stage, area), n in data.requests.items():
        requests[area] += n
    for (_severity, area), n in data.needs.items():
        needs[area] += n
    with_requests = {scope.area_of(gov, place) for gov, place in
                     _requests(scope, period=False).order_by().values_list("governorate_id", "place_id").distinct()}
    if scope.public:
        need_measure = Measure(key="needs", label=_("Needs"), values={a.code: NO_DATA for a in scope.areas})
    else:
        with_needs = {scope.area_of(gov, place) for gov, place in
                      _needs(scope, period=False).order_by().values_list("governorate_id", "place_id").distinct()}
        need_measure = scope.measure("needs", _("Needs"), needs, with_needs)
    return [need_measure, scope.measure("requests", _("Support requests"), requests, with_requests)]
