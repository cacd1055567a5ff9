"""Frameworks in the admin, read-only: frameworks, goals, paragraphs, crosswalks and suggestions change on the
frameworks pages (coordinators), which go through frameworks.services and leave audit entries."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Crosswalk, Framework, Goal, GoalSuggestion, Paragraph


class GoalInline(ReadOnlyInline):
    model = Goal
    fields = ["number", "position", "title_en", "title_ar", "parent"]
    show_change_link = True


class ParagraphInline(ReadOnlyInline):
    model = Paragraph


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["slug", "short_name", "title_en", "title_ar", "year", "status"]
    list_filter = ["status"]
    search_fields = ["slug", "title_en", "title_ar"]
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ["framework", "number", "title_en", "title_ar", "parent"]
    list_filter = ["framework"]
    search_fields = ["title_en", "title_ar", "number"]
    inlines = [ParagraphInline]


@admin.register(Crosswalk)
class CrosswalkAdmin(ReadOnlyAdmin):
    list_display = ["source", "relation", "target", "score", "status", "decided_by", "decided_at"]
    list_filter = ["status", "relation", "source__framework", "target__framework"]


@admin.register(GoalSuggestion)
class GoalSuggestionAdmin(ReadOnlyAdmin):
    list_display = ["goal", "content_type", "object_id", "confidence", "status", "decided_by", "decided_at"]
    list_filter = ["status", "goal__framework"]
