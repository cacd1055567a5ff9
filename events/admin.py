"""Events in the admin: the follow-up settings write through `services.settings`; everything else is read-only —
the app's own pages change it, through the services that check permission and audit."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ServiceAdmin

from . import models, permissions
from .services.settings import SETTINGS_FIELDS, save_settings


@admin.register(models.FollowUpSettings)
class FollowUpSettingsAdmin(ServiceAdmin):
    """Administrators only; one row, never deleted; every save goes through `save_settings` and is audited."""

    list_display = ["__str__", *SETTINGS_FIELDS]

    def _may(self, request) -> bool:
        return permissions.can(request.user, "manage_settings")

    def has_view_permission(self, request, obj=None):
        return self._may(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._may(request) and not models.FollowUpSettings.objects.exists()

    def has_change_permission(self, request, obj=None):
        return self._may(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_record(self, request, obj, created):
        save_settings(actor=request.user, settings=obj)


@admin.register(models.Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "kind", "start_date", "governorate", "status", "is_public"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["reference", "title"]
    date_hierarchy = "start_date"


@admin.register(models.Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    list_display = ["event", "organisation", "kind", "participants", "women", "youth"]
    list_filter = ["kind"]


@admin.register(models.EventDocument)
class EventDocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "event", "size", "is_public", "created_at"]


@admin.register(models.Minutes)
class MinutesAdmin(ReadOnlyAdmin):
    list_display = ["event", "status", "is_public", "approved_at"]
    list_filter = ["status", "is_public"]


@admin.register(models.Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "event", "source_kind", "status", "priority", "due_date", "quality", "is_public"]
    list_filter = ["status", "source_kind", "priority", "is_public", "quality"]
    search_fields = ["reference", "text", "external_id"]


@admin.register(models.Owner)
class OwnerAdmin(ReadOnlyAdmin):
    list_display = ["recommendation", "organisation", "role", "response", "is_public"]
    list_filter = ["role", "response"]


@admin.register(models.RecommendationAction)
class RecommendationActionAdmin(ReadOnlyAdmin):
    list_display = ["recommendation", "action", "created_at"]


@admin.register(models.Update)
class UpdateAdmin(ReadOnlyAdmin):
    list_display = ["recommendation", "organisation", "date", "progress", "is_public"]


@admin.register(models.UpdateEvidence)
class UpdateEvidenceAdmin(ReadOnlyAdmin):
    list_display = ["name", "update", "size", "is_public"]


@admin.register(models.Step)
class StepAdmin(ReadOnlyAdmin):
    list_display = ["recommendation", "kind", "from_value", "to_value", "organisation", "is_public", "at"]
    list_filter = ["kind"]
