import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import OrganisationKind, Role
from core.actors import system
from places.models import Place
from support.clocks import clock_states
from support.models import Calendar, Outcome
from support.queries import (
    allowed_moves,
    awaiting_triage,
    delivered_without_outcome,
    hub_queue,
    overdue,
    public_counts,
    register_rows,
)
from tests.factories import make_org, make_plan, make_practice, make_user

from .helpers import make_desk, make_need, make_request, move


@pytest.fixture
def desk(reference):
    return make_desk()


def _at_stage(desk, stage, **fields):
    request = make_request(desk, **fields)
    path = ["submitted", "triage", "accepted", "matching", "plan_agreed", "in_delivery", "delivered"]
    for step in path[: path.index(stage) + 1]:
        move(request, step, (fields.get("actor") or desk.focal_point) if step == "submitted" else desk.expert)
    return request


def test_allowed_moves_are_the_rows_the_user_is_a_mover_of(desk):
    request = make_request(desk)
    assert [(t.from_stage, t.to_stage) for t in allowed_moves(desk.focal_point, request)] == [
        ("draft", "submitted"), ("draft", "withdrawn")]
    assert allowed_moves(desk.expert, request) == []  # a draft stays with its writers
    move(request, "submitted", desk.focal_point)
    assert [t.to_stage for t in allowed_moves(desk.expert, request)] == ["triage"]
    assert [t.to_stage for t in allowed_moves(desk.focal_point, request)] == ["withdrawn"]
    for outsider in (desk.other_focal_point, desk.partner, AnonymousUser()):
        assert allowed_moves(outsider, request) == []


def test_the_queues_go_through_the_read_rules(desk):
    draft = make_request(desk)
    submitted = _at_stage(desk, "submitted")
    accepted = _at_stage(desk, "accepted")
    delivered = _at_stage(desk, "delivered")
    other_hub = make_org("Another hub", kind=OrganisationKind.HUB)
    stranger = make_user(role=Role.HUB_EXPERT, organisation=other_hub)
    assert list(hub_queue(desk.expert)) == [submitted, accepted, delivered]
    assert list(hub_queue(desk.expert, stage="accepted")) == [accepted]
    assert list(hub_queue(desk.coordinator)) == [submitted, accepted, delivered]
    assert draft not in hub_queue(desk.coordinator, stage="draft")
    for outsider in (stranger, desk.focal_point, desk.partner, AnonymousUser()):
        assert list(hub_queue(outsider)) == []
    assert list(awaiting_triage(desk.expert)) == [submitted]
    assert list(delivered_without_outcome(desk.expert)) == [delivered]
    Outcome.objects.create(request=delivered, rating=4, need_met="partly", what_changed="Two sessions held.")
    assert list(delivered_without_outcome(desk.expert)) == []


def test_overdue_lists_requests_with_a_clock_past_due(desk):
    late = _at_stage(desk, "submitted")
    acknowledged = _at_stage(desk, "triage")
    late.refresh_from_db()
    acknowledged.refresh_from_db()
    # Each move stored the earliest due day of a running clock: acknowledgement for the one still waiting,
    # the triage decision (later) for the acknowledged one.
    assert late.due_on is not None and acknowledged.due_on > late.due_on
    today = late.due_on + dt.timedelta(days=1)
    assert list(overdue(desk.expert, today=today)) == [late]
    assert list(overdue(desk.expert, today=late.due_on)) == []  # due today is not yet late
    assert list(overdue(desk.focal_point, today=today)) == []
    states = clock_states([late], today=today)[late.pk]
    assert [s.clock for s in states if s.state == "missed"] == ["acknowledgement"]


def test_a_calendar_change_moves_the_stored_due_days(desk):
    from support.models import Holiday
    from support.services.desk import save_row

    request = _at_stage(desk, "submitted")
    request.refresh_from_db()
    before = request.due_on
    calendar = Calendar.objects.get()
    save_row(actor=system("test"), obj=Holiday(calendar=calendar, date=before, name="Holiday"), created=True)
    request.refresh_from_db()
    assert request.due_on > before


def test_the_register_joins_actions_delivered_requests_and_practices(desk):
    plan = make_plan(desk.focal_point, owner=desk.locality)
    action = plan.actions.get()
    goal = action.goals.get()
    delivered = _at_stage(desk, "delivered", goals=[goal])
    _at_stage(desk, "accepted", goals=[goal])  # not delivered: not in the register
    practice = make_practice(desk.partner, status="published", goals=[goal], organisation=desk.partner_org,
                             place=desk.karkh, start_year=2023)
    rows = register_rows(desk.coordinator, place=desk.baghdad, goal=goal)
    assert {(r["source"], r["id"], r["organisation"]) for r in rows} == {
        ("action", action.pk, "Baghdad sub-committee"), ("request", delivered.pk, "MENA hub"),
        ("practice", practice.pk, "Partner NGO")}
    request_row = next(r for r in rows if r["source"] == "request")
    assert request_row["with"] == "Baghdad sub-committee" and request_row["goal"] == goal.number
    assert [r["source"] for r in register_rows(desk.coordinator, organisation=desk.partner_org)] == ["practice"]
    assert register_rows(desk.coordinator, place=Place.objects.get(code="IQ-AN")) == []
    assert {r["source"] for r in register_rows(desk.coordinator, period_start=dt.date(2020, 1, 1),
                                               period_end=dt.date(2022, 12, 31))} == set()
    # each reader sees the rows of what they may see: the other locality sees only the published practice
    assert [r["source"] for r in register_rows(desk.other_focal_point)] == ["practice"]
    assert {r["source"] for r in register_rows(desk.focal_point)} == {"action", "request", "practice"}


def test_the_register_s_query_count_does_not_grow(desk):
    def count():
        with CaptureQueriesContext(connection) as queries:
            register_rows(desk.focal_point, place=desk.baghdad)
        return len(queries)

    make_plan(desk.focal_point, owner=desk.locality)
    count()  # the user's organisations are read once and kept
    small = count()
    make_plan(desk.focal_point, owner=desk.locality, actions=5, year=2027)
    _at_stage(desk, "delivered")
    _at_stage(desk, "delivered")
    assert count() == small <= 4


def test_public_counts_hide_drafts_and_small_groups(desk, settings):
    settings.WIQAYA_MIN_CELL_SIZE = 3
    make_request(desk)  # a draft is never counted
    for _ in range(4):
        _at_stage(desk, "submitted")
    other = _at_stage(desk, "submitted", actor=desk.other_focal_point, requester=desk.other,
                      place=desk.other.place, needs=[make_need(desk, actor=desk.other_focal_point,
                                                               owner=desk.other, place=desk.other.place)],
                      request_type="information")
    assert other.stage == "submitted"
    with CaptureQueriesContext(connection) as queries:
        counts = public_counts()
    assert len(queries) <= 4
    # Anbar's single request is hidden, and so is Baghdad's count, which would give it away beside the total
    assert counts["by_governorate"] == {desk.baghdad.pk: None, desk.other.place.pk: None}
    assert counts["by_type"] == {"training": None, "information": None}
    assert counts["by_stage"] == {"submitted": 5} and counts["total"] == 5
    assert counts["governorates"][desk.baghdad.pk] == desk.baghdad
    settings.WIQAYA_MIN_CELL_SIZE = 1
    counts = public_counts()
    assert counts["by_governorate"] == {desk.baghdad.pk: 4, desk.other.place.pk: 1}
    assert counts["by_type"] == {"training": 4, "information": 1}
