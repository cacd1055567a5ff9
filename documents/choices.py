"""Choices for source documents."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    EXTRACTING = "extracting", _("Extracting")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
