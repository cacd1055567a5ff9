"""Who may change frameworks and crosswalks. Frameworks are reference data: everyone may read them, except
proposals (what an import created from a private document: `proposed_by` set), which only the proposing
organisation's members, national coordinators and administrators see (`visible_to`, `may_see`), and which
coordinators and administrators accept or merge (`review_proposals`).

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
from accounts.permissions import (
    is_administrator,
    may_review_proposals,
    may_see_proposal,
    proposals_visible_to,
)
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
    if action == "review_proposals":
        return may_review_proposals(user)
    if action in EDIT_ACTIONS:
        return is_administrator(user) or (user.is_authenticated and user.has_role(Role.NATIONAL_COORDINATOR))
    return False


def visible_to(user, queryset: QuerySet, field: str = "proposed_by") -> QuerySet:
    """Frameworks, goals or paragraphs this user may see: accepted ones, and the proposals of their organisations
    (all of them for coordinators and administrators). Pass `Model.with_proposals` for proposals to be there at
    all; `field` reaches the proposal through a relation (`goal__proposed_by` for goal links)."""
    if is_system(user):
        return queryset
    return proposals_visible_to(user, queryset, field)


def may_see(user, record) -> bool:
    """Is this framework, goal or paragraph accepted, or a proposal the user may see?"""
    return is_system(user) or may_see_proposal(user, record)
