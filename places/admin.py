from django.contrib import admin

from .models import Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ar", "kind", "code", "iso_code", "parent"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_ar", "code"]
    autocomplete_fields = ["parent"]
