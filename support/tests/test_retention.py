import datetime as dt

import pytest
from django.utils import timezone

from core import retention
from core.models import AuditEntry
from support.models import Reason, RequestStep, SupportRequest

from .helpers import make_desk, make_request, move


@pytest.fixture
def desk(reference):
    return make_desk()


def _withdrawn(desk, years_ago: float):
    request = make_request(desk, description="Context of the request", stakeholders="Youth directorate",
                           sponsoring_role="Deputy governor")
    move(request, "submitted", desk.focal_point, note="Sent after the council met")
    move(request, "withdrawn", desk.focal_point, reason=Reason.objects.filter(kind="withdraw").first(),
         note="Resolved by the council")
    SupportRequest.objects.filter(pk=request.pk).update(
        closed_at=timezone.now() - dt.timedelta(days=int(365 * years_ago)))
    return request


def test_the_free_text_of_ended_requests_is_cleared_after_the_set_period(desk, settings):
    assert {r.name for r in retention.RULES} >= {"support_request_text", "support_move_notes"}
    old, recent = _withdrawn(desk, 4), _withdrawn(desk, 1)
    open_request = make_request(desk, stakeholders="Still needed")
    done = retention.purge()
    assert done["support_request_text"] == 1 and done["support_move_notes"] == 2
    old.refresh_from_db()
    assert (old.description, old.stakeholders, old.sponsoring_role) == ("", "", "")
    assert old.title and old.result_wanted and old.stage == "withdrawn"  # what the counts and register need
    assert set(RequestStep.objects.filter(request=old).values_list("note", flat=True)) == {""}
    recent.refresh_from_db()
    assert recent.stakeholders == "Youth directorate"
    assert "Resolved by the council" in RequestStep.objects.filter(request=recent).values_list("note", flat=True)
    open_request.refresh_from_db()
    assert open_request.stakeholders == "Still needed"
    assert AuditEntry.objects.filter(action="retention.purge", changes__rule="support_request_text").exists()
    assert retention.purge()["support_request_text"] == 0  # nothing left to forget


def test_the_period_is_a_setting(desk, settings):
    from support import retention as support_retention

    settings.WIQAYA_SUPPORT_TEXT_DAYS = 30
    support_retention.register()
    try:
        recent = _withdrawn(desk, 0.5)
        assert retention.purge()["support_request_text"] == 1
        recent.refresh_from_db()
        assert recent.stakeholders == ""
    finally:
        settings.WIQAYA_SUPPORT_TEXT_DAYS = 3 * 365
        support_retention.register()
