"""The import and export pages of an event's recommendations, included from `events/urls.py` (namespace
`events`): upload a document or a spreadsheet, the job's preview and confirmation, the template, the exports."""

from django.urls import path

from . import import_views

urlpatterns = [
    path("<int:pk>/import/", import_views.upload, name="import"),
    path("import/template.xlsx", import_views.template_download, name="import-template"),
    path("import/<int:pk>/", import_views.job, name="import-job"),
    path("import/<int:pk>/confirm/", import_views.confirm, name="import-confirm"),
    path("<int:pk>/export.xlsx", import_views.export_xlsx, name="export"),
    path("<int:pk>/export.csv", import_views.export_csv, name="export-csv"),
]
