from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Local action plans")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from frameworks.permissions import register_subject

        from . import permissions, search, spreadsheet_jobs  # noqa: F401  (search index; the plan import job)
        from .models import Action

        register_subject(Action, lambda user, action: permissions.can(user, "change", action.plan))
