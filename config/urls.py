"""URLs: HTML pages under a language prefix (/en/, /ar/), the API and its docs without one."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views import set_language
from core.views import start

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("config.api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("start/", start, name="start"),
    path("accounts/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("documents/", include("documents.urls")),
    path("directory/", include("directory.urls")),
    path("crosswalks/", include("frameworks.crosswalk_urls")),
    path("frameworks/", include("frameworks.urls")),
    path("plans/", include("plans.urls")),
    path("support/", include("support.urls")),
    path("search/", include("search.urls")),
    path("glossary/", include("glossary.urls")),
    path("support/needs/import/", include("support.import_urls")),
    path("events/", include("events.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("open-data/", include("dashboards.opendata_urls")),
    path("", include("practices.urls")),
    prefix_default_language=True,
)

handler403 = "config.views.permission_denied"
handler404 = "config.views.not_found"
handler500 = "config.views.server_error"
