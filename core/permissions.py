"""Who may see background jobs: the user who started one, and administrators.

Core knows no roles: the accounts app says who counts as an administrator with `register_administrator_check()`
(from its `AppConfig.ready`). Until one is registered nobody does, so a job is only ever shown to its starter.
"""

from collections.abc import Callable

from django.db.models import QuerySet


def _nobody(user) -> bool:
    return False


_is_administrator: Callable[[object], bool] = _nobody


def register_administrator_check(check: Callable[[object], bool]) -> None:
    global _is_administrator
    _is_administrator = check


def jobs_visible_to(user, queryset: QuerySet) -> QuerySet:
    if _is_administrator(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(created_by=user)
