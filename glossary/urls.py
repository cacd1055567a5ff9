from django.urls import path

from . import views

app_name = "glossary"
urlpatterns = [
    path("", views.glossary_list, name="list"),
    path("new/", views.term_add, name="add"),
    path("<int:pk>/edit/", views.term_edit, name="edit"),
    path("<int:pk>/retire/", views.term_retire, name="retire"),
]
