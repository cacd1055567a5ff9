"""Network memberships in the admin, read-only: they are added and moved on the network pages, through
directory.services (which checks the moves and keeps the status history)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import NetworkMembership, NetworkMembershipStep


class StepInline(ReadOnlyInline):
    model = NetworkMembershipStep
    readonly_fields = ["from_status", "to_status", "on", "actor", "comment", "at"]


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(ReadOnlyAdmin):
    list_display = ["member", "network", "status", "candidate_since", "member_since", "until", "hub"]
    list_filter = ["status", "network", "hub"]
    search_fields = ["member__name", "member__name_alt", "network__name"]
