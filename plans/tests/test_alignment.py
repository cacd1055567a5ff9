"""A framework with no goal is not offered for aligning a plan (the national strategy ships without goals), and
the coordinator is told on the plan list and the overview that its goals are still to be entered."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.choices import OrganisationKind, Role
from frameworks.models import Framework
from frameworks.services import create_goal
from places.models import Place
from plans.forms import PlanForm
from plans.models import alignable_frameworks, national_framework_without_goals
from tests.factories import SETUP, make_org, make_plan, make_user

pytestmark = pytest.mark.django_db

NATIONAL = "iraq-ns-2019"


@pytest.fixture
def coordinator(reference):
    return make_user(role=Role.NATIONAL_COORDINATOR)


def _offered(form) -> set[str]:
    ids = {pk for pk, _label in form.fields["frameworks"].choices}
    return set(Framework.objects.filter(pk__in=ids).values_list("slug", flat=True))


def test_a_framework_without_goals_is_not_offered_nor_the_default(coordinator):
    assert not Framework.objects.get(slug=NATIONAL).goals.exists()  # as shipped
    form = PlanForm(user=coordinator)
    assert NATIONAL not in _offered(form)
    assert {"euromed-cso-2017", "un-pve-2015"} <= _offered(form)
    assert not form.fields["frameworks"].initial
    national = Framework.objects.get(slug=NATIONAL)
    bound = PlanForm(data={"frameworks": [national.pk]}, user=coordinator)
    bound.is_valid()
    assert "frameworks" in bound.errors


def test_once_it_has_a_goal_the_national_strategy_is_offered_first_and_by_default(coordinator):
    national = Framework.objects.get(slug=NATIONAL)
    create_goal(actor=SETUP, framework=national, number="1", title_en="Prevention in communities")
    form = PlanForm(user=coordinator)
    assert [pk for pk, _label in form.fields["frameworks"].choices][0] == national.pk
    assert form.fields["frameworks"].initial == [national.pk]
    assert alignable_frameworks()[0] == national
    assert national_framework_without_goals() is None


def test_editing_a_plan_keeps_a_framework_it_already_has(coordinator):
    committee = make_org("Baghdad PVE Sub-committee", kind=OrganisationKind.COMMITTEE,
                         place=Place.objects.get(code="IQ-BG"))
    focal = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=committee)
    plan = make_plan(focal, frameworks=(NATIONAL, "euromed-cso-2017"))
    form = PlanForm(instance=plan, user=coordinator)
    assert NATIONAL in _offered(form)


def test_the_coordinator_is_told_to_enter_the_national_goals(client, coordinator):
    client.force_login(coordinator)
    goal_form = reverse("frameworks:goal_create", args=[NATIONAL])
    for page in ("plans:list", "plans:overview"):
        html = client.get(reverse(page)).content.decode()
        assert 'data-testid="goals-to-enter"' in html, page
        assert f'href="{goal_form}"' in html
    # In Arabic too.
    html = client.get(reverse("plans:list").replace("/en/", "/ar/")).content.decode()
    assert 'data-testid="goals-to-enter"' in html and "أهداف" in html
    # The link opens the form for the coordinator.
    assert client.get(goal_form).status_code == 200
    create_goal(actor=SETUP, framework=Framework.objects.get(slug=NATIONAL), number="1", title_en="Prevention")
    assert 'data-testid="goals-to-enter"' not in client.get(reverse("plans:list")).content.decode()


def test_readers_who_cannot_enter_goals_are_not_told(client, reference):
    partner = make_user(role=Role.PARTNER)
    client.force_login(partner)
    assert 'data-testid="goals-to-enter"' not in client.get(reverse("plans:list")).content.decode()
    client.logout()
    assert 'data-testid="goals-to-enter"' not in client.get(reverse("plans:overview")).content.decode()
