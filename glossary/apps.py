from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.audit_labels import register_labels

AUDIT_LABELS = {
    "glossary.load": pgettext_lazy("audit action", "shipped glossary loaded"),
    "glossary.add": pgettext_lazy("audit action", "glossary term added"),
    "glossary.edit": pgettext_lazy("audit action", "glossary term edited"),
    "glossary.retire": pgettext_lazy("audit action", "glossary term retired"),
}


class GlossaryConfig(AppConfig):
    name = "glossary"
    verbose_name = _("Glossary")

    def ready(self):
        register_labels(AUDIT_LABELS)
