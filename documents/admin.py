"""Uploaded documents in the admin, read-only: uploads and imports go through documents.services."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import SourceDocument


@admin.register(SourceDocument)
class SourceDocumentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "status", "size", "organisation", "uploaded_by", "created_at"]
    list_filter = ["status"]
    search_fields = ["original_name", "sha256"]
