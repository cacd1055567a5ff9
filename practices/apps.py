from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"

    def ready(self):
        # Declares what a practice puts in the search index (search.registry).
        from frameworks.permissions import register_subject

        from . import permissions, search  # noqa: F401
        from .models import Practice

        register_subject(Practice, lambda user, practice: permissions.can(user, "change", practice))
