"""Choices for practices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class ReviewLevel(models.TextChoices):
    INSPIRING = "inspiring", _("Inspiring practice")
    PEER_REVIEWED = "peer_reviewed", _("Peer-reviewed practice")


class LinkSource(models.TextChoices):
    ENTERED = "entered", _("Entered")
    IMPORTED = "imported", _("Imported")
    SUGGESTED = "suggested", _("Suggested")


class Language(models.TextChoices):
    EN = "en", _("English")
    AR = "ar", _("Arabic")


class PracticeLanguage(models.TextChoices):
    """A practice's language: compendia also come in French, Spanish, German and Sorani Kurdish, and a practice
    keeps the language it was written in; the interface stays Arabic and English. (Plans keep `Language`.)"""

    EN = "en", _("English")
    AR = "ar", _("Arabic")
    FR = "fr", _("French")
    ES = "es", _("Spanish")
    DE = "de", _("German")
    CKB = "ckb", _("Kurdish (Sorani)")


# Allowed moves of the review workflow: (from, to) → the action name used for permission and audit.
TRANSITIONS = {
    (PracticeStatus.DRAFT, PracticeStatus.IN_REVIEW): "submit",
    (PracticeStatus.IN_REVIEW, PracticeStatus.PUBLISHED): "publish",
    (PracticeStatus.IN_REVIEW, PracticeStatus.DRAFT): "return",
    (PracticeStatus.PUBLISHED, PracticeStatus.DRAFT): "unpublish",
}
