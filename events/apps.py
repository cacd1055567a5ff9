from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

AUDIT_LABELS = {
    "events.event.create": pgettext_lazy("audit action", "event recorded"),
    "events.event.update": pgettext_lazy("audit action", "event edited"),
    "events.event.publish": pgettext_lazy("audit action", "event published"),
    "events.event.unpublish": pgettext_lazy("audit action", "event withdrawn from public view"),
    "events.update.create": pgettext_lazy("audit action", "recommendation progress reported"),
    "events.recommendation.link_action": pgettext_lazy("audit action", "recommendation linked to a plan action"),
    "events.recommendation.unlink_action": pgettext_lazy("audit action", "recommendation unlinked from a plan action"),
    "events.recommendation.create_action": pgettext_lazy("audit action", "recommendation turned into a plan action"),
    "events.progress.refresh": pgettext_lazy("audit action", "recommendations' progress refreshed from plan actions"),
}


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Events and recommendations")

    def ready(self):
        from core.audit_labels import register_labels

        register_labels(AUDIT_LABELS)
        # The follow-up: its notification kinds (and daily task), and the links plans and the desk show.
        from . import notices, queries

        notices.register()
        queries.register_related()
