"""The demo plans: six governorates at different stages, a year of progress, and the rules still hold."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from demo.loader import load_demo
from plans import permissions, queries
from plans.models import Plan, PlanStep, ProgressCount, ProgressUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    return load_demo()


def test_six_governorates_at_different_stages(loaded):
    assert loaded["plans"] == 6
    statuses = sorted(Plan.objects.values_list("status", flat=True))
    assert statuses == sorted(["in_implementation", "in_implementation", "approved", "submitted",
                               "changes_requested", "draft"])
    assert Plan.objects.values("governorate").distinct().count() == 6
    # Every plan has a tree of actions with indicators, linked to goals.
    for plan in Plan.objects.all():
        assert plan.actions.filter(parent=None).count() >= 2
        assert plan.actions.filter(indicators__isnull=False).exists()
        assert plan.actions.filter(goal_links__isnull=False).exists()
        assert plan.aligned_frameworks[0].slug == "iraq-ns-2019"  # the national strategy first


def test_a_year_of_progress_in_the_plans_being_implemented(loaded):
    months = {d.strftime("%Y-%m") for d in ProgressUpdate.objects.values_list("date", flat=True)}
    assert len(months) == 12
    assert ProgressUpdate.objects.filter(indicator__action__plan__status="submitted").count() == 0
    assert ProgressCount.objects.exists()  # counts by sex and age group, never by person
    overview = queries.national_overview(Plan.objects.all())
    progress = {r.governorate.code: r.progress for r in overview["rows"] if r.plans}
    assert progress["IQ-NI"] > progress["IQ-AN"] > 0
    # Plans not yet approved are listed apart and counted in no figure.
    pending = {r.governorate.code for r in overview["rows"] if r.pending}
    assert "IQ-DI" in pending and "IQ-DI" not in progress and overview["pending"] == 3
    assert overview["progress"] == sum(progress.values()) / len(progress)
    anbar = next(r for r in overview["rows"] if r.governorate.code == "IQ-AN")
    assert anbar.overdue > 0 and anbar.delayed == 1  # reporting stopped there: overdue updates show


def test_workflow_history_names_the_demo_users(loaded):
    nineveh = Plan.objects.get(governorate__code="IQ-NI")
    steps = list(PlanStep.objects.filter(plan=nineveh).values_list("to_status", "actor__username"))
    assert steps == [("draft", "focal"), ("submitted", "focal"), ("approved", "coordinator"),
                     ("in_implementation", "focal")]
    basra = Plan.objects.get(governorate__code="IQ-BA")
    assert basra.steps.get(to_status="changes_requested").comment


def test_demo_visibility(loaded):
    focal, partner = User.objects.get(username="focal"), User.objects.get(username="partner")
    coordinator = User.objects.get(username="coordinator")
    assert permissions.visible_to(coordinator, Plan.objects.all()).count() == 6
    assert list(permissions.visible_to(focal, Plan.objects.all()).values_list("governorate__code", flat=True)) == ["IQ-NI"]
    # The partner leads actions in Nineveh only.
    assert list(permissions.visible_to(partner, Plan.objects.all()).values_list("governorate__code", flat=True)) == ["IQ-NI"]
    public = permissions.summary_visible_to(AnonymousUser(), Plan.objects.all())
    assert sorted(public.values_list("governorate__code", flat=True)) == ["IQ-AN", "IQ-NI"]
    assert ProgressUpdate.objects.filter(organisation__name="Al-Noor Youth Association").exists()


def test_loading_twice_adds_no_plan(loaded):
    again = load_demo()
    assert again["plans"] == 0 and Plan.objects.count() == 6
