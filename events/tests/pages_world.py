"""A small world for the event pages, API and search tests: a convening organisation with a focal point, another
organisation with its own member, a coordinator; a published event (participation from three organisations,
approved and published minutes, a public and a private document, a published recommendation with a private
owner) and an unpublished one with draft minutes. Written through the services, as users would."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.choices import OrganisationKind, Role
from events.services import events as event_services
from events.services import recommendations as rec_services
from tests.factories import make_event, make_org, make_user

DRAFT = "Unpublished workshop of the hub"
PUBLIC = "Baghdad roundtable on prevention"
DRAFT_MINUTES = "Draft minutes only the conveners read"
PUBLIC_MINUTES = "Approved minutes for everyone"
PRIVATE_DOC = "Private attendance summary"
PUBLIC_DOC = "Public concept note"
QUIET = "Quiet Partner Foundation"
QUIET_REASON = "Reason only the insiders read"


def build() -> SimpleNamespace:
    w = SimpleNamespace()
    w.org = make_org("Al-Noor Hub", kind=OrganisationKind.HUB)
    w.other_org = make_org("Other Youth Network", kind=OrganisationKind.NETWORK)
    w.council = make_org("Baghdad Provincial Council", kind=OrganisationKind.LOCAL_GOVERNMENT)
    w.quiet = make_org(QUIET, kind=OrganisationKind.NGO)
    w.focal = make_user("hub-focal", role=Role.LOCAL_FOCAL_POINT, organisation=w.org)
    w.other = make_user("other-member", role=Role.PARTNER, organisation=w.other_org)
    w.coordinator = make_user("coordinator", role=Role.NATIONAL_COORDINATOR, organisation=make_org("Ministry"))

    w.public = make_event(w.focal, title=PUBLIC, lang="en", year=2024, kind="roundtable",
                          audiences=["local_governments", "national_bodies"], agenda="Opening; dialogue; next steps")
    for org, people, women, youth in [(w.org, 5, 2, 1), (w.council, 8, 3, 0), (w.other_org, 4, 1, 4)]:
        event_services.set_participation(actor=w.focal, event=w.public, organisation=org, participants=people,
                                         women=women, youth=youth)
    event_services.save_minutes(actor=w.focal, event=w.public, text=PUBLIC_MINUTES, lang="en")
    event_services.approve_minutes(actor=w.focal, event=w.public)
    w.public_doc = event_services.add_event_document(
        actor=w.focal, event=w.public, title=PUBLIC_DOC, is_public=True,
        file=SimpleUploadedFile("concept.txt", b"The concept of the roundtable."))
    w.private_doc = event_services.add_event_document(
        actor=w.focal, event=w.public, title=PRIVATE_DOC, is_public=False,
        file=SimpleUploadedFile("attendance.txt", b"Counts by organisation."))
    event_services.publish_event(actor=w.focal, event=w.public, is_public=True, minutes_public=True)
    w.rec = rec_services.create_recommendation(
        actor=w.focal, event=w.public, text="Local councils publish the budget of their prevention plans.",
        lang="en", due_date=dt.date(2026, 6, 30),
        owners=[{"organisation": w.council, "role": "lead", "is_public": True},
                {"organisation": w.quiet, "role": "supporting", "is_public": False}])
    quiet_owner = w.rec.owners.get(organisation=w.quiet)
    rec_services.respond(actor=w.coordinator, owner=quiet_owner, response="noted", reason=QUIET_REASON)
    rec_services.publish_recommendation(actor=w.focal, recommendation=w.rec, is_public=True)
    w.draft_rec = rec_services.create_recommendation(
        actor=w.focal, event=w.public, text="An unpublished recommendation of the roundtable.", lang="en")

    w.draft = make_event(w.focal, title=DRAFT, lang="en", year=2025, kind="workshop", place_code="IQ-NI")
    event_services.save_minutes(actor=w.focal, event=w.draft, text=DRAFT_MINUTES, lang="en")
    for obj in (w.public, w.draft, w.rec):
        obj.refresh_from_db()
    return w


@contextmanager
def shared_world(django_db_blocker, folder):
    """The world, built once for a test module inside a transaction that is rolled back at its end (each test
    runs in a savepoint of it); its files in `folder`."""
    from django.db import transaction
    from django.test import override_settings

    from tests.factories import reference_data

    with override_settings(MEDIA_ROOT=str(folder)), django_db_blocker.unblock(), transaction.atomic():
        reference_data()
        yield build()
        transaction.set_rollback(True)
