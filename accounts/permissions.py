"""Role questions every app's permissions ask (the answers come from memberships), and the rules for
accounts themselves: who manages users, roles and organisations, and what a person may do to their own account.

`can(user, action, obj)` actions:
- `manage_users`, `manage_memberships`, `manage_organisations`: administrators (the role, a superuser, or the
  admin site's "change user" permission) — granting a role is the most sensitive write there is;
- `propose_organisation`: whoever may import documents (a member of an organisation), which names organisations
  the directory may not hold yet;
- `change_own_account` (language, API token): the logged-in, active user, about themselves;
- `use_totp`: two-factor login, offered to coordinators, administrators and staff;
- `review_proposals`: accept or merge what an import created from a private document (a proposal): national
  coordinators and administrators.

Proposals (frameworks, goals, paragraphs and organisations with `proposed_by` set) are seen by the members of
the proposing organisation, national coordinators and administrators: `proposals_visible_to` and
`may_see_proposal` answer for every model that holds them.
The system actor (`core.actors.system`) may do all of these.
"""

from django.db.models import Q, QuerySet

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


def may_review_proposals(user) -> bool:
    """National coordinators and administrators see every proposal and accept or merge it."""
    return is_system(user) or (_active(user) and user.has_role(Role.NATIONAL_COORDINATOR, Role.ADMINISTRATOR))


def proposals_visible_to(user, queryset: QuerySet, field: str = "proposed_by") -> QuerySet:
    """Accepted rows, and the proposals this user may see. `field` names the proposal's organisation, through a
    relation where the row is not itself a proposal (`goal__proposed_by` for the links to goals)."""
    if may_review_proposals(user):
        return queryset
    rule = Q(**{f"{field}__isnull": True})
    if getattr(user, "is_authenticated", False):
        rule |= Q(**{f"{field}__in": user.organisation_ids()})
    return queryset.filter(rule)


def may_see_proposal(user, obj) -> bool:
    """Is `obj` accepted, or a proposal this user may see?"""
    proposer = getattr(obj, "proposed_by_id", None)
    if proposer is None or may_review_proposals(user):
        return True
    return bool(getattr(user, "is_authenticated", False) and proposer in user.organisation_ids())


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
    if action == "review_proposals":
        return may_review_proposals(user)
    return False
