import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import Role
from core.actors import system
from core.models import AuditEntry
from support.models import Calendar, Reason, Transition
from support.services.desk import delete_row, save_row
from tests.factories import make_user


@pytest.fixture
def administrator(db):
    return make_user(role=Role.ADMINISTRATOR)


def test_only_administrators_keep_the_desk(db, administrator):
    calendar = Calendar.objects.get()
    calendar.working_days = [6, 0, 1, 2, 3, 4]
    for outsider in (make_user(role=Role.NATIONAL_COORDINATOR), make_user(role=Role.HUB_EXPERT)):
        with pytest.raises(PermissionDenied):
            save_row(actor=outsider, obj=calendar, created=False)
    save_row(actor=administrator, obj=calendar, created=False)
    calendar.refresh_from_db()
    assert calendar.working_days == [6, 0, 1, 2, 3, 4]
    entry = AuditEntry.objects.get(action="support.desk.update")
    assert entry.actor == administrator and entry.changes["type"] == "support.calendar"


@pytest.mark.parametrize("days", [[], [7], ["Sunday"], "6,0"])
def test_working_days_are_weekday_numbers(db, administrator, days):
    calendar = Calendar.objects.get()
    calendar.working_days = days
    with pytest.raises(ValidationError) as caught:
        save_row(actor=administrator, obj=calendar, created=False)
    assert "working_days" in caught.value.message_dict
    assert Calendar.objects.get().working_days == [6, 0, 1, 2, 3]


def test_moves_name_known_movers_and_reasons_are_retired_not_deleted(db, administrator):
    move = Transition(from_stage="accepted", to_stage="declined", movers=["director"], reason_kind="decline")
    with pytest.raises(ValidationError) as caught:
        save_row(actor=administrator, obj=move, created=True)
    assert "movers" in caught.value.message_dict
    move.movers = ["hub", "hub"]
    save_row(actor=system("tests"), obj=move, created=True)
    assert Transition.objects.get(pk=move.pk).movers == ["hub"]
    with pytest.raises(ValidationError):
        delete_row(actor=administrator, obj=Reason.objects.first())
    pk = move.pk
    delete_row(actor=administrator, obj=move)
    assert not Transition.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.filter(action="support.desk.delete", object_id=str(pk)).exists()


def test_the_admin_pages_refuse_staff_who_are_not_administrators(client, db):
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR, is_staff=True)
    client.force_login(coordinator)
    assert client.get("/en/admin/support/reason/add/").status_code == 403
    assert client.get("/en/admin/support/supportrequest/add/").status_code == 403
