from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import LoginFailure, Membership, Organisation, TOTPDevice, User
from .services import disable_user


def _login_through_the_site(request, extra_context=None):
    """The admin's own login form would skip the lockout: send it to the site's login page instead."""
    if admin.site.has_permission(request):
        return redirect("admin:index")
    if request.user.is_authenticated:
        # Logged in without access to the admin: sending them to the login page would loop back here.
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or request.get_full_path().replace("login/", "", 1))


admin.site.login = _login_through_the_site


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
    actions = ["disable_users"]

    @admin.action(description=_("Disable selected users (ends their sessions, revokes their API tokens)"))
    def disable_users(self, request, queryset):
        count = 0
        for user in queryset.filter(is_active=True):
            disable_user(actor=request.user, user=user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d user disabled.", "%(count)d users disabled.", count) % {"count": count},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        # Unticking "active" goes through the service too, so the account's sessions and token end with it.
        disabling = change and "is_active" in form.changed_data and not obj.is_active
        if disabling and not request.user.has_perm("accounts.change_user"):
            raise PermissionDenied
        super().save_model(request, obj, form, change)
        if disabling:
            disable_user(actor=request.user, user=obj)


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Failed logins counted for the lockout; deleting a pair's rows lifts its lockout."""

    list_display = ["username", "remote_addr", "at"]
    search_fields = ["username", "remote_addr"]
    readonly_fields = ["username", "remote_addr", "at"]

    def has_add_permission(self, request):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "name_alt", "acronym", "kind", "place"]
    list_filter = ["kind"]
    search_fields = ["name", "name_alt", "acronym"]
    autocomplete_fields = ["place", "parent"]


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    """Two-factor devices; deleting one (a lost phone) lets its user log in with the password alone again."""

    list_display = ["user", "confirmed", "created_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = ["user", "confirmed", "created_at"]
    readonly_fields = ["user", "confirmed", "created_at"]

    def has_add_permission(self, request):
        return False
