"""Progress roll-up (indicator → action → plan → governorate → nation, and by goal), open issues, and the
coverage matrix — with the number of queries independent of the number of plans."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import OrganisationKind, Role
from core.actors import system
from frameworks.models import Framework, Goal
from places.models import Place
from plans import queries, services
from plans.models import Plan
from tests.factories import make_org, make_plan, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("baseline", "target", "latest", "direction", "expected"), [
    (0, 10, None, "increase", 0.0),
    (0, 10, 5, "increase", 0.5),
    (0, 10, 15, "increase", 1.0),
    (2, 10, 1, "increase", 0.0),
    (20, 10, 15, "decrease", 0.5),
    (20, 10, 5, "decrease", 1.0),
    (100, 100, 100, "maintain", 1.0),
    (100, 100, 50, "maintain", 0.5),
])
def test_indicator_progress(baseline, target, latest, direction, expected):
    assert queries.indicator_progress(baseline, target, latest, direction) == pytest.approx(expected)


@pytest.fixture
def focal(reference):
    return make_user(role=Role.LOCAL_FOCAL_POINT, organisation=make_org("Nineveh sub-committee",
                                                                          kind=OrganisationKind.COMMITTEE,
                                                                          place=Place.objects.get(code="IQ-NI")))


def test_progress_rolls_up_from_indicators_through_sub_actions_to_the_plan(focal):
    plan = make_plan(focal, place_code="IQ-NI", actions=0)
    top = services.create_action(actor=focal, plan=plan, title="Schools")
    sub_a = services.create_action(actor=focal, plan=plan, title="Teachers", parent=top)
    sub_b = services.create_action(actor=focal, plan=plan, title="Clubs", parent=top)
    other = services.create_action(actor=focal, plan=plan, title="Radio")
    cancelled = services.create_action(actor=focal, plan=plan, title="Dropped", status="cancelled")
    ind_a = services.create_indicator(actor=focal, action=sub_a, name="Teachers trained", baseline=0, target=40)
    ind_b = services.create_indicator(actor=focal, action=sub_b, name="Clubs opened", baseline=0, target=4)
    services.create_indicator(actor=focal, action=other, name="Episodes", baseline=0, target=10)
    services.create_indicator(actor=focal, action=cancelled, name="Nothing", baseline=0, target=10)
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    services.transition_plan(actor=focal, plan=plan, to_status="submitted")
    services.transition_plan(actor=coordinator, plan=plan, to_status="approved")
    services.add_progress(actor=focal, indicator=ind_a, date=dt.date(2025, 3, 1), value=10)
    services.add_progress(actor=focal, indicator=ind_a, date=dt.date(2025, 6, 1), value=30)  # latest counts
    services.add_progress(actor=focal, indicator=ind_b, date=dt.date(2025, 6, 1), value=1)
    shares = queries.action_progress(plan)
    assert shares[sub_a.pk] == pytest.approx(0.75)
    assert shares[sub_b.pk] == pytest.approx(0.25)
    assert shares[top.pk] == pytest.approx(0.5)
    assert shares[other.pk] == pytest.approx(0.0)
    figures = queries.plan_figures([plan], today=dt.date(2025, 6, 15))[plan.pk]
    assert figures.progress == pytest.approx(0.25)  # mean of Schools (0.5) and Radio (0); cancelled left out
    assert figures.actions == 5 and figures.by_status == {"planned": 4, "cancelled": 1}


def test_national_overview_and_goal_progress(focal):
    basra = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=make_org("Basra sub-committee",
                                                                          kind=OrganisationKind.COMMITTEE,
                                                                          place=Place.objects.get(code="IQ-BA")))
    p1 = make_plan(focal, place_code="IQ-NI", status="in_implementation", actions=2)
    p2 = make_plan(basra, place_code="IQ-BA", status="submitted", actions=1)
    ind = p1.actions.order_by("id").first().indicators.get()
    services.add_progress(actor=focal, indicator=ind, date=dt.date(2025, 2, 1), value=10)
    overview = queries.national_overview(Plan.objects.all(), today=dt.date(2025, 2, 2))
    rows = {r.governorate.code: r for r in overview["rows"]}
    assert len(rows) == 19 and overview["governorates_with_plan"] == 1 and overview["plans"] == 1
    assert rows["IQ-NI"].progress == pytest.approx(0.5)
    # A submitted plan is not approved yet: listed apart, in no figure.
    assert rows["IQ-BA"].progress is None and rows["IQ-BA"].plans == [] and rows["IQ-BA"].pending == [p2]
    assert rows["IQ-BG"].plans == [] and rows["IQ-BG"].progress is None
    assert overview["progress"] == pytest.approx(0.5) and overview["pending"] == 1
    assert overview["status_totals"]["in_implementation"] == 1 and overview["status_totals"]["submitted"] == 1
    assert rows["IQ-NI"].goals_covered == 1
    euromed = Framework.objects.get(slug="euromed-cso-2017")
    by_goal = {g.number: (n, share) for g, n, share in queries.progress_by_goal(Plan.objects.all(), euromed)}
    first = Goal.objects.filter(framework=euromed).order_by("position").first()
    assert by_goal[first.number] == (3, pytest.approx(1 / 3))
    assert p2.pk not in {f.plan.pk for r in overview["rows"] for f in r.plans}


def test_open_issues_lists_delayed_actions_and_overdue_updates(focal):
    plan = make_plan(focal, place_code="IQ-NI", status="in_implementation", actions=2)
    first, second = plan.actions.order_by("id")
    services.set_action_status(actor=focal, action=first, status="delayed")
    services.update_indicator(actor=system("tests"), indicator=second.indicators.get(), frequency="monthly")
    services.add_progress(actor=focal, indicator=second.indicators.get(), date=dt.date(2025, 1, 10), value=1)
    issues = queries.open_issues(plan, today=dt.date(2025, 1, 20))
    assert [a.pk for a in issues["delayed"]] == [first.pk] and issues["overdue"] == []
    issues = queries.open_issues(plan, today=dt.date(2025, 3, 1))
    assert [i.action_id for i in issues["overdue"]] == [second.pk]


def test_coverage_matrix_counts_actions_by_goal_and_governorate_and_shows_gaps(focal):
    euromed = Framework.objects.get(slug="euromed-cso-2017")
    goals = list(Goal.objects.filter(framework=euromed, parent=None).order_by("position"))
    plan = make_plan(focal, place_code="IQ-NI", actions=2)
    a3 = services.create_action(actor=focal, plan=plan, title="Women's councils", goals=[goals[1]])
    services.transition_plan(actor=focal, plan=plan, to_status="submitted")
    services.transition_plan(actor=make_user(role=Role.NATIONAL_COORDINATOR), plan=plan, to_status="approved")
    matrix = queries.coverage_matrix(Plan.objects.all(), euromed)
    cells = {(row["goal"].pk, c["governorate"].code): c["count"] for row in matrix["goals"] for c in row["cells"]}
    assert cells[(goals[0].pk, "IQ-NI")] == 2 and cells[(goals[1].pk, "IQ-NI")] == 1
    assert cells[(goals[0].pk, "IQ-BA")] == 0
    assert goals[2] in matrix["gaps"] and goals[0] not in matrix["gaps"]
    behind = queries.actions_for_cell(plan.actions.all(), goals[1], plan.governorate_id)
    assert list(behind) == [a3]


def _plans_for(first, last, actions=3):
    from places.models import Place

    plans = []
    codes = list(Place.objects.filter(kind="governorate").values_list("code", flat=True))[first:last]
    for code in codes:
        user = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=make_org(f"{code} committee",
                                                                           kind=OrganisationKind.COMMITTEE,
                                                                           place=Place.objects.get(code=code)))
        plans.append(make_plan(user, place_code=code, status="in_implementation", actions=actions))
    return plans


def _count(func):
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


def test_overview_and_matrix_query_counts_do_not_grow_with_plans(reference):
    euromed = Framework.objects.get(slug="euromed-cso-2017")
    _plans_for(0, 2)
    small = (_count(lambda: queries.national_overview(Plan.objects.all())),
             _count(lambda: queries.coverage_matrix(Plan.objects.all(), euromed)),
             _count(lambda: queries.progress_by_goal(Plan.objects.all(), euromed)))
    _plans_for(2, 10, actions=6)
    large = (_count(lambda: queries.national_overview(Plan.objects.all())),
             _count(lambda: queries.coverage_matrix(Plan.objects.all(), euromed)),
             _count(lambda: queries.progress_by_goal(Plan.objects.all(), euromed)))
    assert Plan.objects.count() == 10
    assert small == large
    assert large[0] <= 6 and large[1] <= 4


def test_national_progress_counts_approved_plans_only_and_lists_drafts_apart(focal):
    """An approved plan at 48 % and a draft at 0 %: the nation stays at 48 %, the draft is listed apart."""
    basra = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=make_org("Basra sub-committee",
                                                                          kind=OrganisationKind.COMMITTEE,
                                                                          place=Place.objects.get(code="IQ-BA")))
    approved = make_plan(focal, place_code="IQ-NI", status="in_implementation", actions=1)
    indicator = approved.actions.get().indicators.get()
    services.update_indicator(actor=system("tests"), indicator=indicator, target=100)
    services.add_progress(actor=focal, indicator=indicator, date=dt.date(2025, 2, 1), value=48)
    draft = make_plan(basra, place_code="IQ-BA", status="draft", actions=2)
    submitted = make_plan(basra, place_code="IQ-BA", status="submitted", actions=1, year=2027)
    overview = queries.national_overview(Plan.objects.all(), today=dt.date(2025, 2, 2))
    rows = {r.governorate.code: r for r in overview["rows"]}
    assert overview["progress"] == pytest.approx(0.48)
    assert overview["plans"] == 1 and overview["pending"] == 2 and overview["governorates_with_plan"] == 1
    assert rows["IQ-BA"].plans == [] and rows["IQ-BA"].progress is None
    assert [p.pk for p in rows["IQ-BA"].pending] == [submitted.pk, draft.pk]  # the latest period first
    assert rows["IQ-NI"].pending == [] and rows["IQ-NI"].goals_covered == 1
    assert overview["goals_covered"] == 1
    assert overview["status_totals"]["draft"] == 1 and overview["status_totals"]["submitted"] == 1
    # The coverage matrix counts the approved plan's action, and the drafts' three actions apart.
    euromed = Framework.objects.get(slug="euromed-cso-2017")
    matrix = queries.coverage_matrix(Plan.objects.all(), euromed)
    first = matrix["goals"][0]
    cells = {c["governorate"].code: c["count"] for c in first["cells"]}
    assert cells["IQ-NI"] == 1 and cells["IQ-BA"] == 0 and first["total"] == 1
    assert matrix["pending_actions"] == 3 and matrix["pending_plans"] == 2
    goal = Goal.objects.get(pk=first["goal"].pk)
    from plans.models import Action

    assert queries.actions_for_cell(Action.objects.all(), goal, None).count() == 4
    assert list(queries.actions_for_cell(Action.objects.all(), goal, None, approved_only=True)) == [
        approved.actions.get()]
