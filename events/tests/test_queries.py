"""Reads of the follow-up: what each reader sees of owners, updates and steps; the counts per governorate; the
queues; fixed query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import OrganisationKind, Role
from events import queries
from events.choices import Flag, Response, Status, StepKind
from events.models import Participation, Step, Update
from frameworks.models import Goal
from tests.factories import make_org, make_user

from .follow_world import CONTRIBUTING, LEAD, SUPPORTING, TODAY, make_event, make_rec

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


class Anonymous:
    is_authenticated = False
    is_active = False
    pk = None


@pytest.fixture
def world(reference):
    hub = make_org("Hub", kind=OrganisationKind.HUB)
    governor = make_org("Nineveh governorate office", kind=OrganisationKind.LOCAL_GOVERNMENT)
    secret = make_org("Quiet NGO", kind=OrganisationKind.NGO)
    network = make_org("Youth network", kind=OrganisationKind.NETWORK)
    event = make_event(conveners=[hub])
    rec = make_rec(event=event, owners=[(governor, LEAD, True, Response.ACCEPTED),
                                        (secret, SUPPORTING, False, Response.DECLINED)],
                   places=["IQ-NI"], issued_on=TODAY - 20 * DAY, due_date=TODAY + 100 * DAY, progress=60,
                   last_update_on=TODAY - 2 * DAY)
    rec.owners.filter(organisation=secret).update(response_reason="Our board said no")
    Update.objects.create(recommendation=rec, organisation=governor, date=TODAY - 10 * DAY, progress=20,
                          text="Public step", is_public=True)
    Update.objects.create(recommendation=rec, organisation=secret, date=TODAY - 2 * DAY, progress=60,
                          text="Private step", is_public=False)
    Step.objects.create(recommendation=rec, kind=StepKind.RESPONSE, to_value=Response.ACCEPTED, organisation=governor)
    Step.objects.create(recommendation=rec, kind=StepKind.RESPONSE, to_value=Response.DECLINED, organisation=secret,
                        reason="Our board said no", is_public=True)
    Step.objects.create(recommendation=rec, kind=StepKind.UPDATE, to_value="20", organisation=governor)
    Step.objects.create(recommendation=rec, kind=StepKind.UPDATE, to_value="60", organisation=secret, is_public=False)
    return type("W", (), dict(
        hub=hub, governor=governor, secret=secret, network=network, event=event, rec=rec,
        convener=make_user(role=Role.HUB_EXPERT, organisation=hub),
        secret_member=make_user(role=Role.PARTNER, organisation=secret),
        governor_member=make_user(role=Role.LOCAL_FOCAL_POINT, organisation=governor),
        other=make_user(role=Role.PARTNER, organisation=network),
        coordinator=make_user(role=Role.NATIONAL_COORDINATOR)))


def _row(user, world):
    rows = queries.accountability(user, today=TODAY).rows
    return next(r for r in rows if r.recommendation.pk == world.rec.pk)


# --- what each reader sees -------------------------------------------------------------------------------------------

def test_a_private_owner_shows_as_its_type_to_anonymous_readers_and_other_organisations(world):
    for reader in (Anonymous(), world.other):
        row = _row(reader, world)
        shown = {o.role: o for o in row.owners}
        assert shown[LEAD].name == "Nineveh governorate office"
        assert shown[SUPPORTING].name is None and shown[SUPPORTING].organisation_id is None
        assert shown[SUPPORTING].kind_label == "NGO / civil society"
        assert shown[SUPPORTING].response == Response.DECLINED and shown[SUPPORTING].reason == ""
        assert row.response == Response.ACCEPTED  # the lead's
        # Private updates are hidden: the last update and progress shown are the public one's.
        assert (row.last_update, row.progress) == (TODAY - 10 * DAY, 20)
    for reader in (world.secret_member, world.governor_member, world.convener, world.coordinator):
        row = _row(reader, world)
        secret = next(o for o in row.owners if o.role == SUPPORTING)
        assert secret.name == "Quiet NGO" and secret.reason == "Our board said no"
        assert (row.last_update, row.progress) == (TODAY - 2 * DAY, 60)


def test_unpublished_recommendations_are_not_in_the_public_table(world):
    hidden = make_rec(event=world.event, owners=[(world.governor, LEAD)], is_public=False, places=["IQ-NI"])
    anonymous = {r.recommendation.pk for r in queries.accountability(Anonymous(), today=TODAY).rows}
    assert world.rec.pk in anonymous and hidden.pk not in anonymous
    assert hidden.pk in {r.recommendation.pk for r in queries.accountability(world.governor_member, today=TODAY).rows}
    assert queries.accountability(Anonymous(), today=TODAY).summary.total == 1


def test_the_timeline_hides_private_updates_and_names_a_private_owner_by_type_only(world):
    public = queries.timeline(Anonymous(), world.rec)
    assert [(e.kind, e.to_value) for e in public] == [(StepKind.RESPONSE, Response.ACCEPTED),
                                                      (StepKind.RESPONSE, Response.DECLINED),
                                                      (StepKind.UPDATE, "20")]
    secret = public[1]
    assert secret.organisation_name is None and secret.organisation_kind_label == "NGO / civil society"
    assert secret.reason == "" and secret.to_label == "Declined" and secret.actor == ""
    assert public[0].organisation_name == "Nineveh governorate office"
    assert queries.timeline(world.other, world.rec) == public
    inside = queries.timeline(world.secret_member, world.rec)
    assert len(inside) == 4 and inside[1].organisation_name == "Quiet NGO" and inside[1].reason == "Our board said no"
    assert inside[3].to_label == "60%"
    # A recommendation the reader may not see has no timeline for it.
    hidden = make_rec(owners=[(world.governor, LEAD)], is_public=False)
    Step.objects.create(recommendation=hidden, kind=StepKind.CREATED)
    assert queries.timeline(Anonymous(), hidden) == []


# --- counts per governorate, filters ------------------------------------------------------------------------------

@pytest.fixture
def spread(world):
    """Nineveh: 4 (1 completed, one in a district of it); Baghdad: 2 (2 completed); national: 1."""
    def rec(places, status=Status.IN_PROGRESS, **more):
        return make_rec(event=world.event, owners=[(world.governor, LEAD)], places=places, status=status, **more)

    rec(["IQ-NI"], Status.COMPLETED)
    rec(["IQ-NI-D-MOSUL"])
    rec(["IQ-NI"], Status.SUSPENDED)
    rec(["IQ-BG"], Status.COMPLETED, goals=[Goal.objects.order_by("pk").first()])
    rec(["IQ-BG-D-KARKH"], Status.COMPLETED)
    rec([], national=True)
    return world


def test_counts_n_of_m_completed_per_governorate(spread):
    result = queries.accountability(Anonymous(), today=TODAY)
    lines = {(line.governorate.code if line.governorate else None): (line.completed, line.total, line.percent)
             for line in result.summary.by_governorate}
    assert lines == {"IQ-NI": (1, 4, 25), "IQ-BG": (2, 2, 100), None: (0, 1, 0)}
    assert result.summary.total == 7 and result.summary.completed == 3 and result.summary.percent == 43
    assert result.summary.by_status[Status.COMPLETED] == 3 and result.summary.by_status[Status.MERGED] == 0
    # Owners' responses: every owner row counts (the private one too: a count names nobody).
    assert result.summary.by_response[Response.PENDING] == 6
    assert result.summary.by_response[Response.ACCEPTED] == 1 and result.summary.by_response[Response.DECLINED] == 1


def test_the_filters_narrow_the_rows_and_the_counts(spread):
    from places.models import Place

    nineveh = Place.objects.get(code="IQ-NI")
    by_place = queries.accountability(Anonymous(), governorate=nineveh, today=TODAY)
    assert len(by_place.rows) == 4 and by_place.summary.total == 4  # the Mosul district's one included
    assert [(line.governorate.code, line.completed, line.total) for line in by_place.summary.by_governorate] == [
        ("IQ-NI", 1, 4)]
    assert queries.accountability(Anonymous(), status=Status.COMPLETED, today=TODAY).summary.total == 3
    assert queries.accountability(Anonymous(), owner_kind=OrganisationKind.NGO, today=TODAY).summary.total == 1
    assert queries.accountability(Anonymous(), goal=Goal.objects.order_by("pk").first(), today=TODAY).summary.total == 1
    assert queries.accountability(Anonymous(), event=make_event(), today=TODAY).summary.total == 0
    overdue = make_rec(event=spread.event, owners=[(spread.governor, LEAD)], due_date=TODAY - DAY)
    flagged = queries.accountability(Anonymous(), flag=Flag.OVERDUE, today=TODAY)
    assert [r.recommendation.pk for r in flagged.rows] == [overdue.pk] and flagged.rows[0].flag == Flag.OVERDUE


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def _grow(world, n):
    for i in range(n):
        rec = make_rec(event=world.event, places=["IQ-NI" if i % 2 else "IQ-BG-D-KARKH"],
                       owners=[(world.governor, LEAD, True), (world.secret, SUPPORTING, False)],
                       status=Status.COMPLETED if i % 3 == 0 else Status.IN_PROGRESS)
        Update.objects.create(recommendation=rec, organisation=world.governor, date=TODAY, progress=i,
                              text="x", is_public=bool(i % 2))


@pytest.mark.parametrize("reader", ["anonymous", "other", "governor_member", "coordinator"])
def test_accountability_takes_a_fixed_number_of_queries(world, reader):
    user = Anonymous() if reader == "anonymous" else getattr(world, reader)

    def read():
        result = queries.accountability(user, today=TODAY)
        assert len(result.rows) >= 1
        assert result.summary.total >= 1

    _grow(world, 2)
    read()  # the user's memberships are read once per request (cached on the user)
    small = _count(read)
    _grow(world, 25)
    large = _count(read)
    assert small == large, (small, large)
    assert large <= 12


def test_owners_queue_puts_pending_answers_first_with_flags_in_a_fixed_number_of_queries(world):
    member = world.governor_member
    answered = world.rec  # the governor accepted it
    waiting = make_rec(owners=[(world.governor, LEAD)], due_date=TODAY - DAY)
    later = make_rec(owners=[(world.governor, SUPPORTING)], due_date=TODAY + 300 * DAY)
    make_rec(owners=[(world.governor, LEAD)], status=Status.COMPLETED)
    make_rec(owners=[(world.network, LEAD)])  # not the member's
    queue = queries.owners_queue(member, TODAY)
    assert [r.pk for r in queue] == [waiting.pk, later.pk, answered.pk]
    assert [r.pending for r in queue] == [True, True, False]
    assert queue[0].flag == Flag.OVERDUE and [o.organisation for o in queue[0].my_owners] == [world.governor]
    assert len(queries.owners_queue(member, TODAY, include_closed=True)) == 4
    assert queries.owners_queue(Anonymous(), TODAY) == []
    queries.owners_queue(member, TODAY)
    small = _count(lambda: queries.owners_queue(member, TODAY))
    for _ in range(20):
        make_rec(owners=[(world.governor, CONTRIBUTING)], due_date=TODAY + 5 * DAY)
    large = _count(lambda: queries.owners_queue(member, TODAY))
    assert small == large <= 4, (small, large)
    assert len(queries.owners_queue(member, TODAY)) == 23


def test_quality_queue_and_delays_without_a_reason(world):
    poor = make_rec(event=world.event, owners=[(world.governor, LEAD)], quality=2)
    make_rec(event=world.event, owners=[(world.governor, LEAD)], quality=5)
    elsewhere = make_rec(owners=[(world.governor, LEAD)], quality=1)  # no event the hub convenes
    assert [r.pk for r in queries.quality_queue(world.convener)] == [world.rec.pk, poor.pk]  # quality 0, then 2
    assert elsewhere.pk in {r.pk for r in queries.quality_queue(world.coordinator)}
    assert list(queries.quality_queue(world.other)) == []
    window = {"issued_on": TODAY - 50 * DAY, "due_date": TODAY + 50 * DAY, "last_update_on": TODAY, "progress": 0}
    behind = make_rec(event=world.event, owners=[(world.governor, LEAD)], **window)
    make_rec(event=world.event, owners=[(world.governor, LEAD)], behind_reason="Funding came late", **window)
    assert [r.pk for r in queries.behind_without_reason(world.governor_member, TODAY)] == [behind.pk]
    assert [r.pk for r in queries.behind_without_reason(world.convener, TODAY)] == [behind.pk]
    assert list(queries.behind_without_reason(world.other, TODAY)) == []
    assert list(queries.behind_without_reason(Anonymous(), TODAY)) == []


def test_event_figures_count_people_by_organisation_type(world):
    for org, n, women, youth in [(world.governor, 5, 2, 1), (world.hub, 3, 3, 0), (world.network, 12, 6, 10),
                                 (make_org("Second network", kind=OrganisationKind.NETWORK), 4, 1, 4)]:
        Participation.objects.create(event=world.event, organisation=org, kind=org.kind, participants=n,
                                     women=women, youth=youth)
    figures = queries.event_figures(world.event)
    assert (figures["organisations"], figures["participants"], figures["women"], figures["youth"]) == (4, 24, 12, 15)
    assert figures["by_kind"][0] == {"kind": "network", "label": "Network", "organisations": 2, "participants": 16,
                                     "women": 7, "youth": 14}
    assert [row["kind"] for row in figures["by_kind"]] == ["network", "local_government", "hub"]
