from django.urls import path

from . import views
from .spreadsheet_urls import urlpatterns as spreadsheet_patterns

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("overview/", views.overview, name="overview"),
    path("coverage/", views.coverage, name="coverage"),
    path("actions/", views.action_list, name="actions"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/transition/", views.plan_transition, name="transition"),
    path("<int:pk>/publicity/", views.plan_publicity, name="publicity"),
    path("<int:pk>/actions/new/", views.action_create, name="action-create"),
    path("<int:pk>/goal-suggestions/", views.goal_suggestions, name="goal-suggestions"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/delete/", views.action_delete, name="action-delete"),
    path("actions/<int:pk>/status/", views.action_status, name="action-status"),
    path("actions/<int:pk>/comments/", views.action_comments, name="action-comments"),
    path("actions/<int:pk>/indicators/new/", views.indicator_create, name="indicator-create"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator-edit"),
    path("indicators/<int:pk>/delete/", views.indicator_delete, name="indicator-delete"),
    path("indicators/<int:pk>/report/", views.progress_create, name="progress-create"),
    path("updates/<int:pk>/edit/", views.progress_edit, name="progress-edit"),
    path("updates/<int:pk>/delete/", views.progress_delete, name="progress-delete"),
]
urlpatterns += spreadsheet_patterns  # the Excel template, import and exports (plans/spreadsheet_urls.py)
