"""Users, organisations and memberships (user ↔ organisation with a role)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import NameField, TimeStampedModel
from core.text import detect_language

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


class AcceptedManager(models.Manager):
    """Accepted records only, the default of every model that can hold proposals.

    A proposal is a record an import created from a private document (a framework, goal, paragraph or
    organisation the file names): it carries `proposed_by`, the document's organisation, and only that
    organisation's members, national coordinators and administrators may see it until a coordinator accepts or
    merges it (docs/decisions/0006-proposals.md). `Model.objects` leaves proposals out, so that a read which
    forgets the rule leaks nothing; `Model.with_proposals` holds every row, for the reads that then apply
    `accounts.permissions.proposals_visible_to`."""

    def get_queryset(self):
        return super().get_queryset().filter(proposed_by__isnull=True)


# An office telephone number as people write it: digits (Arabic-Indic too), spaces, brackets, dashes, a leading +.
office_phone = RegexValidator(
    r"^\+?[\d\s().\-]{6,30}$",
    _("Write a telephone number: digits, spaces and dashes, with + and the country code if you like (+964 1 …)."))


class Organisation(TimeStampedModel):
    """A body that takes part: local government, committee, network, hub, NGO, UN agency, mission, academic.

    Its public contact — an office e-mail, an office phone, a website — is the organisation's, never a person's:
    the directory shows it to everyone (`clean` refuses the e-mail address of a user account).

    One created by an import from a private document is a proposal of the importing organisation
    (`proposed_by`) until a coordinator accepts it or merges it into an existing organisation."""

    name = NameField(_("name"), max_length=300, help_text=_("In the organisation's own language."))
    name_alt = NameField(
        _("name in the other language"), max_length=300, blank=True, help_text=_("Arabic or English, optional.")
    )
    acronym = NameField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=32, choices=OrganisationKind.choices)
    place = models.ForeignKey(
        "places.Place", verbose_name=_("place"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    website = models.URLField(_("website"), blank=True, help_text=_("The organisation's own site."))
    public_email = models.EmailField(
        _("office e-mail"), blank=True,
        help_text=_("The organisation's office address (info@…, contact@…), shown to everyone in the directory; "
                    "never a person's own address."))
    public_phone = models.CharField(
        _("office phone"), max_length=30, blank=True, validators=[office_phone],
        help_text=_("The organisation's office number, shown to everyone in the directory; never a person's "
                    "mobile."))
    key = models.CharField(_("matching key"), max_length=300, editable=False, help_text="normalised name, for matching")
    proposed_by = models.ForeignKey(
        "self", verbose_name=_("proposed by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="proposed_organisations",
        help_text=_("Set while the organisation is a proposal from a private document of this organisation."))

    objects = AcceptedManager()
    with_proposals = models.Manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            # One accepted organisation per name; each organisation's proposals are unique among its own, so
            # that a name another organisation proposed neither blocks an import nor reveals itself.
            models.UniqueConstraint(fields=["key"], condition=models.Q(proposed_by=None), name="unique_organisation_key"),
            models.UniqueConstraint(fields=["key", "proposed_by"], name="unique_proposed_organisation_key"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.public_email and User.objects.filter(email__iexact=self.public_email.strip()).exists():
            raise ValidationError({"public_email": _(
                "This is the address of a person's account: give the organisation's office address.")})

    @property
    def has_contact(self) -> bool:
        return bool(self.public_email or self.public_phone or self.website)

    @property
    def display_name(self) -> str:
        """The name in the reader's language (`name` or `name_alt`, whichever is written in it), else `name`."""
        page = "ar" if (get_language() or "en").startswith("ar") else "en"
        for text in (self.name, self.name_alt):
            if text and detect_language(text) == page:
                return text
        return self.name


class Membership(TimeStampedModel):
    """A user's role in an organisation, optionally scoped to a place (a governorate or district)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
        on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"),
        on_delete=models.CASCADE, related_name="memberships")
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


class LoginFailure(models.Model):
    """One failed login for a (normalised) username from one address; counted to lock further attempts out.

    The username is kept as typed (normalised) whether or not such an account exists, so a lockout says
    nothing about which accounts exist. Rows are removed by a successful login for the same pair.
    """

    username = models.CharField(_("username"), max_length=150)
    remote_addr = models.GenericIPAddressField(_("from"), null=True, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        indexes = [models.Index(fields=["username", "remote_addr", "at"])]

    def __str__(self):
        return f"{self.username} {self.remote_addr or '-'} {self.at:%Y-%m-%d %H:%M}"


class TOTPDevice(models.Model):
    """A user's authenticator app (RFC 6238 time-based codes): the shared secret, and whether it is confirmed.

    Once confirmed, logging in asks for a code after the password. `last_step` is the time step of the last
    accepted code, so that a code cannot be used twice.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"),
        on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(_("secret"), max_length=64)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    last_step = models.BigIntegerField(_("last used step"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("two-factor device")
        verbose_name_plural = _("two-factor devices")

    def __str__(self):
        return f"{self.user} ({'confirmed' if self.confirmed else 'not confirmed'})"
