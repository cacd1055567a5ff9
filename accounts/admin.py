"""Users, roles, organisations and login records in the admin. Every change goes through accounts.services, so
granting a role, resetting a password or editing an organisation leaves an audit entry like any other write."""

from contextvars import ContextVar

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework.authtoken.admin import TokenAdmin as BaseTokenAdmin
from rest_framework.authtoken.models import TokenProxy

from core.admin import ReadOnlyAdmin, ServiceAdmin

from . import services
from .models import LoginFailure, Membership, Organisation, TOTPDevice, User


def _login_through_the_site(request, extra_context=None):
    """The admin's own login form would skip the lockout: send it to the site's login page instead."""
    if admin.site.has_permission(request):
        return redirect("admin:index")
    if request.user.is_authenticated:
        # Logged in without access to the admin: sending them to the login page would loop back here.
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or request.get_full_path().replace("login/", "", 1))


admin.site.login = _login_through_the_site

# Django's password form saves itself and is given no request: the password view sets who is acting here.
_acting: ContextVar = ContextVar("admin_actor")


class ServicePasswordForm(AdminPasswordChangeForm):
    def save(self, commit=True):
        services.set_password(actor=_acting.get(), user=self.user, password=self.cleaned_data["password1"])
        return self.user


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Roles are memberships (the inline); Django's groups and per-user permissions are not used by Wiqaya
    and are not offered here."""

    inlines = [MembershipInline]
    list_display = ["username", "email", "is_active", "is_staff", "is_demo", "language"]
    list_filter = ["is_active", "is_staff", "is_demo", "memberships__role"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
        (_("Wiqaya"), {"fields": ["language", "is_demo"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    change_password_form = ServicePasswordForm
    actions = ["disable_users"]

    @admin.action(description=_("Disable selected users (ends their sessions, revokes their API tokens)"))
    def disable_users(self, request, queryset):
        count = 0
        for user in queryset.filter(is_active=True):
            services.disable_user(actor=request.user, user=user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d user disabled.", "%(count)d users disabled.", count) % {"count": count},
            messages.SUCCESS,
        )

    def user_change_password(self, request, id, form_url=""):
        token = _acting.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _acting.reset(token)

    def save_model(self, request, obj, form, change):
        # Unticking "active" disables through the service, so the account's sessions and token end with it.
        services.save_user(actor=request.user, user=obj, created=not change)

    def save_formset(self, request, form, formset, change):
        for membership in formset.save(commit=False):
            services.save_membership(actor=request.user, membership=membership, created=membership.pk is None)
        for membership in formset.deleted_objects:
            services.remove_membership(actor=request.user, membership=membership)

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are disabled, never deleted: the audit log keeps pointing at them


@admin.register(LoginFailure)
class LoginFailureAdmin(ReadOnlyAdmin):
    """Failed logins counted for the lockout; deleting a pair's rows lifts its lockout (audited)."""

    list_display = ["username", "remote_addr", "at"]
    search_fields = ["username", "remote_addr"]

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("accounts.delete_loginfailure")

    def delete_model(self, request, obj):
        services.clear_login_failures(actor=request.user, failures=LoginFailure.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.clear_login_failures(actor=request.user, failures=queryset)


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin):
    list_display = ["name", "name_alt", "acronym", "kind", "place", "proposed_by"]
    list_filter = ["kind"]
    search_fields = ["name", "name_alt", "acronym"]
    autocomplete_fields = ["place", "parent"]
    readonly_fields = ["proposed_by"]  # accepted or merged on the proposals page, through the services

    def get_queryset(self, request):
        # Proposals too (organisations named by private documents), marked by `proposed_by`.
        return Organisation.with_proposals.get_queryset().order_by("name")

    def save_record(self, request, obj, created):
        services.save_organisation(actor=request.user, organisation=obj, created=created)

    def has_delete_permission(self, request, obj=None):
        return False  # practices, plans and memberships point at organisations


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ReadOnlyAdmin):
    """Two-factor devices; deleting one (a lost phone) lets its user log in with the password alone again."""

    list_display = ["user", "confirmed", "created_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = ["user", "confirmed", "created_at"]

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("accounts.delete_totpdevice")

    def delete_model(self, request, obj):
        services.remove_totp_device(actor=request.user, device=obj)

    def delete_queryset(self, request, queryset):
        for device in queryset.select_related("user"):
            services.remove_totp_device(actor=request.user, device=device)


# Roles are memberships; Django's groups are not used, and an unused way to grant access is one too many.
admin.site.unregister(Group)
admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(BaseTokenAdmin):
    """API tokens: an administrator issues one for a user (replacing any earlier one) or revokes it; both are
    audited through accounts.services. A token is never edited."""

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        token = services.issue_token(actor=request.user, user=obj.user)
        obj.key, obj.created = token.key, token.created
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.revoke_user_token(actor=request.user, user=obj.user)

    def delete_queryset(self, request, queryset):
        for token in queryset.select_related("user"):
            services.revoke_user_token(actor=request.user, user=token.user)
