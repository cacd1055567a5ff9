from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.audit_labels import register_labels

# What the actions this app records are called on history pages (core.audit_labels).
AUDIT_LABELS = {
    "network_membership.add": pgettext_lazy("audit action", "network membership added"),
    "network_membership.status": pgettext_lazy("audit action", "network membership status changed"),
}


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        register_labels(AUDIT_LABELS)
