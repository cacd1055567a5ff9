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
        # Owners change their drafts; what is in review or published changes only through a reviewer,
        # so nothing goes live unreviewed. An owner withdraws or unpublishes first, then edits.
        owner_may = _is_owner(user, practice) and practice.status == PracticeStatus.DRAFT
        reviewer_may = _is_reviewer(user) and practice.status != PracticeStatus.DRAFT
        return owner_may or reviewer_may or _is_admin(user)
    if action == "submit":
        return practice.status == PracticeStatus.DRAFT and (_is_owner(user, practice) or _is_admin(user))
    if action in {"publish", "return", "unpublish"}:
        allowed = {a for (src, _dst), a in TRANSITIONS.items() if src == practice.status}
        # An owner may withdraw its own practice from review or from publication; only reviewers publish.
        owner_may = action in {"return", "unpublish"} and _is_owner(user, practice)
        return action in allowed and (_is_reviewer(user) or owner_may)
    return False
