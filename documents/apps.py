from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"

    def ready(self):
        # Registers the "import_documents" job handler with core.jobs.
        from . import services  # noqa: F401
