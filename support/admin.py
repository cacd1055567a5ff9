"""The desk in the admin: what administrators keep (calendar, holidays, targets, reasons, allowed moves) writes
through `services.desk`; everything else is read-only — the desk's own pages change it."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ServiceAdmin

from . import models, permissions
from .services import desk


class DeskAdmin(ServiceAdmin):
    """Administrators only; every save and delete goes through `services.desk` and leaves an audit entry."""

    def _may(self, request) -> bool:
        return permissions.can(request.user, "manage_desk")

    def has_view_permission(self, request, obj=None):
        return self._may(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._may(request)

    def has_change_permission(self, request, obj=None):
        return self._may(request)

    def has_delete_permission(self, request, obj=None):
        return self._may(request) and self.model not in desk.UNDELETABLE

    def save_record(self, request, obj, created):
        desk.save_row(actor=request.user, obj=obj, created=created)

    def delete_record(self, request, obj):
        desk.delete_row(actor=request.user, obj=obj)


@admin.register(models.Calendar)
class CalendarAdmin(DeskAdmin):
    list_display = ["name", "working_days"]

    def has_add_permission(self, request):
        return False  # one calendar: change it


@admin.register(models.Holiday)
class HolidayAdmin(DeskAdmin):
    list_display = ["date", "name", "calendar"]
    date_hierarchy = "date"


@admin.register(models.ServiceTarget)
class ServiceTargetAdmin(DeskAdmin):
    list_display = ["request_type", "priority", "clock", "days"]
    list_filter = ["priority", "clock"]


@admin.register(models.Reason)
class ReasonAdmin(DeskAdmin):
    list_display = ["kind", "code", "label_en", "label_ar", "active", "position"]
    list_filter = ["kind", "active"]


@admin.register(models.Transition)
class TransitionAdmin(DeskAdmin):
    list_display = ["from_stage", "to_stage", "movers", "reason_kind", "position"]
    list_filter = ["from_stage"]


@admin.register(models.Need)
class NeedAdmin(ReadOnlyAdmin):
    list_display = ["title", "owner", "governorate", "theme", "severity", "status"]
    list_filter = ["status", "theme", "severity"]
    search_fields = ["title"]


@admin.register(models.SupportRequest)
class SupportRequestAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "requester", "hub", "stage", "priority", "submitted_at"]
    list_filter = ["stage", "request_type", "priority"]
    search_fields = ["reference", "title"]


for model in (models.NeedEvidence, models.NeedStep, models.RequestStep, models.Expert, models.Candidate,
              models.Referral, models.Engagement, models.EngagementCount, models.NextStep, models.Outcome,
              models.OutcomeCheck, models.ImportMapping):
    admin.site.register(model, ReadOnlyAdmin)
