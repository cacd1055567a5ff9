"""Who sees what: every `…_visible_to` of `events.permissions` for a member of the organisation concerned, a member
of another organisation, an anonymous reader and a coordinator; and who may do what (`can`)."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.choices import OrganisationKind, Role
from core.actors import system
from events import permissions
from events.models import Event, EventDocument, Recommendation, Update, UpdateEvidence
from events.services.events import add_event_document, publish_event, set_participation
from events.services.recommendations import publish_recommendation
from tests.factories import make_event, make_org, make_recommendation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference):
    """A private event and a published one, each with a recommendation owned by `owner_org`; a participant; an
    update and evidence, public and private, on each recommendation; a public and a private document on each event."""
    convener_org = make_org("Basra council", kind=OrganisationKind.LOCAL_GOVERNMENT)
    owner_org, participant_org = make_org("Ministry of Culture"), make_org("Basra youth NGO")
    convener = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=convener_org)
    private_event = make_event(convener, place_code="IQ-BA", title="Closed roundtable")
    public_event = make_event(convener, place_code="IQ-BA", title="Open roundtable")
    publish_event(actor=convener, event=public_event, is_public=True)
    set_participation(actor=convener, event=private_event, organisation=participant_org, participants=4)
    private_rec = make_recommendation(convener, event=private_event, owners=[owner_org])
    public_rec = make_recommendation(convener, event=public_event, owners=[owner_org])
    draft_rec = make_recommendation(convener, event=public_event)
    publish_recommendation(actor=convener, recommendation=public_rec, is_public=True)
    updates, evidence, documents = {}, {}, {}
    for name, rec in (("private", private_rec), ("public", public_rec)):
        for shown in (True, False):
            update = Update.objects.create(recommendation=rec, organisation=owner_org, date=dt.date(2025, 5, 1),
                                           progress=20, text=f"{name} {shown}", is_public=shown)
            updates[(name, shown)] = update
            evidence[(name, shown)] = UpdateEvidence.objects.create(update=update, name="photo.png",
                                                                    file="recommendations/photo.png",
                                                                    is_public=True)
    for name, event in (("private", private_event), ("public", public_event)):
        for shown in (True, False):
            documents[(name, shown)] = add_event_document(
                actor=convener, event=event, title=f"{name} {shown}", is_public=shown,
                file=SimpleUploadedFile("notes.txt", b"Agenda of the day."))
    return {
        "convener": convener, "owner": make_user(role=Role.PARTNER, organisation=owner_org),
        "participant": make_user(role=Role.PARTNER, organisation=participant_org),
        "other": make_user(role=Role.PARTNER, organisation=make_org("Unrelated NGO")),
        "anonymous": AnonymousUser(), "coordinator": make_user(role=Role.NATIONAL_COORDINATOR),
        "private_event": private_event, "public_event": public_event, "private_rec": private_rec,
        "public_rec": public_rec, "draft_rec": draft_rec, "updates": updates, "evidence": evidence,
        "documents": documents,
    }


def _titles(user):
    return set(permissions.events_visible_to(user, Event.objects.all()).values_list("title", flat=True))


def test_events_visible_to(world):
    everything = {"Closed roundtable", "Open roundtable"}
    assert _titles(world["convener"]) == everything
    assert _titles(world["participant"]) == everything
    assert _titles(world["owner"]) == everything  # owns a recommendation of the closed one
    assert _titles(world["coordinator"]) == everything
    assert _titles(system("test")) == everything
    assert _titles(world["other"]) == {"Open roundtable"}
    assert _titles(world["anonymous"]) == {"Open roundtable"}


def _recommendations(user, world):
    names = {world["private_rec"].pk: "private", world["public_rec"].pk: "public", world["draft_rec"].pk: "draft"}
    return {names[pk] for pk in permissions.recommendations_visible_to(user, Recommendation.objects.all())
            .values_list("pk", flat=True)}


def test_recommendations_visible_to(world):
    assert _recommendations(world["convener"], world) == {"private", "public", "draft"}
    assert _recommendations(world["coordinator"], world) == {"private", "public", "draft"}
    assert _recommendations(world["owner"], world) == {"private", "public"}
    assert _recommendations(world["participant"], world) == {"public"}
    assert _recommendations(world["other"], world) == {"public"}
    assert _recommendations(world["anonymous"], world) == {"public"}


def test_a_published_recommendation_of_an_unpublished_event_is_not_public(world):
    Event.objects.filter(pk=world["public_event"].pk).update(is_public=False)  # the rule itself, not the service
    assert _recommendations(world["anonymous"], world) == set()
    assert _recommendations(world["owner"], world) == {"private", "public"}


def _updates(user, world):
    names = {update.pk: key for key, update in world["updates"].items()}
    return {names[pk] for pk in permissions.updates_visible_to(user, Update.objects.all()).values_list("pk", flat=True)}


def test_updates_visible_to(world):
    every = set(world["updates"])
    assert _updates(world["owner"], world) == every
    assert _updates(world["convener"], world) == every
    assert _updates(world["coordinator"], world) == every
    assert _updates(world["participant"], world) == {("public", True)}
    assert _updates(world["other"], world) == {("public", True)}
    assert _updates(world["anonymous"], world) == {("public", True)}


def _evidence(user, world):
    names = {file.pk: key for key, file in world["evidence"].items()}
    return {names[pk] for pk in permissions.evidence_visible_to(user, UpdateEvidence.objects.all())
            .values_list("pk", flat=True)}


def test_evidence_visible_to(world):
    every = set(world["evidence"])
    assert _evidence(world["owner"], world) == every
    assert _evidence(world["convener"], world) == every
    assert _evidence(world["coordinator"], world) == every
    assert _evidence(world["other"], world) == {("public", True)}
    assert _evidence(world["anonymous"], world) == {("public", True)}
    UpdateEvidence.objects.filter(pk=world["evidence"][("public", True)].pk).update(is_public=False)
    assert _evidence(world["anonymous"], world) == set()
    assert _evidence(world["owner"], world) == every


def _documents(user, world):
    names = {document.pk: key for key, document in world["documents"].items()}
    return {names[pk] for pk in permissions.documents_visible_to(user, EventDocument.objects.all())
            .values_list("pk", flat=True)}


def test_documents_visible_to(world):
    every = set(world["documents"])
    assert _documents(world["convener"], world) == every
    assert _documents(world["coordinator"], world) == every
    assert _documents(world["participant"], world) == {("public", True), ("private", True), ("private", False)}
    # An owner of a recommendation of an event sees all of that event's documents (it owns one of each).
    assert _documents(world["owner"], world) == every
    Recommendation.objects.filter(pk=world["public_rec"].pk).delete()
    assert _documents(world["owner"], world) == {("public", True), ("private", True), ("private", False)}
    assert _documents(world["other"], world) == {("public", True)}
    assert _documents(world["anonymous"], world) == {("public", True)}


def test_managed_and_owned(world):
    recommendations = Recommendation.objects.all()
    assert set(permissions.managed_by(world["convener"], recommendations)) == set(recommendations)
    assert not permissions.managed_by(world["owner"], recommendations).exists()
    assert not permissions.managed_by(world["anonymous"], recommendations).exists()
    assert set(permissions.owned_by(world["owner"], recommendations)) == {world["private_rec"], world["public_rec"]}
    assert not permissions.owned_by(world["other"], recommendations).exists()
    assert not permissions.owned_by(world["anonymous"], recommendations).exists()


def test_can(world):
    convener, owner, other, anonymous = world["convener"], world["owner"], world["other"], world["anonymous"]
    event, rec = world["private_event"], world["private_rec"]
    owner_row = rec.owners.get()
    assert permissions.can(convener, "change_event", event) and permissions.can(convener, "approve_minutes", event)
    assert not permissions.can(owner, "change_event", event) and not permissions.can(anonymous, "change_event", event)
    assert permissions.can(owner, "view_event", event) and not permissions.can(other, "view_event", event)
    assert not permissions.can(anonymous, "view_event", event)
    assert permissions.can(anonymous, "view_event", world["public_event"])
    assert permissions.can(convener, "change_recommendation", rec)
    assert not permissions.can(owner, "change_recommendation", rec)
    assert permissions.can(owner, "respond", owner_row) and not permissions.can(other, "respond", owner_row)
    assert permissions.can(owner, "set_status", rec)  # the lead
    assert permissions.can(owner, "report", rec) and not permissions.can(other, "report", rec)
    assert permissions.can(anonymous, "view_recommendation", world["public_rec"])
    assert not permissions.can(anonymous, "view_recommendation", rec)
    assert not permissions.can(anonymous, "add_event") and permissions.can(other, "add_event")
    assert not permissions.can(other, "manage_settings")
    assert permissions.can(make_user(role=Role.ADMINISTRATOR), "manage_settings")
