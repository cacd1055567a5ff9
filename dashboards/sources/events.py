"""Events' panels and map measures: recommendations by their lead owner's response and by implementation status,
events held by type, and participation by organisation type — events starting in the period, recommendations of
those events (or, without an event, recorded in the period), in the dashboard's place.

Who counts what (`events.permissions`): the events and recommendations the reader may see
(`events_visible_to`, `recommendations_visible_to`: coordinators every one; an anonymous reader of the public
dashboard published events and published recommendations only, every count from 1 to k − 1 hidden). An event is
held when it took place (status "held") or its minutes were approved, unless it was cancelled. A recommendation
falls in the governorates (or districts) of its places; one for two governorates counts in each.

Fixed queries: events by type and area (one), participation by type and area (one), the areas with an event at
all (one), recommendations by status (one), lead owners' responses (one), recommendations by area (one), the
areas with a recommendation at all (one).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import OrganisationKind
from events import permissions
from events.choices import EventKind, EventStatus, MinutesStatus, OwnerRole, Response, Status
from events.models import Event, Owner, Participation, Recommendation

from ..panels import Category, Measure, Panel, Series
from . import Scope

HELD = (Q(status=EventStatus.HELD) | Q(minutes__status=MinutesStatus.APPROVED)) & ~Q(status=EventStatus.CANCELLED)
PEOPLE = (("participants", gettext_lazy("Participants")), ("women", gettext_lazy("Women")),
          ("youth", gettext_lazy("Youth")))


def _hidden_below(scope):
    return scope.k if scope.public else None


def _events(scope: Scope, period: bool = True):
    queryset = Event.objects.filter(**scope.in_place())
    if period:
        queryset = queryset.filter(**scope.in_period("start_date"))
    return permissions.events_visible_to(scope.reader, queryset)


def _recommendations(scope: Scope, period: bool = True):
    queryset = Recommendation.objects.all()
    if scope.place is not None:
        through = Recommendation.places.through.objects.filter(place__in=scope.place_ids)
        queryset = queryset.filter(pk__in=through.values("recommendation_id"))
    if period and scope.period.start is not None:
        start, end = scope.period.start, scope.period.end
        queryset = queryset.filter(
            Q(event__start_date__gte=start, event__start_date__lte=end)
            | Q(event__isnull=True, created_at__date__gte=start, created_at__date__lte=end))
    return permissions.recommendations_visible_to(scope.reader, queryset)


def _area_of_place(scope: Scope, place_id, kind, parent_id, grandparent_id):
    """The area of a recommendation's place (a governorate, district or sub-district)."""
    if scope.place is None:
        return {"governorate": place_id, "district": parent_id, "subdistrict": grandparent_id}.get(kind)
    areas = scope.area_ids
    for candidate in (place_id, parent_id):
        if candidate in areas:
            return candidate
    return None


class EventData:
    def __init__(self, scope: Scope):
        self.scope = scope
        held = _events(scope).filter(HELD)
        self.held = defaultdict(int)  # (kind, area) → n
        for kind, gov, place, n in (held.order_by().values_list("kind", "governorate_id", "place_id")
                                    .annotate(n=Count("pk", distinct=True))):
            self.held[(kind, scope.area_of(gov, place))] += n
        self.people = defaultdict(int)  # (field, organisation kind) and (field, area) → n
        rows = (Participation.objects.filter(event__in=held.values("pk")).order_by()
                .values_list("kind", "event__governorate_id", "event__place_id")
                .annotate(participants=Sum("participants"), women=Sum("women"), youth=Sum("youth")))
        for kind, gov, place, participants, women, youth in rows:
            area = scope.area_of(gov, place)
            for name, value in (("participants", participants), ("women", women), ("youth", youth)):
                self.people[(name, kind)] += value or 0
                self.people[(name, ("area", area))] += value or 0
        self.recommendations = _recommendations(scope)


def _data(scope: Scope) -> EventData:
    cache = scope.__dict__.setdefault("_cache", {})
    if "events" not in cache:
        cache["events"] = EventData(scope)
    return cache["events"]


def panels(scope: Scope) -> list[Panel]:
    data = _data(scope)
    return [_by_response(data), _by_status(data), _events_held(data), _participation(data)]


def _bar(scope: Scope, key: str, title: str, choices, series_key: str, series_label: str, counts: dict,
         note: str, empty: str, kind: str = "bar") -> Panel:
    values = scope.shown({value: counts.get(value, 0) for value, _label in choices})
    return Panel(key=key, title=title, kind=kind,
                 categories=[Category(key=value, label=str(label)) for value, label in choices],
                 series=[Series(key=series_key, label=series_label, values=[values[v] for v, _l in choices])],
                 note=note, empty=empty, hidden_below=_hidden_below(scope))


def _by_response(data: EventData) -> Panel:
    counts = dict(Owner.objects.filter(role=OwnerRole.LEAD, recommendation__in=data.recommendations.values("pk"))
                  .order_by().values_list("response").annotate(n=Count("pk")))
    return _bar(data.scope, "recommendations_by_response", _("Recommendations by the lead owner's response"),
                Response.choices, "recommendations", _("Recommendations"), counts,
                _("The answer of each recommendation's lead owner; recommendations without a lead are not counted."),
                _("No recommendation with a lead owner yet."))


def _by_status(data: EventData) -> Panel:
    counts = dict(data.recommendations.order_by().values_list("status").annotate(n=Count("pk")))
    return _bar(data.scope, "recommendations_by_status", _("Recommendations by implementation status"),
                Status.choices, "recommendations", _("Recommendations"), counts,
                _("Recommendations of the events in the period (others: recorded in the period)."),
                _("No recommendation recorded: the conveners of an event add them under Events."))


def _events_held(data: EventData) -> Panel:
    counts = defaultdict(int)
    for (kind, _area), n in data.held.items():
        counts[kind] += n
    return _bar(data.scope, "events_held", _("Events held by type"), EventKind.choices, "events", _("Events"),
                counts, _("Events that took place or whose minutes were approved, starting in the period."),
                _("No event held in this period."))


def _participation(data: EventData) -> Panel:
    scope = data.scope
    kinds = [(v, label) for v, label in OrganisationKind.choices]
    cells = {(name, kind): data.people.get((name, kind), 0) for name, _l in PEOPLE for kind, _k in kinds}
    cells = scope.shown(cells)
    return Panel(key="participation_by_type", title=_("Participation by organisation type"), kind="stacked",
                 categories=[Category(key=v, label=str(label)) for v, label in kinds],
                 series=[Series(key=name, label=str(label), values=[cells[(name, v)] for v, _l in kinds])
                         for name, label in PEOPLE],
                 note=_("People who took part in the events held, counted per organisation: women and youth are "
                        "among the participants, not added to them."),
                 empty=_("No participation recorded for the events held in this period."),
                 hidden_below=_hidden_below(scope))


def _recommendations_by_area(scope: Scope, recommendations) -> tuple[dict, set]:
    through = Recommendation.places.through.objects.filter(recommendation__in=recommendations.values("pk"))
    per_area = defaultdict(set)
    for rec_id, place_id, kind, parent_id, grandparent_id in through.values_list(
            "recommendation_id", "place_id", "place__kind", "place__parent_id", "place__parent__parent_id"):
        area = _area_of_place(scope, place_id, kind, parent_id, grandparent_id)
        if area is not None:
            per_area[area].add(rec_id)
    return {area: len(ids) for area, ids in per_area.items()}, set(per_area)


def measures(scope: Scope) -> list[Measure]:
    if not scope.areas:
        return []
    data = _data(scope)
    events = defaultdict(int)
    for (_kind, area), n in data.held.items():
        events[area] += n
    participants = {area: data.people.get(("participants", ("area", area)), 0) for area in scope.area_ids}
    with_events = {scope.area_of(gov, place) for gov, place in
                   _events(scope, period=False).order_by().values_list("governorate_id", "place_id").distinct()}
    recommendations, _with = _recommendations_by_area(scope, data.recommendations)
    _all, with_recommendations = _recommendations_by_area(scope, _recommendations(scope, period=False))
    return [
        scope.measure("recommendations", _("Recommendations"), recommendations, with_recommendations),
        scope.measure("events", _("Events held"), events, with_events),
        scope.measure("participants", _("Participants"), participants, with_events),
    ]
