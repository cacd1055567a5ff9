"""API of events and recommendations: read-only, through the same `…_visible_to` functions and FilterSets as the
pages.

- `/api/v1/events/`: events the reader sees (anonymous readers: published ones), with their participation by
  organisation and its totals (participants, women, youth, by organisation type);
- `/api/v1/recommendations/`: recommendations the reader sees, with their owners, each owner's response and the
  implementation status; an owner not named in public shows only its organisation type to readers outside the
  recommendation (anyone but its owners, its managers and coordinators);
- `/api/v1/recommendation-updates/`: progress updates the reader may see (private ones only to those inside),
  with their evidence files the reader may see.
Writes go through the pages (and `events.services`); the API does not write.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers, viewsets

from accounts.choices import OrganisationKind

from . import permissions
from .filters import EventFilterSet, RecommendationApiFilterSet
from .models import Event, Owner, Participation, Recommendation, Update, UpdateEvidence


def _user(context):
    return context["request"].user


def _inside_ids(context) -> set[int] | None:
    """Ids of the recommendations the reader sees from inside (owns or manages), or None for those who see all;
    worked out once per answer."""
    if "inside" not in context:
        user = _user(context)
        if permissions.sees_all(user):
            context["inside"] = None
        else:
            everything = Recommendation.objects.all()
            context["inside"] = set(permissions.owned_by(user, everything).values_list("pk", flat=True)) | set(
                permissions.managed_by(user, everything).values_list("pk", flat=True))
    return context["inside"]


def _is_inside(context, recommendation_id) -> bool:
    inside = _inside_ids(context)
    return inside is None or recommendation_id in inside


class ParticipationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participation
        fields = ["organisation", "kind", "participants", "women", "youth"]
        read_only_fields = fields


PARTICIPATION_TOTALS = inline_serializer("EventParticipationTotals", fields={
    "organisations": serializers.IntegerField(),
    "participants": serializers.IntegerField(),
    "women": serializers.IntegerField(),
    "youth": serializers.IntegerField(),
    "by_kind": inline_serializer("EventParticipationByKind", many=True, fields={
        "kind": serializers.ChoiceField(choices=OrganisationKind.choices),
        "organisations": serializers.IntegerField(),
        "participants": serializers.IntegerField(),
        "women": serializers.IntegerField(),
        "youth": serializers.IntegerField(),
    }),
})


class EventSerializer(serializers.ModelSerializer):
    conveners = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    participation = ParticipationSerializer(source="participations", many=True, read_only=True)
    totals = serializers.SerializerMethodField(help_text="Participants, women and youth in all, and by "
                                                         "organisation type.")

    class Meta:
        model = Event
        fields = ["id", "reference", "kind", "title", "lang", "description", "agenda", "start_date", "end_date",
                  "place", "governorate", "venue", "online", "conveners", "audiences", "status", "is_public",
                  "published_at", "participation", "totals", "created_at", "updated_at"]
        read_only_fields = fields

    @extend_schema_field(PARTICIPATION_TOTALS)
    def get_totals(self, event) -> dict:
        rows = list(event.participations.all())
        by_kind: dict[str, dict] = {}
        for row in rows:
            group = by_kind.setdefault(row.kind, {"kind": row.kind, "organisations": 0, "participants": 0,
                                                  "women": 0, "youth": 0})
            group["organisations"] += 1
            for name in ("participants", "women", "youth"):
                group[name] += getattr(row, name)
        totals = {name: sum(getattr(r, name) for r in rows) for name in ("participants", "women", "youth")}
        return {"organisations": len(rows), **totals, "by_kind": sorted(by_kind.values(), key=lambda g: g["kind"])}


class OwnerSerializer(serializers.ModelSerializer):
    organisation = serializers.SerializerMethodField(help_text="The organisation's id; null for an owner not named "
                                                               "in public, which shows only its type.")
    organisation_kind = serializers.CharField(source="organisation.kind", read_only=True)

    class Meta:
        model = Owner
        fields = ["organisation", "organisation_kind", "role", "response", "response_reason", "responded_at"]
        read_only_fields = fields

    def get_organisation(self, owner) -> int | None:
        if owner.is_public or _is_inside(self.context, owner.recommendation_id):
            return owner.organisation_id
        return None

    def to_representation(self, owner):
        data = super().to_representation(owner)
        if data["organisation"] is None:
            data["response_reason"] = ""  # a private owner's own words stay inside
        return data


class RecommendationSerializer(serializers.ModelSerializer):
    owners = OwnerSerializer(many=True, read_only=True)
    places = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    goals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    paragraphs = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    # Empty when none was given (a URL field or a choice would promise a value).
    source_url = serializers.CharField(read_only=True, help_text="The source's address; empty when none.")
    translation_lang = serializers.CharField(read_only=True, help_text="The translation's language code; empty "
                                                                       "when there is no translation.")

    class Meta:
        model = Recommendation
        fields = ["id", "reference", "external_id", "source_kind", "event", "source_title", "source_url", "number",
                  "position", "text", "lang", "translation", "translation_lang", "rationale", "audiences",
                  "audience_heading", "national", "places", "goals", "paragraphs", "priority", "issued_on",
                  "due_date", "done_when", "status", "status_reason", "successor", "progress", "last_update_on",
                  "quality", "quality_missing", "is_public", "published_at", "owners", "created_at", "updated_at"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Where to download it (empty where the page is not there).")

    class Meta:
        model = UpdateEvidence
        fields = ["id", "name", "size", "is_public", "url"]
        read_only_fields = fields

    def get_url(self, item) -> str:
        try:
            return reverse("events:evidence", args=[item.pk])
        except NoReverseMatch:
            return ""


class UpdateSerializer(serializers.ModelSerializer):
    organisation = serializers.SerializerMethodField(help_text="The reporting organisation; null where it is an "
                                                               "owner not named in public.")
    organisation_kind = serializers.CharField(source="organisation.kind", read_only=True)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = Update
        fields = ["id", "recommendation", "organisation", "organisation_kind", "date", "progress", "text", "lang",
                  "is_public", "evidence", "created_at"]
        read_only_fields = fields

    def get_organisation(self, update) -> int | None:
        if _is_inside(self.context, update.recommendation_id):
            return update.organisation_id
        public = self.context.setdefault("public_owners", {})
        key = update.recommendation_id
        if key not in public:
            public[key] = set(Owner.objects.filter(recommendation_id=key, is_public=True)
                              .values_list("organisation_id", flat=True))
        return update.organisation_id if update.organisation_id in public[key] else None

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, update) -> list[dict]:
        files = permissions.evidence_visible_to(_user(self.context), UpdateEvidence.objects.filter(update=update))
        return EvidenceSerializer(files.order_by("pk"), many=True, context=self.context).data


class PublicReadViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only; anonymous readers get what is published (the default permission: reading for everyone)."""


class EventViewSet(PublicReadViewSet):
    """Events the reader sees, with their participation by organisation (counts only, never names)."""

    serializer_class = EventSerializer
    filterset_class = EventFilterSet

    def get_queryset(self):
        qs = Event.objects.prefetch_related("conveners", "participations").order_by("-start_date", "-id")
        return permissions.events_visible_to(self.request.user, qs)


class RecommendationViewSet(PublicReadViewSet):
    """Recommendations the reader sees, with their owners (a private owner as its type only), responses and
    status."""

    serializer_class = RecommendationSerializer
    filterset_class = RecommendationApiFilterSet

    def get_queryset(self):
        qs = Recommendation.objects.prefetch_related("owners__organisation", "places", "goals", "paragraphs") \
            .order_by("event_id", "position", "id")
        return permissions.recommendations_visible_to(self.request.user, qs)


class UpdateViewSet(PublicReadViewSet):
    """Progress updates the reader may see: public ones of published recommendations to everyone, all of a
    recommendation's updates to its owners, managers and coordinators."""

    serializer_class = UpdateSerializer
    filterset_fields = ["recommendation"]

    def get_queryset(self):
        qs = Update.objects.select_related("organisation").order_by("-date", "-id")
        return permissions.updates_visible_to(self.request.user, qs)
