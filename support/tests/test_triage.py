import pytest
from django.utils import translation

from accounts.choices import OrganisationKind
from core.actors import system
from directory.services import add_membership
from frameworks.models import Goal
from support.models import Reason, SupportRequest
from support.services.requests import run_triage
from support.triage import describe
from tests.factories import make_org, make_plan

from .helpers import make_desk, make_need, make_request, move

SETUP = system("test setup")


@pytest.fixture
def desk(reference):
    return make_desk()


def _submitted(desk, **fields):
    request = make_request(desk, **fields)
    move(request, "submitted", fields.get("actor") or desk.focal_point)
    return request


def test_eligible_through_the_network_the_hub_supports(desk):
    request = _submitted(desk)
    assert run_triage(actor=desk.expert, request=request)["eligible"] == {"ok": False, "by": ""}
    network = make_org("Strong Cities Network", kind=OrganisationKind.NETWORK)
    add_membership(actor=SETUP, network=network, member=desk.locality, hub=desk.hub, status="member")
    eligible = run_triage(actor=desk.expert, request=request)["eligible"]
    assert eligible == {"ok": True, "by": "network", "network": "Strong Cities Network"}


def test_eligible_through_a_network_the_hub_belongs_to(desk):
    network = make_org("Regional network", kind=OrganisationKind.NETWORK)
    add_membership(actor=SETUP, network=network, member=desk.hub, status="member")
    add_membership(actor=SETUP, network=network, member=desk.locality, status="candidate")
    request = _submitted(desk)
    assert run_triage(actor=desk.expert, request=request)["eligible"]["by"] == "network"


def test_eligible_through_the_hub_s_region(desk):
    desk.hub.place = desk.baghdad
    desk.hub.save()
    request = _submitted(desk, place=desk.karkh)
    assert run_triage(actor=desk.expert, request=request)["eligible"]["by"] == "region"


def test_complete_and_sensitive(desk):
    import datetime as dt

    request = _submitted(desk, timeframe_start=dt.date(2026, 3, 1))
    checks = run_triage(actor=desk.expert, request=request)
    assert checks["complete"] == {"ok": True, "missing": []}
    assert checks["sensitive"] == {"ok": True, "fields": [], "kinds": {}}
    # text written before the check existed (an older import) is shown, not silently kept
    SupportRequest.objects.filter(pk=request.pk).update(stakeholders="Mukhtar, 07701234567", languages=[])
    request.refresh_from_db()
    checks = run_triage(actor=desk.expert, request=request)
    assert checks["sensitive"] == {"ok": False, "fields": ["stakeholders"], "kinds": {"stakeholders": ["phone"]}}
    assert checks["complete"] == {"ok": False, "missing": ["languages"]}
    assert "07701234567" not in str(checks)


def test_duplicates_are_open_requests_of_the_governorate_on_the_same_goals_or_needs(desk):
    need = make_need(desk)
    first = _submitted(desk, needs=[need])
    other_goal = Goal.objects.exclude(pk=desk.goal.pk).first()
    same_need = _submitted(desk, needs=[need], goals=[other_goal])
    same_goal = _submitted(desk, place=desk.karkh)
    make_request(desk)  # a draft is nobody's duplicate
    elsewhere = make_need(desk, actor=desk.other_focal_point, owner=desk.other, place=desk.other.place)
    _submitted(desk, actor=desk.other_focal_point, requester=desk.other, place=desk.other.place, needs=[elsewhere])
    found = run_triage(actor=desk.expert, request=first)["duplicates"]
    assert found["ok"] is False
    assert {row["id"] for row in found["requests"]} == {same_need.pk, same_goal.pk}
    move(same_goal, "withdrawn", desk.focal_point, reason=Reason.objects.filter(kind="withdraw").first())
    assert {row["id"] for row in run_triage(actor=desk.expert, request=first)["duplicates"]["requests"]} == {
        same_need.pk}


def test_ongoing_work_from_the_register(desk):
    plan = make_plan(desk.focal_point, owner=desk.locality)
    goal = plan.actions.get().goals.get()
    request = _submitted(desk, goals=[goal])
    ongoing = run_triage(actor=desk.expert, request=request)["ongoing"]
    assert ongoing["ok"] is False and ongoing["count"] == 1
    assert ongoing["rows"] == [{"source": "action", "organisation": "Baghdad sub-committee", "goal": goal.number}]
    elsewhere = _submitted(desk, actor=desk.other_focal_point, requester=desk.other, place=desk.other.place,
                           goals=[goal], needs=[make_need(desk, actor=desk.other_focal_point, owner=desk.other,
                                                          place=desk.other.place)])
    assert run_triage(actor=desk.coordinator, request=elsewhere)["ongoing"] == {"ok": True, "rows": [], "count": 0}


def test_each_check_has_a_sentence_in_the_reader_s_language(desk):
    request = _submitted(desk)
    checks = run_triage(actor=desk.expert, request=request)
    rows = describe(checks)
    assert [name for name, _ok, _text in rows] == ["eligible", "complete", "sensitive", "duplicates", "ongoing"]
    assert dict((n, t) for n, _o, t in rows)["complete"] == "Incomplete: timeframe missing."
    with translation.override("ar"):
        arabic = describe(checks)
    assert all(text for _n, _o, text in arabic)
