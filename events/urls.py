"""The events app's pages under /events/ (namespace `events`)."""

from django.urls import include, path

app_name = "events"

urlpatterns = [
    path("", include("events.import_urls")),
]
