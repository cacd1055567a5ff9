from django.urls import path

from . import views

app_name = "support"
urlpatterns = [
    path("", views.home, name="home"),
    path("public/", views.public, name="public"),
    path("queue/", views.queue, name="queue"),
    path("needs/", views.need_list, name="needs"),
    path("needs/new/", views.need_create, name="need-create"),
    path("needs/<int:pk>/", views.need_detail, name="need"),
    path("needs/<int:pk>/edit/", views.need_edit, name="need-edit"),
    path("needs/<int:pk>/status/", views.need_status, name="need-status"),
    path("needs/<int:pk>/evidence/", views.need_evidence, name="need-evidence"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("requests/", views.request_list, name="requests"),
    path("requests/new/", views.request_create, name="request-create"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/edit/", views.request_edit, name="request-edit"),
    path("requests/<int:pk>/move/", views.request_move, name="request-move"),
    path("requests/<int:pk>/assign/", views.request_assign, name="request-assign"),
    path("requests/<int:pk>/matches/", views.request_suggest, name="request-suggest"),
    path("requests/<int:pk>/refer/", views.request_refer, name="request-refer"),
    path("requests/<int:pk>/engagements/new/", views.engagement_create, name="engagement-create"),
    path("requests/<int:pk>/outcome/", views.outcome_create, name="outcome"),
    path("matches/<int:pk>/decide/", views.candidate_decide, name="candidate-decide"),
    path("outcome-checks/<int:pk>/", views.outcome_check, name="outcome-check"),
    path("referrals/", views.referral_list, name="referrals"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral"),
    path("experts/", views.expert_list, name="experts"),
    path("experts/new/", views.expert_create, name="expert-create"),
    path("experts/<int:pk>/edit/", views.expert_edit, name="expert-edit"),
    path("register/", views.register, name="register"),
]
