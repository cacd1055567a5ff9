"""The dashboards' data (`dashboards.data.build`): who opens which dashboard, each panel's numbers on a small
world, small groups hidden from the public, areas with no record told apart from 0, the period filter, and a
query count that does not grow with the number of plans."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import OrganisationKind, Role
from dashboards import data
from dashboards.panels import HIDDEN, NO_DATA
from events.services.events import approve_minutes, publish_event, save_minutes, set_participation
from events.services.recommendations import publish_recommendation
from places.models import Place
from plans import services as plan_services
from support.tests.helpers import make_desk, make_need, make_request, move
from tests.factories import make_event, make_org, make_plan, make_recommendation, make_user

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 7, 1)


def values(panel, series=None):
    """{category key: value} of a panel's first series (or the one named)."""
    chosen = next(s for s in panel.series if series is None or s.key == series)
    return {c.key: v for c, v in zip(panel.categories, chosen.values, strict=True)}


def focal_point(code, name):
    org = make_org(name, kind=OrganisationKind.COMMITTEE, place=Place.objects.get(code=code))
    return make_user(role=Role.LOCAL_FOCAL_POINT, organisation=org)


@pytest.fixture
def world(reference):
    nineveh = focal_point("IQ-NI", "Nineveh sub-committee")
    basra = focal_point("IQ-BA", "Basra sub-committee")
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    running = make_plan(nineveh, place_code="IQ-NI", status="in_implementation", actions=2, is_public=True)
    make_plan(nineveh, place_code="IQ-NI", status="draft", actions=3, year=2023)
    make_plan(basra, place_code="IQ-BA", status="approved", actions=1)
    return {"nineveh": nineveh, "basra": basra, "coordinator": coordinator, "running": running}


# --- who opens which dashboard ------------------------------------------------------------------------------------

def test_who_may_open_which_dashboard(world):
    coordinator, nineveh = world["coordinator"], world["nineveh"]
    partner = make_user(role=Role.PARTNER)
    ni, ba = Place.objects.get(code="IQ-NI"), Place.objects.get(code="IQ-BA")
    assert data.build(coordinator, audience="national", today=TODAY).audience == "national"
    with pytest.raises(PermissionDenied):
        data.build(partner, audience="national", today=TODAY)
    with pytest.raises(PermissionDenied):
        data.build(nineveh, audience="national", today=TODAY)
    assert data.build(nineveh, audience="governorate", place=ni, today=TODAY).place == ni
    with pytest.raises(PermissionDenied):
        data.build(nineveh, audience="governorate", place=ba, today=TODAY)
    district = Place.objects.filter(parent=ni, kind="district").first()
    assert data.may_open(nineveh, "governorate", district)
    assert not data.may_open(partner, "governorate", ni)
    assert data.may_open(AnonymousUser(), "public") and not data.may_open(AnonymousUser(), "national")
    assert data.build(AnonymousUser(), audience="public", today=TODAY).hidden_below == 5
    assert [p.code for p in data.places_for(nineveh)] == ["IQ-NI"]
    assert len(data.places_for(coordinator)) == 19 and data.places_for(partner) == []


# --- plans --------------------------------------------------------------------------------------------------------

def test_plan_panels_on_the_national_dashboard(world):
    board = data.build(world["coordinator"], audience="national", today=TODAY)
    assert [p.key for p in board.panels] == [
        "plans_by_status", "actions_by_status", "progress_by_goal", "coverage", "indicators_behind",
        "overdue_updates", "needs_by_severity", "requests_by_stage", "service_levels",
        "recommendations_by_response", "recommendations_by_status", "events_held", "participation_by_type"]
    assert len(board.areas) == 19
    by_status = board.panel("plans_by_status")
    assert values(by_status, "in_implementation")["IQ-NI"] == 1
    assert values(by_status, "draft")["IQ-NI"] == 1  # drafts counted here, and the note says so
    assert values(by_status, "approved")["IQ-BA"] == 1
    assert "draft" in by_status.note.lower()
    assert values(board.panel("actions_by_status"))["planned"] == 3  # the draft's 3 actions are not counted
    assert board.measures["plans"].values["IQ-NI"] == 1
    assert board.measures["actions"].values["IQ-NI"] == 2
    assert board.measures["plans"].values["IQ-BG"] == NO_DATA  # no plan at all there: not 0
    assert board.measures["progress"].values["IQ-NI"] == 0
    # the coverage matrix: each plan's actions serve the framework's first goal
    coverage = board.panel("coverage")
    first = coverage.categories[0]
    assert {s.key: s.values[0] for s in coverage.series}["IQ-NI"] == 2
    assert first.label.startswith("1")
    progress = board.panel("progress_by_goal")
    assert progress.unit == "percent" and progress.series[0].values[0] == 0


def test_progress_overdue_and_behind(world):
    running, nineveh = world["running"], world["nineveh"]
    first, second = running.actions.order_by("id")
    plan_services.add_progress(actor=nineveh, indicator=first.indicators.get(), date=dt.date(2025, 5, 1), value=10)
    board = data.build(world["coordinator"], audience="national", today=TODAY)
    assert board.measures["progress"].values["IQ-NI"] == 50  # one action of two reached its target
    goal = board.panel("progress_by_goal")
    assert values(goal)[goal.categories[0].key] == 33  # Basra's action serves the goal too: (1 + 0 + 0) / 3
    # the second indicator never reported: behind the straight line, and overdue (quarterly, since January)
    assert values(board.panel("indicators_behind"))["IQ-NI"] == 1
    assert values(board.panel("overdue_updates"))["IQ-NI"] == 1
    assert board.measures["overdue_updates"].values["IQ-NI"] == 1
    assert second.indicators.count() == 1


def test_a_governorate_dashboard_breaks_down_by_district_and_a_district_has_no_areas(world):
    ni = Place.objects.get(code="IQ-NI")
    board = data.build(world["nineveh"], audience="governorate", place=ni, today=TODAY)
    assert board.areas and all(a.parent_id == ni.pk for a in board.areas)
    by_status = board.panel("plans_by_status")
    assert by_status.categories[0].key == "IQ-NI"  # the governorate's own plans come first
    assert values(by_status, "in_implementation")["IQ-NI"] == 1
    assert set(board.measures["plans"].values) == {a.code for a in board.areas}
    district = board.areas[0]
    on_district = data.build(world["coordinator"], audience="governorate", place=district, today=TODAY)
    assert on_district.areas == [] and on_district.measures == {}
    assert on_district.panel("plans_by_status") is not None


def test_the_public_dashboard_hides_small_groups_and_shows_zero(world, settings):
    settings.WIQAYA_MIN_CELL_SIZE = 5
    board = data.build(AnonymousUser(), audience="public", today=TODAY)
    by_status = board.panel("plans_by_status")
    # only the public approved plan is seen: 1 is hidden, 0 shown as 0; the draft and the private plan not at all
    assert values(by_status, "in_implementation")["IQ-NI"] == HIDDEN
    assert values(by_status, "draft")["IQ-NI"] == 0
    assert values(by_status, "approved")["IQ-BA"] == 0
    assert board.measures["plans"].values["IQ-NI"] == HIDDEN
    assert board.measures["plans"].values["IQ-BA"] == NO_DATA  # its only plan is not public
    assert values(board.panel("actions_by_status"))["planned"] == HIDDEN
    assert by_status.hidden_below == 5
    settings.WIQAYA_MIN_CELL_SIZE = 1
    shown = data.build(AnonymousUser(), audience="public", today=TODAY)
    assert values(shown.panel("actions_by_status"))["planned"] == 2


# --- support ------------------------------------------------------------------------------------------------------

def test_support_panels(reference):
    desk = make_desk()
    make_need(desk, severity=4)
    make_need(desk, severity=4)
    request = make_request(desk)  # a third need (severity 3) with it
    make_request(desk)  # a draft: never counted (and a fourth need)
    move(request, "submitted", desk.focal_point)
    board = data.build(desk.coordinator, audience="national")
    assert values(board.panel("needs_by_severity")) == {"1": 0, "2": 0, "3": 2, "4": 2, "5": 0}
    stages = values(board.panel("requests_by_stage"))
    assert stages["submitted"] == 1 and "draft" not in stages
    levels = board.panel("service_levels")
    assert [c.key for c in levels.categories] == ["acknowledgement", "triage", "delivery"]
    assert sum(v for s in levels.series for v in s.values) == 3  # one request, three running clocks
    assert board.measures["needs"].values["IQ-BG"] == 4
    assert board.measures["requests"].values["IQ-BG"] == 1
    assert board.measures["requests"].values["IQ-NI"] == NO_DATA
    public = data.build(AnonymousUser(), audience="public")
    assert values(public.panel("requests_by_stage"))["submitted"] == HIDDEN
    assert public.panel("needs_by_severity").is_empty() and public.measures["needs"].values["IQ-BG"] == NO_DATA


# --- events -------------------------------------------------------------------------------------------------------

def test_event_panels_and_the_period(reference):
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    convener = make_user(role=Role.LOCAL_FOCAL_POINT)
    ngo = make_org("Youth NGO", kind=OrganisationKind.NGO)
    held = make_event(convener, place_code="IQ-BG", year=2025)
    set_participation(actor=convener, event=held, organisation=ngo, participants=12, women=5, youth=3)
    save_minutes(actor=convener, event=held, text="Minutes.")
    approve_minutes(actor=convener, event=held)
    old = make_event(convener, place_code="IQ-BG", year=2022, status="held")
    make_recommendation(convener, event=held, owners=[ngo], places=[Place.objects.get(code="IQ-BG")])
    make_recommendation(convener, event=old, owners=[ngo], places=[Place.objects.get(code="IQ-BG")])
    board = data.build(coordinator, audience="national", period="2025", today=TODAY)
    assert board.period.key == "2025"
    assert values(board.panel("events_held"))["roundtable"] == 1  # the 2022 event is outside the period
    assert values(board.panel("recommendations_by_status"))["not_started"] == 1
    assert values(board.panel("recommendations_by_response"))["pending"] == 1
    people = board.panel("participation_by_type")
    assert values(people, "participants")["ngo"] == 12 and values(people, "women")["ngo"] == 5
    assert board.measures["events"].values["IQ-BG"] == 1
    assert board.measures["participants"].values["IQ-BG"] == 12
    assert board.measures["recommendations"].values["IQ-BG"] == 1
    assert board.measures["events"].values["IQ-NI"] == NO_DATA
    every = data.build(coordinator, audience="national", today=TODAY)
    assert values(every.panel("events_held"))["roundtable"] == 2
    # published only on the public dashboard: nothing is published yet
    public = data.build(AnonymousUser(), audience="public", today=TODAY)
    assert public.panel("events_held").is_empty() and public.measures["events"].values["IQ-BG"] == NO_DATA
    publish_event(actor=convener, event=held, is_public=True)
    for rec in held.recommendations.all():
        publish_recommendation(actor=convener, recommendation=rec, is_public=True)
    public = data.build(AnonymousUser(), audience="public", today=TODAY)
    assert values(public.panel("events_held"))["roundtable"] == HIDDEN
    people = public.panel("participation_by_type")
    assert values(people, "participants")["ngo"] == 12
    # youth (3) is hidden, and women (5) with it: one hidden cell alone could be worked out from the others
    assert values(people, "youth")["ngo"] == HIDDEN and values(people, "women")["ngo"] == HIDDEN


def test_a_bad_period_falls_back_to_all_and_says_so(world):
    board = data.build(world["coordinator"], audience="national", period="last-week", today=TODAY)
    assert board.period.key == "all" and board.period.problem


# --- query count --------------------------------------------------------------------------------------------------

CODES = ["IQ-BG", "IQ-BA", "IQ-NI", "IQ-AN", "IQ-KA", "IQ-NA"]


def _plans_across(n, start=0):
    """`n` public plans in implementation, one per governorate in turn, each with two actions that reported."""
    for i in range(start, start + n):
        code = CODES[i % len(CODES)]
        focal = focal_point(code, f"Sub-committee {i}")
        plan = make_plan(focal, place_code=code, status="in_implementation", actions=2,
                         year=2020 + i, is_public=True)
        for action in plan.actions.all():
            plan_services.add_progress(actor=focal, indicator=action.indicators.get(),
                                       date=dt.date(2020 + i, 3, 1), value=4)


def _count(user, audience="national", place=None):
    with CaptureQueriesContext(connection) as captured:
        data.build(user, audience=audience, place=place, today=TODAY)
    return len(captured)


def test_the_query_count_does_not_grow_with_plans(reference):
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    _plans_across(2)
    data.build(coordinator, audience="national", today=TODAY)  # the user's roles are read once, then kept
    baghdad = Place.objects.get(code="IQ-BG")
    small, small_public = _count(coordinator), _count(AnonymousUser(), "public")
    small_place = _count(coordinator, "governorate", baghdad)
    _plans_across(5, start=2)  # 7 plans, two of them in Baghdad
    assert _count(coordinator) == small
    assert _count(AnonymousUser(), "public") == small_public
    assert _count(coordinator, "governorate", baghdad) == small_place
    assert small <= 30


# --- drill-down links ---------------------------------------------------------------------------------------------

def test_areas_link_to_their_dashboards_once_the_routes_exist(world, settings):
    settings.ROOT_URLCONF = "dashboards.tests.drill_urls"
    board = data.build(world["coordinator"], audience="national", today=TODAY)
    links = {c.key: c.url for c in board.panel("plans_by_status").categories}
    assert links["IQ-NI"] == "/boards/place/IQ-NI/"
    public = data.build(AnonymousUser(), audience="public", today=TODAY)
    assert {c.key: c.url for c in public.panel("overdue_updates").categories}["IQ-BA"] == "/boards/public/IQ-BA/"
    # the governorate's own line on its dashboard links nowhere (the reader is on it); its districts link down
    ni = data.build(world["nineveh"], audience="governorate", place=Place.objects.get(code="IQ-NI"), today=TODAY)
    own, *districts = ni.panel("plans_by_status").categories
    assert own.url == "" and districts[0].url == f"/boards/place/{districts[0].key}/"


def test_no_link_while_the_route_is_missing(settings):
    settings.ROOT_URLCONF = "dashboards.tests.test_data"  # no dashboards routes at all
    from dashboards.sources import drill_down_url

    assert drill_down_url("national", "IQ-NI") == ""


urlpatterns = []
