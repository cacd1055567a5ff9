"""The glossary, read-only: curated terms for everyone; coordinators and administrators see every term."""

from rest_framework import serializers, viewsets

from . import permissions
from .models import GlossaryTerm, lines


class GlossaryTermSerializer(serializers.ModelSerializer):
    variants_en = serializers.SerializerMethodField()
    variants_ar = serializers.SerializerMethodField()

    class Meta:
        model = GlossaryTerm
        fields = ["id", "term_en", "term_ar", "term_fr", "variants_en", "variants_ar", "definition_en",
                  "definition_ar", "theme", "source_title", "source_url", "source_note", "status", "updated_at"]

    def get_variants_en(self, obj) -> list[str]:
        return lines(obj.variants_en)

    def get_variants_ar(self, obj) -> list[str]:
        return lines(obj.variants_ar)


class GlossaryTermViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = GlossaryTermSerializer
    filterset_fields = ["theme", "status"]

    def get_queryset(self):
        return permissions.visible_to(self.request.user, GlossaryTerm.objects.order_by("term_en", "id"))
