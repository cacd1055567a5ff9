"""Reference places in the admin: changes go through places.services (administrators only, audited)."""

from django.contrib import admin

from core.admin import ServiceAdmin

from . import services
from .models import Place


@admin.register(Place)
class PlaceAdmin(ServiceAdmin):
    list_display = ["name_en", "name_ar", "kind", "code", "iso_code", "parent"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_ar", "code"]
    autocomplete_fields = ["parent"]

    def save_record(self, request, obj, created):
        services.save_place(actor=request.user, place=obj, created=created)

    def has_delete_permission(self, request, obj=None):
        return False  # plans, practices and organisations point at places
