"""The FilterSets of the directory, used by its pages and by the API (organisations, network memberships)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from core.forms import StyledFilterSet
from core.text import normalize
from places.models import Place

from . import permissions
from .choices import MembershipStatus
from .models import NetworkMembership


def place_and_below(place: Place) -> set[int]:
    """The place's id and those of the places under it (a governorate's districts and sub-districts)."""
    ids, frontier = {place.pk}, {place.pk}
    while frontier:
        frontier = set(Place.objects.filter(parent__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return ids


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.ModelChoiceFilter):
    """A record's id, filtered through a method (so the schema cannot guess its type)."""


class OrganisationFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search",
                                  help_text="Words in the name, the other-language name or the acronym.")
    place = IdFilter(
        label=_("Place"), empty_label=_("Anywhere"), queryset=Place.objects.all(), method="filter_place",
        help_text="A place id; matches organisations in the place or in a place under it (a governorate's districts).",
    )
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=OrganisationKind.choices, empty_label=_("Any"))
    network = IdFilter(
        label=_("Network"), empty_label=_("Any"), method="filter_network",
        queryset=Organisation.objects.filter(kind=OrganisationKind.NETWORK).order_by("name"),
        help_text="A network's id; matches the organisations with a membership in it that the reader may see.",
    )

    class Meta:
        model = Organisation
        fields = ["q", "place", "kind", "network"]

    def search(self, queryset, name, value):
        for term in value.split()[:10]:
            folded = normalize(term)
            queryset = queryset.filter(
                Q(name__icontains=term) | Q(name_alt__icontains=term) | Q(acronym__icontains=term)
                | Q(key__icontains=folded)
            )
        return queryset

    def filter_place(self, queryset, name, place):
        return queryset.filter(place__in=place_and_below(place))

    def filter_network(self, queryset, name, network):
        user = getattr(self.request, "user", None)
        memberships = NetworkMembership.objects.filter(network=network)
        if user is not None:
            memberships = permissions.visible_to(user, memberships)
        else:
            memberships = memberships.filter(status=MembershipStatus.MEMBER)
        return queryset.filter(pk__in=memberships.values("member"))


class NetworkMembershipFilterSet(StyledFilterSet):
    network = django_filters.ModelChoiceFilter(
        label=_("Network"), queryset=Organisation.objects.filter(kind=OrganisationKind.NETWORK))
    member = django_filters.ModelChoiceFilter(label=_("Member"), queryset=Organisation.objects.all())
    hub = django_filters.ModelChoiceFilter(
        label=_("Supporting hub"), queryset=Organisation.objects.filter(kind=OrganisationKind.HUB))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MembershipStatus.choices, empty_label=_("Any"))
    place = IdFilter(
        label=_("Place"), queryset=Place.objects.all(), method="filter_place",
        help_text="A place id; matches members in the place or in a place under it.",
    )

    class Meta:
        model = NetworkMembership
        fields = ["network", "member", "hub", "status", "place"]

    def filter_place(self, queryset, name, place):
        return queryset.filter(member__place__in=place_and_below(place))
