from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

AUDIT_LABELS = {
    "events.event.create": pgettext_lazy("audit action", "event recorded"),
    "events.event.update": pgettext_lazy("audit action", "event edited"),
    "events.event.publish": pgettext_lazy("audit action", "event published"),
    "events.event.unpublish": pgettext_lazy("audit action", "event withdrawn from public view"),
}


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Events and recommendations")

    def ready(self):
        from core.audit_labels import register_labels

        register_labels(AUDIT_LABELS)
        # Events and recommendations in the search index; the start page's panel (event pages share).
        from . import search, start  # noqa: F401

        start.register()
