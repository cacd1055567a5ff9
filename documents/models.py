"""Uploaded source documents (compendia and other files), stored with their hash, size and import outcome."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .choices import DocumentStatus


def document_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{instance.sha256[:2]}/{instance.sha256}.{ext}"


class SourceDocument(TimeStampedModel):
    """One uploaded file. The same bytes (same sha256) are stored once; status runs uploaded → extracting → done | failed."""

    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    status = models.CharField(_("status"), max_length=16, choices=DocumentStatus.choices, default="uploaded")
    error = models.TextField(_("error"), blank=True)
    encoding = models.CharField(_("encoding"), max_length=40, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    result = models.JSONField(
        _("import result"), default=dict, blank=True, help_text=_("Practices created, duplicates and warnings.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL
    )
    is_public = models.BooleanField(_("public"), default=False)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")

    def __str__(self):
        return self.original_name
