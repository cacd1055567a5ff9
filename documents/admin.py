from django.contrib import admin

from .models import SourceDocument


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "status", "size", "organisation", "uploaded_by", "created_at"]
    list_filter = ["status"]
    search_fields = ["original_name", "sha256"]
    readonly_fields = ["file", "original_name", "sha256", "size", "status", "error", "encoding", "pages", "result",
                       "uploaded_by", "job"]
