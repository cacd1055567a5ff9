from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "email", "is_active", "is_staff", "is_demo", "language"]
    list_filter = ["is_active", "is_staff", "is_demo", "memberships__role"]
    fieldsets = [*BaseUserAdmin.fieldsets, (_("Wiqaya"), {"fields": ["language", "is_demo"]})]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "name_alt", "acronym", "kind", "place"]
    list_filter = ["kind"]
    search_fields = ["name", "name_alt", "acronym"]
    autocomplete_fields = ["place", "parent"]
