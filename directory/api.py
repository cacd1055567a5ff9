"""API for network memberships (read-only; they are changed on the network's page or in the admin)."""

from rest_framework import serializers, viewsets

from . import permissions
from .filters import NetworkMembershipFilterSet
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
