"""Invariants that span apps: a goal that plan actions serve cannot vanish under them, and the plan's search
entry follows its actions' statuses."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from accounts.choices import OrganisationKind, Role
from core.models import AuditEntry
from frameworks import services as framework_services
from frameworks.models import Goal
from places.models import Place
from plans import services
from plans.models import ActionGoal
from search.models import SearchEntry
from tests.factories import make_org, make_plan, make_practice, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def focal(reference):
    return make_user(role=Role.LOCAL_FOCAL_POINT,
                     organisation=make_org("Diyala sub-committee", kind=OrganisationKind.COMMITTEE,
                                                       place=Place.objects.get(code="IQ-BG")))


def test_deleting_a_goal_that_an_action_serves_is_refused_and_the_link_survives(focal):
    plan = make_plan(focal, actions=2, status="approved")
    goal = Goal.objects.get(pk=ActionGoal.objects.filter(action__plan=plan).values("goal_id").first()["goal_id"])
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    with pytest.raises(ValidationError) as caught:
        framework_services.delete_goal(actor=coordinator, goal=goal)
    assert caught.value.messages == [
        f"Goal {goal.number} cannot be deleted: 2 plan actions serve it or goals under it. "
        "Link those actions to other goals first."
    ]
    assert ActionGoal.objects.filter(action__plan=plan, goal=goal).count() == 2
    assert Goal.objects.filter(pk=goal.pk).exists()
    assert not AuditEntry.objects.filter(action="goal.delete").exists()


def test_the_database_protects_both_goal_link_tables(focal):
    plan = make_plan(focal, actions=1)
    goal = ActionGoal.objects.get(action__plan=plan).goal
    with pytest.raises(ProtectedError):
        goal.delete()
    assert ActionGoal.objects.filter(action__plan=plan, goal=goal).exists()

    partner = make_user(role=Role.PARTNER, organisation=make_org("Tigris youth forum"))
    other = Goal.objects.filter(framework__slug="un-pve-2015").exclude(pk=goal.pk).first()
    practice = make_practice(partner, goals=[other])
    with pytest.raises(ProtectedError):
        other.delete()
    assert practice.goal_links.filter(goal=other).exists()


def test_cancelling_an_action_takes_its_goals_out_of_the_plans_search_facet(focal):
    plan = make_plan(focal, actions=0)
    goals = list(Goal.objects.filter(framework__slug="euromed-cso-2017").order_by("position")[:2])
    kept = services.create_action(actor=focal, plan=plan, title="Sports league", goals=[goals[0]])
    cancelled = services.create_action(actor=focal, plan=plan, title="Radio hour", goals=[goals[1]])
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    for step, who in [("submitted", focal), ("approved", coordinator), ("in_implementation", focal)]:
        services.transition_plan(actor=who, plan=plan, to_status=step)

    def plan_goal_facet():
        return SearchEntry.objects.get(kind="plan", object_id=plan.pk).facets.get("goal", [])

    assert plan_goal_facet() == sorted([str(goals[0].pk), str(goals[1].pk)])
    services.set_action_status(actor=focal, action=cancelled, status="cancelled")
    assert plan_goal_facet() == [str(goals[0].pk)]
    services.set_action_status(actor=focal, action=cancelled, status="ongoing")
    assert plan_goal_facet() == sorted([str(goals[0].pk), str(goals[1].pk)])
    assert kept.goal_links.count() == 1
