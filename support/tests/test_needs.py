import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEntry
from places.models import Place
from support.models import Need, NeedStep
from support.services.needs import change_need_status, link_need_actions, update_need
from tests.factories import make_plan

from .helpers import make_desk, make_need


@pytest.fixture
def desk(reference):
    return make_desk()


def test_a_need_is_recorded_with_its_governorate_and_audited(desk):
    need = make_need(desk, place=desk.karkh, groups=["youth", "women", "youth"], priority_rank=2)
    need.refresh_from_db()
    assert need.governorate == desk.baghdad and need.place == desk.karkh
    assert need.status == "identified" and need.groups == ["youth", "women"] and need.priority_rank == 2
    assert list(need.goals.all()) == [desk.goal]
    entry = AuditEntry.objects.get(action="support.need.create", object_id=str(need.pk))
    assert entry.actor == desk.focal_point and entry.changes["severity"] == [None, 3]


@pytest.mark.parametrize("field,value", [
    ("severity", 0), ("severity", 6), ("severity", "3"), ("groups", ["Ahmed's family"]), ("theme", "unknown"),
    ("source", "rumour"), ("title", "  "), ("priority_rank", 0), ("title", "y" * 301),
])
def test_bad_input_names_the_field_and_writes_nothing(desk, field, value):
    with pytest.raises(ValidationError) as caught:
        make_need(desk, **{field: value})
    assert field in caught.value.message_dict
    assert not Need.objects.exists()


def test_the_place_is_a_governorate_or_a_district(desk):
    with pytest.raises(ValidationError) as caught:
        make_need(desk, place=Place.objects.get(code="IQ"))
    assert "governorate or a district" in caught.value.message_dict["place"][0]


def test_who_may_record_a_need(desk):
    for outsider in (AnonymousUser(), desk.partner, desk.other_focal_point):
        with pytest.raises(PermissionDenied):
            make_need(desk, actor=outsider)
    assert make_need(desk, actor=desk.coordinator).owner == desk.locality
    assert make_need(desk, actor=desk.expert, hub=desk.hub).hub == desk.hub
    with pytest.raises(PermissionDenied):  # a hub expert records for a locality only as its hub
        make_need(desk, actor=desk.expert)


def test_status_moves_need_a_reason_and_keep_a_step(desk):
    need = make_need(desk)
    with pytest.raises(ValidationError) as caught:
        change_need_status(actor=desk.focal_point, need=need, status="validated", reason=" ")
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        change_need_status(actor=desk.focal_point, need=need, status="met", reason="Done")
    assert "status" in caught.value.message_dict
    change_need_status(actor=desk.focal_point, need=need, status="validated", reason="Confirmed at the meeting")
    step = NeedStep.objects.get(need=need)
    assert (step.from_status, step.to_status, step.actor, step.reason) == (
        "identified", "validated", desk.focal_point, "Confirmed at the meeting")
    assert AuditEntry.objects.get(action="support.need.status").changes["status"] == ["identified", "validated"]
    with pytest.raises(PermissionDenied):
        change_need_status(actor=desk.other_focal_point, need=need, status="identified", reason="No")


def test_update_checks_free_text_and_other_organisations(desk):
    need = make_need(desk)
    update_need(actor=desk.focal_point, need=need, severity=5, description="Budget 1,500,000 IQD in 2024")
    need.refresh_from_db()
    assert need.severity == 5
    with pytest.raises(ValidationError) as caught:
        update_need(actor=desk.focal_point, need=need, description="Call the imam on 07701234567")
    assert list(caught.value.message_dict) == ["description"]
    need.refresh_from_db()
    assert need.description == "Budget 1,500,000 IQD in 2024"
    with pytest.raises(PermissionDenied):
        update_need(actor=desk.other_focal_point, need=need, severity=1)


def test_linking_plan_actions_only_those_the_actor_sees(desk):
    need = make_need(desk)
    own_plan = make_plan(desk.focal_point)
    other_plan = make_plan(desk.other_focal_point, place_code="IQ-AN")
    link_need_actions(actor=desk.focal_point, need=need, actions=own_plan.actions.all())
    assert set(need.actions.all()) == set(own_plan.actions.all())
    with pytest.raises(ValidationError) as caught:
        link_need_actions(actor=desk.focal_point, need=need, actions=other_plan.actions.all())
    assert "actions" in caught.value.message_dict
    assert AuditEntry.objects.filter(action="support.need.actions").count() == 1


def test_evidence_files_are_checked_and_audited(desk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from support.services.needs import add_need_evidence

    need = make_need(desk)
    pdf = SimpleUploadedFile("consultation.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    evidence = add_need_evidence(actor=desk.focal_point, need=need, file=pdf, title="Consultation report 2025")
    assert evidence.need == need and evidence.uploaded_by == desk.focal_point
    assert AuditEntry.objects.get(action="support.need.evidence").changes["title"] == "Consultation report 2025"
    renamed = SimpleUploadedFile("photo.pdf", b"\x89PNG\r\n\x1a\n....", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        add_need_evidence(actor=desk.focal_point, need=need, file=renamed, title="Photo")
    assert "file" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        add_need_evidence(actor=desk.focal_point, need=need, title="Call 07701234567",
                          file=SimpleUploadedFile("notes.txt", b"notes"))
    assert "title" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        add_need_evidence(actor=desk.partner, need=need, file=SimpleUploadedFile("a.txt", b"x"), title="x")
    assert need.evidence.count() == 1
