"""Who may do what with notifications.

- `notify`: any logged-in user or the system: a notification is sent by a service that already checked the move
  it tells about (a plan submitted, a practice published), on behalf of the one who made it;
- `read` (see, open, mark read): the recipient only — nobody else, administrators included, reads someone's
  notifications on the product's pages (the admin shows them read-only to operators).
"""

from django.db.models import QuerySet

from core.actors import is_system


def visible_to(user, queryset: QuerySet) -> QuerySet:
    """A person's own notifications."""
    if is_system(user):
        return queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(recipient=user)


def can(user, action: str, obj=None) -> bool:
    if is_system(user):
        return True
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if action == "notify":
        return True
    if action == "read":
        return obj is None or obj.recipient_id == user.pk
    return False
