"""Glossary terms in the admin, read-only: the glossary page (/glossary/) adds, edits and retires them through
the services."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import GlossaryTerm


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ReadOnlyAdmin):
    list_display = ["term_en", "term_ar", "theme", "status", "source_note", "shipped", "updated_at"]
    list_filter = ["status", "theme", "shipped"]
    search_fields = ["term_en", "term_ar", "variants_en", "variants_ar", "term_fr"]
