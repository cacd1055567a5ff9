from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        from .digits import accept_arabic_digits_in_api

        accept_arabic_digits_in_api()
