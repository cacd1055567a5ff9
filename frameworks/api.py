"""API for frameworks with their goals and numbered paragraphs (read-only here)."""

from django.db.models import Prefetch
from rest_framework import serializers, viewsets

from .models import Framework, Goal, Paragraph


class ParagraphSerializer(serializers.ModelSerializer):
    class Meta:
        model = Paragraph
        fields = ["id", "number", "text", "lang"]


class GoalSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="goal-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    framework = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    paragraphs = ParagraphSerializer(many=True, read_only=True)
    parent = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "url", "display", "framework", "parent", "number", "title_en", "title_ar",
                  "description_en", "description_ar", "paragraphs"]


class FrameworkSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="framework-detail", lookup_field="slug")
    display = serializers.CharField(source="__str__", read_only=True)
    goals = GoalSerializer(many=True, read_only=True)

    class Meta:
        model = Framework
        fields = ["id", "url", "display", "slug", "short_name", "title_en", "title_ar", "year", "status",
                  "description_en", "description_ar", "source", "goals"]


class FrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Framework.objects.prefetch_related(
        Prefetch("goals", queryset=Goal.objects.prefetch_related("paragraphs").order_by("position", "id"))
    )
    serializer_class = FrameworkSerializer
    lookup_field = "slug"


class GoalViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Goal.objects.select_related("framework").prefetch_related("paragraphs")
    serializer_class = GoalSerializer
    filterset_fields = ["framework__slug", "number", "parent"]
