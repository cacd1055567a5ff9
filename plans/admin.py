from django.contrib import admin

from .models import Action, ActionPartner, Indicator, Plan, PlanStep, ProgressCount, ProgressUpdate


class PlanStepInline(admin.TabularInline):
    model = PlanStep
    extra = 0
    readonly_fields = ["from_status", "to_status", "actor", "at", "comment"]
    can_delete = False


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "place", "period_start", "period_end", "owner", "status", "is_public"]
    list_filter = ["status", "is_public", "governorate"]
    search_fields = ["title", "summary"]
    inlines = [PlanStepInline]
    autocomplete_fields = ["owner"]
    filter_horizontal = ["frameworks"]


class PartnerInline(admin.TabularInline):
    model = ActionPartner
    extra = 0
    autocomplete_fields = ["organisation"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["ref", "title", "plan", "lead", "status", "start_date", "end_date"]
    list_filter = ["status", "plan__governorate"]
    search_fields = ["title", "title_alt", "description"]
    inlines = [PartnerInline, IndicatorInline]
    raw_id_fields = ["plan", "parent", "lead", "district"]
    filter_horizontal = ["practices"]


class CountInline(admin.TabularInline):
    model = ProgressCount
    extra = 0


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["indicator", "date", "value", "organisation"]
    raw_id_fields = ["indicator"]
    inlines = [CountInline]
