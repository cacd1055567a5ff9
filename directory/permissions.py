"""Who may see and change the directory. Every list, detail and API read goes through these functions.

- organisations (committees, local governments, networks, hubs, partners) are public, except proposals: an
  organisation an import created from a private document is seen by the members of the organisation that
  imported it, national coordinators and administrators, until a coordinator accepts or merges it;
- a membership with status "member" is public;
- candidate, suspended and withdrawn memberships are seen by national coordinators, hub experts and
  administrators, and by the members of the network, of the supporting hub and of the member organisation;
- national coordinators, hub experts and administrators add memberships and change their status.
"""

from django.db.models import Q, QuerySet

from accounts.permissions import is_reviewer, proposals_visible_to
from core.actors import is_system

from .choices import PUBLIC_STATUSES


def organisations_visible_to(user, queryset: QuerySet) -> QuerySet:
    """The directory of organisations is public; proposals only to their organisation and coordinators (pass
    `Organisation.with_proposals` for them to be there at all)."""
    if is_system(user):
        return queryset
    return proposals_visible_to(user, queryset)


def visible_to(user, queryset: QuerySet) -> QuerySet:
    """Network memberships this user may see."""
    if is_system(user):
        return queryset
    if is_reviewer(user):  # national coordinator, hub expert, administrator
        return queryset
    rule = Q(status__in=PUBLIC_STATUSES)
    if user.is_authenticated:
        ids = user.organisation_ids()
        rule |= Q(network__in=ids) | Q(hub__in=ids) | Q(member__in=ids)
    return queryset.filter(rule)


def can(user, action: str, membership=None) -> bool:
    """action: view, add, change_status."""
    if is_system(user):
        return True
    if action == "view":
        if membership is None:
            return False
        return visible_to(user, type(membership).objects.filter(pk=membership.pk)).exists()
    if action in {"add", "change_status"}:
        return is_reviewer(user)
    return False
