from django.urls import path

from . import crosswalk_views as views

app_name = "crosswalks"
urlpatterns = [
    path("", views.crosswalk_list, name="list"),
    path("suggest/", views.crosswalk_suggest, name="suggest"),
    path("<int:pk>/decide/", views.crosswalk_decide, name="decide"),
]
