"""The glossary: everyone reads the curated terms; national coordinators and administrators see every term
and add, edit and retire them; administrators (and the system, at setup) load the shipped glossary."""

from django.db.models import QuerySet

from accounts.choices import Role
from accounts.permissions import is_administrator
from core.actors import is_system

from .choices import Status


def is_editor(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and user.has_role(Role.NATIONAL_COORDINATOR, Role.ADMINISTRATOR))


def can(user, action: str, obj=None) -> bool:
    if is_system(user):
        return True
    if action == "view":
        return obj is None or obj.status == Status.CURATED or is_editor(user)
    if action in {"add", "edit", "retire"}:
        return is_editor(user)
    return action == "load" and is_administrator(user)


def visible_to(user, queryset: QuerySet) -> QuerySet:
    if is_system(user) or is_editor(user):
        return queryset
    return queryset.filter(status=Status.CURATED)
