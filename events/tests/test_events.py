"""Events through their services: reference, governorate, participation counts, documents, minutes, publication,
the version guard, and who may write."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.choices import OrganisationKind, Role
from core.models import AuditEntry
from events.models import Event, Minutes, Participation, Recommendation, Step
from events.services import events as services
from events.services.common import StaleRecord
from events.services.recommendations import publish_recommendation
from places.models import Place
from tests.factories import make_event, make_org, make_recommendation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def convener(reference):
    return make_user("convener", role=Role.LOCAL_FOCAL_POINT, organisation=make_org("Baghdad council",
                                                                                   kind=OrganisationKind.LOCAL_GOVERNMENT),
                     first_name="Huda", last_name="Karim")


def test_an_event_gets_its_reference_and_governorate_and_is_audited(convener):
    district = Place.objects.get(code="IQ-BG-D-KARKH")
    event = make_event(convener, place_code=district.code, year=2024, audiences=["local_governments"],
                       description="Councils and youth groups.")
    assert event.reference == "EVT-2024-BG"
    assert event.governorate.code == "IQ-BG" and event.place == district
    assert list(event.conveners.values_list("name", flat=True)) == ["Baghdad council"]
    assert event.version == 1 and event.created_by == convener
    entry = AuditEntry.objects.get(action="events.event.create")
    assert entry.actor == convener and entry.changes["reference"] == [None, "EVT-2024-BG"]
    second = make_event(convener, year=2024)
    third = make_event(convener, year=2024)
    online = make_event(convener, place_code=None, year=2024)
    assert [second.reference, third.reference, online.reference] == ["EVT-2024-BG-2", "EVT-2024-BG-3", "EVT-2024-ONL"]
    assert online.governorate is None


def test_an_event_is_refused_naming_the_field(convener):
    with pytest.raises(ValidationError) as refused:
        make_event(convener, start_date=dt.date(2025, 3, 5), end_date=dt.date(2025, 3, 1))
    assert set(refused.value.message_dict) == {"end_date"}
    with pytest.raises(ValidationError) as refused:
        make_event(convener, audiences=["everyone"])
    assert set(refused.value.message_dict) == {"audiences"}
    with pytest.raises(ValidationError) as refused:
        make_event(convener, description="Call the organiser on 07701234567 to register.")
    assert set(refused.value.message_dict) == {"description"}
    assert AuditEntry.objects.filter(action="support.text_blocked").count() == 1
    assert not Event.objects.exists()


def test_only_members_record_events_for_their_own_organisation(convener):
    stranger = make_user(role=Role.PARTNER)
    with pytest.raises(ValidationError) as refused:
        make_event(stranger, conveners=[make_org("Someone else")])
    assert "conveners" in refused.value.message_dict
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        make_event(AnonymousUser(), conveners=[make_org()])
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    assert make_event(coordinator, conveners=[make_org("Any NGO")]).pk


def test_update_counts_versions_and_refuses_a_stale_write(convener):
    event = make_event(convener)
    other = make_user("colleague", role=Role.LOCAL_FOCAL_POINT, organisation=event.conveners.get(),
                      first_name="Ali", last_name="Hassan")
    services.update_event(actor=other, event=Event.objects.get(pk=event.pk), version=1, title="Youth roundtable")
    assert Event.objects.get(pk=event.pk).version == 2
    with pytest.raises(StaleRecord) as stale:
        services.update_event(actor=convener, event=event, version=1, title="My title")
    assert "Ali Hassan" in stale.value.message and "changed this record" in stale.value.message
    event.refresh_from_db()
    assert event.title == "Youth roundtable" and event.version == 2
    entry = AuditEntry.objects.get(action="events.event.update")
    assert entry.actor == other and entry.changes["title"][1] == "Youth roundtable"
    services.update_event(actor=convener, event=event, version=2, title="Final title")
    assert Event.objects.get(pk=event.pk).version == 3


def test_others_may_not_change_an_event(convener):
    event = make_event(convener)
    stranger = make_user(role=Role.PARTNER)
    with pytest.raises(PermissionDenied):
        services.update_event(actor=stranger, event=event, title="Taken over")
    with pytest.raises(PermissionDenied):
        services.set_participation(actor=stranger, event=event, organisation=make_org(), participants=3)


def test_participation_counts_and_refuses_more_women_or_youth_than_participants(convener):
    event = make_event(convener)
    ngo = make_org("Youth NGO", kind=OrganisationKind.NGO)
    row = services.set_participation(actor=convener, event=event, organisation=ngo, participants=12, women=5,
                                     youth=7)
    assert (row.kind, row.participants, row.women, row.youth) == ("ngo", 12, 5, 7)
    again = services.set_participation(actor=convener, event=event, organisation=ngo, participants=10, women=4)
    assert again.pk == row.pk and Participation.objects.count() == 1 and again.youth == 0
    assert AuditEntry.objects.filter(action="events.participation.set").latest("id").changes["participants"] == [12, 10]
    with pytest.raises(ValidationError) as refused:
        services.set_participation(actor=convener, event=event, organisation=ngo, participants=10, women=11)
    assert set(refused.value.message_dict) == {"women"}
    assert "10" in refused.value.message_dict["women"][0]
    with pytest.raises(ValidationError) as refused:
        services.set_participation(actor=convener, event=event, organisation=ngo, participants=3, youth=4)
    assert set(refused.value.message_dict) == {"youth"}
    with pytest.raises(ValidationError) as refused:
        services.set_participation(actor=convener, event=event, organisation=ngo, participants=0)
    assert set(refused.value.message_dict) == {"participants"}
    assert Participation.objects.get().participants == 10
    services.remove_participation(actor=convener, participation=again)
    assert not Participation.objects.exists()
    assert AuditEntry.objects.filter(action="events.participation.remove").exists()


def test_documents_are_checked_like_other_uploads(convener):
    event = make_event(convener)
    pdf = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 agenda", content_type="application/pdf")
    document = services.add_event_document(actor=convener, event=event, file=pdf, title="Agenda", is_public=True)
    assert document.size == len(b"%PDF-1.4 agenda") and document.is_public and document.created_by == convener
    fake = SimpleUploadedFile("report.pdf", b"PK\x03\x04 not a pdf")
    with pytest.raises(ValidationError) as refused:
        services.add_event_document(actor=convener, event=event, file=fake, title="Report")
    assert set(refused.value.message_dict) == {"file"}
    assert event.documents.count() == 1


def test_minutes_are_drafted_approved_and_published_only_when_approved(convener):
    event = make_event(convener)
    minutes = services.save_minutes(actor=convener, event=event, text="Participants agreed on five points.",
                                    outcomes="A working group.")
    assert (minutes.status, minutes.version, minutes.drafted_by) == ("draft", 1, convener)
    with pytest.raises(ValidationError) as refused:
        services.publish_event(actor=convener, event=event, is_public=True, minutes_public=True)
    assert set(refused.value.message_dict) == {"minutes_public"}
    assert not Event.objects.get(pk=event.pk).is_public
    participant_org = make_org("Participant NGO")
    services.set_participation(actor=convener, event=event, organisation=participant_org, participants=2)
    participant = make_user(role=Role.PARTNER, organisation=participant_org)
    with pytest.raises(PermissionDenied):
        services.approve_minutes(actor=participant, event=event)
    approved = services.approve_minutes(actor=convener, event=event)
    assert approved.status == "approved" and approved.approved_by == convener and approved.approved_at
    services.publish_event(actor=convener, event=event, is_public=True, minutes_public=True)
    event.refresh_from_db()
    assert event.is_public and event.published_at and Minutes.objects.get().is_public
    assert AuditEntry.objects.get(action="events.event.publish").changes["minutes_public"] == [False, True]
    # Editing approved minutes returns them to draft and unpublishes them.
    published = Minutes.objects.get()
    edited = services.save_minutes(actor=convener, event=event, text="Participants agreed on six points.",
                                   version=published.version)
    assert (edited.status, edited.is_public, edited.approved_by) == ("draft", False, None)
    with pytest.raises(StaleRecord) as stale:
        services.save_minutes(actor=convener, event=event, text="Older text.", version=published.version)
    assert "Huda Karim" in stale.value.message
    assert Minutes.objects.get().text == "Participants agreed on six points."


def test_minutes_with_contact_details_are_refused(convener):
    event = make_event(convener)
    with pytest.raises(ValidationError) as refused:
        services.save_minutes(actor=convener, event=event, text="Write to someone@example.org for the slides.")
    assert set(refused.value.message_dict) == {"text"}
    assert not Minutes.objects.exists()


def test_unpublishing_an_event_unpublishes_its_recommendations(convener):
    event = make_event(convener)
    services.publish_event(actor=convener, event=event, is_public=True)
    first = make_recommendation(convener, event=event)
    second = make_recommendation(convener, event=event)
    for recommendation in (first, second):
        publish_recommendation(actor=convener, recommendation=recommendation, is_public=True)
    assert Recommendation.objects.filter(is_public=True).count() == 2
    services.publish_event(actor=convener, event=Event.objects.get(pk=event.pk), is_public=False)
    assert Recommendation.objects.filter(is_public=True).count() == 0
    entry = AuditEntry.objects.get(action="events.event.unpublish")
    assert sorted(entry.changes["recommendations_withdrawn"]) == sorted([first.reference, second.reference])
    withdrawn = Step.objects.filter(kind="published", to_value="private")
    assert withdrawn.count() == 2 and not withdrawn.filter(is_public=True).exists()
