"""The plan page asks `plans.permissions` what each reader may do on each action and progress update; the rule
is written once, there (the page used to carry its own copy of it)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.choices import OrganisationKind, Role
from places.models import Place
from plans import permissions, presenters, services
from plans.models import ProgressUpdate
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_in_implementation(reference):
    committee = make_org("Anbar PVE Sub-committee", kind=OrganisationKind.COMMITTEE,
                         place=Place.objects.get(code="IQ-AN"))
    ngo = make_org("Euphrates Youth NGO")
    focal = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=committee)
    partner = make_user(role=Role.PARTNER, organisation=ngo)
    plan = services.create_plan(actor=focal, title="Anbar plan", lang="en", place=Place.objects.get(code="IQ-AN"),
                                period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 12, 31), owner=committee)
    led = services.create_action(actor=focal, plan=plan, title="Football league", lead=ngo)
    partnered = services.create_action(actor=focal, plan=plan, title="Radio hour", partners=[(ngo, "civil_society")])
    alone = services.create_action(actor=focal, plan=plan, title="Mosque outreach")
    for action in (led, partnered, alone):
        services.create_indicator(actor=focal, action=action, name=f"{action.title} sessions", baseline=0, target=4)
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    for step, who in [("submitted", focal), ("approved", coordinator), ("in_implementation", focal)]:
        services.transition_plan(actor=who, plan=plan, to_status=step)
    indicator = led.indicators.get()
    services.add_progress(actor=partner, indicator=indicator, date=dt.date(2025, 3, 1), value=1)
    return {"plan": plan, "partner": partner, "focal": focal, "actions": (led, partnered, alone)}


def test_what_a_partner_may_do_on_the_plan_page_is_what_the_permissions_say(plan_in_implementation):
    world = plan_in_implementation
    tree = presenters.action_tree(world["partner"], world["plan"])
    by_title = {a.title: a for a in tree["all"]}
    expected = {a.title: permissions.can_report(world["partner"], a) for a in world["actions"]}
    assert expected == {"Football league": True, "Radio hour": True, "Mosque outreach": False}
    assert {title: a.may_report for title, a in by_title.items()} == expected
    update = by_title["Football league"].indicators.all()[0].updates.all()[0]
    assert update.may_change is True
    # The owner's focal point reports on every action, but changes only the updates its organisation wrote.
    tree = presenters.action_tree(world["focal"], world["plan"])
    assert all(a.may_report for a in tree["all"])
    update = next(a for a in tree["all"] if a.title == "Football league").indicators.all()[0].updates.all()[0]
    assert update.may_change is False


def test_the_plan_page_follows_the_permission_functions(plan_in_implementation, client, monkeypatch):
    world = plan_in_implementation
    client.force_login(world["partner"])
    url = reverse("plans:detail", args=[world["plan"].pk])
    edit_update = reverse("plans:progress-edit", args=[ProgressUpdate.objects.get().pk])
    html = client.get(url).content.decode()
    assert html.count('data-testid="report"') == 2 and html.count('data-testid="change-status"') == 2
    assert edit_update in html
    asked = []

    def only_football(user, action):
        asked.append(action.title)
        return action.title == "Football league"

    monkeypatch.setattr(permissions, "can_report", only_football)
    monkeypatch.setattr(permissions, "can_change_update", lambda user, update: False)
    html = client.get(url).content.decode()
    assert sorted(asked) == ["Football league", "Mosque outreach", "Radio hour"]
    assert html.count('data-testid="report"') == 1 and html.count('data-testid="change-status"') == 1
    assert edit_update not in html


def test_the_history_and_publish_switch_follow_can_publish(plan_in_implementation, client, monkeypatch):
    world = plan_in_implementation
    client.force_login(world["partner"])
    url = reverse("plans:detail", args=[world["plan"].pk])
    assert client.get(url).context["can_publish"] is False
    monkeypatch.setattr(permissions, "can_publish", lambda user, plan: True)
    response = client.get(url)
    assert response.context["can_publish"] is True and response.context["history"]
