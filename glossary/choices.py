"""Choices of the glossary: a term's status and theme."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    CURATED = "curated", _("Curated")
    PROPOSED = "proposed", _("Proposed")
    RETIRED = "retired", _("Retired")


class Theme(models.TextChoices):
    FRAMEWORKS = "frameworks", _("Framework terms")
    CONCEPTS = "concepts", _("Concepts")
    ACTORS = "actors", _("Actors and institutions")
    GROUPS = "groups", _("People and groups")
    PROGRAMMES = "programmes", _("Programmes and interventions")
    MEDIA = "media", _("Communication and media")
    GOVERNANCE = "governance", _("Governance and rights")
