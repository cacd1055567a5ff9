"""The printed reports' URL patterns, included by dashboards/urls.py in the `dashboards` namespace at reports/."""

from django.urls import path

from . import reports_views

urlpatterns = [
    path("", reports_views.reports_page, name="reports"),
    path("start/", reports_views.report_start, name="report-start"),
    path("<int:pk>/", reports_views.report_job, name="report-job"),
    path("<int:pk>/download/", reports_views.report_download, name="report-download"),
]

