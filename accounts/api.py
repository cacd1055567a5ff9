"""API for organisations (read-only here; organisations are managed in the admin)."""

import django_filters
from rest_framework import serializers, viewsets

from .choices import OrganisationKind
from .models import Organisation


class OrganisationSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="organisation-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "url", "display", "name", "name_alt", "acronym", "kind", "kind_display", "place", "website"]
        extra_kwargs = {"place": {"view_name": "place-detail"}}


class OrganisationFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices)
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Organisation
        fields = ["kind", "name", "place"]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Organisation.objects.select_related("place").order_by("name")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
