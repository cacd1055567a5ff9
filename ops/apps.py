from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: the commands that run an installation (setup, backup, restore, purge, welcome, bench).

    The top floor: it may import every app, and no app imports it."""

    name = "ops"
    verbose_name = _("Operations")
