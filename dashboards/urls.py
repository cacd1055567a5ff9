from django.urls import include, path

app_name = "dashboards"

urlpatterns = [
    path("reports/", include("dashboards.reports_urls")),
    path("public/report.pdf", include("dashboards.public_report_urls")),
]
