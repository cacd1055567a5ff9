from django.urls import include, path

from . import reports_views, views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("national/", views.national, name="national"),
    path("place/<str:code>/", views.place, name="place"),
    path("public/", views.public, name="public"),
    path("public/<str:code>/", views.public_place, name="public-place"),
    path("reports/", include("dashboards.reports_urls")),
    path("public/report.pdf", reports_views.public_report, name="public-report"),
]
