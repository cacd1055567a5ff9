"""Who may see source documents: a download is a read like any other and goes through `visible_to`.

Anyone: documents marked public. Members of the uploading organisation and the uploader: theirs.
Administrators: all. Import jobs follow core.permissions.jobs_visible_to (the user who started one, and administrators).
"""

from django.db.models import Q, QuerySet

from accounts.permissions import is_administrator as _is_admin
from core.actors import is_system
from practices import permissions as practice_permissions


def visible_to(user, queryset: QuerySet) -> QuerySet:
    if is_system(user):
        return queryset
    if _is_admin(user):
        return queryset
    rule = Q(is_public=True)
    if user.is_authenticated:
        rule |= Q(organisation__in=user.organisation_ids()) | Q(uploaded_by=user)
    return queryset.filter(rule)


def is_own(user, document) -> bool:
    """The uploader, members of the uploading organisation, and administrators."""
    return _is_admin(user) or user.is_authenticated and (
        document.uploaded_by_id == user.pk or document.organisation_id in user.organisation_ids()
    )


def can(user, action: str, document=None) -> bool:
    if is_system(user):
        return True
    if action == "import":
        return practice_permissions.can(user, "import")
    if action == "view" and document is not None:
        return visible_to(user, type(document).objects.filter(pk=document.pk)).exists()
    return False
