from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

AUDIT_LABELS = {}


class SupportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "support"
    verbose_name = _("Support desk")

    def ready(self):
        from core.audit_labels import register_labels

        register_labels(AUDIT_LABELS)

        from . import search, start  # noqa: F401  (search registers the desk's record types)

        start.register()
