from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.audit_labels import register_labels

# What the actions this app records are called on history pages (core.audit_labels).
AUDIT_LABELS = {
    "plan.create": pgettext_lazy("audit action", "created"),
    "plan.update": pgettext_lazy("audit action", "edited"),
    "plan.import": pgettext_lazy("audit action", "imported from a spreadsheet"),
    "plan.publicity": pgettext_lazy("audit action", "public summary changed"),
    "plan.submit": pgettext_lazy("audit action", "submitted for approval"),
    "plan.request_changes": pgettext_lazy("audit action", "changes requested"),
    "plan.approve": pgettext_lazy("audit action", "approved"),
    "plan.start": pgettext_lazy("audit action", "implementation started"),
    "plan.complete": pgettext_lazy("audit action", "completed"),
    "plan.delete": pgettext_lazy("audit action", "deleted"),
    "action.create": pgettext_lazy("audit action", "action added"),
    "action.update": pgettext_lazy("audit action", "action edited"),
    "action.delete": pgettext_lazy("audit action", "action deleted"),
    "action.status": pgettext_lazy("audit action", "action status changed"),
    "action.suggest_goals": pgettext_lazy("audit action", "goals suggested"),
    "action.accept_goal": pgettext_lazy("audit action", "suggested goal accepted"),
    "action.reject_goal": pgettext_lazy("audit action", "suggested goal rejected"),
    "action.comment": pgettext_lazy("audit action", "comment on an action"),
    "indicator.create": pgettext_lazy("audit action", "indicator added"),
    "indicator.update": pgettext_lazy("audit action", "indicator edited"),
    "indicator.delete": pgettext_lazy("audit action", "indicator deleted"),
    "progress.create": pgettext_lazy("audit action", "progress reported"),
    "progress.update": pgettext_lazy("audit action", "progress update edited"),
    "progress.delete": pgettext_lazy("audit action", "progress update deleted"),
}


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Local action plans")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        register_labels(AUDIT_LABELS)
        from frameworks.permissions import register_subject

        from . import notices, permissions, search, spreadsheet_jobs, start  # noqa: F401  (search index; the plan import job)
        from .models import Action

        # A suggestion for an action is a change to its plan: plans says who may make it.
        register_subject(Action, lambda user, action: permissions.can(user, "change", action.plan))
        notices.register()  # what its notifications say
        start.register()  # its panels of the start page
        # The directory's page of an organisation counts the plans it owns and the actions it leads, as links.
        from django.urls import reverse
        from django.utils.translation import ngettext

        from directory.queries import register_organisation_count

        from . import queries

        register_organisation_count(
            "plans", count=queries.organisation_plans,
            url=lambda org: f"{reverse('plans:list')}?owner={org.pk}",
            words=lambda n: ngettext("%(count)d plan owned", "%(count)d plans owned", n) % {"count": n})
        register_organisation_count(
            "actions", count=queries.organisation_actions,
            url=lambda org: f"{reverse('plans:actions')}?lead={org.pk}",
            words=lambda n: ngettext("%(count)d action led", "%(count)d actions led", n) % {"count": n})
