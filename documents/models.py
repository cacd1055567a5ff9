"""Uploaded source documents (compendia and other files), stored with their hash, size and import outcome."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import NameField, TimeStampedModel

from .choices import DocumentStatus


def document_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{instance.sha256[:2]}/{instance.sha256}.{ext}"


class SourceDocument(TimeStampedModel):
    """One uploaded file, kept once per organisation for the same bytes (sha256); status runs uploaded →
    extracting → done | failed. Another organisation uploading the same bytes gets its own document: whether
    someone else holds a file is not something an upload may reveal."""

    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    original_name = NameField(_("file name"), max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    status = models.CharField(_("status"), max_length=16, choices=DocumentStatus.choices, default="uploaded")
    error = models.TextField(_("error"), blank=True)
    failure_is_final = models.BooleanField(
        _("failure is final"), default=False,
        help_text=_("The file itself is the reason (not a document, a compression bomb, no practice): the same "
                    "bytes are not imported again."))
    encoding = models.CharField(_("encoding"), max_length=40, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    result = models.JSONField(
        _("import result"), default=dict, blank=True, help_text=_("Practices created, duplicates and warnings.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL
    )
    is_public = models.BooleanField(_("public"), default=False)
    job = models.ForeignKey("core.Job", verbose_name=_("import job"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="documents")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        constraints = [models.UniqueConstraint(fields=["organisation", "sha256"], name="one_document_per_organisation")]

    def __str__(self):
        return self.original_name
