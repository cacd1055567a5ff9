"""The Excel pages' URL patterns; plans/urls.py adds them to the `plans` namespace."""

from django.urls import path

from . import spreadsheet_views

urlpatterns = [
    path("template.xlsx", spreadsheet_views.template_download, name="template"),
    path("import/", spreadsheet_views.import_page, name="import"),
    path("import/<int:pk>/", spreadsheet_views.import_job, name="import-job"),
    path("<int:pk>/export.xlsx", spreadsheet_views.export_xlsx, name="export-xlsx"),
    path("<int:pk>/export.csv", spreadsheet_views.export_csv, name="export-csv"),
    path("overview/export.xlsx", spreadsheet_views.overview_xlsx, name="overview-export-xlsx"),
    path("overview/export.csv", spreadsheet_views.overview_csv, name="overview-export-csv"),
    path("coverage/export.xlsx", spreadsheet_views.coverage_xlsx, name="coverage-export-xlsx"),
    path("coverage/export.csv", spreadsheet_views.coverage_csv, name="coverage-export-csv"),
]
