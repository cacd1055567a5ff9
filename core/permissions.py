"""Who may see background jobs: the user who started one, and administrators."""

from django.db.models import QuerySet

from accounts.permissions import is_administrator


def jobs_visible_to(user, queryset: QuerySet) -> QuerySet:
    if is_administrator(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(created_by=user)
