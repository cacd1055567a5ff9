import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEntry
from support.checks import check_free_text
from support.models import Need, SupportRequest
from support.services.needs import update_need

from .helpers import make_desk, make_need, make_request

PHONE = "07701234567"


@pytest.fixture
def desk(reference):
    return make_desk()


def test_a_refused_save_names_the_field_and_leaves_an_audit_entry_without_the_text(desk):
    with pytest.raises(ValidationError) as caught:
        make_need(desk, description=f"The mukhtar can be reached on {PHONE} or mukhtar@example.org")
    errors = caught.value.message_dict
    assert list(errors) == ["description"]
    assert "telephone number" in errors["description"][0] and "e-mail address" in errors["description"][0]
    assert not Need.objects.exists()
    entry = AuditEntry.objects.get(action="support.text_blocked")
    assert entry.actor == desk.focal_point
    assert entry.changes["fields"] == ["description"]
    assert entry.changes["kinds"] == {"description": ["phone", "email"]}
    stored = f"{entry.changes} {entry.object_repr}"
    assert PHONE not in stored and "mukhtar" not in stored


@pytest.mark.parametrize("field", ["title", "description", "result_wanted", "stakeholders", "sponsoring_role"])
def test_every_free_text_field_of_a_request_is_checked(desk, field):
    need = make_need(desk)
    with pytest.raises(ValidationError) as caught:
        make_request(desk, needs=[need], **{field: f"Ask the deputy, ID 199012345678 ({field})"})
    assert list(caught.value.message_dict) == [field]
    assert not SupportRequest.objects.exists()
    entry = AuditEntry.objects.get(action="support.text_blocked")
    assert entry.changes["kinds"] == {field: ["id_number"]} and "199012345678" not in str(entry.changes)


def test_an_edit_refused_is_traced_to_its_record(desk):
    need = make_need(desk)
    with pytest.raises(ValidationError):
        update_need(actor=desk.focal_point, need=need, title=f"Call {PHONE}")
    entry = AuditEntry.objects.get(action="support.text_blocked")
    assert (entry.object_type, entry.object_id) == ("support.need", str(need.pk))
    assert PHONE not in entry.object_repr
    need.refresh_from_db()
    assert PHONE not in need.title


def test_years_dates_budgets_and_counts_pass(desk):
    need = make_need(desk, title="Youth centres since 2024",
                     description="A budget of 1,500,000 IQD from 10/2025 for 120 participants.")
    assert need.pk and not AuditEntry.objects.filter(action="support.text_blocked").exists()


def test_the_check_itself_says_nothing_when_nothing_is_found(desk):
    assert check_free_text(actor=desk.focal_point, record=Need, fields={"description": "2024", "title": None}) \
        is None
