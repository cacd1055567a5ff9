"""API for practices: the same visibility, FilterSet and services as the HTML library."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.permissions import may_see_proposal
from core.api import call_service
from documents import permissions as documents_permissions
from frameworks.models import Goal

from . import permissions, services
from .choices import PracticeStatus
from .filters import PracticeFilterSet
from .models import Practice, PracticeGoal
from .queries import goal_links_for


class PracticeGoalSerializer(serializers.ModelSerializer):
    framework = serializers.CharField(source="goal.framework.slug", read_only=True)
    number = serializers.CharField(source="goal.number", read_only=True)
    title = serializers.CharField(source="goal.title", read_only=True)
    paragraphs = serializers.SerializerMethodField()

    class Meta:
        model = PracticeGoal
        fields = ["goal", "framework", "number", "title", "source", "paragraphs"]

    def get_paragraphs(self, link) -> list[dict]:
        return [{"number": p.number, "text": p.text} for p in link.paragraphs.all()]


class PracticeSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="practice-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    period_display = serializers.CharField(
        read_only=True, help_text="The period in the reader's language from the years: “Since 2024”, “2018–2020”.")
    goal_links = PracticeGoalSerializer(many=True, read_only=True)
    goals = serializers.PrimaryKeyRelatedField(
        queryset=Goal.objects.all(), many=True, write_only=True, required=False,
        help_text="Ids of the framework goals the practice serves.",
    )

    class Meta:
        model = Practice
        fields = [
            "id", "url", "display", "name", "lang", "country", "place", "location", "organisation",
            "organisation_name", "period", "period_display", "start_year", "end_year", "ongoing", "activity", "objectives", "description",
            "beneficiaries", "status", "review_level", "source", "source_document", "goal_links", "goals",
            "import_warnings", "created_at", "updated_at", "published_at",
        ]
        read_only_fields = ["status", "source", "source_document", "import_warnings", "published_at"]
        extra_kwargs = {
            "country": {"view_name": "place-detail"},
            "place": {"view_name": "place-detail"},
            "organisation": {"view_name": "organisation-detail"},
            "source_document": {"view_name": "document-detail"},
        }

    def to_representation(self, practice):
        """What the practice page shows, no more: the source document only to those who may see it (a published
        practice may come from another organisation's private file), import warnings (which quote the file) only
        to those who may change the practice or own it, and the organisation only when the reader may see it
        (an organisation named by a private file is a proposal until a coordinator accepts it)."""
        data = super().to_representation(practice)
        request = self.context.get("request")
        user = request.user if request is not None else None
        if user is None:
            return data
        document = practice.source_document
        if document is not None and not document.is_public and not documents_permissions.can(user, "view", document):
            data["source_document"] = None
        if not permissions.may_read_import_warnings(user, practice):
            data["import_warnings"] = []
        if practice.organisation_id and not may_see_proposal(user, practice.organisation):
            data["organisation"] = None
        return data

    def validate(self, attrs):
        start, end = attrs.get("start_year"), attrs.get("end_year")
        if start and end and end < start:
            raise serializers.ValidationError({"end_year": "The end year is before the start year."})
        return attrs


class TransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=PracticeStatus.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class SuggestGoalsSerializer(serializers.Serializer):
    framework = serializers.SlugField(help_text="Slug of the framework whose goals to suggest.")
    top = serializers.IntegerField(min_value=1, max_value=10, default=3)


class DecideSuggestionSerializer(serializers.Serializer):
    suggestion = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=["accept", "reject"])


class GoalSuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    framework = serializers.CharField(source="goal.framework.slug")
    goal = serializers.IntegerField(source="goal.pk")
    number = serializers.CharField(source="goal.number")
    title = serializers.CharField(source="goal.title")
    confidence = serializers.FloatField()
    reason = serializers.CharField()
    status = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)


class PracticeSuggestionsMixin:
    """Goal suggestions through the API, with the same rules as the practice page."""

    @extend_schema(request=SuggestGoalsSerializer, responses=GoalSuggestionSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="suggest-goals")
    def suggest_goals(self, request, pk=None, format=None):
        """Suggest goals of a framework for this practice; they are kept as pending suggestions."""
        from frameworks.models import Framework

        practice = self.get_object()
        payload = SuggestGoalsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        framework = Framework.objects.filter(slug=payload.validated_data["framework"]).first()
        if framework is None:
            raise exceptions.ValidationError({"framework": "No framework has this slug."})
        rows = call_service(services.suggest_goals, actor=request.user, practice=practice, framework=framework,
                     top_k=payload.validated_data["top"])
        return Response(GoalSuggestionSerializer(rows, many=True).data)

    @extend_schema(request=DecideSuggestionSerializer, responses=GoalSuggestionSerializer)
    @action(detail=True, methods=["post"], url_path="decide-suggestion")
    def decide_suggestion(self, request, pk=None, format=None):
        """Accept (links the goal) or reject one of this practice's suggestions."""
        from frameworks.models import GoalSuggestion

        practice = self.get_object()
        payload = DecideSuggestionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        suggestion = GoalSuggestion.objects.filter(
            pk=payload.validated_data["suggestion"], object_id=practice.pk, content_type__model="practice"
        ).first()
        if suggestion is None:
            raise exceptions.NotFound("No such suggestion for this practice.")
        row = call_service(services.decide_goal_suggestion, actor=request.user, suggestion=suggestion,
                    accept=payload.validated_data["decision"] == "accept")
        return Response(GoalSuggestionSerializer(row).data)


class PracticeViewSet(PracticeSuggestionsMixin, viewsets.ModelViewSet):
    """Practices: list, read, create, update, review moves and goal suggestions."""

    serializer_class = PracticeSerializer
    filterset_class = PracticeFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        queryset = Practice.objects.select_related("country", "organisation", "source_document").prefetch_related(
            goal_links_for(self.request.user)
        )
        return permissions.visible_to(self.request.user, queryset).order_by("name", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        goals = data.pop("goals", [])
        serializer.instance = call_service(services.create_practice, actor=self.request.user, goals=goals, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        goals = data.pop("goals", None)
        serializer.instance = call_service(
            services.update_practice, actor=self.request.user, practice=serializer.instance, goals=goals, **data
        )

    @extend_schema(request=TransitionSerializer, responses=PracticeSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None, format=None):
        """Move the practice through review: draft → in_review → published (or back)."""
        practice = self.get_object()
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        call_service(services.transition_practice, actor=request.user, practice=practice, **payload.validated_data)
        # Answer with the practice as moved, even when the move takes it out of the actor's sight (a reviewer
        # unpublishing another organisation's practice): they saw it a moment ago and made the change.
        return Response(self.get_serializer(practice).data)
