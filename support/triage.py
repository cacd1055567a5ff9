"""The triage checks of a support request, stored with it (`SupportRequest.triage`, written by
`services.requests.run_triage` and on entering triage):

- eligible: the requesting organisation belongs to the hub's network — a `directory.NetworkMembership` that
  the hub supports, or a membership of a network the hub itself belongs to — or its place (or the request's)
  lies in the hub's region;
- complete: the fields triage needs are filled in;
- sensitive: the free-text check found no contact details (or the fields where it did);
- duplicates: open requests from the same governorate on overlapping goals or the same needs;
- ongoing: rows of the who-does-what-where register for the same place and goals.

The stored JSON holds codes and figures only; `describe()` puts each check into a sentence in the reader's
language for the page.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.actors import system
from core.privacy import contact_details
from directory.choices import MembershipStatus
from directory.models import NetworkMembership

from .choices import FINAL_STAGES, Stage
from .models import SupportRequest

ACTIVE_MEMBERSHIP = [MembershipStatus.CANDIDATE, MembershipStatus.MEMBER]
REQUIRED = ["title", "result_wanted", "needs", "place", "request_type", "languages", "timeframe"]
TEXT_FIELDS = ["title", "description", "result_wanted", "stakeholders", "sponsoring_role"]
CHECKS = ["eligible", "complete", "sensitive", "duplicates", "ongoing"]


def _ancestors(place) -> set[int]:
    found = set()
    while place is not None:
        found.add(place.pk)
        place = place.parent
    return found


def eligible(request: SupportRequest) -> dict:
    requester, hub = request.requester, request.hub
    memberships = NetworkMembership.objects.filter(member=requester, status__in=ACTIVE_MEMBERSHIP)
    hub_networks = NetworkMembership.objects.filter(member=hub, status__in=ACTIVE_MEMBERSHIP).values("network_id")
    network = memberships.filter(Q(hub=hub) | Q(network__in=hub_networks)).select_related("network").first()
    if network is not None:
        return {"ok": True, "by": "network", "network": str(network.network)}
    if hub.place_id is not None:
        places = _ancestors(request.place) | (_ancestors(requester.place) if requester.place_id else set())
        if hub.place_id in places:
            return {"ok": True, "by": "region", "region": hub.place.code}
    return {"ok": False, "by": ""}


def complete(request: SupportRequest) -> dict:
    missing = []
    for name in REQUIRED:
        if name == "needs":
            empty = not request.needs.exists()
        elif name == "timeframe":
            empty = not (request.timeframe_start or request.timeframe_end)
        elif name == "place":
            empty = request.place_id is None
        else:
            value = getattr(request, name)
            empty = not (value.strip() if isinstance(value, str) else value)
        if empty:
            missing.append(name)
    return {"ok": not missing, "missing": missing}


def sensitive(request: SupportRequest) -> dict:
    found = {name: kinds for name in TEXT_FIELDS if (kinds := contact_details(getattr(request, name) or ""))}
    return {"ok": not found, "fields": sorted(found), "kinds": found}


def _open_requests(request: SupportRequest):
    return SupportRequest.objects.exclude(pk=request.pk).exclude(stage__in=[*FINAL_STAGES, Stage.DRAFT])


def duplicates(request: SupportRequest) -> dict:
    goals = list(request.goals.values_list("pk", flat=True))
    needs = list(request.needs.values_list("pk", flat=True))
    found = (_open_requests(request).filter(governorate_id=request.governorate_id)
             .filter(Q(goals__in=goals) | Q(needs__in=needs)).distinct().order_by("pk"))
    rows = [{"id": pk, "reference": ref} for pk, ref in found.values_list("pk", "reference")[:20]]
    return {"ok": not rows, "requests": rows}


def ongoing(request: SupportRequest) -> dict:
    from .queries import register_rows

    goals = list(request.goals.all())
    rows = register_rows(system("triage checks"), place=request.governorate, goal=goals or None,
                         exclude_request=request.pk)
    found = [{"source": row["source"], "organisation": row["organisation"], "goal": row["goal"]}
             for row in rows][:20]
    return {"ok": not found, "rows": found, "count": len(rows)}


def triage_checks(request: SupportRequest) -> dict:
    """The five checks, as stored with the request."""
    return {"eligible": eligible(request), "complete": complete(request), "sensitive": sensitive(request),
            "duplicates": duplicates(request), "ongoing": ongoing(request)}


def _field_names() -> dict[str, str]:
    return {"title": _("title"), "result_wanted": _("result wanted"), "needs": _("needs"), "place": _("place"),
            "request_type": _("type of support"), "languages": _("languages"), "timeframe": _("timeframe"),
            "description": _("description"), "stakeholders": _("stakeholders engaged"),
            "sponsoring_role": _("sponsoring role")}


def _place_name(code: str) -> str:
    """A place kept by its code, named in the reader's language."""
    from places.models import Place

    place = Place.objects.filter(code=code).first() if code else None
    return place.name if place is not None else code


def sentence(name: str, check: dict) -> str:
    """One check in words, in the reader's language."""
    ok = check.get("ok")
    names = _field_names()
    if name == "eligible":
        if check.get("by") == "network":
            return _("Eligible: the organisation belongs to the network “%(network)s”.") % {
                "network": check.get("network", "")}
        if check.get("by") == "region":
            return _("Eligible: the place lies in the hub's region (%(region)s).") % {
                "region": _place_name(check.get("region", ""))}
        return _("Not shown as eligible: the organisation is not in the hub's network and its place is outside "
                 "the hub's region.")
    if name == "complete":
        if ok:
            return _("Complete: every field triage needs is filled in.")
        return _("Incomplete: %(fields)s missing.") % {
            "fields": ", ".join(names.get(f, f) for f in check.get("missing", []))}
    if name == "sensitive":
        if ok:
            return _("No contact details found in the free text.")
        return _("Contact details found in: %(fields)s.") % {
            "fields": ", ".join(names.get(f, f) for f in check.get("fields", []))}
    if name == "duplicates":
        count = len(check.get("requests", []))
        if not count:
            return _("No open request from the same governorate on the same goals or needs.")
        return ngettext("%(count)d open request from the same governorate shares goals or needs.",
                        "%(count)d open requests from the same governorate share goals or needs.", count) % {
            "count": count}
    if name == "ongoing":
        count = check.get("count", 0)
        if not count:
            return _("No ongoing work on these goals in this governorate in the register.")
        return ngettext("%(count)d row of the register shows work on these goals in this governorate.",
                        "%(count)d rows of the register show work on these goals in this governorate.", count) % {
            "count": count}
    return ""


def describe(triage: dict) -> list[tuple[str, bool, str]]:
    """[(check, ok, sentence)] for the stored checks, in a fixed order."""
    return [(name, bool(triage[name].get("ok")), sentence(name, triage[name]))
            for name in CHECKS if isinstance(triage.get(name), dict)]
