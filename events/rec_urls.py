"""URLs of the recommendation pages, included (without a namespace of their own) from `events/urls.py` under the
`events` namespace."""

from django.urls import path

from . import rec_views as views

urlpatterns = [
    path("recommendations/", views.recommendation_list, name="recommendations"),
    path("recommendations/new/", views.recommendation_create, name="recommendation-create"),
    path("<int:pk>/recommendations/new/", views.recommendation_create, name="recommendation-create"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/edit/", views.recommendation_edit, name="recommendation-edit"),
    path("recommendations/<int:pk>/owners/", views.recommendation_owners, name="owners"),
    path("owners/<int:pk>/respond/", views.respond, name="respond"),
    path("recommendations/<int:pk>/status/", views.recommendation_status, name="status"),
    path("recommendations/<int:pk>/delay/", views.recommendation_delay, name="delay"),
    path("recommendations/<int:pk>/updates/new/", views.update_create, name="update-create"),
    path("recommendations/evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("recommendations/<int:pk>/link-action/", views.link_action, name="link-action"),
    path("recommendations/<int:pk>/create-action/", views.create_action, name="create-action"),
    path("recommendations/<int:pk>/publish/", views.recommendation_publish, name="recommendation-publish"),
    path("queue/", views.queue, name="queue"),
    path("queue/quality/", views.quality_queue, name="quality-queue"),
    path("follow-up/", views.accountability, name="accountability"),
    path("<int:pk>/follow-up/", views.event_follow_up, name="event-follow-up"),
]
