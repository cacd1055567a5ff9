"""Choices for places."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    REGION = "region", _("Region")
    GOVERNORATE = "governorate", _("Governorate")
    DISTRICT = "district", _("District")
    SUBDISTRICT = "subdistrict", _("Sub-district")
