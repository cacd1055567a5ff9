"""Choices for organisations and memberships."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    NATIONAL_BODY = "national_body", _("National body")
    COMMITTEE = "committee", _("Committee / sub-committee")
    NETWORK = "network", _("Network")
    HUB = "hub", _("Regional hub")
    NGO = "ngo", _("NGO / civil society")
    UN_AGENCY = "un_agency", _("UN agency")
    INTERNATIONAL_MISSION = "international_mission", _("International mission")
    ACADEMIC = "academic", _("Academic")
    OTHER = "other", _("Other (to review)")


class Role(models.TextChoices):
    NATIONAL_COORDINATOR = "national_coordinator", _("National coordinator")
    LOCAL_FOCAL_POINT = "local_focal_point", _("Local focal point")
    HUB_EXPERT = "hub_expert", _("Hub expert")
    PARTNER = "partner", _("Partner")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles whose holders review practices submitted by any organisation.
REVIEWER_ROLES = {Role.NATIONAL_COORDINATOR, Role.HUB_EXPERT, Role.ADMINISTRATOR}
