"""The dashboard pages: the index, the national dashboard, a governorate's (or district's) and the public ones.

Every figure comes from `dashboards.data.build` (one `Dashboard` of `Panel`s and `Measure`s); this module only
chooses who may open what, reads the GET parameters (`period`, `measure`) and lays the objects out: each panel a
card with its chart (drawn by `static/js/charts.js` from a `json_script`) and its table twin, the map from
`dashboards.maps.map_for`.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from places.models import Place

from . import data, maps, periods

# --- what the data module answers (dashboards.data) -----------------------------------------------------------------

def _build(user, *, audience, place=None, period=None):
    return data.build(user, audience=audience, place=place, period=period)


def _may_open(user, audience, place=None) -> bool:
    return data.may_open(user, audience, place)


def _places_for(user) -> list:
    return list(data.places_for(user))


def _period_choices(today=None) -> list:
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
    return 260 if len(panel.categories) <= 8 else 340  # many categories: room for their slanted names


def _cards(dashboard) -> list[dict]:
    return [{"panel": p, "rows": p.rows(), "chart": p.chart(), "empty": p.is_empty(),
             "height": _chart_height(p), "script_id": f"chart-data-{p.key}",
             "draws": p.kind != "table" and not p.is_empty()} for p in dashboard.panels]


def _render(request, dashboard, *, title: str, public: bool):
    measure = request.GET.get("measure") or ""
    view = maps.map_for(dashboard, measure)
    context = {
        "dashboard": dashboard, "title": title, "public": public, "cards": _cards(dashboard), "map": view,
        "measures": list(dashboard.measures.values()),
        "measure_key": view.measure.key if view.measure else "",
        "periods": _period_choices(), "period_key": dashboard.period.key,
        "period_problem": getattr(dashboard.period, "problem", ""), "crumbs": _crumbs(dashboard, public=public, user=request.user),
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
    entries.append({"url": reverse("dashboards:public"), "title": _("Public dashboard"),
                    "line": _("What anyone may see: approved plans, published events, small groups hidden."),
                    "testid": "dashboard-public"})
    places = [{"url": reverse("dashboards:place", args=[p.code]), "name": p.name, "code": p.code}
              for p in _places_for(user)]
    return render(request, "dashboards/index.html", {"entries": entries, "places": places})


def _login_first(request):
    """A reader who is not logged in is asked to log in (a coordinator or focal point may be behind it)."""
    return None if request.user.is_authenticated else redirect_to_login(request.get_full_path())


def national(request):
    if (answer := _login_first(request)) is not None:
        return answer
    if not _may_open(request.user, "national"):
        raise PermissionDenied(_("The national dashboard is for national coordinators and administrators."))
    dashboard = _build(request.user, audience="national", period=request.GET.get("period"))
    return _render(request, dashboard, title=_("National dashboard"), public=False)


def place(request, code: str):
    if (answer := _login_first(request)) is not None:
        return answer
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
