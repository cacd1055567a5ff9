"""WSGI entry point for gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
if os.environ.get("WIQAYA_PRODUCTION", "").lower() in {"1", "true", "yes"}:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
application = get_wsgi_application()
# Everything loaded so far lives as long as the process: leave it out of the collector's full scans, which would
# otherwise walk it and pause a request now and then (`wiqaya bench dashboards` measures both ways).
gc.collect()
gc.freeze()
