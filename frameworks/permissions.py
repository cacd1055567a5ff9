"""Who may change frameworks and crosswalks. Frameworks are reference data: everyone may read them.

- national coordinators and administrators: create and edit frameworks, goals and paragraphs; import them;
  confirm or reject crosswalk links;
- anyone: read frameworks, goals, paragraphs, confirmed crosswalk links and the coverage view.
- whoever may import documents (a member of an organisation): propose the frameworks, goals and paragraphs a
  document cites that are not known yet;
- administrators (and the system, at setup): load the shipped definitions.
Asking for goal suggestions for a record, and accepting or rejecting them, is a change to that record: the record's
app decides, through the rule it registers with `register_subject` (frameworks know no practice and no plan).
The system actor (`core.actors.system`) may do everything.
"""

from django.db.models import QuerySet

from accounts.choices import Role
from accounts.permissions import is_administrator
from core.actors import is_system

# {model class: rule(user, record) -> may this user change the record's goals?}, filled by the apps whose
# records get goal suggestions (practices, plans), from their AppConfig.ready.
_SUBJECT_RULES: dict = {}


def register_subject(model, rule) -> None:
    """Let records of `model` get goal suggestions; `rule(user, record)` says who may change their goals."""
    _SUBJECT_RULES[model] = rule


EDIT_ACTIONS = {"create", "change", "delete", "import", "confirm_crosswalk", "suggest_crosswalks"}


def can(user, action: str, obj=None) -> bool:
    if is_system(user):
        return True
    if action == "view":
        return True
    if action == "suggest_goals":
        rule = _SUBJECT_RULES.get(type(obj))
        return rule is not None and rule(user, obj)
    if action == "propose":
        return bool(user.is_authenticated and user.is_active and (user.organisation_ids() or is_administrator(user)))
    if action == "load":
        return is_administrator(user)
    if action in EDIT_ACTIONS:
        return is_administrator(user) or (user.is_authenticated and user.has_role(Role.NATIONAL_COORDINATOR))
    return False


def visible_to(user, queryset: QuerySet) -> QuerySet:
    return queryset
