"""Recommendations through their services: references, owners and their responses, status with reasons and
successors, delays, publication, the version guard, quality stored on every write, and who may write."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import OrganisationKind, Role
from core.models import AuditEntry
from events.models import Owner, Recommendation, Step
from events.services import recommendations as services
from events.services.common import StaleRecord
from events.services.events import publish_event
from frameworks.models import Goal
from places.models import Place
from tests.factories import make_event, make_org, make_recommendation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def convener(reference):
    return make_user("convener", role=Role.LOCAL_FOCAL_POINT,
                     organisation=make_org("Anbar council", kind=OrganisationKind.LOCAL_GOVERNMENT),
                     first_name="Huda", last_name="Karim")


@pytest.fixture
def event(convener):
    return make_event(convener, place_code="IQ-AN", year=2023, end_date=dt.date(2023, 3, 4))


@pytest.fixture
def lead_org():
    return make_org("Ministry of Youth", kind=OrganisationKind.NATIONAL_BODY)


def _member(org, **fields):
    return make_user(role=Role.PARTNER, organisation=org, **fields)


def test_a_recommendation_of_an_event_gets_its_reference_defaults_and_first_step(convener, event, lead_org):
    supporting = make_org("Youth NGO")
    recommendation = make_recommendation(convener, event=event, owners=[lead_org, supporting])
    assert recommendation.reference == "EVT-2023-AN-R01"
    assert recommendation.issued_on == dt.date(2023, 3, 4)
    assert recommendation.steward == event.conveners.get()
    assert recommendation.source_kind == "event" and recommendation.position == 1
    owners = {o.organisation.name: (o.role, o.response) for o in recommendation.owners.all()}
    assert owners == {"Ministry of Youth": ("lead", "pending"), "Youth NGO": ("supporting", "pending")}
    step = Step.objects.get(recommendation=recommendation)
    assert (step.kind, step.actor, step.is_public) == ("created", convener, True)
    entry = AuditEntry.objects.get(action="events.recommendation.create")
    assert entry.actor == convener and entry.changes["reference"] == [None, "EVT-2023-AN-R01"]
    assert entry.changes["owners_added"] == [[lead_org.pk, "lead"], [supporting.pk, "supporting"]]
    second = make_recommendation(convener, event=event)
    assert (second.reference, second.position) == ("EVT-2023-AN-R02", 2)


def test_a_recommendation_from_elsewhere_is_kept_by_the_actors_organisation(convener):
    recommendation = make_recommendation(convener, source_kind="evaluation", source_title="Mid-term evaluation",
                                         issued_on=dt.date(2024, 5, 1))
    assert recommendation.reference == "REC-2024-0001"
    assert recommendation.steward.name == "Anbar council" and recommendation.event is None
    assert make_recommendation(convener, issued_on=dt.date(2024, 6, 1)).reference == "REC-2024-0002"
    stranger = make_user(role=Role.PARTNER)
    with pytest.raises(PermissionDenied):
        make_recommendation(stranger, steward=recommendation.steward)
    with pytest.raises(PermissionDenied):
        make_recommendation(AnonymousUser())


def test_only_conveners_record_recommendations_of_an_event(event, lead_org):
    with pytest.raises(PermissionDenied):
        make_recommendation(_member(lead_org), event=event)
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    assert make_recommendation(coordinator, event=event).pk


def test_refusals_name_the_field(convener, event, lead_org):
    cases = [
        ({"text": "  "}, "text"),
        ({"due_date": dt.date(2023, 1, 1)}, "due_date"),
        ({"priority": "urgent"}, "priority"),
        ({"audiences": ["nobody"]}, "audiences"),
        ({"translation": "A translation"}, "translation_lang"),
        ({"text": "Contact the focal point at focal@example.org."}, "text"),
        ({"owners": [{"organisation": lead_org, "role": "lead"}, {"organisation": make_org(), "role": "lead"}]},
         "owners"),
    ]
    for fields, field in cases:
        with pytest.raises(ValidationError) as refused:
            make_recommendation(convener, event=event, **fields)
        assert field in refused.value.message_dict, fields
    assert not Recommendation.objects.exists()


def test_quality_is_stored_on_every_write(convener, event, lead_org):
    recommendation = make_recommendation(convener, event=event)
    assert recommendation.quality == 0
    assert recommendation.quality_missing == ["lead", "due", "place", "goal", "result"]
    goal = Goal.objects.order_by("pk").first()
    services.update_recommendation(actor=convener, recommendation=recommendation, version=1,
                                   due_date=dt.date(2024, 12, 31), places=[Place.objects.get(code="IQ-AN")],
                                   goals=[goal], done_when="Each council has held four dialogues.")
    stored = Recommendation.objects.get(pk=recommendation.pk)
    assert (stored.quality, stored.quality_missing, stored.version) == (4, ["lead"], 2)
    services.set_owners(actor=convener, recommendation=stored, owners=[{"organisation": lead_org, "role": "lead"}])
    stored = Recommendation.objects.get(pk=recommendation.pk)
    assert (stored.quality, stored.quality_missing, stored.version) == (5, [], 3)
    entry = AuditEntry.objects.filter(action="events.recommendation.update").get()
    assert entry.changes["due_date"] == [None, "2024-12-31"] and entry.changes["goals"] == [[], [goal.pk]]


def test_a_stale_edit_is_refused_naming_who_changed_it(convener, event):
    recommendation = make_recommendation(convener, event=event)
    colleague = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=event.conveners.get(), first_name="Omar",
                          last_name="Salih")
    services.update_recommendation(actor=colleague, recommendation=Recommendation.objects.get(pk=recommendation.pk),
                                   version=1, text="Councils hold a youth dialogue every month.")
    with pytest.raises(StaleRecord) as stale:
        services.update_recommendation(actor=convener, recommendation=recommendation, version=1,
                                       text="Councils hold a youth dialogue every week.")
    assert "Omar Salih" in stale.value.message
    assert Recommendation.objects.get(pk=recommendation.pk).text == "Councils hold a youth dialogue every month."
    with pytest.raises(StaleRecord):
        services.set_status(actor=convener, recommendation=recommendation, status="in_progress", version=1)


def test_set_owners_keeps_the_response_of_an_owner_that_stays(convener, event, lead_org):
    supporting = make_org("Youth NGO")
    recommendation = make_recommendation(convener, event=event, owners=[lead_org, supporting])
    owner = recommendation.owners.get(organisation=lead_org)
    services.respond(actor=_member(lead_org), owner=owner, response="accepted")
    newcomer = make_org("University of Anbar", kind=OrganisationKind.ACADEMIC)
    owners = services.set_owners(actor=convener, recommendation=recommendation, owners=[
        {"organisation": lead_org, "role": "supporting"}, {"organisation": newcomer, "role": "lead",
                                                           "is_public": False}])
    assert [(o.organisation.name, o.role) for o in owners] == [("Ministry of Youth", "supporting"),
                                                                ("University of Anbar", "lead")]
    kept = Owner.objects.get(organisation=lead_org)
    assert kept.pk == owner.pk and kept.response == "accepted"
    assert not Owner.objects.filter(organisation=supporting).exists()
    assert not Owner.objects.get(organisation=newcomer).is_public
    entry = AuditEntry.objects.get(action="events.recommendation.owners")
    assert entry.changes["owners_removed"] == [supporting.pk]
    assert entry.changes["owners_added"] == [[newcomer.pk, "lead"]]
    with pytest.raises(PermissionDenied):
        services.set_owners(actor=_member(lead_org), recommendation=recommendation, owners=[])


def test_responses_need_a_reason_and_show_in_public_only_for_public_owners(convener, event, lead_org):
    hidden = make_org("Security committee", kind=OrganisationKind.COMMITTEE)
    recommendation = make_recommendation(convener, event=event, owners=[
        {"organisation": lead_org, "role": "lead"}, {"organisation": hidden, "role": "supporting",
                                                     "is_public": False}])
    lead_owner = recommendation.owners.get(organisation=lead_org)
    member = _member(lead_org)
    for response in ("partly_accepted", "noted", "declined"):
        with pytest.raises(ValidationError) as refused:
            services.respond(actor=member, owner=lead_owner, response=response, reason=" ")
        assert set(refused.value.message_dict) == {"reason"}
    with pytest.raises(PermissionDenied):  # another organisation's answer
        services.respond(actor=member, owner=recommendation.owners.get(organisation=hidden), response="accepted")
    answered = services.respond(actor=member, owner=lead_owner, response="declined", reason="No budget this year.")
    assert (answered.response, answered.response_reason, answered.responded_by) == ("declined",
                                                                                     "No budget this year.", member)
    services.respond(actor=_member(hidden), owner=recommendation.owners.get(organisation=hidden), response="noted",
                     reason="Another body leads.")
    steps = {s.organisation.name: (s.from_value, s.to_value, s.is_public)
             for s in Step.objects.filter(kind="response")}
    assert steps == {"Ministry of Youth": ("pending", "declined", True),
                     "Security committee": ("pending", "noted", False)}
    entry = AuditEntry.objects.filter(action="events.owner.respond", actor=member).get()
    assert entry.changes["response"] == ["pending", "declined"]


def test_status_needs_a_reason_and_a_successor(convener, event, lead_org):
    recommendation = make_recommendation(convener, event=event, owners=[lead_org])
    successor = make_recommendation(convener, event=event, owners=[lead_org])
    hidden = make_recommendation(convener, event=event)
    lead = _member(lead_org)
    with pytest.raises(ValidationError) as refused:
        services.set_status(actor=lead, recommendation=recommendation, status="suspended")
    assert set(refused.value.message_dict) == {"reason"}
    with pytest.raises(ValidationError) as refused:
        services.set_status(actor=lead, recommendation=recommendation, status="superseded", reason="A new plan.")
    assert set(refused.value.message_dict) == {"successor"}
    with pytest.raises(ValidationError) as refused:
        services.set_status(actor=lead, recommendation=recommendation, status="merged", reason="Same thing.",
                            successor=recommendation)
    assert set(refused.value.message_dict) == {"successor"}
    with pytest.raises(ValidationError) as refused:  # one the lead cannot see
        services.set_status(actor=lead, recommendation=recommendation, status="merged", reason="Same thing.",
                            successor=hidden)
    assert set(refused.value.message_dict) == {"successor"}
    services.set_status(actor=lead, recommendation=recommendation, status="in_progress")
    services.set_status(actor=lead, recommendation=recommendation, status="superseded", reason="A new plan.",
                        successor=successor)
    stored = Recommendation.objects.get(pk=recommendation.pk)
    assert (stored.status, stored.status_reason, stored.successor) == ("superseded", "A new plan.", successor)
    steps = list(Step.objects.filter(recommendation=recommendation, kind="status")
                 .values_list("from_value", "to_value", "organisation"))
    assert steps == [("not_started", "in_progress", lead_org.pk), ("in_progress", "superseded", lead_org.pk)]
    entry = AuditEntry.objects.filter(action="events.recommendation.status").latest("id")
    assert entry.changes["successor"] == successor.reference
    supporting_member = _member(make_org())
    with pytest.raises(PermissionDenied):
        services.set_status(actor=supporting_member, recommendation=recommendation, status="completed")


def test_a_delay_is_explained_by_an_owner(convener, event, lead_org):
    recommendation = make_recommendation(convener, event=event, owners=[lead_org])
    with pytest.raises(ValidationError) as refused:
        services.explain_delay(actor=_member(lead_org), recommendation=recommendation, reason="")
    assert set(refused.value.message_dict) == {"reason"}
    services.explain_delay(actor=_member(lead_org), recommendation=recommendation,
                           reason="The budget arrived late.")
    stored = Recommendation.objects.get(pk=recommendation.pk)
    assert stored.behind_reason == "The budget arrived late." and stored.version == 2
    assert Step.objects.get(kind="behind").organisation == lead_org
    with pytest.raises(PermissionDenied):
        services.explain_delay(actor=_member(make_org()), recommendation=recommendation, reason="Not mine.")


def test_a_recommendation_is_published_only_after_its_event(convener, event):
    recommendation = make_recommendation(convener, event=event)
    with pytest.raises(ValidationError) as refused:
        services.publish_recommendation(actor=convener, recommendation=recommendation, is_public=True)
    assert set(refused.value.message_dict) == {"is_public"}
    publish_event(actor=convener, event=event, is_public=True)
    recommendation = Recommendation.objects.get(pk=recommendation.pk)
    services.publish_recommendation(actor=convener, recommendation=recommendation, is_public=True)
    stored = Recommendation.objects.get(pk=recommendation.pk)
    assert stored.is_public and stored.published_at
    assert Step.objects.get(kind="published").to_value == "public"
    assert AuditEntry.objects.filter(action="events.recommendation.publish").count() == 1
    elsewhere = make_recommendation(convener, source_kind="document", source_title="A report")
    services.publish_recommendation(actor=convener, recommendation=elsewhere, is_public=True)
    assert Recommendation.objects.get(pk=elsewhere.pk).is_public


def test_owners_added_are_told_when_the_notices_exist(convener, event, lead_org, monkeypatch):
    import types

    told = []
    fake = types.ModuleType("events.notices")
    fake.owner_added = lambda *, actor, owner: told.append((actor, owner.organisation.name))
    monkeypatch.setitem(__import__("sys").modules, "events.notices", fake)
    import events

    monkeypatch.setattr(events, "notices", fake, raising=False)
    recommendation = make_recommendation(convener, event=event, owners=[lead_org])
    assert told == [(convener, "Ministry of Youth")]
    services.set_owners(actor=convener, recommendation=recommendation, owners=[
        {"organisation": lead_org, "role": "lead"}, {"organisation": make_org("Newcomer"), "role": "supporting"}])
    assert told[-1] == (convener, "Newcomer") and len(told) == 2


def test_a_convener_hands_a_recommendation_only_to_its_own_or_a_convening_organisation(convener, event):
    recommendation = make_recommendation(convener, event=event)
    with pytest.raises(ValidationError) as refused:
        services.update_recommendation(actor=convener, recommendation=recommendation, steward=make_org("Outsider"))
    assert set(refused.value.message_dict) == {"steward"}
    co_convener = make_org("Co-convener")
    event.conveners.add(co_convener)
    services.update_recommendation(actor=convener, recommendation=Recommendation.objects.get(pk=recommendation.pk),
                                   steward=co_convener)
    assert Recommendation.objects.get(pk=recommendation.pk).steward == co_convener
