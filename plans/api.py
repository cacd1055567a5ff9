"""API for local action plans: the same visibility, services and roll-up as the plan pages.

A plan whose reader may see only its public summary answers with the summary fields and `detail: false`;
its actions are not listed and `/actions/` never returns them. Lists are filtered by the pages' FilterSets
(`PlanFilterSet`, `ActionFilterSet`), with the same parameter names.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import call_service
from frameworks.models import Framework

from . import permissions, queries, services
from .choices import PlanStatus
from .filters import ActionFilterSet, PlanFilterSet
from .models import Action, Indicator, Plan, ProgressUpdate


class PlanSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="plan-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    frameworks = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    detail = serializers.SerializerMethodField(help_text="True when the reader sees the whole plan, false for "
                                                         "a public summary.")
    progress = serializers.SerializerMethodField(help_text="0–1, rolled up from the indicators.")
    goals_covered = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text="Ids of the plan's actions; empty for a summary.")
    people_reached = serializers.SerializerMethodField(
        help_text="Latest counts by sex and age group, summed over the plan's indicators; a published figure, "
                  "so groups smaller than the minimum cell size are null.")

    class Meta:
        model = Plan
        fields = ["id", "url", "display", "title", "lang", "place", "governorate", "period_start", "period_end", "owner",
                  "frameworks", "status", "is_public", "summary", "detail", "progress", "goals_covered", "actions",
                  "people_reached", "created_at", "updated_at"]
        read_only_fields = fields
        extra_kwargs = {"place": {"view_name": "place-detail"}, "governorate": {"view_name": "place-detail"},
                        "owner": {"view_name": "organisation-detail"}}

    def _figures(self, plan):
        cache = self.context.setdefault("figures", {})
        if plan.pk not in cache:
            cache.update(queries.plan_figures(self.context.get("page") or [plan]))
        return cache.get(plan.pk)

    def get_detail(self, plan) -> bool:
        return plan.pk in self.context.get("full_ids", set())

    def get_progress(self, plan) -> float | None:
        figures = self._figures(plan)
        return round(figures.progress, 4) if figures and figures.progress is not None else None

    def get_goals_covered(self, plan) -> int:
        figures = self._figures(plan)
        return len(figures.goal_ids) if figures else 0

    def get_people_reached(self, plan) -> list[dict]:
        cache = self.context.setdefault("people", {})
        if plan.pk not in cache:  # one query for the whole page of plans
            plans = self.context.get("page") or [plan]
            found = queries.people_reached_by_plan([p.pk for p in plans])
            cache.update({p.pk: found.get(p.pk, {}) for p in plans})
        return queries.publish_counts(cache.get(plan.pk, {}))

    def get_actions(self, plan) -> list[int]:
        if not self.get_detail(plan):
            return []
        return [a.pk for a in plan.actions.all()]


class IndicatorSerializer(serializers.ModelSerializer):
    latest_value = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)
    latest_date = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Indicator
        fields = ["id", "name", "unit", "baseline", "target", "frequency", "direction", "by_sex_and_age",
                  "latest_value", "latest_date"]
        read_only_fields = fields


class ActionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="action-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    goals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    partners = serializers.SerializerMethodField()
    indicators = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = ["id", "url", "display", "plan", "parent", "ref", "title", "title_alt", "description", "lang", "goals", "lead",
                  "partners", "district", "start_date", "end_date", "budget", "currency", "funding_source",
                  "status", "practices", "indicators"]
        read_only_fields = fields

    def get_partners(self, obj) -> list[dict]:
        return [{"organisation": p.organisation_id, "kind": p.kind} for p in obj.partners.all()]

    def get_indicators(self, obj) -> list[dict]:
        rows = queries.indicators_with_latest(Indicator.objects.filter(action=obj))
        return IndicatorSerializer(rows, many=True).data


class PlanTransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=PlanStatus.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Local action plans the reader may see: in full, or as a public summary."""

    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet

    def get_queryset(self):
        qs = Plan.objects.select_related("place", "governorate", "owner").prefetch_related("frameworks", "actions")
        return permissions.summary_visible_to(self.request.user, qs).order_by("governorate__name_en", "id")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["full_ids"] = set(
            permissions.visible_to(self.request.user, Plan.objects.all()).values_list("pk", flat=True)
        )
        return context

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        context = self.get_serializer_context() | {"page": rows}
        data = PlanSerializer(rows, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(request=PlanTransitionSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None, format=None):
        """Move the plan: draft → submitted → changes_requested | approved → in_implementation → completed."""
        plan = self.get_object()
        if not permissions.can(request.user, "view", plan):
            raise exceptions.NotFound()
        payload = PlanTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        call_service(services.transition_plan, actor=request.user, plan=plan, **payload.validated_data)
        return Response(self.get_serializer(plan).data)

    @extend_schema(responses={200: {"type": "object"}})
    @action(detail=False, methods=["get"])
    def overview(self, request, format=None):
        """The national overview: per governorate, its plans' status and progress and the goals covered. Figures
        count approved plans only; `pending` lists the plans not yet approved, apart."""
        data = queries.national_overview(permissions.summary_visible_to(request.user, Plan.objects.all()))
        return Response({
            "progress": data["progress"], "plans": data["plans"], "pending": data["pending"],
            "goals_covered": data["goals_covered"],
            "governorates_with_plan": data["governorates_with_plan"], "status_totals": data["status_totals"],
            "governorates": [{
                "governorate": row.governorate.code, "name_en": row.governorate.name_en,
                "name_ar": row.governorate.name_ar, "progress": row.progress, "goals_covered": row.goals_covered,
                "delayed": row.delayed, "overdue": row.overdue, "by_status": row.by_status,
                "plans": [f.plan.pk for f in row.plans], "pending": [p.pk for p in row.pending],
            } for row in data["rows"]],
        })

    @extend_schema(
        parameters=[OpenApiParameter("framework", str, required=True, description="Framework slug.")],
        responses={200: {"type": "object"}},
    )
    @action(detail=False, methods=["get"])
    def coverage(self, request, format=None):
        """Framework goal × governorate: how many actions serve each goal in each governorate."""
        framework = Framework.objects.filter(slug=request.query_params.get("framework", "")).first()
        if framework is None:
            raise exceptions.ValidationError({"framework": "Give the slug of a framework."})
        data = queries.coverage_matrix(permissions.summary_visible_to(request.user, Plan.objects.all()), framework)
        return Response({
            "framework": framework.slug,
            "governorates": [g.code for g in data["governorates"]],
            "goals": [{"goal": row["goal"].pk, "number": row["goal"].number, "depth": row["depth"],
                       "counts": [c["count"] for c in row["cells"]], "covered": row["covered"]}
                      for row in data["goals"]],
            "gaps": [g.pk for g in data["gaps"]],
            "pending_actions": data["pending_actions"], "pending_plans": data["pending_plans"],
        })


class ActionViewSet(viewsets.ReadOnlyModelViewSet):
    """Actions of the plans the reader may see in full."""

    serializer_class = ActionSerializer
    filterset_class = ActionFilterSet

    def get_queryset(self):
        qs = Action.objects.prefetch_related("goals", "partners").order_by("plan_id", "position", "id")
        return permissions.actions_visible_to(self.request.user, qs)


class ProgressUpdateSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="progress-update-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    counts = serializers.SerializerMethodField()

    class Meta:
        model = ProgressUpdate
        fields = ["id", "url", "display", "indicator", "date", "value", "narrative", "confirm_reason", "organisation",
                  "counts", "created_at"]
        read_only_fields = ["organisation", "created_at"]

    def get_counts(self, obj) -> list[dict]:
        return [{"sex": c.sex, "age_group": c.age_group, "count": c.count} for c in obj.counts.all()]


class ProgressUpdateViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
                            viewsets.ReadOnlyModelViewSet):
    """Progress updates of the plans the reader may see in full; each organisation changes only its own."""

    serializer_class = ProgressUpdateSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        qs = ProgressUpdate.objects.prefetch_related("counts").order_by("-date", "-id")
        visible = permissions.visible_to(self.request.user, Plan.objects.all()).values("pk")
        return qs.filter(indicator__action__plan__in=visible)

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if hasattr(serializer, "fields") and "indicator" in serializer.fields:
            visible = permissions.visible_to(self.request.user, Plan.objects.all()).values("pk")
            serializer.fields["indicator"].queryset = Indicator.objects.filter(action__plan__in=visible)
        return serializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = call_service(services.add_progress, actor=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("indicator", None)
        serializer.instance = call_service(services.update_progress, actor=self.request.user,
                                           update=serializer.instance, **data)

    def perform_destroy(self, instance):
        call_service(services.delete_progress, actor=self.request.user, update=instance)
