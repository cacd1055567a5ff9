"""Role questions every app's permissions ask; the answers come from memberships."""

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
