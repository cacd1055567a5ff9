"""Admin plumbing: read-only pages and pages that write through services (docs/decisions/0005), the audit log and
background jobs."""


from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .audit import probe_summary
from .models import AuditEntry, Job

# The admin's own titles, in the reader's language ("Django administration" otherwise).
admin.site.site_header = _("Wiqaya administration")
admin.site.site_title = _("Wiqaya administration")
admin.site.index_title = _("Records of the installation")


class NoWrites:
    """Shows records and changes none: the product's own pages (which go through the services, check permission
    and audit) are where these records change. Operators still read everything."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(NoWrites, admin.ModelAdmin):
    pass


class ReadOnlyInline(NoWrites, admin.TabularInline):
    extra = 0
    can_delete = False


class ServiceAdmin(admin.ModelAdmin):
    """An admin page whose writes go through the app's services: subclasses say which service saves a record
    (`save_record`) and which deletes one (`delete_record`, or no delete at all). Bulk deletion goes through the
    same service one record at a time, so each leaves its audit entry."""

    def save_record(self, request, obj, created: bool):
        raise NotImplementedError

    def delete_record(self, request, obj):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        self.save_record(request, obj, not change)

    def delete_model(self, request, obj):
        self.delete_record(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_record(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: nobody edits or deletes the audit log."""

    list_display = ["at", "actor", "system_reason", "action", "object_type", "object_repr", "remote_addr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "action", "actor__username", "remote_addr"]
    date_hierarchy = "at"
    change_list_template = "admin/core/auditentry/change_list.html"

    def get_urls(self):
        probes = self.admin_site.admin_view(self.probes_view)
        return [path("probes/", probes, name="core_auditentry_probes"), *super().get_urls()]

    def probes_view(self, request):
        """Who probed what: denials, withheld records, refused moves and failed logins, by who and from where."""
        try:
            days = max(1, min(int(request.GET.get("days", 30)), 365))
        except ValueError:
            days = 30
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "days": days,
            "title": _("Who probed what"), "rows": probe_summary(days=days),
        }
        return TemplateResponse(request, "admin/core/auditentry/probes.html", context)


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """Background jobs, read-only: the purge removes finished ones after their retention period."""

    list_display = ["id", "kind", "status", "progress", "total", "created_by", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
