from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("System")

    def ready(self):
        from django.apps import apps

        from .digits import accept_arabic_digits_in_api

        accept_arabic_digits_in_api()
        # The task backend names itself in English only ("Tasks Database Backend"); the admin shows this instead.
        # Its models' names ("Task Results") are translatable and translated in locale/.
        if apps.is_installed("django_tasks_db"):
            apps.get_app_config("django_tasks_database").verbose_name = _("Background tasks")
