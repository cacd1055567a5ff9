"""API for places (reference data, read-only)."""

from rest_framework import serializers, viewsets

from .models import Place


class PlaceSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="place-detail")
    display = serializers.CharField(source="name", read_only=True)

    class Meta:
        model = Place
        fields = ["id", "url", "display", "code", "iso_code", "kind", "name_en", "name_ar", "aliases", "parent"]
        extra_kwargs = {"parent": {"view_name": "place-detail"}}


class PlaceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Place.objects.select_related("parent").order_by("kind", "name_en")
    serializer_class = PlaceSerializer
    filterset_fields = ["kind", "parent", "code"]
