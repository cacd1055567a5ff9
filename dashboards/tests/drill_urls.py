"""A URL configuration for `test_data`'s drill-down test: the two dashboard routes a category links to, so that
the test does not depend on the pages being routed in this tree."""

from django.http import HttpResponse
from django.urls import include, path


def _page(request, code):
    return HttpResponse(code)


routes = ([path("place/<str:code>/", _page, name="place"), path("public/<str:code>/", _page, name="public-place")],
          "dashboards")
urlpatterns = [path("boards/", include(routes))]
