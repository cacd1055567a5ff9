from django.urls import path

from . import opendata_views

app_name = "opendata"

urlpatterns = [
    path("", opendata_views.page, name="page"),
    path("<str:name>.zip", opendata_views.package, name="package"),
]
