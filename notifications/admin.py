from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "read_at"]
    list_filter = ["kind"]
    search_fields = ["recipient__username", "kind"]
