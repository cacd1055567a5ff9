from django.contrib import admin

from .models import NetworkMembership, NetworkMembershipStep


class StepInline(admin.TabularInline):
    model = NetworkMembershipStep
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "on", "actor", "comment", "at"]

    def has_add_permission(self, request, obj=None):
        return False  # steps are written by directory.services.change_status


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(admin.ModelAdmin):
    list_display = ["member", "network", "status", "candidate_since", "member_since", "until", "hub"]
    list_filter = ["status", "network", "hub"]
    search_fields = ["member__name", "member__name_alt", "network__name"]
    raw_id_fields = ["network", "member", "hub"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [StepInline]
