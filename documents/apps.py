from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.audit_labels import register_labels

# What the actions this app records are called on history pages (core.audit_labels).
AUDIT_LABELS = {
    "document.upload": pgettext_lazy("audit action", "uploaded"),
    "document.import": pgettext_lazy("audit action", "imported"),
    "document.import_failed": pgettext_lazy("audit action", "import failed"),
}


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        register_labels(AUDIT_LABELS)
        # Registers the "import_documents" job handler with core.jobs.
        from . import services  # noqa: F401
