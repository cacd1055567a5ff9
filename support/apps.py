from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

AUDIT_LABELS = {
    "support.matches_suggested": pgettext_lazy("audit action", "support matches suggested"),
    "support.match_proposed": pgettext_lazy("audit action", "support match proposed"),
    "support.match_accepted": pgettext_lazy("audit action", "support match accepted"),
    "support.match_rejected": pgettext_lazy("audit action", "support match rejected"),
    "support.expert_added": pgettext_lazy("audit action", "expert added to a hub's pool"),
    "support.expert_changed": pgettext_lazy("audit action", "hub expert changed"),
}


class SupportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "support"
    verbose_name = _("Support desk")

    def ready(self):
        from core.audit_labels import register_labels

        register_labels(AUDIT_LABELS)

        from .evaluation import register as register_evaluation

        register_evaluation()
