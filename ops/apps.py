from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: the commands that run an installation (setup, backup, restore, purge, welcome, bench).

    The top floor: it may import every app, and no app imports it."""

    name = "ops"
    verbose_name = "Operations"
