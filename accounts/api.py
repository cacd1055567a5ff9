"""API for organisations (read-only here; organisations are managed in the admin)."""

import django_filters
from rest_framework import serializers, viewsets

from directory.filters import OrganisationFilterSet as DirectoryFilterSet
from directory.permissions import organisations_visible_to

from .models import Organisation


class OrganisationSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="organisation-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "url", "display", "name", "name_alt", "acronym", "kind", "kind_display", "place", "website"]
        extra_kwargs = {"place": {"view_name": "place-detail"}}


class OrganisationFilterSet(DirectoryFilterSet):
    """The directory's filters (q, place with the places under it, kind, network), and `name` as before."""

    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta(DirectoryFilterSet.Meta):
        fields = ["q", "place", "kind", "network", "name"]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet

    def get_queryset(self):
        queryset = Organisation.objects.select_related("place").order_by("name")
        return organisations_visible_to(self.request.user, queryset)
