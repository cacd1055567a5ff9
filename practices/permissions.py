"""Who may see and change practices. Every list, detail, export and API read goes through `visible_to`.

- anyone, logged in or not: published practices;
- a member of the owning organisation: that organisation's practices in every status;
- a reviewer (national coordinator, hub expert, administrator): also every practice in review;
- an administrator: everything.

Owners edit their drafts; reviewers edit what is in review or published; only reviewers publish.
"""

from django.db.models import Q, QuerySet

from accounts.permissions import is_administrator as _is_admin
from accounts.permissions import is_reviewer as _is_reviewer
from core.actors import is_system

from .choices import TRANSITIONS, PracticeStatus


def _is_owner(user, practice) -> bool:
    return user.is_authenticated and (
        (practice.owner_id is not None and practice.owner_id in user.organisation_ids())
        or (practice.owner_id is None and practice.created_by_id == user.pk)
    )


def visible_to(user, queryset: QuerySet) -> QuerySet:
    if is_system(user):
        return queryset
    if _is_admin(user):
        return queryset
    rule = Q(status=PracticeStatus.PUBLISHED)
    if user.is_authenticated:
        rule |= Q(owner__in=user.organisation_ids()) | Q(owner=None, created_by=user)
        if _is_reviewer(user):
            rule |= Q(status=PracticeStatus.IN_REVIEW)
    return queryset.filter(rule)


def may_read_review_details(user, practice) -> bool:
    """Who took each review step (the login name) and what they wrote: reviewers and the owning organisation.
    Everyone else who sees the practice reads the steps and the organisations that took them."""
    if is_system(user):
        return True
    return bool(user.is_authenticated and (_is_reviewer(user) or _is_admin(user) or _is_owner(user, practice)))


def may_read_import_warnings(user, practice) -> bool:
    """Import warnings quote the source file: those who may change the practice, and its organisation."""
    return can(user, "change", practice) or (not is_system(user) and _is_owner(user, practice))


def can(user, action: str, practice=None) -> bool:
    """action: view, create, change, import, submit, publish, return, unpublish."""
    if is_system(user):
        return True
    if not user.is_authenticated:
        return action == "view" and practice is not None and practice.status == PracticeStatus.PUBLISHED
    if action == "view":
        return visible_to(user, type(practice).objects.filter(pk=practice.pk)).exists()
    if action in {"create", "import"}:
        return bool(user.organisation_ids()) or _is_admin(user)
    if practice is None:
        return False
    if action == "change":
        return _is_kind(user, practice, EDITORS.get(practice.status, ())) or _is_admin(user)
    if action in MOVERS:
        allowed = {a for (src, _dst), a in TRANSITIONS.items() if src == practice.status}
        return action in allowed and (
            _is_kind(user, practice, MOVERS[action]) or (action in ADMIN_MOVES and _is_admin(user)))
    return False


# Who makes each move of the review workflow (`TRANSITIONS`) and who edits in each status: the practice's
# organisation (its members; the author of one without an organisation) or a reviewer. `can()` reads these tables,
# and the practice page reads them to say who acts next (`practices.workflow`).
OWNER, REVIEWER = "owner", "reviewer"
MOVERS = {
    "submit": (OWNER,),
    "publish": (REVIEWER,),  # only reviewers publish
    "return": (REVIEWER, OWNER),  # an owner may withdraw its own practice from review…
    "unpublish": (REVIEWER, OWNER),  # …or from publication
}
ADMIN_MOVES = {"submit"}  # administrators submit for anyone; publishing stays a reviewer's
# Owners change their drafts; what is in review or published changes only through a reviewer, so nothing goes live
# unreviewed. An owner withdraws or unpublishes first, then edits. (Administrators change anything.)
EDITORS = {
    PracticeStatus.DRAFT: (OWNER,),
    PracticeStatus.IN_REVIEW: (REVIEWER,),
    PracticeStatus.PUBLISHED: (REVIEWER,),
}


def _is_kind(user, practice, kinds) -> bool:
    return (OWNER in kinds and _is_owner(user, practice)) or (REVIEWER in kinds and _is_reviewer(user))
