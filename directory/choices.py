"""Choices for network memberships, and the status moves the service allows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    MEMBER = "member", _("Member")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Which status a membership may move to from each status. A withdrawn city may apply again (→ candidate).
TRANSITIONS: dict[str, set[str]] = {
    MembershipStatus.CANDIDATE: {MembershipStatus.MEMBER, MembershipStatus.WITHDRAWN},
    MembershipStatus.MEMBER: {MembershipStatus.SUSPENDED, MembershipStatus.WITHDRAWN},
    MembershipStatus.SUSPENDED: {MembershipStatus.MEMBER, MembershipStatus.WITHDRAWN},
    MembershipStatus.WITHDRAWN: {MembershipStatus.CANDIDATE},
}

# The statuses anyone may see; the others only the people docs/permissions.md names.
PUBLIC_STATUSES = {MembershipStatus.MEMBER}
