"""Users, organisations and memberships (user ↔ organisation with a role)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .choices import OrganisationKind, Role


class User(AbstractUser):
    """A person who logs in. Holds no profile beyond what login needs; roles come from memberships."""

    language = models.CharField(_("preferred language"), max_length=8, blank=True, choices=settings.LANGUAGES)
    is_demo = models.BooleanField(_("demo account"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def organisation_ids(self) -> set[int]:
        if not self.is_authenticated:
            return set()
        if not hasattr(self, "_organisation_ids"):
            self._organisation_ids = set(self.memberships.values_list("organisation_id", flat=True))
        return self._organisation_ids

    def roles(self) -> set[str]:
        if not self.is_authenticated:
            return set()
        if not hasattr(self, "_roles"):
            self._roles = set(self.memberships.values_list("role", flat=True))
            if self.is_superuser:
                self._roles.add(Role.ADMINISTRATOR)
        return self._roles

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles() & set(roles))


class Organisation(TimeStampedModel):
    """A body that takes part: local government, committee, network, hub, NGO, UN agency, mission, academic."""

    name = models.CharField(_("name"), max_length=300, help_text=_("In the organisation's own language."))
    name_alt = models.CharField(
        _("name in the other language"), max_length=300, blank=True, help_text=_("Arabic or English, optional.")
    )
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=32, choices=OrganisationKind.choices)
    place = models.ForeignKey(
        "places.Place", verbose_name=_("place"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    website = models.URLField(_("website"), blank=True)
    key = models.CharField(max_length=300, unique=True, editable=False, help_text="normalised name, for matching")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Membership(TimeStampedModel):
    """A user's role in an organisation, optionally scoped to a place (a governorate or district)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    place = models.ForeignKey(
        "places.Place", verbose_name=_("scope"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"
