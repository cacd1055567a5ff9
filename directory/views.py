"""Directory pages: organisations with filters, an organisation, the committee tree, a network's members."""

from collections import Counter, defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from core.access import refused, withheld
from core.forms import in_reading_order as in_reading_order_field
from core.htmx import paginate, render_page
from core.text import in_reading_order
from places.choices import PlaceKind
from places.models import Place

from . import permissions, services
from .choices import TRANSITIONS, MembershipStatus
from .filters import OrganisationFilterSet
from .forms import MembershipAddForm, StatusChangeForm
from .models import NetworkMembership
from .queries import organisation_counts

PAGE_SIZE = 25


def _place_choices():
    """The places worth offering in the filter: those of some organisation, and the places above them."""
    used = set(Organisation.objects.exclude(place=None).values_list("place", flat=True))
    ids, frontier = set(used), used
    while frontier:
        frontier = set(Place.objects.filter(pk__in=frontier).exclude(parent=None).values_list("parent", flat=True)) - ids
        ids |= frontier
    order = {PlaceKind.COUNTRY: 0, PlaceKind.REGION: 1, PlaceKind.GOVERNORATE: 2, PlaceKind.DISTRICT: 3}
    places = list(Place.objects.filter(pk__in=ids).select_related("parent"))
    return sorted(places, key=lambda p: (order.get(p.kind, 4), p.name))


def _memberships(request):
    return permissions.visible_to(request.user, NetworkMembership.objects.select_related(
        "network", "member__place", "hub"))


def _with_kind(request, kind: str) -> str:
    """This list's address with its filters, narrowed to one type of organisation (from its first page)."""
    params = request.GET.copy()
    params["kind"] = kind
    params.pop("page", None)
    return f"?{params.urlencode()}"


def organisation_list(request):
    base = permissions.organisations_visible_to(request.user, Organisation.with_proposals.all())
    filterset = OrganisationFilterSet(request.GET or None, queryset=base, request=request)
    places = _place_choices()
    filterset.form.fields["place"].queryset = Place.objects.filter(pk__in=[p.pk for p in places])
    filterset.form.fields["place"].label_from_instance = (
        lambda p: f"{p.name} ({p.get_kind_display()})" if p.kind != PlaceKind.COUNTRY else p.name)
    in_reading_order_field(filterset.form.fields["network"], lambda org: org.display_name)
    queryset = filterset.qs if filterset.is_bound else base
    queryset = queryset.select_related("place", "parent").order_by("name", "id")
    kinds = Counter(queryset.values_list("kind", flat=True))
    # In the reading language's order: by the Arabic name (else the English one) on an Arabic page.
    queryset = in_reading_order(queryset, lambda org: org.display_name)
    context = {
        "filterset": filterset,
        # Each type's count is a link to the same list narrowed to that type.
        "kind_counts": [(label, kinds[value], _with_kind(request, value))
                        for value, label in OrganisationKind.choices if kinds[value]],
        **paginate(request, queryset, PAGE_SIZE),
    }
    return render_page(request, "directory/list.html", "directory/_results.html", context)


def _group_by_status(memberships):
    groups = defaultdict(list)
    for membership in memberships:
        groups[membership.status].append(membership)
    return [(MembershipStatus(s), groups[s]) for s in MembershipStatus.values if groups[s]]


def organisation_detail(request, pk):
    organisation = permissions.organisations_visible_to(request.user, Organisation.with_proposals.select_related(
        "place__parent", "parent")).filter(pk=pk).first()
    if organisation is None:
        raise withheld(request, Organisation, pk, _("No such organisation."))
    memberships = _memberships(request)
    context = {
        "organisation": organisation,
        "children": organisation.children.select_related("place").order_by("place__name_en", "name"),
        "networks": memberships.filter(member=organisation).order_by("network__name"),
        "members_by_status": _group_by_status(memberships.filter(network=organisation))
        if organisation.kind == OrganisationKind.NETWORK else [],
        "supported": memberships.filter(hub=organisation).order_by("network__name", "member__name")
        if organisation.kind == OrganisationKind.HUB else [],
        "counts": organisation_counts(request.user, organisation),
    }
    return render(request, "directory/detail.html", context)


def _governorate(place):
    while place is not None and place.kind not in {PlaceKind.GOVERNORATE, PlaceKind.COUNTRY}:
        place = place.parent
    return place


def committees(request):
    """The national committee(s) and their sub-committees, grouped by governorate."""
    organisations = permissions.organisations_visible_to(request.user, Organisation.objects.filter(
        kind__in=[OrganisationKind.COMMITTEE, OrganisationKind.NATIONAL_BODY])).select_related("place__parent__parent")
    by_parent = defaultdict(list)
    for org in in_reading_order(organisations.filter(kind=OrganisationKind.COMMITTEE).exclude(parent=None),
                                lambda org: org.display_name):
        by_parent[org.parent_id].append(org)
    tree = []
    roots = organisations.filter(kind=OrganisationKind.COMMITTEE, parent=None) | organisations.filter(
        pk__in=by_parent.keys(), parent=None)
    for root in in_reading_order(roots.distinct(), lambda org: org.display_name):
        groups = defaultdict(list)
        for child in by_parent.get(root.pk, []):
            groups[_governorate(child.place)].append(
                {"committee": child, "children": by_parent.get(child.pk, [])})
        tree.append({
            "committee": root,
            "groups": sorted(groups.items(), key=lambda item: (item[0] is None, item[0].name if item[0] else "")),
            "count": sum(len(v) + sum(len(c["children"]) for c in v) for v in groups.values()),
        })
    return render(request, "directory/committees.html", {"tree": tree})


def _network(pk) -> Organisation:
    return get_object_or_404(Organisation.objects.select_related("place"), pk=pk, kind=OrganisationKind.NETWORK)


def network_detail(request, pk):
    network = _network(pk)
    memberships = _memberships(request).filter(network=network).order_by("member__name").prefetch_related(
        "steps__actor")
    counts = Counter(memberships.values_list("status", flat=True))
    status = request.GET.get("status", "")
    shown = memberships.filter(status=status) if status in MembershipStatus.values else memberships
    can_change = permissions.can(request.user, "change_status")
    rows = []
    for membership in shown:
        allowed = TRANSITIONS[membership.status]
        rows.append({
            "membership": membership,
            "form": StatusChangeForm(allowed=allowed, prefix=f"m{membership.pk}") if can_change else None,
        })
    context = {
        "network": network,
        "rows": rows,
        "status": status if status in MembershipStatus.values else "",
        "status_counts": [(value, label, counts[value]) for value, label in MembershipStatus.choices],
        "total": sum(counts.values()),
        "can_add": permissions.can(request.user, "add"),
        "can_change": can_change,
        "add_form": MembershipAddForm(network=network) if permissions.can(request.user, "add") else None,
    }
    return render(request, "directory/network.html", context)


def _error_text(exc) -> str:
    return " ".join(getattr(exc, "messages", [str(exc)]))


@login_required
@require_POST
def membership_add(request, pk):
    network = _network(pk)
    if not permissions.can(request.user, "add"):
        raise PermissionDenied(_("You may not add members to networks."))
    form = MembershipAddForm(request.POST, network=network)
    if not form.is_valid():
        messages.error(request, _("The membership was not added: %(errors)s") % {
            "errors": " ".join(f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}"
                               for f, e in form.errors.items())})
        return redirect("directory:network", pk=network.pk)
    data = form.cleaned_data
    since_field = "member_since" if data["status"] == MembershipStatus.MEMBER else "candidate_since"
    try:
        membership = services.add_membership(
            actor=request.user, network=network, member=data["member"], hub=data["hub"], status=data["status"],
            note=data["note"], **{since_field: data["since"]},
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("%(member)s was added to %(network)s as: %(status)s.") % {
            "member": membership.member, "network": network, "status": membership.get_status_display()})
    return redirect("directory:network", pk=network.pk)


@login_required
@require_POST
def membership_status(request, pk):
    membership = _memberships(request).filter(pk=pk).first()
    if membership is None:
        raise withheld(request, NetworkMembership, pk, _("No such membership, or you may not see it."))
    if not permissions.can(request.user, "change_status", membership):
        raise PermissionDenied(_("You may not change the status of network memberships."))
    form = StatusChangeForm(request.POST, allowed=TRANSITIONS[membership.status], prefix=f"m{membership.pk}")
    if not form.is_valid():
        messages.error(request, _("That status change is not possible."))
        return redirect(membership)
    try:
        services.change_status(actor=request.user, membership=membership, status=form.cleaned_data["status"],
                               comment=form.cleaned_data["comment"], on=form.cleaned_data["on"])
    except ValidationError as exc:
        refused(request, what=f"network_membership.status:{form.cleaned_data['status']}", obj=membership,
                reason=_error_text(exc))
        messages.error(request, _error_text(exc))
    else:
        membership.refresh_from_db()
        messages.success(request, _("%(member)s is now: %(status)s.") % {
            "member": membership.member, "status": membership.get_status_display()})
    return redirect(membership)
