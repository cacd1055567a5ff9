"""URLs of events (namespace "events", mounted at /events/): the event pages here; the recommendation pages
(`rec_urls.py`) and the imports (`import_urls.py`) are included from their own modules."""

from django.urls import include, path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="event-create"),
    path("<int:pk>/", views.event_detail, name="event"),
    path("<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("<int:pk>/participation/", views.participation, name="participation"),
    path("participation/<int:pk>/remove/", views.participation_remove, name="participation-remove"),
    path("<int:pk>/documents/", views.documents, name="documents"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("<int:pk>/minutes/", views.minutes_edit, name="minutes"),
    path("<int:pk>/minutes/approve/", views.minutes_approve, name="minutes-approve"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("", include("events.rec_urls")),
    path("", include("events.import_urls")),
]
