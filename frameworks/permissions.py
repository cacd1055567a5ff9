"""Who may change frameworks and crosswalks. Frameworks are reference data: everyone may read them.

- national coordinators and administrators: create and edit frameworks, goals and paragraphs; import them;
  confirm or reject crosswalk links;
- anyone: read frameworks, goals, paragraphs, confirmed crosswalk links and the coverage view.
Accepting or rejecting a goal suggestion for a record is a change to that record: the record's app decides.
"""

from django.db.models import QuerySet

from accounts.choices import Role
from accounts.permissions import is_administrator

EDIT_ACTIONS = {"create", "change", "delete", "import", "confirm_crosswalk", "suggest_crosswalks"}


def can(user, action: str, obj=None) -> bool:
    if action == "view":
        return True
    if action in EDIT_ACTIONS:
        return is_administrator(user) or (user.is_authenticated and user.has_role(Role.NATIONAL_COORDINATOR))
    return False


def visible_to(user, queryset: QuerySet) -> QuerySet:
    return queryset
