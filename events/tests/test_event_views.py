"""The event pages: who sees what (conveners, another organisation, a coordinator, an anonymous reader), the
participation table and its totals, minutes by status, documents, the forms with their field errors, publishing —
in English and Arabic."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEntry
from events.models import Event, EventDocument, Minutes, Participation

from .pages_world import (
    DRAFT,
    DRAFT_MINUTES,
    PRIVATE_DOC,
    PUBLIC,
    PUBLIC_DOC,
    PUBLIC_MINUTES,
    shared_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_world(django_db_blocker, tmp_path_factory.mktemp("media")) as world:
        yield world


@pytest.fixture
def _media_root(w, settings):
    """The module's world keeps its files in its own folder: every test reads them there."""


def url(name, *args, lang="en"):
    return f"/{lang}" + reverse(f"events:{name}", args=args).removeprefix("/en")


def get(client, user, address):
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    return client.get(address)


def post(client, user, address, data=None):
    client.force_login(user)
    return client.post(address, data or {})


# --- the list ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_anonymous_reader_lists_only_published_events(client, w, lang):
    response = get(client, None, url("list", lang=lang))
    body = response.content.decode()
    assert response.status_code == 200
    assert PUBLIC in body and DRAFT not in body
    assert response.context["total"] == 1
    # 17 people from 3 organisations, in the reader's language
    assert ("17 people from 3 organisations" if lang == "en" else "17 مشاركًا من 3 منظمات") in body
    assert ('lang="ar" dir="rtl"' in body) == (lang == "ar")


def test_conveners_list_their_unpublished_events_and_filters_narrow_the_list(client, w):
    response = get(client, w.focal, url("list"))
    assert {e.title for e in response.context["events"]} == {PUBLIC, DRAFT}
    assert 'data-testid="new-event"' in response.content.decode()
    for query, expected in [("kind=workshop", {DRAFT}), ("year=2024", {PUBLIC}), ("published=no", {DRAFT}),
                            ("published=yes", {PUBLIC}), (f"convener={w.org.pk}", {PUBLIC, DRAFT}),
                            ("q=Baghdad", {PUBLIC})]:
        response = client.get(url("list") + "?" + query)
        assert {e.title for e in response.context["events"]} == expected, query


def test_another_organisation_does_not_see_an_unpublished_event(client, w):
    response = get(client, w.other, url("list"))
    assert {e.title for e in response.context["events"]} == {PUBLIC}


def test_an_empty_list_says_what_to_do(client, w):
    from tests.factories import make_user

    Event.objects.filter(is_public=True).update(is_public=False)
    anonymous = client.get(url("list")).content.decode()
    assert "No event is published yet." in anonymous
    member = get(client, make_user("lonely"), url("list")).content.decode()
    assert "Use “Record an event”" in member


# --- an event's page -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_public_page_shows_facts_participation_minutes_and_recommendations(client, w, lang):
    response = get(client, None, url("event", w.public.pk, lang=lang))
    body = response.content.decode()
    assert response.status_code == 200
    assert PUBLIC in body and w.public.reference in body
    assert "Al-Noor Hub" in body  # the convener
    figures = response.context["figures"]
    assert figures["totals"] == {"participants": 17, "women": 6, "youth": 5, "organisations": 3}
    by_kind = {g["kind"]: (g["organisations"], g["participants"], g["women"], g["youth"]) for g in figures["by_kind"]}
    assert by_kind == {"hub": (1, 5, 2, 1), "local_government": (1, 8, 3, 0), "network": (1, 4, 1, 4)}
    assert body.count('data-testid="participation-row"') == 3
    assert PUBLIC_MINUTES in body  # approved and published
    assert PUBLIC_DOC in body and PRIVATE_DOC not in body
    assert [row["rec"].pk for row in response.context["recommendations"]] == [w.rec.pk]
    assert w.rec.reference in body
    assert 'data-testid="edit-event"' not in body and 'data-testid="publish-card"' not in body
    if lang == "ar":
        assert "المشاركة" in body and "محضر الاجتماع والنتائج" in body
    else:
        assert "17 participants from 3 organisations, of whom 6 women and 5 youth." in body


def test_conveners_see_drafts_private_documents_and_the_managing_buttons(client, w):
    body = get(client, w.focal, url("event", w.public.pk)).content.decode()
    assert PRIVATE_DOC in body and 'data-testid="edit-event"' in body and 'data-testid="unpublish"' in body
    assert "An unpublished recommendation of the roundtable." in body
    draft = get(client, w.focal, url("event", w.draft.pk))
    assert DRAFT_MINUTES in draft.content.decode()
    assert 'data-testid="approve-minutes"' in draft.content.decode()


def test_a_participant_sees_the_event_but_not_draft_minutes(client, w):
    from events.services.events import save_minutes

    save_minutes(actor=w.focal, event=w.public, text="Changed minutes, a draft again", lang="en",
                 version=w.public.minutes.version)
    body = get(client, w.other, url("event", w.public.pk)).content.decode()
    assert PUBLIC in body and "Changed minutes" not in body and PUBLIC_MINUTES not in body
    assert "The minutes are not published." in body


def test_an_unpublished_event_of_another_organisation_is_not_found_and_the_probe_is_recorded(client, w):
    response = get(client, w.other, url("event", w.draft.pk))
    assert response.status_code == 404
    assert DRAFT not in response.content.decode()
    assert AuditEntry.objects.filter(action="access.withheld", changes__id=str(w.draft.pk)).exists()
    assert get(client, None, url("event", w.draft.pk)).status_code == 404


def test_the_follow_up_link_is_left_out_until_its_page_exists(client, w):
    from django.urls import NoReverseMatch

    response = get(client, None, url("event", w.public.pk))
    try:
        expected = reverse("events:event-follow-up", args=[w.public.pk])
    except NoReverseMatch:
        expected = ""
    assert response.context["follow_up_url"] == expected
    assert ('data-testid="event-follow-up"' in response.content.decode()) == bool(expected)


# --- the event form ------------------------------------------------------------------------------------------------

def test_a_member_records_an_event_for_its_own_organisation(client, w):
    from places.models import Place

    place = Place.objects.get(code="IQ-BA")
    response = post(client, w.other, url("event-create"), {
        "title": "Peer exchange in Basra", "kind": "peer_exchange", "lang": "en", "start_date": "2025-09-01",
        "end_date": "2025-09-02", "status": "planned", "conveners": [w.other_org.pk], "place": place.pk,
        "audiences": ["partners"]})
    event = Event.objects.get(title="Peer exchange in Basra")
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert list(event.conveners.all()) == [w.other_org]
    assert event.reference == "EVT-2025-BA" and event.audiences == ["partners"]


def test_the_form_offers_only_the_members_own_organisations_as_conveners(client, w):
    response = get(client, w.other, url("event-create"))
    assert list(response.context["form"].fields["conveners"].queryset) == [w.other_org]
    response = client.post(url("event-create"), {
        "title": "Someone else's event", "kind": "workshop", "lang": "en", "start_date": "2025-09-01",
        "end_date": "2025-09-01", "status": "planned", "conveners": [w.org.pk], "online": "on"})
    assert response.status_code == 200
    assert "conveners" in response.context["form"].errors
    assert not Event.objects.filter(title="Someone else's event").exists()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_bad_dates_and_a_missing_place_are_named_on_their_fields(client, w, lang):
    response = post(client, w.focal, url("event-create", lang=lang), {
        "title": "Dates the wrong way", "kind": "workshop", "lang": "en", "start_date": "2025-09-05",
        "end_date": "2025-09-01", "status": "planned", "conveners": [w.org.pk]})
    form = response.context["form"]
    assert set(form.errors) >= {"end_date", "place"}
    body = response.content.decode()
    expected = "The last day comes before the first day." if lang == "en" else "اليوم الأخير يسبق اليوم الأول."
    assert expected in body


def test_another_organisation_may_not_edit_a_published_event(client, w):
    assert get(client, w.other, url("event-edit", w.public.pk)).status_code == 403
    assert get(client, w.other, url("event-edit", w.draft.pk)).status_code == 404


def test_an_edit_from_a_stale_page_is_refused_and_says_so(client, w):
    data = {"title": "Renamed roundtable", "kind": "roundtable", "lang": "en", "start_date": "2024-03-01",
            "end_date": "2024-03-02", "status": "held", "conveners": [w.org.pk], "place": w.public.place_id,
            "version": w.public.version - 1}
    response = post(client, w.focal, url("event-edit", w.public.pk), data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Event.objects.get(pk=w.public.pk).title == PUBLIC
    data["version"] = w.public.version
    response = client.post(url("event-edit", w.public.pk), data)
    assert response.status_code == 302
    assert Event.objects.get(pk=w.public.pk).title == "Renamed roundtable"


# --- participation -------------------------------------------------------------------------------------------------

def test_participation_is_saved_with_the_organisations_type(client, w):
    response = post(client, w.focal, url("participation", w.draft.pk),
                    {"organisation": w.council.pk, "participants": "12", "women": "5", "youth": "٣"})
    assert response.status_code == 302
    row = Participation.objects.get(event=w.draft, organisation=w.council)
    assert (row.kind, row.participants, row.women, row.youth) == ("local_government", 12, 5, 3)
    body = client.get(url("participation", w.draft.pk)).content.decode()
    assert "Baghdad Provincial Council" in body and "Local government" in body


@pytest.mark.parametrize(("field", "lang", "message"), [
    ("women", "en", "More women than participants (4)."),
    ("youth", "en", "More youth than participants (4)."),
    ("women", "ar", "عدد النساء أكبر من عدد المشاركين (4)."),
])
def test_more_women_or_youth_than_participants_is_refused_on_that_field(client, w, field, lang, message):
    data = {"organisation": w.council.pk, "participants": "4", "women": "0", "youth": "0", field: "9"}
    response = post(client, w.focal, url("participation", w.draft.pk, lang=lang), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert message in response.content.decode()
    assert not Participation.objects.filter(event=w.draft).exists()


def test_a_participation_row_is_removed_by_the_conveners_only(client, w):
    row = Participation.objects.get(event=w.public, organisation=w.council)
    assert post(client, w.other, url("participation-remove", row.pk)).status_code == 403
    assert post(client, w.focal, url("participation-remove", row.pk)).status_code == 302
    assert not Participation.objects.filter(pk=row.pk).exists()


# --- documents -----------------------------------------------------------------------------------------------------

def test_documents_download_through_their_visibility(client, w):
    assert get(client, None, url("document", w.public_doc.pk)).status_code == 200
    assert get(client, None, url("document", w.private_doc.pk)).status_code == 404
    assert get(client, w.other, url("document", w.private_doc.pk)).status_code == 200  # it took part
    response = get(client, w.focal, url("document", w.private_doc.pk))
    assert b"".join(response.streaming_content) == b"Counts by organisation."


def test_an_upload_of_the_wrong_kind_is_refused_with_the_files_name(client, w):
    client.force_login(w.focal)
    response = client.post(url("documents", w.draft.pk), {
        "title": "A picture", "file": SimpleUploadedFile("photo.exe", b"MZ binary")}, follow=True)
    body = response.content.decode()
    assert "photo.exe" in body and "No document was added" in body
    assert not EventDocument.objects.filter(event=w.draft).exists()
    client.post(url("documents", w.draft.pk), {"title": "Agenda", "file": SimpleUploadedFile("agenda.txt", b"1. Open")})
    assert EventDocument.objects.filter(event=w.draft, title="Agenda").exists()


# --- minutes and publishing ---------------------------------------------------------------------------------------

def test_minutes_are_drafted_approved_and_published_with_the_event(client, w):
    response = post(client, w.focal, url("minutes", w.draft.pk), {
        "text": "What the workshop said.", "outcomes": "Three next steps.", "lang": "en",
        "version": Minutes.objects.get(event=w.draft).version})
    assert response.status_code == 302
    assert get(client, w.other, url("event", w.draft.pk)).status_code == 404
    client.force_login(w.focal)
    assert client.post(url("minutes-approve", w.draft.pk)).status_code == 302
    assert Minutes.objects.get(event=w.draft).status == "approved"
    client.post(url("publish", w.draft.pk), {"is_public": "1", "minutes_public": "1"})
    body = get(client, None, url("event", w.draft.pk)).content.decode()
    assert "What the workshop said." in body and "Three next steps." in body


def test_empty_minutes_are_refused_on_their_field(client, w):
    response = post(client, w.focal, url("minutes", w.draft.pk), {"text": "", "lang": "en"})
    assert response.status_code == 200 and "text" in response.context["form"].errors


def test_only_conveners_publish_and_withdrawing_hides_the_event(client, w):
    assert post(client, w.other, url("publish", w.public.pk), {"is_public": ""}).status_code == 403
    response = post(client, w.focal, url("publish", w.public.pk), {"is_public": ""})
    assert response.status_code == 302
    assert not Event.objects.get(pk=w.public.pk).is_public
    assert get(client, None, url("event", w.public.pk)).status_code == 404
    w.rec.refresh_from_db()
    assert not w.rec.is_public  # its recommendations were withdrawn with it


def test_a_coordinator_manages_any_event(client, w):
    body = get(client, w.coordinator, url("event", w.draft.pk)).content.decode()
    assert DRAFT_MINUTES in body and 'data-testid="edit-event"' in body
    assert dt.date(2025, 3, 1) == w.draft.start_date


# --- the start page ------------------------------------------------------------------------------------------------

def test_the_start_page_lists_minutes_to_approve_and_counts_responses_awaited(client, w):
    from tests.factories import make_user

    body = get(client, w.focal, "/en/start/").content.decode()
    assert 'data-testid="start-events"' in body
    assert body.count('data-testid="start-minutes-item"') == 1 and DRAFT in body
    council_member = make_user("council-member", organisation=w.council)
    body = get(client, council_member, "/ar/start/").content.decode()
    assert 'data-testid="start-minutes-item"' not in body
    assert "توصية واحدة بانتظار ردّ منظمتك." in body  # the lead's response to the published one
    assert 'data-testid="start-events"' not in get(client, w.other, "/en/start/").content.decode()
