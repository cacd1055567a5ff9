"""API of the support desk: read-only, through the same `…_visible_to` functions and FilterSets as the pages.

- `/api/v1/support-needs/`: needs the reader may see;
- `/api/v1/support-requests/`: requests with their steps; a partner to which part of a request was referred gets
  only its title, place, type and result wanted (`detail: false`), as the page shows it;
- `/api/v1/support-referrals/`, `/api/v1/support-experts/`;
- `/api/v1/support-public/`: the public aggregate counts (small groups hidden), the only one for anonymous readers.
Writes go through the pages (and `support.services`); the API does not write.
"""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import permissions
from .filters import ExpertFilterSet, NeedFilterSet, ReferralFilterSet, RequestFilterSet
from .models import Expert, Need, Referral, RequestStep, SupportRequest


class NeedSerializer(serializers.ModelSerializer):
    goals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    actions = serializers.SerializerMethodField(help_text="Ids of the plan actions that address it, among those "
                                                          "the reader may see.")

    class Meta:
        model = Need
        fields = ["id", "title", "description", "lang", "owner", "hub", "place", "governorate", "theme", "goals",
                  "groups", "source", "severity", "priority_rank", "status", "mentions", "actions", "created_at",
                  "updated_at"]
        read_only_fields = fields

    def get_actions(self, need) -> list[int]:
        from plans.permissions import actions_visible_to

        user = self.context["request"].user
        return list(actions_visible_to(user, need.actions.all()).values_list("pk", flat=True))


class StepSerializer(serializers.ModelSerializer):
    from_stage = serializers.CharField(read_only=True, help_text="The stage it left (empty for the first step).")
    actor = serializers.StringRelatedField(allow_null=True)
    reason = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True,
                                          help_text="The reason's code from the list administrators keep.")

    class Meta:
        model = RequestStep
        fields = ["from_stage", "to_stage", "actor", "at", "reason", "note"]
        read_only_fields = fields


# What a partner to which part of the request was referred reads (permissions.sees_request_in_full).
PARTNER_FIELDS = {"id", "reference", "title", "lang", "place", "request_type", "result_wanted", "detail"}


class SupportRequestSerializer(serializers.ModelSerializer):
    needs = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    goals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    co_requesters = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    steps = StepSerializer(many=True, read_only=True)
    detail = serializers.SerializerMethodField(help_text="True when the reader sees the whole request; false for a "
                                                         "partner, which gets only the referred request's title, "
                                                         "place, type and result wanted.")

    class Meta:
        model = SupportRequest
        fields = ["id", "reference", "title", "description", "lang", "requester", "hub", "place", "governorate",
                  "needs", "goals", "request_type", "priority", "result_wanted", "timeframe_start", "timeframe_end",
                  "mode", "languages", "sponsoring_role", "stakeholders", "co_requesters", "stage", "version",
                  "submitted_at", "acknowledged_at", "triaged_at", "delivery_started_at", "delivered_at",
                  "closed_at", "triage", "steps", "detail", "created_at", "updated_at"]
        read_only_fields = fields

    def get_detail(self, obj) -> bool:
        cache = self.context.setdefault("full", {})
        if obj.pk not in cache:
            cache[obj.pk] = permissions.sees_request_in_full(self.context["request"].user, obj)
        return cache[obj.pk]

    def to_representation(self, obj):
        data = super().to_representation(obj)
        if not data["detail"]:
            data = {key: value for key, value in data.items() if key in PARTNER_FIELDS}
        return data


class ReferralSerializer(serializers.ModelSerializer):
    reason = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Referral
        fields = ["id", "request", "partner", "scope", "deadline", "status", "sent_at", "answered_at", "reason",
                  "feedback"]
        read_only_fields = fields


class ExpertSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    places = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    goals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Expert
        fields = ["id", "hub", "name", "themes", "languages", "places", "goals", "availability", "available_from"]
        read_only_fields = fields


class DeskViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only, for logged-in readers: anonymous readers get the public counts only."""

    permission_classes = [IsAuthenticated]


class NeedViewSet(DeskViewSet):
    """Community needs the reader may see: its organisation's, its hub's, and those its hub's requests are about."""

    serializer_class = NeedSerializer
    filterset_class = NeedFilterSet

    def get_queryset(self):
        qs = Need.objects.prefetch_related("goals").order_by("-severity", "priority_rank", "-created_at", "-id")
        return permissions.needs_visible_to(self.request.user, qs)


class SupportRequestViewSet(DeskViewSet):
    """Support requests the reader may see, with their steps (who, when, reason, note)."""

    serializer_class = SupportRequestSerializer
    filterset_class = RequestFilterSet

    def get_queryset(self):
        qs = SupportRequest.objects.prefetch_related(
            "needs", "goals", "co_requesters", "steps__actor", "steps__reason").order_by("-created_at", "-id")
        return permissions.requests_visible_to(self.request.user, qs)


class ReferralViewSet(DeskViewSet):
    """Referrals: the partner's own, and those of the requests the reader sees in full."""

    serializer_class = ReferralSerializer
    filterset_class = ReferralFilterSet

    def get_queryset(self):
        qs = Referral.objects.select_related("reason").order_by("-sent_at", "-id")
        return permissions.referrals_visible_to(self.request.user, qs)


class ExpertViewSet(DeskViewSet):
    """The expert pool: hub experts see their hub's, coordinators every hub's."""

    serializer_class = ExpertSerializer
    filterset_class = ExpertFilterSet

    def get_queryset(self):
        qs = Expert.objects.select_related("user").prefetch_related("places", "goals").order_by("hub_id", "id")
        return permissions.experts_visible_to(self.request.user, qs)


class PublicCountRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.CharField(help_text="A number, or \"< k\" for a group smaller than the minimum cell size.")


class PublicCountsView(APIView):
    """The support desk's public figures: requests by governorate, type of support and stage; groups smaller
    than the minimum cell size read "< k"."""

    permission_classes = [AllowAny]

    @extend_schema(responses=inline_serializer("SupportPublicCounts", fields={
        "total": serializers.IntegerField(allow_null=True, help_text="Null when fewer than the minimum cell size."),
        "min_cell": serializers.IntegerField(),
        "by_governorate": PublicCountRowSerializer(many=True),
        "by_type": PublicCountRowSerializer(many=True),
        "by_stage": PublicCountRowSerializer(many=True),
    }))
    def get(self, request, format=None):
        from .views import public_tables

        figures = public_tables()
        answer = {"total": figures["total"], "min_cell": figures["min_cell"]}
        for table, key in zip(figures["tables"], ("by_governorate", "by_type", "by_stage"), strict=True):
            answer[key] = [{"label": label, "count": str(count)} for label, count in table["rows"]]
        return Response(answer)
