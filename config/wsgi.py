"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
if os.environ.get("WIQAYA_PRODUCTION", "").lower() in {"1", "true", "yes"}:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
application = get_wsgi_application()
