"""The directory's own records: which organisations (cities, local governments) belong to which network.

Organisations themselves (committees, local governments, networks, hubs, partners) live in `accounts`.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganisationKind
from core.models import TimeStampedModel

from .choices import MembershipStatus


class NetworkMembership(TimeStampedModel):
    """An organisation's place in a network (e.g. a city in the Strong Cities Network): candidate → member, with
    the dates of each step and the regional hub that supports it. Status changes go through
    `services.change_status`, which keeps a `NetworkMembershipStep` and an audit entry for each."""

    network = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("network"), on_delete=models.CASCADE,
        related_name="network_memberships", limit_choices_to={"kind": OrganisationKind.NETWORK},
    )
    member = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("member"), on_delete=models.CASCADE,
        related_name="memberships_in_networks",
    )
    hub = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("supporting hub"),
        null=True, blank=True, on_delete=models.SET_NULL,
        related_name="supported_memberships", limit_choices_to={"kind": OrganisationKind.HUB},
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MembershipStatus.choices, default=MembershipStatus.CANDIDATE
    )
    candidate_since = models.DateField(_("candidate since"), null=True, blank=True)
    member_since = models.DateField(_("member since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True, help_text=_("When the membership ended."))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["network__name", "member__name"]
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [models.UniqueConstraint(fields=["network", "member"], name="unique_network_member")]

    def __str__(self):
        return f"{self.member} — {self.network} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("directory:network", args=[self.network_id])


class NetworkMembershipStep(models.Model):
    """One status change of a membership: from, to, who, when, why."""

    membership = models.ForeignKey(NetworkMembership, verbose_name=_("membership"),
        on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from"), max_length=16, blank=True, choices=MembershipStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=MembershipStatus.choices)
    on = models.DateField(_("date"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["membership", "at", "pk"]
        verbose_name = _("membership status change")
        verbose_name_plural = _("membership status changes")

    def __str__(self):
        return f"{self.membership}: {self.from_status or '—'} → {self.to_status}"
