"""Role questions every app's permissions ask (the answers come from memberships), and the rules for
accounts themselves: who manages users, roles and organisations, and what a person may do to their own account.

`can(user, action, obj)` actions:
- `manage_users`, `manage_memberships`, `manage_organisations`: administrators (the role, a superuser, or the
  admin site's "change user" permission) — granting a role is the most sensitive write there is;
- `propose_organisation`: whoever may import documents (a member of an organisation), which names organisations
  the directory may not hold yet;
- `change_own_account` (language, API token): the logged-in, active user, about themselves;
- `use_totp`: two-factor login, offered to coordinators, administrators and staff.
The system actor (`core.actors.system`) may do all of these.
"""

from core.actors import is_system

from .choices import REVIEWER_ROLES, Role


def is_administrator(user) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMINISTRATOR)


def is_reviewer(user) -> bool:
    return user.is_authenticated and user.has_role(*REVIEWER_ROLES)


def primary_organisation(user):
    """The organisation a user's new records belong to: their first membership's, or None."""
    if user is None or not user.is_authenticated:
        return None
    membership = user.memberships.select_related("organisation").order_by("id").first()
    return membership.organisation if membership else None


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_disable_users(actor) -> bool:
    if is_system(actor):
        return True
    if not _active(actor):
        return False
    return actor.is_superuser or actor.has_perm("accounts.change_user") or actor.has_role(Role.ADMINISTRATOR)


def can_use_totp(user) -> bool:
    """Two-factor login is offered to coordinators and administrators."""
    return getattr(user, "is_authenticated", False) and (
        user.is_staff or user.has_role(Role.NATIONAL_COORDINATOR, Role.ADMINISTRATOR)
    )


def can(user, action: str, obj=None) -> bool:
    if is_system(user):
        return True
    if action in {"manage_users", "manage_memberships", "manage_organisations"}:
        return can_disable_users(user)
    if action == "propose_organisation":
        return _active(user) and (bool(user.organisation_ids()) or can_disable_users(user))
    if action == "change_own_account":
        return _active(user) and (obj is None or getattr(obj, "pk", None) == user.pk)
    if action == "use_totp":
        return _active(user) and can_use_totp(user)
    return False
