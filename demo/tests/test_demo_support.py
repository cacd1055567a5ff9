"""The demo support desk: a request at every stage, the clocks in each state, and the desk's rules still hold."""

import pytest

from accounts.models import User
from demo.loader import load_demo
from support import permissions, queries
from support.clocks import clock_states
from support.models import Candidate, Engagement, Need, Outcome, OutcomeCheck, Referral, SupportRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    return load_demo()


def test_a_request_at_every_stage(loaded):
    assert loaded["support_requests"] == 9 and loaded["needs"] == 7
    stages = set(SupportRequest.objects.values_list("stage", flat=True))
    assert {"draft", "submitted", "needs_information", "matching", "in_delivery", "delivered", "closed",
            "declined"} <= stages
    radio = SupportRequest.objects.get(stage="in_delivery")
    assert Candidate.objects.filter(request__stage="matching").exists()
    assert Referral.objects.filter(request=radio, status="sent").count() == 1
    assert Engagement.objects.filter(request=radio).get().counts.count() == 2
    closed = SupportRequest.objects.get(stage="closed")
    assert Outcome.objects.filter(request=closed).exists()
    assert OutcomeCheck.objects.filter(request=closed).count() == 2
    assert Need.objects.filter(status="being_addressed").exists()
    assert load_demo()["support_requests"] == 0  # a second load adds nothing


def test_the_clocks_show_each_state(loaded):
    states = {c.state for clocks in clock_states(list(SupportRequest.objects.all())).values() for c in clocks}
    assert {"not_started", "running", "paused", "met", "missed"} <= states


def test_the_queues_and_the_rules(loaded):
    expert, focal, partner = (User.objects.get(username=u) for u in ("expert", "focal", "partner"))
    assert [r.stage for r in queries.awaiting_triage(expert)] == ["submitted", "submitted"]
    assert [r.requester.name for r in queries.overdue(expert)] == ["Al Anbar Sub-committee"]
    assert [r.stage for r in queries.delivered_without_outcome(expert)] == ["delivered"]
    # The Nineveh focal point sees its own requests only; the partner only the one referred to it; the hub
    # never sees a draft.
    mine = permissions.requests_visible_to(focal, SupportRequest.objects.all())
    assert {r.requester.name for r in mine} == {"Nineveh Sub-committee"}
    assert [r.stage for r in permissions.requests_visible_to(partner, SupportRequest.objects.all())] == ["in_delivery"]
    assert not permissions.requests_visible_to(expert, SupportRequest.objects.filter(stage="draft")).exists()
