"""The desk's pages: who sees what (own organisation, another, a hub expert of another hub, a partner to which
part of a request was referred, a coordinator, an anonymous reader), forms with their field errors, the
stale-move message and the public counts — in English and Arabic."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from support.choices import Stage
from support.models import Need, SupportRequest

from .pages_world import OTHER, OWN, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(reference):
    return build()


def page(client, user, url, lang="en"):
    if user is not None:
        client.force_login(user)
    return client.get(f"/{lang}{url}" if not url.startswith(f"/{lang}/") else url)


def url(name, *args):
    return reverse(f"support:{name}", args=args).removeprefix("/en")


# --- needs ---------------------------------------------------------------------------------------------------

def test_a_locality_lists_its_own_needs_and_not_another_organisations(client, w):
    response = page(client, w.focal, url("needs"))
    body = response.content.decode()
    assert response.status_code == 200
    assert OWN in body and OTHER not in body
    assert response.context["total"] == 1


def test_a_need_of_another_organisation_is_not_found_and_the_probe_is_recorded(client, w):
    response = page(client, w.focal, url("need", w.other_need.pk))
    assert response.status_code == 404
    assert OTHER not in response.content.decode()
    assert AuditEntry.objects.filter(action="access.withheld", changes__id=str(w.other_need.pk)).exists()


def test_the_need_page_shows_the_history_requests_and_the_status_form(client, w):
    response = page(client, w.focal, url("need", w.need.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert w.request.reference in body  # the request that asks about it
    assert 'data-testid="need-status-form"' in body
    # identified → validated or no longer relevant: the form offers exactly the allowed moves
    assert [c[0] for c in response.context["status_form"].fields["status"].choices] == [
        "validated", "no_longer_relevant"]


def test_a_hub_expert_sees_the_needs_its_hubs_requests_are_about_but_not_another_hubs(client, w):
    assert page(client, w.expert, url("need", w.need.pk)).status_code == 200
    client.logout()
    assert page(client, w.other_expert, url("need", w.need.pk)).status_code == 404


def test_the_need_form_names_each_missing_field(client, w):
    client.force_login(w.focal)
    response = client.post("/en" + url("need-create"), {"title": ""})
    assert response.status_code == 200
    form = response.context["form"]
    assert {"title", "place", "theme", "source", "severity"} <= set(form.errors)
    assert 'data-testid="error-summary"' in response.content.decode() or "field-invalid" in response.content.decode()
    assert Need.objects.count() == 2  # nothing written


def test_a_partner_may_not_record_a_need(client, w):
    assert page(client, w.partner, url("need-create")).status_code == 403


def test_the_needs_list_leads_to_the_assessment_import_for_those_who_may_import(client, w):
    body = page(client, w.focal, url("needs")).content.decode()
    assert 'data-testid="import-needs"' in body and "/support/needs/import/" in body
    client.logout()
    assert 'data-testid="import-needs"' not in page(client, w.partner, url("needs")).content.decode()


# --- requests --------------------------------------------------------------------------------------------------

def test_the_requests_list_shows_the_localitys_own_requests_only(client, w):
    response = page(client, w.focal, url("requests"))
    body = response.content.decode()
    assert response.status_code == 200
    assert OWN in body and OTHER not in body
    assert [r.pk for r in response.context["requests"]] == [w.request.pk]


def test_the_requests_list_filters_by_stage(client, w):
    response = page(client, w.coordinator, url("requests") + "?stage=draft")
    assert response.status_code == 200
    assert response.context["total"] == 0
    response = page(client, w.coordinator, url("requests") + "?stage=submitted")
    assert response.context["total"] == 2


def test_each_role_sees_the_request_page_it_should(client, w):
    cases = [(w.focal, 200), (w.expert, 200), (w.coordinator, 200), (w.other_focal, 404), (w.other_expert, 404),
             (w.outsider, 404)]
    for user, status in cases:
        client.logout()
        response = page(client, user, url("request", w.request.pk))
        assert response.status_code == status, user.username
        assert (OWN in response.content.decode()) == (status == 200), user.username


def test_an_anonymous_reader_is_sent_to_log_in(client, w):
    response = client.get("/en" + url("request", w.request.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert OWN not in response.content.decode()


def test_a_partner_sees_only_the_referral_and_the_requests_title_place_type_and_result(client, w):
    response = page(client, w.partner, url("request", w.request.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert w.request.title in body and "Councils trained" in body and "Training" in body
    assert f"{OWN}-request-description" not in body  # the description stays with the locality and the hub
    assert w.need.title not in body
    assert 'data-testid="moves"' not in body
    # and the partner cannot reach the parts of the page behind it
    assert page(client, w.partner, url("request-edit", w.request.pk)).status_code == 404
    assert page(client, w.partner, url("request-refer", w.request.pk)).status_code == 404


def test_the_partner_answers_its_referral_and_a_decline_needs_a_reason(client, w):
    client.force_login(w.partner)
    response = client.post("/en" + url("referral", w.referral.pk), {"accept": "no", "feedback": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    w.referral.refresh_from_db()
    assert w.referral.status == "sent"
    # another organisation's member does not see the referral at all
    client.force_login(w.outsider)
    assert client.get("/en" + url("referral", w.referral.pk)).status_code == 404


def test_the_request_page_shows_the_timeline_and_three_clocks(client, w):
    response = page(client, w.expert, url("request", w.request.pk))
    body = response.content.decode()
    assert 'data-testid="request-timeline"' in body
    assert body.count('data-testid="step"') == 1
    assert body.count('data-testid="clock"') == 3


def test_the_request_form_names_each_missing_field_and_writes_nothing(client, w):
    client.force_login(w.focal)
    response = client.post("/en" + url("request-create"), {"title": "x"})
    assert response.status_code == 200
    assert {"needs", "place", "request_type", "result_wanted"} <= set(response.context["form"].errors)
    assert SupportRequest.objects.count() == 2


def test_the_request_form_offers_only_the_localitys_own_needs(client, w):
    response = page(client, w.focal, url("request-create") + f"?need={w.need.pk}")
    needs = response.context["form"].fields["needs"].queryset
    assert list(needs) == [w.need]
    assert OTHER not in response.content.decode()


def test_a_request_is_edited_only_while_a_draft_or_needing_information(client, w):
    assert page(client, w.focal, url("request-edit", w.request.pk)).status_code == 403
    SupportRequest.objects.filter(pk=w.request.pk).update(stage=Stage.NEEDS_INFORMATION)
    assert page(client, w.focal, url("request-edit", w.request.pk)).status_code == 200


# --- the hub's queue, experts, register, public ----------------------------------------------------------------

def test_the_queue_is_the_hubs(client, w):
    response = page(client, w.expert, url("queue"))
    body = response.content.decode()
    assert response.status_code == 200
    assert OWN in body and OTHER not in body
    client.logout()
    assert page(client, w.focal, url("queue")).status_code == 403


def test_the_queue_tabs_answer(client, w):
    for tab in ("triage", "overdue", "no_outcome"):
        response = page(client, w.coordinator, url("queue") + f"?tab={tab}")
        assert response.status_code == 200
        assert response.context["tab"] == tab


def test_the_expert_pool_is_for_hub_experts_and_coordinators(client, w):
    assert page(client, w.expert, url("experts")).status_code == 200
    client.logout()
    assert page(client, w.focal, url("experts")).status_code == 403
    client.logout()
    response = page(client, w.expert, url("expert-create"))
    assert response.status_code == 200
    assert list(response.context["form"].fields["hub"].queryset) == [w.hub]


def test_the_public_page_shows_counts_only_to_anyone(client, w):
    response = client.get("/en" + url("public"))
    body = response.content.decode()
    assert response.status_code == 200
    assert OWN not in body and OTHER not in body
    assert w.request.reference not in body


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_pages_answer_in_both_languages_with_user_text_isolated(client, w, lang):
    client.force_login(w.coordinator)
    for address in [url("needs"), url("need", w.need.pk), url("requests"), url("request", w.request.pk),
                    url("queue"), url("experts"), url("register"), url("public"), url("referrals")]:
        response = client.get(f"/{lang}{address}")
        assert response.status_code == 200, address
        assert f'lang="{lang}"' in response.content.decode()[:400]


def test_the_menu_offers_the_desk_to_those_who_use_it(client, w):
    body = page(client, w.focal, url("needs")).content.decode()
    assert 'data-testid="nav-support"' in body
    client.logout()
    body = client.get("/en" + url("public")).content.decode()
    assert 'data-testid="nav-support"' not in body
    assert 'data-testid="footer-support-public"' in body


# --- writing through the pages (support.services) ---------------------------------------------------------------

def test_a_focal_point_records_a_need_once_even_when_the_form_is_sent_twice(client, w):
    client.force_login(w.focal)
    form = client.get("/en" + url("need-create")).content.decode()
    token = form.split('name="form_token" value="', 1)[1].split('"', 1)[0] if 'name="form_token"' in form else ""
    data = {"title": "Returnees need safe spaces", "lang": "en", "owner": w.locality.pk, "place": w.ninewa.pk,
            "theme": "reintegration", "source": "consultation", "severity": "3", "groups": ["returnees", "youth"],
            "description": "Heard at the district consultation.", "form_token": token}
    first = client.post("/en" + url("need-create"), data)
    second = client.post("/en" + url("need-create"), data)
    need = Need.objects.get(title="Returnees need safe spaces")
    assert first.status_code == 302 and first["Location"].endswith(url("need", need.pk))
    assert second.status_code == 302
    assert Need.objects.filter(title="Returnees need safe spaces").count() == 1
    assert need.groups == ["returnees", "youth"] and need.governorate == w.ninewa


def test_a_need_with_a_telephone_number_is_refused_on_its_field(client, w):
    client.force_login(w.focal)
    response = client.post("/en" + url("need-create"), {
        "title": "Youth centre", "lang": "en", "owner": w.locality.pk, "place": w.ninewa.pk, "theme": "youth",
        "source": "event", "severity": "2", "description": "Call the mukhtar on 07701234567 for details."})
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert not Need.objects.filter(title="Youth centre").exists()


def test_changing_a_needs_status_needs_a_reason_and_shows_in_its_history(client, w):
    client.force_login(w.focal)
    client.post("/en" + url("need-status", w.need.pk), {"status": "validated", "reason": ""})
    w.need.refresh_from_db()
    assert w.need.status == "identified"
    client.post("/en" + url("need-status", w.need.pk), {"status": "validated", "reason": "Confirmed by the council"})
    w.need.refresh_from_db()
    assert w.need.status == "validated"
    body = client.get("/en" + url("need", w.need.pk)).content.decode()
    assert "Confirmed by the council" in body


def test_a_draft_request_is_written_and_then_submitted_from_its_page(client, w):
    client.force_login(w.focal)
    response = client.post("/en" + url("request-create"), {
        "title": "Mentoring for the youth council", "lang": "en", "requester": w.locality.pk, "hub": w.hub.pk,
        "place": w.ninewa.pk, "needs": [w.need.pk], "request_type": "technical_assistance", "priority": "normal",
        "result_wanted": "A council that meets monthly", "mode": "online", "languages": ["ar", "en"]})
    obj = SupportRequest.objects.get(title="Mentoring for the youth council")
    assert response.status_code == 302 and obj.stage == Stage.DRAFT
    page_body = client.get("/en" + url("request", obj.pk)).content.decode()
    assert 'data-testid="move-form-submitted"' in page_body
    client.post("/en" + url("request-move", obj.pk), {"to_stage": "submitted", "version": obj.version})
    obj.refresh_from_db()
    assert obj.stage == Stage.SUBMITTED and obj.submitted_at is not None


def test_a_move_that_needs_a_reason_offers_the_list(client, w):
    response = page(client, w.focal, url("request", w.request.pk))
    body = response.content.decode()
    assert 'data-testid="reason-withdrawn"' in body  # withdrawing needs a reason from the list


def test_a_stale_move_says_who_moved_it_meanwhile_and_keeps_the_note(client, w):
    from support.services.requests import move_request

    seen_version = w.request.version
    move_request(actor=w.coordinator, request=SupportRequest.objects.get(pk=w.request.pk), to_stage="triage",
                 version=seen_version)
    client.force_login(w.expert)
    response = client.post("/en" + url("request-move", w.request.pk),
                           {"to_stage": "triage", "version": seen_version, "note": "Looks complete to me"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "desk-coordinator moved this request to “In triage” meanwhile" in body
    assert "Looks complete to me" in body  # what the expert typed is still there
    assert SupportRequest.objects.get(pk=w.request.pk).steps.count() == 2  # nothing written twice


def test_the_triage_panel_shows_the_stored_checks_in_sentences(client, w):
    from support.services.requests import move_request

    move_request(actor=w.expert, request=SupportRequest.objects.get(pk=w.request.pk), to_stage="triage",
                 version=w.request.version)
    body = page(client, w.expert, url("request", w.request.pk)).content.decode()
    assert 'data-testid="triage-line"' in body
    assert "No contact details found in the free text." in body


def test_the_public_page_counts_by_type_and_hides_small_groups(client, w, settings):
    settings.WIQAYA_MIN_CELL_SIZE = 2
    response = client.get("/en" + url("public"))
    rows = {t["key"]: dict(t["rows"]) for t in response.context["tables"]}
    assert rows["type"] == {"Training": 2}
    assert rows["governorate"] == {w.ninewa.name: "< 2", w.basra.name: "< 2"}


def _to_stage(w, stage):
    """Move the own request along the default moves to `stage` as the hub expert (a coordinator where the
    requester moves)."""
    from support.services.requests import move_request

    path = ["triage", "accepted", "matching", "plan_agreed", "in_delivery", "delivered"]
    for step in path[:path.index(stage) + 1]:
        obj = SupportRequest.objects.get(pk=w.request.pk)
        move_request(actor=w.expert, request=obj, to_stage=step, version=obj.version)
    return SupportRequest.objects.get(pk=w.request.pk)


def test_the_hub_logs_an_engagement_with_counts_and_next_steps(client, w):
    obj = _to_stage(w, "in_delivery")
    client.force_login(w.expert)
    data = {"date": "2026-11-02", "engagement_type": "workshop", "mode": "in_person", "duration_hours": "3",
            "language": "ar", "summary": "First workshop with the youth council.",
            "counts-TOTAL_FORMS": "3", "counts-INITIAL_FORMS": "0",
            "counts-0-organisation_kind": "committee", "counts-0-participants": "12", "counts-0-women": "5",
            "counts-0-youth": "7", "steps-TOTAL_FORMS": "2", "steps-INITIAL_FORMS": "0",
            "steps-0-party": "locality", "steps-0-owner": w.locality.pk, "steps-0-text": "Share the minutes",
            "steps-0-due": "2026-11-20"}
    response = client.post("/en" + url("engagement-create", obj.pk), data)
    assert response.status_code == 302
    engagement = obj.engagements.get()
    assert [(c.organisation_kind, c.participants, c.women, c.youth) for c in engagement.counts.all()] == [
        ("committee", 12, 5, 7)]
    body = client.get("/en" + url("request", obj.pk)).content.decode()
    assert "Share the minutes" in body and 'data-testid="engagement"' in body


@pytest.mark.parametrize(("lang", "committee", "ngo", "women"), [
    ("en", "Committee / sub-committee", "NGO / civil society", "(women <bdi>5</bdi>, youth <bdi>7</bdi>)"),
    ("ar", "لجنة / لجنة فرعية", "منظمة غير حكومية / مجتمع مدني", "(النساء <bdi>5</bdi>، الشباب <bdi>7</bdi>)")])
def test_the_delivery_log_names_the_type_of_organisation_of_each_count(client, w, lang, committee, ngo, women):
    """The counts are stored by code; the request's page shows the type in the reader's words, not "ngo", and
    the women and youth among them with the language's comma."""
    import datetime as dt

    from support.services.delivery import log_engagement

    obj = _to_stage(w, "in_delivery")
    log_engagement(actor=w.expert, request=obj, date=dt.date(2026, 11, 2), engagement_type="workshop",
                   mode="in_person", duration_hours=3, language="ar",
                   counts=[{"organisation_kind": "committee", "participants": 12, "women": 5, "youth": 7},
                           {"organisation_kind": "ngo", "participants": 8, "women": 4, "youth": 6}])
    body = page(client, w.focal, url("request", obj.pk), lang).content.decode()
    assert f'<span data-testid="count-kind">{committee}</span>: <bdi>12</bdi>' in body
    assert f'<span data-testid="count-kind">{ngo}</span>: <bdi>8</bdi>' in body
    assert ">ngo<" not in body and ">committee<" not in body
    assert women in body


def test_the_outcome_reads_left_to_right_and_the_locality_is_asked_to_answer_the_checks(client, w):
    """"4/5" and "+3" are left-to-right islands (an Arabic page showed "5/4"); the locality's link to an outcome
    check says "answer", the hub's says it waits for the answer."""
    from support.services.delivery import record_outcome

    obj = _to_stage(w, "delivered")
    record_outcome(actor=w.focal, request=obj, rating=4, need_met="partly", what_changed="The council met twice.")
    address, need_address = url("request", obj.pk), url("need", w.need.pk)  # before an Arabic page is read
    body = page(client, w.focal, address, "ar").content.decode()
    assert '<bdi dir="ltr" data-testid="rating">4/5</bdi>' in body
    assert body.count('<li data-testid="outcome-check"><bdi dir="ltr">+') == 2
    checks = list(obj.outcome_checks.order_by("months"))
    english = page(client, w.focal, address).content.decode()
    assert english.count(">answer</a>") == 2 and "waiting for the answer" not in english
    hub = page(client, w.expert, address).content.decode()
    assert hub.count(">waiting for the answer</a>") == len(checks) == 2
    need = page(client, w.focal, need_address, "ar").content.decode()
    assert f'<bdi dir="ltr" data-testid="need-severity">{w.need.severity}/5</bdi>' in need


def test_more_women_than_participants_is_refused_on_the_row(client, w):
    obj = _to_stage(w, "in_delivery")
    client.force_login(w.expert)
    response = client.post("/en" + url("engagement-create", obj.pk), {
        "date": "2026-11-02", "engagement_type": "workshop", "mode": "online", "duration_hours": "1",
        "language": "en", "counts-TOTAL_FORMS": "1", "counts-INITIAL_FORMS": "0",
        "counts-0-organisation_kind": "ngo", "counts-0-participants": "3", "counts-0-women": "9",
        "steps-TOTAL_FORMS": "0", "steps-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    assert "women" in response.context["counts"].forms[0].errors
    assert not obj.engagements.exists()


def test_the_hub_refers_part_and_the_partner_accepts(client, w):
    obj = _to_stage(w, "matching")
    client.force_login(w.expert)
    response = client.post("/en" + url("request-refer", obj.pk), {
        "partner": w.partner_org.pk, "scope": "Trainers for two sessions",
        "deadline": (timezone.localdate() + dt.timedelta(days=14)).isoformat()})  # a day after today, always
    assert response.status_code == 302
    referral = obj.referrals.get(scope="Trainers for two sessions")
    client.force_login(w.partner)
    response = client.post("/en" + url("referral", referral.pk), {"accept": "yes", "feedback": "Two trainers"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "accepted" and referral.feedback == "Two trainers"
    # the locality reads the answer on its request's page
    client.force_login(w.focal)
    assert "Two trainers" in client.get("/en" + url("request", obj.pk)).content.decode()


def test_the_locality_records_the_outcome_once_delivered(client, w):
    obj = _to_stage(w, "delivered")
    client.force_login(w.focal)
    body = client.get("/en" + url("request", obj.pk)).content.decode()
    assert 'data-testid="record-outcome"' in body
    response = client.post("/en" + url("outcome", obj.pk), {"rating": "4", "need_met": "partly",
                                                           "what_changed": "The council now meets monthly."})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.outcome.rating == 4
    assert sorted(obj.outcome_checks.values_list("months", flat=True)) == [3, 6]
    response = client.post("/en" + url("outcome", obj.pk), {"rating": "9"})
    assert response.status_code == 200 and "rating" in response.context["form"].errors


# --- the start page and search ----------------------------------------------------------------------------------

def test_the_start_page_shows_a_focal_point_what_waits_on_it(client, w):
    SupportRequest.objects.filter(pk=w.request.pk).update(stage=Stage.NEEDS_INFORMATION)
    body = page(client, w.focal, "/start/").content.decode()
    assert 'data-testid="start-support-requests"' in body
    assert w.request.reference in body and "the hub needs more information" in body
    assert w.other_request.reference not in body


def test_the_start_page_shows_a_hub_expert_its_hubs_triage(client, w):
    response = page(client, w.expert, "/start/")
    body = response.content.decode()
    assert 'data-testid="start-support-queue"' in body
    assert 'data-testid="start-triage-count">1<' in body
    assert w.request.reference in body and w.other_request.reference not in body
    client.logout()
    assert 'start-support-queue' not in page(client, w.focal, "/start/").content.decode()


def test_needs_and_requests_are_found_only_by_those_who_may_see_them(w):
    from search.engine import search
    from search.index import index_object

    for record in (w.need, w.other_need, w.request, w.other_request):
        index_object(record)

    def found(user, kind):
        return {hit.object_id for hit in search(user, "desk marker", kinds=[kind]).hits}

    assert found(w.focal, "support_need") == {w.need.pk}
    assert found(w.focal, "support_request") == {w.request.pk}
    assert found(w.other_expert, "support_request") == {w.other_request.pk}
    assert found(w.coordinator, "support_need") == {w.need.pk, w.other_need.pk}
    assert found(w.outsider, "support_request") == set()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_user_text_is_isolated_on_every_desk_page(client, reference, lang):
    """Every name, title and note a user wrote sits in <bdi> or an element with its own dir (tests/test_isolation)."""
    from accounts.choices import OrganisationKind, Role
    from places.models import Place
    from support.models import Expert
    from support.services.requests import move_request
    from tests.factories import make_org, make_user
    from tests.test_isolation import MARKER, bare_user_text

    from .pages_world import make_need, make_request

    place = Place.objects.get(code="IQ-NI")
    hub = make_org(f"{MARKER} Hub", kind=OrganisationKind.HUB)
    locality = make_org(f"لجنة {MARKER}", kind=OrganisationKind.COMMITTEE, place=place)
    coordinator = make_user(f"{MARKER}-coordinator", role=Role.NATIONAL_COORDINATOR,
                            organisation=make_org(f"{MARKER} National", kind=OrganisationKind.NATIONAL_BODY))
    expert = make_user(f"{MARKER}-expert", role=Role.HUB_EXPERT, organisation=hub)
    need = make_need(locality, title=f"حاجة {MARKER}", place=place, hub=hub, description=f"{MARKER} text")
    obj = make_request(locality, hub, title=f"طلب {MARKER}", place=place, needs=[need],
                       description=f"{MARKER} description", result_wanted=f"{MARKER} result",
                       sponsoring_role=f"{MARKER} deputy governor", stakeholders=f"{MARKER} council")
    move_request(actor=coordinator, request=obj, to_stage="triage", version=obj.version, note=f"{MARKER} note")
    Expert.objects.create(hub=hub, user=expert, themes=["youth"])
    client.force_login(coordinator)
    addresses = [url("needs"), url("need", need.pk), url("requests"), url("request", obj.pk), url("queue"),
                 url("experts"), url("referrals"), url("register")]
    problems = {}
    for address in addresses:
        response = client.get(f"/{lang}{address}")
        assert response.status_code == 200, address
        html = response.content.decode()
        assert MARKER in html, address
        if bare := bare_user_text(html):
            problems[address] = bare
    assert problems == {}


# --- matching and the expert pool (support.services.matching) ------------------------------------------------------

def test_the_matching_panel_proposes_accepts_and_rejects_with_a_reason(client, w):
    from support.models import Candidate, Expert, Reason
    from tests.factories import make_practice

    make_practice(w.coordinator, status="published", name="Youth councils that meet monthly",
                  description="Training youth councils in dialogue across Nineveh.")
    Expert.objects.create(hub=w.hub, user=w.expert, themes=["youth"], languages=["ar", "en"])
    obj = _to_stage(w, "matching")
    client.force_login(w.expert)
    assert client.post("/en" + url("request-suggest", obj.pk)).status_code == 302
    candidates = list(obj.candidates.all())
    assert candidates, "the matcher found nothing to show"
    body = client.get("/en" + url("request", obj.pk)).content.decode()
    assert body.count('data-testid="candidate"') == len(candidates)
    assert 'data-testid="candidate-reason"' in body
    first, *rest = candidates
    client.post("/en" + url("candidate-decide", first.pk), {"decision": "propose"})
    client.post("/en" + url("candidate-decide", first.pk), {"decision": "accept"})
    first.refresh_from_db()
    assert first.status == "accepted"
    if rest:
        other = rest[0]
        response = client.post("/en" + url("candidate-decide", other.pk), {"decision": "reject"}, follow=True)
        assert "Choose why this match is rejected." in response.content.decode()
        reason = Reason.objects.filter(kind="reject_match").first()
        client.post("/en" + url("candidate-decide", other.pk), {"decision": "reject", "reason": reason.pk})
        other.refresh_from_db()
        assert other.status == "rejected" and other.reason == reason
    # a hub expert of another hub cannot decide on this request's matches
    client.force_login(w.other_expert)
    assert client.post("/en" + url("candidate-decide", first.pk), {"decision": "reject"}).status_code == 404
    assert Candidate.objects.get(pk=first.pk).status == "accepted"


def test_a_hub_expert_adds_an_expert_to_its_pool(client, w):
    from support.models import Expert

    client.force_login(w.expert)
    response = client.post("/en" + url("expert-create"), {
        "hub": w.hub.pk, "user": w.expert.pk, "themes": ["youth", "dialogue"], "languages": ["ar"],
        "places": [w.ninewa.pk], "availability": "limited"})
    assert response.status_code == 302
    expert = Expert.objects.get(hub=w.hub, user=w.expert)
    assert expert.themes == ["youth", "dialogue"] and expert.availability == "limited"
    body = client.get("/en" + url("experts")).content.decode()
    assert "Limited availability" in body
    response = client.post("/en" + url("expert-edit", expert.pk), {"availability": "unavailable", "themes": ["youth"],
                                                                  "hub": w.other_hub.pk})
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.availability == "unavailable" and expert.themes == ["youth"]
    assert expert.hub == w.hub  # the hub and the account do not change on edit


def test_the_register_lists_delivered_support_and_downloads_as_csv(client, w):
    from frameworks.models import Goal

    goal = Goal.objects.filter(parent=None).order_by("framework__slug", "position").first()
    w.request.goals.set([goal])
    _to_stage(w, "delivered")
    client.force_login(w.focal)
    response = client.get("/en" + url("register") + f"?governorate={w.ninewa.pk}")
    assert response.status_code == 200
    rows = [r for r in response.context["rows"] if r["source"] == "request"]
    assert [r["id"] for r in rows] == [w.request.pk]
    assert "Support delivered" in response.content.decode()
    response = client.get("/en" + url("register") + f"?governorate={w.ninewa.pk}&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Place,Framework goal,Organisation")
    assert "Training for youth councils" in text
    # another governorate's filter leaves it out
    response = client.get("/en" + url("register") + f"?governorate={w.basra.pk}")
    assert [r for r in response.context["rows"] if r["source"] == "request"] == []


# --- assignment ------------------------------------------------------------------------------------------------

def test_the_hub_assigns_a_request_to_one_of_its_experts_who_is_told(client, w):
    from notifications.models import Notification

    body = page(client, w.coordinator, url("request", w.request.pk)).content.decode()
    assert 'data-testid="assign-form"' in body and "desk-other-expert" not in body  # only the hub's own experts
    response = client.post(f"/en{url('request-assign', w.request.pk)}", {"user": w.expert.pk})
    assert response.status_code == 302
    w.request.refresh_from_db()
    assert w.request.assigned_to == w.expert
    assert AuditEntry.objects.filter(action="support.request.assign", object_id=str(w.request.pk)).exists()
    assert Notification.objects.filter(recipient=w.expert, kind="support.assigned").exists()
    # Another hub's expert is refused by name, and nothing changes.
    client.post(f"/en{url('request-assign', w.request.pk)}", {"user": w.other_expert.pk})
    w.request.refresh_from_db()
    assert w.request.assigned_to == w.expert


def test_the_locality_does_not_assign_its_request(client, w):
    body = page(client, w.focal, url("request", w.request.pk)).content.decode()
    assert 'data-testid="assign-form"' not in body
    assert client.post(f"/en{url('request-assign', w.request.pk)}", {"user": w.expert.pk}).status_code == 403
