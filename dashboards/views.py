"""The dashboard pages: the index, the national dashboard, a governorate's (or district's) and the public ones.

Every figure comes from `dashboards.data.build` (one `Dashboard` of `Panel`s and `Measure`s); this module only
chooses who may open what, reads the GET parameters (`period`, `measure`) and lays the objects out: each panel a
card with its chart (drawn by `static/js/charts.js` from a `json_script`) and its table twin, the map from
`dashboards.maps.map_for`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from places.models import Place

from . import maps

AUDIENCES = ("national", "governorate", "public")


# --- what the data module answers (dashboards.data) -----------------------------------------------------------------

def _data():
    from . import data

    return data


def _build(user, *, audience, place=None, period=None):
    return _data().build(user, audience=audience, place=place, period=period)


def _may_open(user, audience, place=None) -> bool:
    """National: coordinators and administrators; a place: them, or a focal point who plans for it; public: all."""
    from plans.permissions import planning_places, sees_all

    if audience == "public" or sees_all(user):
        return True
    if audience == "governorate" and place is not None:
        ids = planning_places(user)
        return ids is None or place.pk in ids
    return False


def _places_for(user) -> list:
    """The governorates (or, without one, the districts) a focal point plans for; coordinators use the national
    dashboard and drill down from it."""
    from plans.permissions import planning_places, sees_all

    if sees_all(user) or not user.is_authenticated:
        return []
    ids = planning_places(user) or set()
    places = list(Place.objects.filter(pk__in=ids, kind__in=["governorate", "district"]).order_by("kind", "name_en"))
    governorates = {p.pk for p in places if p.kind == "governorate"}
    return [p for p in places if p.kind == "governorate" or p.parent_id not in governorates]


def _period_choices(today=None) -> list:
    from django.utils import timezone

    from . import periods

    return periods.choices(today or timezone.localdate())


# --- pages ----------------------------------------------------------------------------------------------------------

def _place(code: str) -> Place:
    place = Place.objects.filter(code=code, kind__in=["governorate", "district"]).select_related("parent").first()
    if place is None:
        raise Http404(_("No governorate or district has this code."))
    return place


def _crumbs(dashboard, *, public: bool, user) -> list[tuple[str, str]]:
    """(label, url) from the country down to the dashboard's place; the last one has no link. The country links to
    the national dashboard only for those who may open it (a focal point's leads back to the index)."""
    if public:
        top = reverse("dashboards:public")
    elif _may_open(user, "national"):
        top = reverse("dashboards:national")
    else:
        top = reverse("dashboards:index")
    crumbs = [(_("Iraq"), top)]
    chain = []
    place = dashboard.place
    while place is not None and place.kind != "country":
        chain.insert(0, place)
        place = place.parent
    name = "dashboards:public-place" if public else "dashboards:place"
    crumbs += [(p.name, reverse(name, args=[p.code])) for p in chain]
    return [(label, url if i < len(crumbs) - 1 else "") for i, (label, url) in enumerate(crumbs)]


def _chart_height(panel) -> int:
    """Pixels for a chart: horizontal bars need a row per category; vertical ones a fixed height."""
    if panel.kind in {"hbar", "stacked"}:
        return max(180, 26 * len(panel.categories) + (90 if len(panel.series) > 1 else 60))
    return 260


def _cards(dashboard) -> list[dict]:
    return [{"panel": p, "rows": p.rows(), "chart": p.chart(), "empty": p.is_empty(),
             "height": _chart_height(p), "script_id": f"chart-data-{p.key}",
             "draws": p.kind != "table" and not p.is_empty()} for p in dashboard.panels]


def _render(request, dashboard, *, title: str, public: bool):
    measure = request.GET.get("measure") or ""
    view = maps.map_for(dashboard, measure)
    asked = request.GET.get("period") or ""
    context = {
        "dashboard": dashboard, "title": title, "public": public, "cards": _cards(dashboard), "map": view,
        "measures": list(dashboard.measures.values()),
        "measure_key": view.measure.key if view.measure else "",
        "periods": _period_choices(), "period_key": dashboard.period.key,
        "period_unknown": bool(asked) and asked != dashboard.period.key,
        "asked_period": asked, "crumbs": _crumbs(dashboard, public=public, user=request.user),
        "hidden_below": dashboard.hidden_below,
    }
    return render(request, "dashboards/dashboard.html", context)


def index(request):
    """The dashboards this reader may open, a line each; everyone has the public one and the open data."""
    user = request.user
    entries = []
    if _may_open(user, "national"):
        entries.append({"url": reverse("dashboards:national"), "title": _("National dashboard"),
                        "line": _("Every governorate's plans, actions, support requests and events."),
                        "testid": "dashboard-national"})
    for place in _places_for(user):
        entries.append({"url": reverse("dashboards:place", args=[place.code]), "title": place.name,
                        "line": _("The plans, actions, support requests and events of this place and its districts."),
                        "testid": "dashboard-place", "code": place.code})
    entries.append({"url": reverse("dashboards:public"), "title": _("Public dashboard"),
                    "line": _("What anyone may see: approved plans, published events, small groups hidden."),
                    "testid": "dashboard-public"})
    return render(request, "dashboards/index.html", {"entries": entries})


def national(request):
    if not _may_open(request.user, "national"):
        raise PermissionDenied(_("The national dashboard is for national coordinators and administrators."))
    dashboard = _build(request.user, audience="national", period=request.GET.get("period"))
    return _render(request, dashboard, title=_("National dashboard"), public=False)


def place(request, code: str):
    where = _place(code)
    if not _may_open(request.user, "governorate", where):
        raise PermissionDenied(_("A place's dashboard is for its focal points, national coordinators and "
                                 "administrators."))
    dashboard = _build(request.user, audience="governorate", place=where, period=request.GET.get("period"))
    return _render(request, dashboard, title=where.name, public=False)


def public(request):
    dashboard = _build(request.user, audience="public", period=request.GET.get("period"))
    return _render(request, dashboard, title=_("Public dashboard"), public=True)


def public_place(request, code: str):
    where = _place(code)
    dashboard = _build(request.user, audience="public", place=where, period=request.GET.get("period"))
    return _render(request, dashboard, title=where.name, public=True)
