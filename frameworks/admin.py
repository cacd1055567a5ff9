from django.contrib import admin

from .models import Framework, Goal, Paragraph


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
