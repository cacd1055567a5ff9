"""The dashboards' data: `build(user, audience=…, place=…, period=…)` gives one `panels.Dashboard` — every panel
and map measure of plans, the support desk and events for one place and period, as this reader may see them.

Who opens which dashboard:
- "national": national coordinators and administrators (`plans.permissions.sees_all`);
- "governorate" (a governorate's or a district's): the same, and a local focal point whose planning places
  (`plans.permissions.planning_places`) contain that place;
- "public": anyone; it counts only what an anonymous reader may see, approved and published records only, and
  hides every count from 1 to k − 1 (`core.privacy`).

`build` raises `PermissionDenied` for a dashboard the user may not open; `may_open` answers the same question
for the index page, and `places_for` lists the places whose dashboards a user may open. The number of queries
does not grow with the number of plans, actions, records or areas.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.privacy import min_cell_size
from core.text import in_reading_order
from places.choices import PlaceKind
from places.models import Place
from plans import permissions as plan_permissions
from plans.queries import governorates_in_order

from . import periods
from .panels import Dashboard, Period
from .sources import Scope
from .sources import events as events_source
from .sources import plans as plans_source
from .sources import support as support_source

AUDIENCES = ("national", "governorate", "public")
SOURCES = (plans_source, support_source, events_source)
DASHBOARD_PLACE_KINDS = {PlaceKind.GOVERNORATE, PlaceKind.DISTRICT}


def may_open(user, audience: str, place=None) -> bool:
    """Whether `user` may open the dashboard of `audience` (and `place`)."""
    if audience == "public":
        return place is None or place.kind in DASHBOARD_PLACE_KINDS
    if audience == "national":
        return plan_permissions.sees_all(user)
    if audience == "governorate":
        if place is None or place.kind not in DASHBOARD_PLACE_KINDS:
            return False
        if plan_permissions.sees_all(user):
            return True
        allowed = plan_permissions.planning_places(user)
        return allowed is None or place.pk in allowed
    return False


def places_for(user) -> list[Place]:
    """The places whose dashboard `user` may open, highest first: every governorate for coordinators; for a local
    focal point the governorates among its planning places, and a district whose governorate it may not open."""
    if plan_permissions.sees_all(user):
        return governorates_in_order()
    if not getattr(user, "is_authenticated", False):
        return []
    allowed = plan_permissions.planning_places(user) or set()
    places = list(Place.objects.filter(pk__in=allowed, kind__in=DASHBOARD_PLACE_KINDS))
    governorates = in_reading_order([p for p in places if p.kind == PlaceKind.GOVERNORATE], lambda p: p.name)
    open_ids = {p.pk for p in governorates}
    districts = in_reading_order([p for p in places if p.kind == PlaceKind.DISTRICT and p.parent_id not in open_ids],
                                 lambda p: p.name)
    return governorates + districts


def _areas(place) -> tuple[list, set]:
    """The breakdown of a place's dashboard and the ids of the place with every place under it."""
    if place is None:
        return governorates_in_order(), set()
    if place.kind == PlaceKind.DISTRICT:
        return [], {place.pk} | set(Place.objects.filter(parent=place).values_list("pk", flat=True))
    districts = list(Place.objects.filter(parent=place, kind=PlaceKind.DISTRICT))
    below = set(Place.objects.filter(parent__parent=place).values_list("pk", flat=True))
    return in_reading_order(districts, lambda p: p.name), {place.pk} | {d.pk for d in districts} | below


def build(user, *, audience: str, place=None, period=None, today: dt.date | None = None) -> Dashboard:
    """The dashboard of `audience` ("national", "governorate", "public") for `place` (a governorate or district;
    required for "governorate", optional for "public") over `period` (a `Period`, a value `periods.parse` reads,
    or None for all time), as `user` may see it. Raises PermissionDenied when the user may not open it."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown dashboard audience {audience!r}")
    if audience == "national":
        place = None
    if not may_open(user, audience, place):
        raise PermissionDenied
    today = today or timezone.localdate()
    if not isinstance(period, Period):
        period = periods.parse(period, today)
    areas, place_ids = _areas(place)
    public = audience == "public"
    k = min_cell_size() if public else None
    scope = Scope(user=user, audience=audience, place=place, areas=areas, period=period, today=today,
                  public=public, k=k, place_ids=place_ids)
    dashboard = Dashboard(audience=audience, as_of=timezone.now(), period=period, place=place, areas=areas,
                          hidden_below=k)
    for source in SOURCES:
        dashboard.panels += source.panels(scope)
        for measure in source.measures(scope):
            dashboard.measures[measure.key] = measure
    return dashboard
