from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"

    def ready(self):
        # Declares what a practice puts in the search index (search.registry).
        from . import search  # noqa: F401
