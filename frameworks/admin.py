"""Frameworks in the admin, read-only: frameworks, goals, paragraphs, crosswalks and suggestions change on the
frameworks pages (coordinators), which go through frameworks.services and leave audit entries."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Crosswalk, Framework, Goal, GoalSuggestion, Paragraph


class WithProposals:
    """Administrators see proposals too (what imports created from private documents), marked by `proposed_by`;
    the default manager would leave them out."""

    def get_queryset(self, request):
        queryset = self.model.with_proposals.get_queryset()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset


class GoalInline(WithProposals, ReadOnlyInline):
    model = Goal
    fields = ["number", "position", "title_en", "title_ar", "parent", "proposed_by"]
    show_change_link = True


class ParagraphInline(WithProposals, ReadOnlyInline):
    model = Paragraph


@admin.register(Framework)
class FrameworkAdmin(WithProposals, ReadOnlyAdmin):
    list_display = ["slug", "short_name", "title_en", "title_ar", "year", "status", "proposed_by"]
    list_filter = ["status"]
    search_fields = ["slug", "title_en", "title_ar"]
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(WithProposals, ReadOnlyAdmin):
    list_display = ["framework", "number", "title_en", "title_ar", "parent", "proposed_by"]
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
