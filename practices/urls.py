from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "practices"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="practices:list", permanent=False), name="home"),
    path("practices/", views.practice_list, name="list"),
    path("practices/new/", views.practice_create, name="create"),
    path("practices/<int:pk>/", views.practice_detail, name="detail"),
    path("practices/<int:pk>/edit/", views.practice_edit, name="edit"),
    path("practices/<int:pk>/review/", views.practice_transition, name="transition"),
    path("practices/<int:pk>/suggestions/", views.practice_suggestions, name="suggestions"),
    path("practices/<int:pk>/suggestions/<int:suggestion_id>/", views.suggestion_decide, name="suggestion-decide"),
]
