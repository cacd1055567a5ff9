from django.urls import path

from . import proposal_views, views

app_name = "frameworks"
urlpatterns = [
    path("", views.framework_list, name="list"),
    path("new/", views.framework_create, name="create"),
    path("import/", views.framework_import, name="import"),
    path("proposals/", proposal_views.proposal_list, name="proposals"),
    path("proposals/decide/", proposal_views.proposal_decide, name="proposal_decide"),
    path("<slug:slug>/", views.framework_detail, name="detail"),
    path("<slug:slug>/edit/", views.framework_edit, name="edit"),
    path("<slug:slug>/coverage/", views.framework_coverage, name="coverage"),
    path("<slug:slug>/export/<str:fmt>/", views.framework_export, name="export"),
    path("<slug:slug>/goals/new/", views.goal_create, name="goal_create"),
    path("<slug:slug>/goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("<slug:slug>/goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("<slug:slug>/goals/<int:pk>/paragraphs/", views.paragraph_set, name="paragraph_set"),
    path("<slug:slug>/goals/<int:pk>/paragraphs/<int:number>/delete/", views.paragraph_delete,
         name="paragraph_delete"),
]
