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
        from accounts import changes

        from . import search

        register_labels(AUDIT_LABELS)
        # Organisations and networks in the search index, kept in step with every organisation write.
        changes.register_listener(changed=search.index_organisation, removed=search.remove_organisation)
