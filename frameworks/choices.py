"""Choices for frameworks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameworkStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    OUTLINE = "outline", _("Outline, to complete")
    IMPORTED = "imported", _("Imported, to review")
