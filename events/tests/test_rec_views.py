"""The recommendation pages: who sees what (owners, the convener, another organisation, an anonymous reader), a
private owner shown by its type only, private updates and evidence kept from outsiders, each owner answering for
its own row only, forms that name the field, in English and Arabic."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Recommendation

from .rec_world import (
    DRAFT_TEXT,
    OTHER_TEXT,
    PRIVATE_FILE,
    PRIVATE_OWNER,
    PRIVATE_UPDATE,
    PUBLIC_FILE,
    PUBLIC_UPDATE,
    build,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(reference):
    return build()


def url(name, *args, lang="en"):
    with translation.override("en"):
        return f"/{lang}" + reverse(f"events:{name}", args=args).removeprefix("/en")


def get(client, user, address):
    if user is not None:
        client.force_login(user)
    return client.get(address)


# --- the list ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_anonymous_reader_lists_only_published_recommendations(client, w, lang):
    response = client.get(url("recommendations", lang=lang))
    body = response.content.decode()
    assert response.status_code == 200
    assert w.published.reference in body and w.completed.reference in body
    assert w.draft.reference not in body and DRAFT_TEXT not in body and OTHER_TEXT not in body
    assert PRIVATE_OWNER not in body
    assert ('lang="ar" dir="rtl"' in body) == (lang == "ar")


def test_an_owner_lists_its_unpublished_recommendation_but_not_another_conveners(client, w):
    body = get(client, w.users["owner"], url("recommendations")).content.decode()
    assert DRAFT_TEXT in body and OTHER_TEXT not in body


def test_the_list_filters_by_status_response_governorate_and_quality(client, w):
    client.force_login(w.users["convener"])
    base = url("recommendations")
    completed = client.get(base + "?status=completed").content.decode()
    assert w.completed.reference in completed and w.published.reference not in completed
    accepted = client.get(base + "?response=accepted").content.decode()
    assert w.completed.reference in accepted and w.draft.reference not in accepted
    from places.models import Place

    baghdad = Place.objects.get(code="IQ-BG")
    in_baghdad = client.get(base + f"?governorate={baghdad.pk}").content.decode()
    assert w.published.reference in in_baghdad and w.completed.reference not in in_baghdad
    ready = client.get(base + "?quality=complete").content.decode()
    assert w.completed.reference in ready and w.published.reference not in ready
    assert 'data-testid="empty"' in client.get(base + "?q=nothing-like-this").content.decode()


# --- a recommendation's page ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_anonymous_reader_sees_a_published_recommendation_without_private_owner_or_evidence(client, w, lang):
    response = client.get(url("recommendation", w.published.pk, lang=lang))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'lang="en" dir="auto"' in body and "Train municipal staff" in body
    assert "Nineveh Governorate Office" in body
    assert PRIVATE_OWNER not in body and "Outside our mandate" not in body
    assert ("UN agency" if lang == "en" else "وكالة") in body  # the private owner shows by its type only
    assert PUBLIC_UPDATE in body and PUBLIC_FILE in body
    assert PRIVATE_UPDATE not in body and PRIVATE_FILE not in body and "private-update-photo" not in body
    assert "Forty staff trained" in body


def test_an_unpublished_recommendation_is_not_found_for_anonymous_readers_and_other_organisations(client, w):
    assert client.get(url("recommendation", w.draft.pk)).status_code == 404
    assert get(client, w.users["other"], url("recommendation", w.draft.pk)).status_code == 404
    client.logout()
    assert get(client, w.users["owner"], url("recommendation", w.other_draft.pk)).status_code == 404


def test_an_owner_sees_private_owners_updates_and_evidence(client, w):
    body = get(client, w.users["owner"], url("recommendation", w.published.pk)).content.decode()
    assert PRIVATE_OWNER in body and "Outside our mandate" in body
    assert PRIVATE_UPDATE in body and PRIVATE_FILE in body


def test_another_organisations_member_sees_the_published_page_as_the_public_does(client, w):
    body = get(client, w.users["other"], url("recommendation", w.published.pk)).content.decode()
    assert PRIVATE_OWNER not in body and PRIVATE_UPDATE not in body and PRIVATE_FILE not in body
    assert 'data-testid="respond"' not in body and 'data-testid="edit"' not in body


def test_evidence_downloads_follow_the_evidence_rules(client, w):
    assert client.get(url("evidence", w.public_file.pk)).status_code == 200
    assert client.get(url("evidence", w.private_file.pk)).status_code == 404
    assert client.get(url("evidence", w.private_update_file.pk)).status_code == 404
    assert get(client, w.users["owner"], url("evidence", w.private_file.pk)).status_code == 200


def test_each_owner_gets_the_answer_button_on_its_own_row_only(client, w):
    body = get(client, w.users["owner"], url("recommendation", w.published.pk)).content.decode()
    assert url("respond", w.lead.pk).removeprefix("/en") in body
    assert url("respond", w.private_owner.pk).removeprefix("/en") not in body


def test_an_owner_may_not_answer_for_another_owner(client, w):
    client.force_login(w.users["owner"])
    assert client.get(url("respond", w.private_owner.pk)).status_code == 403
    response = client.post(url("respond", w.private_owner.pk), {"response": "accepted"})
    assert response.status_code == 403
    w.private_owner.refresh_from_db()
    assert w.private_owner.response == "declined"
    assert client.get(url("respond", w.lead.pk)).status_code == 200


def test_an_owner_row_of_an_unseen_recommendation_is_not_found(client, w):
    other_owner = w.other_draft.owners.create(organisation=w.other_org, role="lead")
    assert get(client, w.users["owner"], url("respond", other_owner.pk)).status_code == 404


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_declined_response_without_a_reason_names_the_reason_field(client, w, lang):
    client.force_login(w.users["owner"])
    response = client.post(url("respond", w.lead.pk, lang=lang), {"response": "declined", "reason": " "})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["reason"]
    w.lead.refresh_from_db()
    assert w.lead.response == "pending"


def test_a_superseded_status_needs_its_reason_and_successor(client, w):
    client.force_login(w.users["convener"])
    response = client.post(url("status", w.published.pk), {"status": "superseded", "version": w.published.version})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"reason", "successor"}


def test_the_forms_are_refused_to_those_who_may_not_use_them(client, w):
    client.force_login(w.users["other"])
    assert client.get(url("recommendation-edit", w.published.pk)).status_code == 403
    assert client.get(url("owners", w.published.pk)).status_code == 403
    assert client.get(url("status", w.published.pk)).status_code == 403
    assert client.get(url("update-create", w.published.pk)).status_code == 403
    assert client.post(url("recommendation-publish", w.published.pk), {}).status_code == 403
    assert client.get(url("recommendation-edit", w.draft.pk)).status_code == 404
    assert client.get(url("recommendation-create", w.event.pk)).status_code == 403


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_convener_opens_every_form_in_both_languages(client, w, lang):
    client.force_login(w.users["convener"])
    for name in ("recommendation-edit", "owners", "status", "delay", "update-create", "link-action",
                 "create-action"):
        response = client.get(url(name, w.published.pk, lang=lang))
        assert response.status_code == 200, name
    assert client.get(url("recommendation-create", w.event.pk, lang=lang)).status_code == 200
    assert client.get(url("recommendation-create", lang=lang)).status_code == 200


def test_two_leads_are_refused_on_the_second_lead(client, w):
    client.force_login(w.users["convener"])
    data = {"owners-TOTAL_FORMS": "2", "owners-INITIAL_FORMS": "2",
            "owners-0-organisation": w.owner_org.pk, "owners-0-role": "lead", "owners-0-is_public": "on",
            "owners-1-organisation": w.other_org.pk, "owners-1-role": "lead", "owners-1-is_public": "on"}
    response = client.post(url("owners", w.published.pk), data)
    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.forms[1].errors == {"role": [formset.forms[1].errors["role"][0]]}
    assert w.published.owners.count() == 2  # unchanged


# --- the queues ------------------------------------------------------------------------------------------------

def test_the_owners_queue_lists_pending_responses_first(client, w):
    w.completed.status = "in_progress"
    w.completed.save()
    body = get(client, w.users["owner"], url("queue")).content.decode()
    assert body.index(w.published.reference) < body.index(w.completed.reference)
    assert body.index(w.draft.reference) < body.index(w.completed.reference)
    assert OTHER_TEXT not in body
    rows = client.get(url("queue")).context["rows"]
    assert [r.pending for r in rows] == [True, True, False]
    assert body.count('data-testid="respond"') == 2


def test_the_owners_queue_of_an_organisation_without_recommendations_is_empty(client, w):
    body = get(client, w.users["other"], url("queue")).content.decode()
    assert 'data-testid="empty"' in body


def test_the_quality_queue_lists_what_the_user_manages_and_what_is_missing(client, w):
    response = get(client, w.users["convener"], url("quality-queue"))
    references = [row["rec"].reference for row in response.context["rows"]]
    assert sorted(references) == sorted([w.published.reference, w.draft.reference])
    assert "a due date" in response.content.decode()
    client.logout()
    assert get(client, w.users["other"], url("quality-queue")).context["rows"] == [
        row for row in get(client, w.users["other"], url("quality-queue")).context["rows"]
        if row["rec"].event_id == w.other_event.pk]


def test_anonymous_readers_are_sent_to_log_in_for_the_queues(client, w):
    assert client.get(url("queue")).status_code == 302
    assert client.get(url("quality-queue")).status_code == 302
    assert Recommendation.objects.count() == 4


# --- writing through the pages (the services behind them) ----------------------------------------------------

def test_a_convener_records_a_recommendation_of_the_event_then_names_its_owners(client, w):
    client.force_login(w.users["convener"])
    response = client.post(url("recommendation-create", w.event.pk), {
        "text": "تدريب موظفي البلديات على الحوار المجتمعي", "lang": "ar", "priority": "high",
        "due_date": "2027-01-31", "done_when": "Forty staff trained"})
    created = Recommendation.objects.get(text__startswith="تدريب")
    assert response.status_code == 302 and response["Location"].endswith(url("owners", created.pk))
    assert created.event == w.event and created.reference.startswith("EVT-2026-BGD-R")
    data = {"owners-TOTAL_FORMS": "2", "owners-INITIAL_FORMS": "0",
            "owners-0-organisation": w.owner_org.pk, "owners-0-role": "lead", "owners-0-is_public": "on",
            "owners-1-organisation": w.private_org.pk, "owners-1-role": "contributing"}
    assert client.post(url("owners", created.pk), data).status_code == 302
    owners = {o.organisation_id: (o.role, o.is_public) for o in created.owners.all()}
    assert owners == {w.owner_org.pk: ("lead", True), w.private_org.pk: ("contributing", False)}
    page = client.get(url("recommendation", created.pk, lang="ar")).content.decode()
    assert 'lang="ar" dir="auto"' in page and "تدريب موظفي البلديات" in page


def test_a_form_error_of_the_service_names_the_field(client, w):
    client.force_login(w.users["convener"])
    response = client.post(url("recommendation-create", w.event.pk), {
        "text": "Call 07701234567 to join", "lang": "en", "priority": "medium"})
    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    assert not Recommendation.objects.filter(text__startswith="Call").exists()


def test_an_owner_answers_for_its_own_row(client, w):
    client.force_login(w.users["owner"])
    response = client.post(url("respond", w.lead.pk), {"response": "partly_accepted", "reason": "Budget for half"})
    assert response.status_code == 302
    w.lead.refresh_from_db()
    assert (w.lead.response, w.lead.response_reason) == ("partly_accepted", "Budget for half")
    w.private_owner.refresh_from_db()
    assert w.private_owner.response == "declined"


def test_a_stale_edit_keeps_the_text_typed_and_says_who_changed_it(client, w):
    from events.services.recommendations import update_recommendation

    client.force_login(w.users["convener"])
    form = client.get(url("recommendation-edit", w.published.pk)).context["form"]
    version = form["version"].value()
    update_recommendation(actor=w.users["coordinator"], recommendation=Recommendation.objects.get(pk=w.published.pk),
                          version=version, rationale="Changed meanwhile by the coordinator")
    typed = "Train municipal staff and school councils in community dialogue"
    response = client.post(url("recommendation-edit", w.published.pk), {
        "version": version, "text": typed, "lang": "en", "priority": "medium", "issued_on": "2026-03-02"})
    assert response.status_code == 200
    body = response.content.decode()
    assert typed in body and "coordinator" in body
    assert response.context["form"].non_field_errors()
    w.published.refresh_from_db()
    assert w.published.text != typed and w.published.rationale == "Changed meanwhile by the coordinator"


def test_the_lead_sets_the_status_and_a_superseded_one_links_its_successor(client, w):
    client.force_login(w.users["owner"])
    response = client.post(url("status", w.published.pk), {
        "status": "superseded", "reason": "Merged into the national plan", "successor": w.completed.pk,
        "version": w.published.version})
    assert response.status_code == 302
    w.published.refresh_from_db()
    assert (w.published.status, w.published.successor_id) == ("superseded", w.completed.pk)
    client.logout()
    page = client.get(url("recommendation", w.published.pk)).content.decode()
    assert 'data-testid="successor"' in page and w.completed.reference in page


def test_an_update_with_public_and_private_evidence(client, w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(w.users["owner"])
    response = client.post(url("update-create", w.published.pk), {
        "organisation": w.owner_org.pk, "date": "2026-06-01", "progress": "60", "text": "Twenty-four staff trained",
        "lang": "en", "is_public": "on",
        "public_evidence": [SimpleUploadedFile("training-agenda.txt", b"agenda", content_type="text/plain")],
        "private_evidence": [SimpleUploadedFile("sign-in-totals.txt", b"totals", content_type="text/plain")]})
    assert response.status_code == 302, response.context and response.context["form"].errors
    client.logout()
    page = client.get(url("recommendation", w.published.pk)).content.decode()
    assert "Twenty-four staff trained" in page and "training-agenda.txt" in page
    assert "sign-in-totals.txt" not in page
    assert client.get(url("recommendations")).context["rows"][0]["progress"] in {60, None, 0}


def test_the_convener_publishes_a_draft_and_anonymous_readers_then_see_it(client, w):
    assert client.get(url("recommendation", w.draft.pk)).status_code == 404
    client.force_login(w.users["convener"])
    assert client.post(url("recommendation-publish", w.draft.pk), {"is_public": "1"}).status_code == 302
    client.logout()
    assert DRAFT_TEXT in client.get(url("recommendation", w.draft.pk)).content.decode()


def test_turning_a_recommendation_into_a_plan_action_shows_the_action_and_its_progress(client, w):
    from plans.models import Action
    from tests.factories import make_plan

    plan = make_plan(w.users["owner"], place_code="IQ-NI", actions=0, title="Nineveh local plan")
    client.force_login(w.users["owner"])
    form = client.get(url("create-action", w.published.pk)).context["form"]
    assert list(form.fields["plan"].queryset) == [plan]
    assert form["title"].value() == w.published.text
    response = client.post(url("create-action", w.published.pk), {"plan": plan.pk, "title": "Train staff"})
    assert response.status_code == 302
    action = Action.objects.get(plan=plan, title="Train staff")
    page = client.get(url("recommendation", w.published.pk)).content.decode()
    assert 'data-testid="linked-actions"' in page and action.get_absolute_url() in page
    assert 'data-testid="add-update"' not in page  # progress now comes from the action


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_user_text_on_the_recommendation_pages_is_isolated(client, w, lang):
    """Names, titles and texts sit in <bdi> or an element with its own dir (tests/test_isolation.py's check)."""
    from tests.test_isolation import MARKER, bare_user_text

    w.owner_org.name = f"{MARKER} Nineveh Office"
    w.owner_org.save()
    w.private_org.name = f"{MARKER} Quiet Trust"
    w.private_org.save()
    w.event.title = f"{MARKER} roundtable"
    w.event.save()
    Recommendation.objects.filter(pk=w.published.pk).update(
        text=f"{MARKER} train staff", rationale=f"{MARKER} why", done_when=f"{MARKER} forty trained",
        behind_reason=f"{MARKER} rooms", status_reason=f"{MARKER} reason")
    w.private_owner.response_reason = f"{MARKER} mandate"
    w.private_owner.save()
    w.published.steps.update(reason=f"{MARKER} step reason")
    w.published.updates.update(text=f"{MARKER} update")
    client.force_login(w.users["owner"])
    for address in [url("recommendation", w.published.pk, lang=lang), url("recommendations", lang=lang),
                    url("accountability", lang=lang), url("event-follow-up", w.event.pk, lang=lang),
                    url("queue", lang=lang), url("respond", w.lead.pk, lang=lang),
                    url("status", w.published.pk, lang=lang), url("update-create", w.published.pk, lang=lang)]:
        html = client.get(address).content.decode()
        assert MARKER in html, address
        assert bare_user_text(html) == [], address
