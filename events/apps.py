from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

AUDIT_LABELS = {
    "events.event.create": pgettext_lazy("audit action", "event recorded"),
    "events.event.update": pgettext_lazy("audit action", "event edited"),
    "events.event.publish": pgettext_lazy("audit action", "event published"),
    "events.event.unpublish": pgettext_lazy("audit action", "event withdrawn from public view"),
    "events.participation.set": pgettext_lazy("audit action", "event participation recorded"),
    "events.participation.remove": pgettext_lazy("audit action", "event participation removed"),
    "events.document.add": pgettext_lazy("audit action", "event document added"),
    "events.minutes.save": pgettext_lazy("audit action", "event minutes saved"),
    "events.minutes.approve": pgettext_lazy("audit action", "event minutes approved"),
    "events.recommendation.create": pgettext_lazy("audit action", "recommendation recorded"),
    "events.recommendation.update": pgettext_lazy("audit action", "recommendation edited"),
    "events.recommendation.owners": pgettext_lazy("audit action", "recommendation owners set"),
    "events.recommendation.status": pgettext_lazy("audit action", "recommendation status changed"),
    "events.recommendation.delay": pgettext_lazy("audit action", "recommendation delay explained"),
    "events.recommendation.publish": pgettext_lazy("audit action", "recommendation published"),
    "events.recommendation.unpublish": pgettext_lazy("audit action", "recommendation withdrawn from public view"),
    "events.owner.respond": pgettext_lazy("audit action", "owner answered a recommendation"),
    "events.settings.update": pgettext_lazy("audit action", "follow-up settings changed"),
    "events.update.create": pgettext_lazy("audit action", "recommendation progress reported"),
    "events.recommendation.link_action": pgettext_lazy("audit action", "recommendation linked to a plan action"),
    "events.recommendation.unlink_action": pgettext_lazy("audit action", "recommendation unlinked from a plan action"),
    "events.recommendation.create_action": pgettext_lazy("audit action", "recommendation turned into a plan action"),
    "events.progress.refresh": pgettext_lazy("audit action", "recommendations' progress refreshed from plan actions"),
    "events.recommendation.import": pgettext_lazy("audit action", "recommendations imported"),
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
        # What the app's other modules register on import (search types, notification kinds, start-page panels,
        # job handlers), each imported once it exists.
        from importlib import import_module
        from importlib.util import find_spec

        for name in ("search", "notices", "start", "services.imports"):
            if find_spec(f"events.{name}") is not None:
                import_module(f"events.{name}")

        # `wiqaya parse FILE --recommendations` (the command lives on a lower floor, in practices).
        from documents.parsers import register_parser

        from .parsing import describe_recommendation, parse_recommendations

        register_parser(
            "recommendations",
            parse_recommendations,
            describe=describe_recommendation,
            help="Print the recommendations of an outcome statement or communiqué instead of practices.",
        )
