"""The demo Baghdad roundtable: recorded by organisation, its minutes published, its 8 recommendations imported
from the team's statement and followed — owners with one lead each, their answers, one carried by a Nineveh plan
action, one overdue, one stale, one completed — and what an anonymous reader may see of it."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from demo import events as demo_events
from demo.loader import load_demo

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def loaded(db):
    return load_demo()


def _event():
    from events.models import Event

    return Event.objects.get(reference=demo_events.REFERENCE)


def test_the_statement_reads_as_eight_recommendations_under_three_audiences():
    rows = demo_events.statement_rows()
    assert [r["number"] for r in rows] == list("١٢٣٤٥٦٧٨")
    assert [r["audience"] for r in rows] == (["على المستوى الوطني"] * 3 + ["للحكومات المحلية"] * 3
                                             + ["للشركاء الدوليين والجهات المانحة"] * 2)
    # The first item's hard line break is joined with a space; no item keeps its number.
    assert rows[0]["text"].endswith("تجتمع كل ثلاثة أشهر وتتبادل تقارير التنفيذ.")
    assert not any(r["text"][0] in "١٢٣٤٥٦٧٨" for r in rows)


def test_the_roundtable_is_recorded_by_organisation(loaded):
    assert loaded["events"] == 1 and loaded["recommendations"] == 8
    event = _event()
    assert (event.kind, event.start_date, event.end_date, event.place.code) == (
        "roundtable", dt.date(2023, 5, 31), dt.date(2023, 6, 1), "IQ-BG")
    assert sorted(event.conveners.values_list("name", flat=True)) == [
        "MENA Regional Hub for Local Prevention", "National Committee for the Prevention of Violent Extremism"]
    participation = list(event.participations.all())
    assert len(participation) == 12 == len({p.organisation_id for p in participation})
    assert sum(p.participants for p in participation) == sum(n for _o, n, _w, _y in demo_events.PARTICIPANTS) == 33
    assert sum(p.women for p in participation) == 12 and sum(p.youth for p in participation) == 5
    assert {p.kind for p in participation} >= {"committee", "hub", "national_body", "un_agency",
                                               "international_mission"}
    assert event.is_public and event.minutes.status == "approved" and event.minutes.is_public
    assert load_demo()["events"] == 0  # a second load adds nothing


def test_the_recommendations_are_followed_and_shown_in_public(loaded):
    from events import permissions, schedule
    from events.models import Owner, Recommendation, Update

    event = _event()
    recs = list(Recommendation.objects.filter(event=event).order_by("position", "pk"))
    assert len(recs) == 8 and all(r.is_public for r in recs)
    assert [r.reference for r in recs] == [f"{demo_events.REFERENCE}-R{n:02d}" for n in range(1, 9)]
    assert [r.external_id for r in recs] == [f"{demo_events.REFERENCE}-{d}" for d in "١٢٣٤٥٦٧٨"]
    assert all(r.owners.filter(role="lead").count() == 1 for r in recs)
    assert [r.owners.get(role="lead").organisation.name for r in recs] == [s["owners"][0][0] for s in demo_events.FOLLOW_UP]
    leads = {r.number: r.owners.get(role="lead") for r in recs}
    assert leads["٢"].response == "partly_accepted" and leads["٢"].response_reason
    assert leads["٧"].response == "noted" and leads["٧"].response_reason
    assert Owner.objects.filter(recommendation__event=event, response="pending").count() == 1
    assert not Owner.objects.get(recommendation=recs[0], role="contributing").is_public
    # Each shows one of the schedule's states: overdue, stale, completed, the rest on track.
    by_flag = {}
    for rec in recs:
        by_flag.setdefault(str(schedule.flags([rec], today=TODAY)[rec.pk]), []).append(rec.number)
    assert by_flag["overdue"] == ["٥"] and by_flag["stale"] == ["٢"] and by_flag["done"] == ["٣"]
    assert sorted(by_flag["on_track"]) == ["١", "٤", "٦", "٧", "٨"]
    assert recs[2].status == "completed" and recs[2].progress == 100
    assert all(r.quality == 5 for r in recs), [(r.number, r.quality_missing) for r in recs]

    # The fourth is carried by an action of the Nineveh plan, whose indicator gives its progress.
    youth = Recommendation.objects.get(reference=f"{demo_events.REFERENCE}-R04")
    action = youth.actions.get()
    assert action.plan.place.code == "IQ-NI"
    assert action.lead.name == "Nineveh Sub-committee" and action.end_date == youth.due_date
    assert set(action.goals.all()) == set(youth.goals.all())
    assert youth.updates.count() == 0 and youth.progress == 75  # 3 of 4 centres open, from the indicator

    # An anonymous reader sees the eight, not the private update nor the private owner's name.
    anonymous = AnonymousUser()
    assert permissions.recommendations_visible_to(anonymous, Recommendation.objects.all()).count() == 8
    private = Update.objects.get(recommendation__reference=f"{demo_events.REFERENCE}-R07")
    assert not permissions.updates_visible_to(anonymous, Update.objects.filter(pk=private.pk)).exists()
    hidden = Owner.objects.get(is_public=False, recommendation__event__reference=demo_events.REFERENCE)
    assert hidden.organisation.name == "Office of the National Security Adviser (Iraq)"
