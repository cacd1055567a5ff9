from django.contrib import admin

from .models import Crosswalk, Framework, Goal, GoalSuggestion, Paragraph


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["number", "position", "title_en", "title_ar", "parent"]
    show_change_link = True


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["slug", "short_name", "title_en", "title_ar", "year", "status"]
    list_filter = ["status"]
    search_fields = ["slug", "title_en", "title_ar"]
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["framework", "number", "title_en", "title_ar", "parent"]
    list_filter = ["framework"]
    search_fields = ["title_en", "title_ar", "number"]
    inlines = [ParagraphInline]


@admin.register(Crosswalk)
class CrosswalkAdmin(admin.ModelAdmin):
    list_display = ["source", "relation", "target", "score", "status", "decided_by", "decided_at"]
    list_filter = ["status", "relation", "source__framework", "target__framework"]
    autocomplete_fields = ["source", "target"]
    readonly_fields = ["decided_by", "decided_at"]


@admin.register(GoalSuggestion)
class GoalSuggestionAdmin(admin.ModelAdmin):
    list_display = ["goal", "content_type", "object_id", "confidence", "status", "decided_by", "decided_at"]
    list_filter = ["status", "goal__framework"]
    readonly_fields = ["content_type", "object_id", "goal", "confidence", "reason", "decided_by", "decided_at"]
