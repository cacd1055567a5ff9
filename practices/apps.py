from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.audit_labels import register_labels

# What the actions this app records are called on history pages (core.audit_labels).
AUDIT_LABELS = {
    "practice.create": pgettext_lazy("audit action", "created"),
    "practice.update": pgettext_lazy("audit action", "edited"),
    "practice.import": pgettext_lazy("audit action", "imported"),
    "practice.submit": pgettext_lazy("audit action", "submitted for review"),
    "practice.publish": pgettext_lazy("audit action", "published"),
    "practice.return": pgettext_lazy("audit action", "returned to draft"),
    "practice.unpublish": pgettext_lazy("audit action", "unpublished"),
    "practice.suggest_goals": pgettext_lazy("audit action", "goals suggested"),
    "practice.accept_goal": pgettext_lazy("audit action", "suggested goal accepted"),
    "practice.reject_goal": pgettext_lazy("audit action", "suggested goal rejected"),
}


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Good practices")

    def ready(self):
        register_labels(AUDIT_LABELS)
        from frameworks import queries as framework_queries
        from frameworks.permissions import register_subject

        from . import notices, permissions, queries, search, start  # noqa: F401  (search: what a practice puts in the index)
        from .models import Practice

        # Frameworks (a lower floor) counts and learns from practices through what this app registers,
        # and asks practices who may change a practice's goals.
        framework_queries.register_linked_records(queries.LINKED_PRACTICES)
        framework_queries.register_example_source(queries.confirmed_examples)
        # The directory's page of an organisation counts its practices, a link to them.
        from django.urls import reverse
        from django.utils.translation import ngettext

        from directory.queries import register_organisation_count

        register_organisation_count(
            "practices", count=queries.organisation_practices,
            url=lambda org: f"{reverse('practices:list')}?organisation={org.pk}",
            words=lambda n: ngettext("%(count)d practice", "%(count)d practices", n) % {"count": n})
        register_subject(Practice, lambda user, practice: permissions.can(user, "change", practice))
        notices.register()  # what its notifications say
        start.register()  # its panels of the start page
