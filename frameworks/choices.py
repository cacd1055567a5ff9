"""Choices for frameworks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameworkStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    OUTLINE = "outline", _("Outline, to complete")
    IMPORTED = "imported", _("Imported, to review")


class Relation(models.TextChoices):
    """How a source goal relates to a target goal of another framework."""

    EQUIVALENT = "equivalent", _("equivalent to")
    BROADER = "broader", _("broader than")
    NARROWER = "narrower", _("narrower than")
    RELATED = "related", _("related to")


class CrosswalkStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
