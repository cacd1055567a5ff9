import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEntry
from support.models import NeedStep, Reason, RequestStep, SupportRequest
from support.services.requests import (
    InvalidMove,
    StaleRequest,
    assign_request,
    move_request,
    run_triage,
    update_request,
)

from .helpers import make_desk, make_need, make_request, move


@pytest.fixture
def desk(reference):
    return make_desk()


def _reason(kind):
    return Reason.objects.filter(kind=kind, active=True).first()


def test_a_request_starts_as_a_draft_with_a_yearly_reference(desk):
    first, second = make_request(desk), make_request(desk)
    year = timezone.localdate().year
    assert (first.reference, second.reference) == (f"SR-{year}-0001", f"SR-{year}-0002")
    assert first.stage == "draft" and first.version == 1 and first.governorate == desk.baghdad
    step = RequestStep.objects.get(request=first)
    assert (step.from_stage, step.to_stage, step.actor) == ("", "draft", desk.focal_point)
    assert AuditEntry.objects.get(action="support.request.create", object_id=str(first.pk)).changes["reference"] \
        == first.reference


def test_a_request_needs_a_need_of_its_own_or_a_visible_one(desk):
    with pytest.raises(ValidationError) as caught:
        make_request(desk, needs=[])
    assert "needs" in caught.value.message_dict
    others = make_need(desk, actor=desk.other_focal_point, owner=desk.other)
    with pytest.raises(ValidationError) as caught:
        make_request(desk, needs=[others])
    assert "needs" in caught.value.message_dict
    assert not SupportRequest.objects.exists()
    # a coordinator sees every need, and may ask about another locality's
    assert make_request(desk, actor=desk.coordinator, needs=[others]).needs.get() == others


def test_who_may_ask(desk):
    for outsider in (AnonymousUser(), desk.partner, desk.other_focal_point):
        with pytest.raises(PermissionDenied):
            make_request(desk, actor=outsider, needs=[make_need(desk)])


@pytest.mark.parametrize("field,value", [
    ("request_type", "money"), ("priority", "asap"), ("mode", "telepathy"), ("languages", ["xx"]),
    ("result_wanted", ""), ("title", ""), ("title", "x" * 301), ("sponsoring_role", "Deputy governor " * 20),
])
def test_bad_input_names_the_field(desk, field, value):
    need = make_need(desk)
    with pytest.raises(ValidationError) as caught:
        make_request(desk, needs=[need], **{field: value})
    assert field in caught.value.message_dict
    assert not SupportRequest.objects.exists()


def test_the_hub_must_be_a_hub(desk):
    with pytest.raises(ValidationError) as caught:
        make_request(desk, hub=desk.other)
    assert "hub" in caught.value.message_dict


def test_the_lifecycle_sets_each_clock_timestamp(desk):
    request = make_request(desk)
    move(request, "submitted", desk.focal_point)
    assert request.submitted_at is not None and request.acknowledged_at is None
    move(request, "triage", desk.expert)
    assert request.acknowledged_at is not None
    assert request.triage["complete"] == {"ok": False, "missing": ["timeframe"]}
    move(request, "accepted", desk.expert, note="Fits the hub's plan")
    assert request.triaged_at is not None
    for stage in ("matching", "plan_agreed", "in_delivery"):
        move(request, stage, desk.expert)
    assert request.delivery_started_at is not None
    move(request, "delivered", desk.expert)
    assert request.delivered_at is not None and request.closed_at is None
    move(request, "closed", desk.expert, reason=_reason("close"))
    request.refresh_from_db()
    assert request.stage == "closed" and request.closed_at is not None and request.version == 9
    steps = list(RequestStep.objects.filter(request=request).values_list("to_stage", flat=True))
    assert steps == ["draft", "submitted", "triage", "accepted", "matching", "plan_agreed", "in_delivery",
                     "delivered", "closed"]
    accepted = RequestStep.objects.get(request=request, to_stage="accepted")
    assert accepted.actor == desk.expert and accepted.note == "Fits the hub's plan"
    assert AuditEntry.objects.filter(action="support.request.move", object_id=str(request.pk)).count() == 8


def test_accepting_puts_its_needs_in_hand(desk):
    need = make_need(desk)
    request = make_request(desk, needs=[need])
    for stage, actor in (("submitted", desk.focal_point), ("triage", desk.expert), ("accepted", desk.expert)):
        move(request, stage, actor)
    need.refresh_from_db()
    assert need.status == "being_addressed"
    step = NeedStep.objects.get(need=need)
    assert request.reference in step.reason and step.actor == desk.expert


def test_who_moves_is_data(desk):
    request = make_request(desk)
    with pytest.raises(PermissionDenied):  # only the requester submits
        move(request, "submitted", desk.coordinator)
    move(request, "submitted", desk.focal_point)
    for outsider in (desk.focal_point, desk.other_focal_point, desk.partner, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            move(request, "triage", outsider)
    request.refresh_from_db()
    assert request.stage == "submitted" and request.version == 2
    with pytest.raises(InvalidMove):  # no such row
        move(request, "delivered", desk.expert)


def test_a_reason_from_the_right_active_list(desk):
    request = make_request(desk)
    move(request, "submitted", desk.focal_point)
    move(request, "triage", desk.expert)
    with pytest.raises(InvalidMove) as caught:
        move(request, "declined", desk.expert)
    assert "reason" in caught.value.message_dict
    with pytest.raises(InvalidMove):
        move(request, "declined", desk.expert, reason=_reason("withdraw"))
    retired = _reason("decline")
    retired.active = False
    retired.save()
    with pytest.raises(InvalidMove):
        move(request, "declined", desk.expert, reason=retired)
    offered = _reason("decline")
    move(request, "declined", desk.expert, reason=offered, note="Outside the region this year")
    step = RequestStep.objects.get(request=request, to_stage="declined")
    assert step.reason == offered and request.triaged_at is not None and request.closed_at is not None


def test_merge_and_redirect_name_their_target(desk):
    keep, duplicate = make_request(desk), make_request(desk)
    for request in (keep, duplicate):
        move(request, "submitted", desk.focal_point)
        move(request, "triage", desk.expert)
    with pytest.raises(InvalidMove) as caught:
        move(duplicate, "merged", desk.expert, reason=_reason("merge"))
    assert "merged_into" in caught.value.message_dict
    move(duplicate, "merged", desk.expert, reason=_reason("merge"), merged_into=keep)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep and duplicate.stage == "merged"
    with pytest.raises(InvalidMove) as caught:
        move(keep, "redirected", desk.expert, reason=_reason("redirect"))
    assert "redirected_to" in caught.value.message_dict
    move(keep, "redirected", desk.expert, reason=_reason("redirect"), redirected_to=desk.partner_org)
    keep.refresh_from_db()
    assert keep.redirected_to == desk.partner_org


def test_two_people_moving_at_once_one_wins_the_other_is_told(desk):
    request = make_request(desk)
    move(request, "submitted", desk.focal_point)
    request.refresh_from_db()
    seen = request.version
    # both read the request at the same version; the expert moves first
    first = SupportRequest.objects.get(pk=request.pk)
    second = SupportRequest.objects.get(pk=request.pk)
    move_request(actor=desk.expert, request=first, to_stage="triage", version=seen)
    steps = RequestStep.objects.count()
    with pytest.raises(StaleRequest) as caught:
        move_request(actor=desk.focal_point, request=second, to_stage="withdrawn", version=seen,
                     reason=_reason("withdraw"))
    name = desk.expert.get_username()
    assert name in caught.value.message and "In triage" in caught.value.message
    request.refresh_from_db()
    assert request.stage == "triage" and request.version == seen + 1 and RequestStep.objects.count() == steps


def test_the_version_guard_refuses_a_write_that_lost_the_race(desk):
    """The guard, not the check before it, decides: the row changed between the read and the write."""
    from support.services import requests as services

    request = make_request(desk)
    with pytest.raises(StaleRequest):
        services._guard(request, request.version + 5, stage="submitted")
    request.refresh_from_db()
    assert request.stage == "draft"


def test_editing_a_request_is_versioned_and_checked(desk):
    request = make_request(desk)
    update_request(actor=desk.focal_point, request=request, version=1, title="Training for 30 youth workers",
                   stakeholders="The governorate's youth directorate, 2025")
    request.refresh_from_db()
    assert request.title == "Training for 30 youth workers" and request.version == 2
    with pytest.raises(StaleRequest):
        update_request(actor=desk.focal_point, request=request, version=1, title="Old view")
    with pytest.raises(ValidationError) as caught:
        update_request(actor=desk.focal_point, request=request, version=2, sponsoring_role="deputy, mail x@y.iq")
    assert list(caught.value.message_dict) == ["sponsoring_role"]
    with pytest.raises(PermissionDenied):
        update_request(actor=desk.other_focal_point, request=request, version=2, title="Mine now")
    move(request, "submitted", desk.focal_point)
    with pytest.raises(PermissionDenied):  # submitted: no longer edited by the requester
        update_request(actor=desk.focal_point, request=request, version=3, title="Late change")


def test_the_note_of_a_move_is_checked_too(desk):
    request = make_request(desk)
    with pytest.raises(ValidationError) as caught:
        move(request, "submitted", desk.focal_point, note="Reach me at +964 770 123 4567")
    assert "note" in caught.value.message_dict
    request.refresh_from_db()
    assert request.stage == "draft"
    assert AuditEntry.objects.get(action="support.text_blocked").changes["fields"] == ["note"]


def test_assign_to_an_expert_of_the_hub(desk):
    request = make_request(desk)
    move(request, "submitted", desk.focal_point)
    assign_request(actor=desk.expert, request=request, user=desk.expert)
    request.refresh_from_db()
    assert request.assigned_to == desk.expert
    with pytest.raises(ValidationError):
        assign_request(actor=desk.expert, request=request, user=desk.partner)
    with pytest.raises(PermissionDenied):
        assign_request(actor=desk.focal_point, request=request, user=desk.expert)


def test_run_triage_stores_the_checks(desk):
    request = make_request(desk)
    move(request, "submitted", desk.focal_point)
    with pytest.raises(PermissionDenied):
        run_triage(actor=desk.focal_point, request=request)
    checks = run_triage(actor=desk.expert, request=request)
    request.refresh_from_db()
    assert request.triage == checks and set(checks) == {"eligible", "complete", "sensitive", "duplicates", "ongoing"}
    assert AuditEntry.objects.filter(action="support.request.triage").count() == 1


def test_a_partner_sees_a_referred_request_but_does_not_move_it(desk):
    import datetime as dt

    from support.models import Referral
    from support.queries import allowed_moves

    request = make_request(desk)
    move(request, "submitted", desk.focal_point)
    Referral.objects.create(request=request, partner=desk.partner_org, scope="Trainers",
                            deadline=dt.date(2027, 1, 31))
    assert allowed_moves(desk.partner, request) == []
    with pytest.raises(PermissionDenied):
        move(request, "triage", desk.partner)
    request.refresh_from_db()
    assert request.stage == "submitted"


def test_references_keep_counting_past_9999(desk):
    from support.services.requests import _next_reference

    request = make_request(desk)
    year = timezone.localdate().year
    SupportRequest.objects.filter(pk=request.pk).update(reference=f"SR-{year}-9999")
    assert _next_reference(year) == f"SR-{year}-10000"
    SupportRequest.objects.filter(pk=request.pk).update(reference=f"SR-{year}-10000")
    assert _next_reference(year) == f"SR-{year}-10001"
    assert _next_reference(year + 1) == f"SR-{year + 1}-0001"
