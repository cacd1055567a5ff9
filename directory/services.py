"""Every write to network memberships: add one, and move it through candidate → member → suspended/withdrawn.

Each function checks permission, runs in one transaction, keeps a status step and leaves an audit entry.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind
from core import audit

from . import permissions, search
from .choices import TRANSITIONS, MembershipStatus
from .models import NetworkMembership, NetworkMembershipStep

SNAPSHOT_FIELDS = ["status", "candidate_since", "member_since", "until", "hub_id", "note"]


def _snapshot(membership: NetworkMembership) -> dict:
    return {
        name: (value.isoformat() if isinstance(value, datetime.date) else value)
        for name in SNAPSHOT_FIELDS
        for value in [getattr(membership, name)]
    }


def _future_date():
    """A membership records what happened: a date after today is a typo or a plan, not a fact."""
    return _("A membership date cannot be in the future.")


def _check_actor(actor, action: str) -> None:
    if not permissions.can(actor, action):
        raise PermissionDenied(_("Only national coordinators, hub experts and administrators manage network memberships."))


@transaction.atomic
def add_membership(
    *, actor, network, member, hub=None, status: str = MembershipStatus.CANDIDATE,
    candidate_since: datetime.date | None = None, member_since: datetime.date | None = None, note: str = "",
) -> NetworkMembership:
    """Record that `member` is a candidate for (or already a member of) `network`."""
    _check_actor(actor, "add")
    errors = {}
    if network.kind != OrganisationKind.NETWORK:
        errors["network"] = _("Memberships are kept for networks only.")
    if hub is not None and hub.kind != OrganisationKind.HUB:
        errors["hub"] = _("The supporting organisation must be a regional hub.")
    if member.pk == network.pk:
        errors["member"] = _("A network cannot be a member of itself.")
    if status not in {MembershipStatus.CANDIDATE, MembershipStatus.MEMBER}:
        errors["status"] = _("A new membership starts as a candidate or a member.")
    if NetworkMembership.objects.filter(network=network, member=member).exists():
        errors["member"] = _("This organisation already has a membership in this network.")
    today = timezone.localdate()
    for name, value in (("candidate_since", candidate_since), ("member_since", member_since)):
        if value and value > today:
            errors[name] = _future_date()
    if errors:
        raise ValidationError(errors)
    membership = NetworkMembership(
        network=network, member=member, hub=hub, status=status, note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if status == MembershipStatus.MEMBER:
        membership.member_since = member_since or today
        membership.candidate_since = candidate_since
    else:
        membership.candidate_since = candidate_since or today
    if membership.candidate_since and membership.member_since and membership.member_since < membership.candidate_since:
        raise ValidationError({"member_since": _("A city becomes a member after it became a candidate.")})
    membership.save()
    NetworkMembershipStep.objects.create(
        membership=membership, from_status="", to_status=status, actor=membership.created_by,
        on=membership.member_since if status == MembershipStatus.MEMBER else membership.candidate_since,
        comment=note,
    )
    search.index_organisation(member)  # its entry names the networks it is a public member of
    audit.record(actor=actor, action="network_membership.add", obj=membership,
                 changes=audit.diff({}, _snapshot(membership)))
    return membership


@transaction.atomic
def change_status(
    *, actor, membership: NetworkMembership, status: str, comment: str = "", on: datetime.date | None = None,
) -> NetworkMembership:
    """Move a membership to `status` on date `on` (today by default), keeping who, when and why.

    candidate → member sets "member since"; → withdrawn sets "until"; suspended → member clears nothing
    (the membership goes on); withdrawn → candidate starts a new application (new "candidate since").
    """
    _check_actor(actor, "change_status")
    membership = NetworkMembership.objects.select_for_update().get(pk=membership.pk)
    if status not in MembershipStatus.values:
        raise ValidationError({"status": _("Unknown membership status.")})
    if status not in TRANSITIONS[membership.status]:
        raise ValidationError({"status": _("A membership cannot move from %(src)s to %(dst)s.") % {
            "src": MembershipStatus(membership.status).label, "dst": MembershipStatus(status).label}})
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({"on": _future_date()})
    last = membership.steps.order_by("-on").values_list("on", flat=True).first()
    if last and on < last:
        raise ValidationError({"on": _("A status change cannot be dated before the one it follows (%(date)s).")
                               % {"date": last.isoformat()}})
    before = _snapshot(membership)
    from_status = membership.status
    if status == MembershipStatus.MEMBER and from_status == MembershipStatus.CANDIDATE:
        membership.member_since = on
        membership.until = None
    elif status == MembershipStatus.WITHDRAWN:
        membership.until = on
    elif status == MembershipStatus.CANDIDATE:  # applying again after a withdrawal
        membership.candidate_since = on
        membership.member_since = None
        membership.until = None
    membership.status = status
    membership.save()
    NetworkMembershipStep.objects.create(
        membership=membership, from_status=from_status, to_status=status, on=on,
        actor=actor if getattr(actor, "is_authenticated", False) else None, comment=comment,
    )
    search.index_organisation(membership.member)
    changes = audit.diff(before, _snapshot(membership))
    if comment:
        changes["comment"] = ["", comment]
    audit.record(actor=actor, action="network_membership.status", obj=membership, changes=changes)
    return membership
