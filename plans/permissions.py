"""Who may see and change local action plans. Every list, page, export, API read, figure and file download of
plans goes through `visible_to` (the whole plan) or `summary_visible_to` (its public summary).

- national coordinators and administrators: every plan;
- members of the owning organisation (a sub-committee or local government): their own plans;
- members of an organisation that leads or partners one of a plan's actions: that plan;
- everyone else, readers included: only the public summary (title, place, period, status, summary, progress,
  goals covered) of a plan its owner marked public once it is approved — never its actions, budgets or updates.

A local focal point creates plans for its own organisation and only for its own places: the place its
membership is scoped to (else its organisation's place) and the places under it (`planning_places`).

The owner writes the plan while it is a draft or has changes requested; national coordinators approve or
request changes (`MOVERS` says who makes each move); the owner (or a coordinator) starts and completes
implementation. Coordinators and the owner's members comment on single actions, which whoever sees the plan in
full reads. Progress is reported on an action by its plan's owner, its lead and its partners; each organisation
edits only its own updates.
"""

from django.db.models import Q, QuerySet

from accounts.choices import Role
from accounts.permissions import is_administrator
from core.actors import is_system

from .choices import APPROVED_STATUSES, EDITABLE_STATUSES, REPORTING_STATUSES, TRANSITIONS

PUBLIC_STATUSES = APPROVED_STATUSES


def sees_all(user) -> bool:
    if is_system(user):
        return True
    return user.is_authenticated and (is_administrator(user) or user.has_role(Role.NATIONAL_COORDINATOR))


def _orgs(user) -> set[int]:
    return user.organisation_ids() if user.is_authenticated else set()


def visible_to(user, queryset: QuerySet) -> QuerySet:
    """Plans the user may see in full."""
    if sees_all(user):
        return queryset
    orgs = _orgs(user)
    if not orgs:
        return queryset.none()
    from .models import Action

    involved = Action.objects.filter(Q(lead__in=orgs) | Q(partners__organisation__in=orgs)).values("plan_id")
    return queryset.filter(Q(owner__in=orgs) | Q(pk__in=involved))


def summary_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Plans whose summary the user may see: those seen in full, and public ones once approved."""
    public = Q(is_public=True, status__in=PUBLIC_STATUSES)
    if sees_all(user):
        return queryset
    full = visible_to(user, queryset).values("pk")
    return queryset.filter(public | Q(pk__in=full))


def actions_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Actions of plans the user may see in full."""
    if sees_all(user):
        return queryset
    from .models import Plan

    return queryset.filter(plan__in=visible_to(user, Plan.objects.all()).values("pk"))


def is_owner(user, plan) -> bool:
    return plan.owner_id in _orgs(user)


def is_involved(user, action) -> bool:
    """The user's organisation owns the action's plan, leads the action or partners it."""
    orgs = _orgs(user)
    if not orgs:
        return False
    if action.plan.owner_id in orgs or action.lead_id in orgs:
        return True
    # Reads the partners already loaded where the caller prefetched them (the plan page does, for every action).
    return any(partner.organisation_id in orgs for partner in action.partners.all())


def can_publish(user, plan) -> bool:
    """Publish or withdraw a plan's summary, and read its history: its owner and coordinators, in any status."""
    return user.is_authenticated and (is_owner(user, plan) or sees_all(user))


def planning_places(user, owner=None) -> set[int] | None:
    """Ids of the places a user may create plans for (for `owner`, when given); None means every place.

    A local focal point plans for the place its membership is scoped to, or, when the membership has no scope,
    for its organisation's place — each with every place under it (a governorate's districts). A focal point
    with neither plans nowhere until an administrator sets one. Coordinators and administrators: every place."""
    if sees_all(user):
        return None
    if not user.is_authenticated:
        return set()
    from accounts.models import Membership
    from places.models import Place

    memberships = Membership.objects.filter(user=user, role=Role.LOCAL_FOCAL_POINT)
    if owner is not None:
        memberships = memberships.filter(organisation_id=owner.pk)
    roots = {place for scope, home in memberships.values_list("place_id", "organisation__place_id")
             if (place := scope or home) is not None}
    allowed, frontier = set(roots), roots
    while frontier:
        frontier = set(Place.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - allowed
        allowed |= frontier
    return allowed


def can_create(user, owner=None, place=None) -> bool:
    """Focal points create plans for their own organisation and their own places (`planning_places`);
    coordinators and administrators for any. Without `owner` or `place`, whether the user may create a plan at
    all (for some organisation, some place)."""
    if sees_all(user):
        return True
    if not (user.is_authenticated and user.has_role(Role.LOCAL_FOCAL_POINT)):
        return False
    if owner is not None and owner.pk not in _orgs(user):
        return False
    return place is None or place.pk in planning_places(user, owner)


def can(user, action: str, plan=None) -> bool:
    """action: view, view_summary, create, change, delete, export, comment, submit, request_changes, approve,
    start, complete."""
    if is_system(user):
        return True
    if action == "create":
        if plan is None:
            return can_create(user)
        return can_create(user, plan.owner if plan.owner_id else None, plan.place if plan.place_id else None)
    if plan is None:
        return False
    if action == "view_summary":
        return summary_visible_to(user, type(plan).objects.filter(pk=plan.pk)).exists()
    if not user.is_authenticated:
        return False
    if action in {"view", "export"}:
        return visible_to(user, type(plan).objects.filter(pk=plan.pk)).exists()
    admin = is_administrator(user)
    if action in {"change", "delete"}:
        return plan.status in EDITABLE_STATUSES and (is_owner(user, plan) or admin)
    if action == "comment":
        return _is_kind(user, plan, COMMENTERS) or admin
    allowed = {name for (src, _dst), name in TRANSITIONS.items() if src == plan.status}
    if action not in allowed:
        return False
    return _is_kind(user, plan, MOVERS.get(action, ())) or admin


# Who makes each move of the workflow (`TRANSITIONS`), who edits in `EDITABLE_STATUSES` and who comments on an
# action: the plan's owner (its members), national coordinators, or either. `can()` reads these tables, and the
# plan page reads them to say who acts next (`plans.review.workflow_guide`). Administrators may do it all.
OWNER, COORDINATOR = "owner", "coordinator"
MOVERS = {
    "submit": (OWNER,),
    "request_changes": (COORDINATOR,),
    "approve": (COORDINATOR,),
    "start": (OWNER, COORDINATOR),
    "complete": (OWNER, COORDINATOR),
}
EDITORS = (OWNER,)
COMMENTERS = (OWNER, COORDINATOR)


def _is_kind(user, plan, kinds) -> bool:
    return (OWNER in kinds and is_owner(user, plan)) or (COORDINATOR in kinds and sees_all(user))


def can_comment(user, plan) -> bool:
    """Comment on an action of the plan: those who review it (national coordinators) and its owner's members, in
    any status. Whoever sees the plan in full reads the comments; the public summary never shows them."""
    return can(user, "comment", plan)


def can_see_changes(user, plan) -> bool:
    """Read what changed since the last submission: the plan's owner and those who review it."""
    return can_publish(user, plan)


def can_report(user, action_obj) -> bool:
    """Add a progress update to one of the action's indicators, or change the action's status."""
    if is_system(user):
        return True
    if action_obj.plan.status not in REPORTING_STATUSES or not user.is_authenticated:
        return False
    return is_administrator(user) or is_involved(user, action_obj)


def can_change_update(user, update) -> bool:
    """Edit or delete a progress update: only the organisation that reported it (and administrators)."""
    if is_system(user):
        return True
    if not user.is_authenticated:
        return False
    if is_administrator(user):
        return True
    return update.organisation_id is not None and update.organisation_id in _orgs(user)
