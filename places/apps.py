from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.audit_labels import register_labels

AUDIT_LABELS = {
    "places.load": pgettext_lazy("audit action", "reference places loaded"),
    "place.create": pgettext_lazy("audit action", "created"),
    "place.update": pgettext_lazy("audit action", "edited"),
    "places.boundaries": pgettext_lazy("audit action", "boundaries loaded"),
}


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Places")

    def ready(self):
        register_labels(AUDIT_LABELS)
