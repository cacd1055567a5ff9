"""The public report at /dashboards/public/report.pdf (dashboards/urls.py includes it in the `dashboards`
namespace): anyone may download it, drawn while they wait."""

from django.urls import path

from . import reports_views

urlpatterns = [path("", reports_views.public_report, name="public-report")]
