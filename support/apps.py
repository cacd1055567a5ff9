from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

AUDIT_LABELS = {
    "support.import_needs": pgettext_lazy("audit action", "imported needs from an assessment"),
    "support.import_mapping": pgettext_lazy("audit action", "saved an assessment's column mapping"),
}


class SupportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "support"
    verbose_name = _("Support desk")

    def ready(self):
        from core.audit_labels import register_labels

        register_labels(AUDIT_LABELS)
        # Registers the "support.import_needs" job handler with core.jobs.
        from .services import imports  # noqa: F401
