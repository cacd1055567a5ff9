"""The quality check: five things a recommendation needs to be followed up, the score and what is missing."""

import datetime as dt

import pytest

from accounts.choices import Role
from events.models import Recommendation, RecommendationAction
from events.quality import assess, missing_labels, refresh_quality
from events.services.recommendations import set_owners, update_recommendation
from frameworks.models import Goal
from places.models import Place
from tests.factories import make_event, make_org, make_plan, make_recommendation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def convener(reference):
    return make_user(role=Role.LOCAL_FOCAL_POINT, organisation=make_org("Ninewa council"))


def test_a_bare_recommendation_misses_all_five(convener):
    recommendation = make_recommendation(convener, event=make_event(convener))
    assert assess(recommendation) == (0, ["lead", "due", "place", "goal", "result"])
    assert missing_labels(recommendation)[0] == "a lead owner"


def test_each_thing_counts_once_and_national_stands_for_a_place(convener):
    lead = make_org("Ministry of Education")
    recommendation = make_recommendation(convener, event=make_event(convener), owners=[lead], national=True)
    assert assess(recommendation) == (2, ["due", "goal", "result"])
    update_recommendation(actor=convener, recommendation=recommendation, due_date=dt.date(2026, 6, 30),
                          goals=[Goal.objects.order_by("pk").first()])
    assert assess(recommendation) == (4, ["result"])
    update_recommendation(actor=convener, recommendation=recommendation, national=False,
                          places=[Place.objects.get(code="IQ-NI")], done_when="Curricula adopted by the ministry.")
    stored = Recommendation.objects.get(pk=recommendation.pk)
    assert (stored.quality, stored.quality_missing) == (5, [])
    set_owners(actor=convener, recommendation=stored, owners=[{"organisation": lead, "role": "supporting"}])
    stored = Recommendation.objects.get(pk=recommendation.pk)
    assert (stored.quality, stored.quality_missing) == (4, ["lead"])


def test_an_indicator_of_a_linked_action_is_a_measurable_result(convener):
    recommendation = make_recommendation(convener, event=make_event(convener))
    plan = make_plan(make_user(role=Role.NATIONAL_COORDINATOR), place_code="IQ-NI")
    action = plan.actions.get()
    assert action.indicators.count() == 1
    RecommendationAction.objects.create(recommendation=recommendation, action=action)
    score, missing = assess(recommendation)
    assert "result" not in missing and score == 1
    refresh_quality(recommendation)
    assert Recommendation.objects.get(pk=recommendation.pk).quality == 1
    action.indicators.all().delete()
    assert "result" in assess(recommendation)[1]
