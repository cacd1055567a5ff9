"""The admin of events: records are read-only (the pages change them); the follow-up settings write through
`services.settings`, administrators only, one row."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import Role
from core.actors import system
from core.models import AuditEntry
from events.models import FollowUpSettings
from events.services.settings import save_settings
from tests.factories import make_event, make_org, make_recommendation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client, reference):
    user = make_user("operator", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True,
                     organisation=make_org("Operators"))
    client.force_login(user)
    return user


def test_records_are_listed_but_not_changed(client, operator):
    convener = make_user(role=Role.LOCAL_FOCAL_POINT)
    event = make_event(convener, title="Mosul roundtable")
    recommendation = make_recommendation(convener, event=event)
    listing = client.get("/en/admin/events/event/")
    assert listing.status_code == 200 and "Mosul roundtable" in listing.content.decode()
    assert recommendation.reference in client.get("/en/admin/events/recommendation/").content.decode()
    for url in ("/en/admin/events/event/add/", "/en/admin/events/recommendation/add/",
                "/en/admin/events/owner/add/", "/en/admin/events/minutes/add/"):
        assert client.get(url).status_code == 403, url
    response = client.post(f"/en/admin/events/event/{event.pk}/change/", {"title": "Taken over"})
    assert response.status_code == 403
    assert client.post(f"/en/admin/events/event/{event.pk}/delete/", {"post": "yes"}).status_code == 403


def test_the_settings_are_kept_in_one_row(operator):
    assert FollowUpSettings.current().stale_after_days == 90 and not FollowUpSettings.objects.exists()
    first = save_settings(actor=operator, settings=FollowUpSettings(), stale_after_days=30)
    second = save_settings(actor=system("setup"), settings=FollowUpSettings(), behind_margin=40)
    assert first.pk == second.pk and FollowUpSettings.objects.count() == 1
    row = FollowUpSettings.current()
    assert (row.stale_after_days, row.remind_before_days, row.behind_margin) == (90, 14, 40)
    entries = AuditEntry.objects.filter(action="events.settings.update").order_by("id")
    assert [e.changes for e in entries] == [
        {"stale_after_days": [None, 30], "remind_before_days": [None, 14], "behind_margin": [None, 25]},
        {"stale_after_days": [30, 90], "behind_margin": [25, 40]}]
    assert entries[1].system_reason == "setup"


def test_settings_are_checked_and_for_administrators_only(operator):
    with pytest.raises(ValidationError) as refused:
        save_settings(actor=operator, settings=FollowUpSettings.current(), behind_margin=150)
    assert set(refused.value.message_dict) == {"behind_margin"}
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    with pytest.raises(PermissionDenied):
        save_settings(actor=coordinator, settings=FollowUpSettings.current(), stale_after_days=30)
    assert not FollowUpSettings.objects.exists()


def test_the_settings_page_is_for_administrators(client, operator):
    assert client.get("/en/admin/events/followupsettings/add/").status_code == 200
    staff = make_user("staff-coordinator", role=Role.NATIONAL_COORDINATOR, is_staff=True)
    client.force_login(staff)
    assert client.get("/en/admin/events/followupsettings/add/").status_code == 403
