"""The REST API router under /api/v1/. Each app's api.py holds its serializers and viewsets."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from core.api import JobViewSet
from dashboards.api import OpenDataRowsView, OpenDataTablesView
from directory.api import NetworkMembershipViewSet, OrganisationViewSet
from documents.api import SourceDocumentViewSet
from events.api import EventViewSet, RecommendationViewSet, UpdateViewSet
from frameworks.api import FrameworkViewSet, GoalViewSet
from glossary.api import GlossaryTermViewSet
from places.api import PlaceViewSet
from plans.api import ActionViewSet, PlanViewSet, ProgressUpdateViewSet
from practices.api import PracticeViewSet
from search.api import SearchView
from support.api import ExpertViewSet, NeedViewSet, PublicCountsView, ReferralViewSet, SupportRequestViewSet

router = DefaultRouter()
router.register("practices", PracticeViewSet, basename="practice")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("network-memberships", NetworkMembershipViewSet, basename="network-membership")
router.register("places", PlaceViewSet, basename="place")
router.register("frameworks", FrameworkViewSet, basename="framework")
router.register("goals", GoalViewSet, basename="goal")
router.register("documents", SourceDocumentViewSet, basename="document")
router.register("plans", PlanViewSet, basename="plan")
router.register("actions", ActionViewSet, basename="action")
router.register("progress-updates", ProgressUpdateViewSet, basename="progress-update")
router.register("jobs", JobViewSet, basename="job")
router.register("glossary", GlossaryTermViewSet, basename="glossary-term")
router.register("support-needs", NeedViewSet, basename="support-need")
router.register("support-requests", SupportRequestViewSet, basename="support-request")
router.register("support-referrals", ReferralViewSet, basename="support-referral")
router.register("support-experts", ExpertViewSet, basename="support-expert")
router.register("events", EventViewSet, basename="event")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("recommendation-updates", UpdateViewSet, basename="recommendation-update")

# One answer object, not a list of records: a plain view beside the router.
urlpatterns = [*router.urls, path("search/", SearchView.as_view(), name="search-list"),
               path("support-public/", PublicCountsView.as_view(), name="support-public-counts"),
               path("open-data/", OpenDataTablesView.as_view(), name="open-data-tables"),
               path("open-data/<str:table>/", OpenDataRowsView.as_view(), name="open-data-rows")]
