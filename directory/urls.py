from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("committees/", views.committees, name="committees"),
    path("networks/<int:pk>/", views.network_detail, name="network"),
    path("networks/<int:pk>/members/add/", views.membership_add, name="membership-add"),
    path("memberships/<int:pk>/status/", views.membership_status, name="membership-status"),
]
