"""Practices in the admin, read-only: content, goal links and review happen on the library's pages, which go
through practices.services (permission, review workflow, audit entry, search index)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Practice, PracticeGoal, ReviewStep


class PracticeGoalInline(ReadOnlyInline):
    model = PracticeGoal


class ReviewStepInline(ReadOnlyInline):
    model = ReviewStep
    readonly_fields = ["from_status", "to_status", "actor", "at", "comment"]


@admin.register(Practice)
class PracticeAdmin(ReadOnlyAdmin):
    list_display = ["name", "lang", "location", "organisation_name", "status", "source", "updated_at"]
    list_filter = ["status", "lang", "source", "review_level", "country"]
    search_fields = ["name", "organisation_name", "location", "description"]
    inlines = [PracticeGoalInline, ReviewStepInline]
