"""API for the directory, read-only: organisations (managed in the admin) and network memberships (changed on
the network's page or in the admin). The organisation API lives here, not in accounts, because it filters and
shows organisations the directory's way (place with the places under it, kind, network)."""

import django_filters
from rest_framework import serializers, viewsets

from accounts.models import Organisation

from . import permissions
from .filters import NetworkMembershipFilterSet, OrganisationFilterSet
from .models import NetworkMembership


class NetworkMembershipSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="network-membership-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = NetworkMembership
        fields = ["id", "url", "display", "network", "member", "hub", "status", "status_display",
                  "candidate_since", "member_since", "until", "note"]
        read_only_fields = fields
        extra_kwargs = {name: {"view_name": "organisation-detail"} for name in ("network", "member", "hub")}


class NetworkMembershipViewSet(viewsets.ReadOnlyModelViewSet):
    """Which organisations are candidates for, members of, or left which network. Anyone sees the members;
    the other statuses are shown to those docs/permissions.md names."""

    serializer_class = NetworkMembershipSerializer
    filterset_class = NetworkMembershipFilterSet

    def get_queryset(self):
        queryset = NetworkMembership.objects.select_related("network", "member", "hub")
        return permissions.visible_to(self.request.user, queryset).order_by("network__name", "member__name", "id")


class OrganisationSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="organisation-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organisation
        # The public contact is the organisation's office, never a person's (accounts.models.Organisation).
        fields = ["id", "url", "display", "name", "name_alt", "acronym", "kind", "kind_display", "place", "website",
                  "public_email", "public_phone"]
        extra_kwargs = {"place": {"view_name": "place-detail"}}


class OrganisationApiFilterSet(OrganisationFilterSet):
    """The directory's filters (q, place with the places under it, kind, network), and `name` as before."""

    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta(OrganisationFilterSet.Meta):
        fields = ["q", "place", "kind", "network", "name"]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationApiFilterSet

    def get_queryset(self):
        queryset = Organisation.with_proposals.select_related("place").order_by("name")
        return permissions.organisations_visible_to(self.request.user, queryset)
