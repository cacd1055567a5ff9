from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Local action plans")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import search, spreadsheet_jobs  # noqa: F401  (search index registration; the plan import job)
