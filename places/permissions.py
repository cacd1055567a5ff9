"""Places are reference data: everyone reads them; administrators (and the system, at setup) change them."""

from django.db.models import QuerySet

from accounts.permissions import is_administrator
from core.actors import is_system


def can(user, action: str, obj=None) -> bool:
    if is_system(user):
        return True
    if action == "view":
        return True
    return action in {"load", "change"} and is_administrator(user)


def visible_to(user, queryset: QuerySet) -> QuerySet:
    return queryset
