"""The assessment import's pages, under /support/needs/import/ (namespace `support_import`)."""

from django.urls import path

from . import import_views

app_name = "support_import"

urlpatterns = [
    path("", import_views.upload, name="upload"),
    path("map/<str:token>/", import_views.mapping, name="mapping"),
    path("<int:pk>/", import_views.job, name="job"),
]
