"""Plans in the admin, read-only: plans, actions, indicators and progress change on the plan pages, which go
through plans.services (permission, workflow, audit entry, search index)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Action,
    ActionComment,
    ActionPartner,
    Indicator,
    Plan,
    PlanStep,
    ProgressCount,
    ProgressUpdate,
)


class PlanStepInline(ReadOnlyInline):
    model = PlanStep
    readonly_fields = ["from_status", "to_status", "actor", "at", "comment"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "place", "period_start", "period_end", "owner", "status", "is_public"]
    list_filter = ["status", "is_public", "governorate"]
    search_fields = ["title", "summary"]
    inlines = [PlanStepInline]


class PartnerInline(ReadOnlyInline):
    model = ActionPartner


class IndicatorInline(ReadOnlyInline):
    model = Indicator


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["ref", "title", "plan", "lead", "status", "start_date", "end_date"]
    list_filter = ["status", "plan__governorate"]
    search_fields = ["title", "title_alt", "description"]
    inlines = [PartnerInline, IndicatorInline]


class CountInline(ReadOnlyInline):
    model = ProgressCount


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "date", "value", "organisation"]
    inlines = [CountInline]


@admin.register(ActionComment)
class ActionCommentAdmin(ReadOnlyAdmin):
    list_display = ["action", "created_by", "organisation", "created_at"]
    list_filter = ["action__plan__governorate"]
    search_fields = ["text"]
