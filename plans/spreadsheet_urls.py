"""The Excel pages' URL patterns; plans/urls.py adds them to the `plans` namespace."""

from django.urls import path

from . import spreadsheet_views

urlpatterns = [
    path("template.xlsx", spreadsheet_views.template_download, name="template"),
    path("import/", spreadsheet_views.import_page, name="import"),
    path("import/<int:pk>/", spreadsheet_views.import_job, name="import-job"),
    path("<int:pk>/export.xlsx", spreadsheet_views.export_xlsx, name="export-xlsx"),
    path("<int:pk>/export.csv", spreadsheet_views.export_csv, name="export-csv"),
]
