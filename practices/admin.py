from django.contrib import admin

from .models import Practice, PracticeGoal, ReviewStep


class PracticeGoalInline(admin.TabularInline):
    model = PracticeGoal
    extra = 0
    autocomplete_fields = ["goal"]
    filter_horizontal = ["paragraphs"]


class ReviewStepInline(admin.TabularInline):
    model = ReviewStep
    extra = 0
    readonly_fields = ["from_status", "to_status", "actor", "at", "comment"]
    can_delete = False


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    """Operators see every practice here; edits of content belong in the library's own form (it audits them)."""

    list_display = ["name", "lang", "location", "organisation_name", "status", "source", "updated_at"]
    list_filter = ["status", "lang", "source", "review_level", "country"]
    search_fields = ["name", "organisation_name", "location", "description"]
    readonly_fields = ["status", "source", "source_document", "created_by", "published_at", "import_warnings"]
    autocomplete_fields = ["country", "organisation", "owner"]
    inlines = [PracticeGoalInline, ReviewStepInline]
