"""Who sees and changes the support desk's records. Every list, page, export, API read, figure and search hit of
the desk goes through one of the `…_visible_to` functions below.

- national coordinators and administrators: everything;
- hub experts: the needs and requests of their hub (`hub` is one of their organisations) — and the needs the
  requests to their hub are about;
- the requesting organisation (its members, whatever their role): its own needs and requests, and the requests
  it co-requests;
- a partner organisation: only the requests referred to it (the referral and the request's title, place, type
  and result wanted — the page shows a partner no more), and its own referrals;
- anonymous readers and everyone else: nothing but the public aggregates (`support.queries.public_counts`, small
  groups hidden).

Who moves a request is data (`Transition.movers`): `mover_roles` says which of requester / hub / coordinator a
user is for a request.
"""

from django.db.models import Q, QuerySet

from accounts.choices import Role
from accounts.permissions import is_administrator
from core.actors import is_system

from .choices import EDITABLE_STAGES, FINAL_STAGES, Mover, Stage


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def sees_all(user) -> bool:
    if is_system(user):
        return True
    return _active(user) and (is_administrator(user) or user.has_role(Role.NATIONAL_COORDINATOR))


def _orgs(user) -> set[int]:
    return user.organisation_ids() if _active(user) else set()


def hub_ids(user) -> set[int]:
    """The hubs whose desk the user works: organisations in which the user is a hub expert."""
    if not _active(user):
        return set()
    if not hasattr(user, "_support_hub_ids"):
        user._support_hub_ids = set(
            user.memberships.filter(role=Role.HUB_EXPERT).values_list("organisation_id", flat=True))
    return user._support_hub_ids


def is_hub_expert(user) -> bool:
    return bool(hub_ids(user))


def requests_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Support requests the user may see (in full, except a partner's, which the page trims)."""
    if sees_all(user):
        return queryset
    orgs = _orgs(user)
    if not orgs:
        return queryset.none()
    from .models import Referral

    referred = Referral.objects.filter(partner__in=orgs).values("request_id")
    # Subqueries rather than joins: no duplicate rows, so no DISTINCT over a hub's whole queue.
    own = Q(requester__in=orgs) | Q(pk__in=_co_requested(orgs))
    # A draft stays with its writers: the hub sees a request once it is submitted.
    hub = Q(hub__in=hub_ids(user)) & ~Q(stage=Stage.DRAFT)
    return queryset.filter(own | hub | Q(pk__in=referred))


def _co_requested(orgs):
    from .models import SupportRequest

    return SupportRequest.co_requesters.through.objects.filter(organisation__in=orgs).values("supportrequest_id")


def sees_request_in_full(user, request) -> bool:
    """A partner to which part of a request was referred sees only that part; everyone else who sees the
    request sees it whole."""
    if sees_all(user):
        return True
    orgs = _orgs(user)
    if request.requester_id in orgs or request.hub_id in hub_ids(user):
        return True
    return request.co_requesters.filter(pk__in=orgs).exists()


def needs_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Needs the user may see."""
    if sees_all(user):
        return queryset
    orgs = _orgs(user)
    if not orgs:
        return queryset.none()
    from .models import SupportRequest

    hubs = hub_ids(user)
    asked = SupportRequest.objects.filter(hub__in=hubs).exclude(stage=Stage.DRAFT).values("needs")
    return queryset.filter(Q(owner__in=orgs) | Q(hub__in=hubs) | Q(pk__in=asked))


def referrals_visible_to(user, queryset: QuerySet) -> QuerySet:
    """Referrals: the partner's own, and those of the requests the user sees in full."""
    if sees_all(user):
        return queryset
    orgs = _orgs(user)
    if not orgs:
        return queryset.none()
    return queryset.filter(
        Q(partner__in=orgs) | Q(request__requester__in=orgs) | Q(request__in=_co_requested(orgs))
        | Q(request__hub__in=hub_ids(user)))


def experts_visible_to(user, queryset: QuerySet) -> QuerySet:
    """The expert pool: coordinators see every hub's, hub experts their hub's; no one else."""
    if sees_all(user):
        return queryset
    return queryset.filter(hub__in=hub_ids(user))


def mover_roles(user, request) -> set[str]:
    """Which of the `Transition.movers` the user is for this request."""
    if is_system(user):
        return {Mover.REQUESTER, Mover.HUB, Mover.COORDINATOR}
    if not _active(user):
        return set()
    roles = set()
    if request.requester_id in _orgs(user) and user.has_role(Role.LOCAL_FOCAL_POINT, Role.ADMINISTRATOR):
        roles.add(Mover.REQUESTER)
    if request.hub_id in hub_ids(user):
        roles.add(Mover.HUB)
    if sees_all(user):
        roles.add(Mover.COORDINATOR)
    return roles


def can(user, action: str, obj=None) -> bool:
    """The desk's questions. `obj` is the record the action is about (None for creating one)."""
    if is_system(user):
        return True
    if not _active(user):
        return False
    orgs = _orgs(user)
    if action in {"create_need", "create_request", "import_needs"}:
        return sees_all(user) or is_hub_expert(user) or user.has_role(Role.LOCAL_FOCAL_POINT)
    if action == "change_need":  # obj: Need
        return sees_all(user) or obj.owner_id in orgs or (obj.hub_id is not None and obj.hub_id in hub_ids(user))
    if action == "change_request":  # obj: SupportRequest — its content, while the requester may edit it
        return obj.stage in EDITABLE_STAGES and (obj.requester_id in orgs or sees_all(user))
    if action in {"triage", "match", "refer", "log_engagement", "assign"}:  # obj: SupportRequest
        return obj.stage not in FINAL_STAGES and (sees_all(user) or obj.hub_id in hub_ids(user))
    if action == "record_outcome":  # obj: SupportRequest
        return obj.requester_id in orgs or sees_all(user)
    if action == "answer_referral":  # obj: Referral
        return obj.partner_id in orgs or sees_all(user)
    if action in {"manage_experts"}:  # obj: hub Organisation or None
        return sees_all(user) or (obj is not None and obj.pk in hub_ids(user))
    if action == "manage_desk":  # calendar, holidays, targets, reasons, allowed moves
        return is_administrator(user)
    if action == "view_register":
        return sees_all(user) or is_hub_expert(user) or bool(orgs)
    return False
