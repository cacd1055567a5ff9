"""A small world for the recommendation pages' tests: two convening organisations, each with an event and its
recommendations; one published recommendation with a private owner, a public and a private update and public and
private evidence. Rows are written directly (the pages under test only read them), so that the read side is
tested on its own; the write tests go through the pages, hence the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.base import ContentFile

from accounts.choices import OrganisationKind, Role
from events.models import Event, Owner, Recommendation, Step, Update, UpdateEvidence
from places.models import Place
from tests.factories import make_org, make_user

PRIVATE_OWNER = "Quiet Partner Trust"
PRIVATE_UPDATE = "Private working note on the training rooms"
PRIVATE_FILE = "private-attendance-summary.txt"
PUBLIC_UPDATE = "Curriculum drafted with the youth council"
PUBLIC_FILE = "public-curriculum.txt"
DRAFT_TEXT = "Draft recommendation still being worded by the conveners"
OTHER_TEXT = "Recommendation of another convener not yet published"


@dataclass
class World:
    convener: object = None
    owner_org: object = None
    other_org: object = None
    private_org: object = None
    users: dict = field(default_factory=dict)
    event: Event | None = None
    other_event: Event | None = None
    published: Recommendation | None = None
    completed: Recommendation | None = None
    draft: Recommendation | None = None
    other_draft: Recommendation | None = None
    lead: Owner | None = None
    private_owner: Owner | None = None


def make_event(conveners, *, reference, public=False, place_code="IQ-BG", title="Roundtable on prevention"):
    place = Place.objects.get(code=place_code)
    event = Event.objects.create(reference=reference, title=title, lang="en", start_date=dt.date(2026, 3, 1),
                                 end_date=dt.date(2026, 3, 2), place=place, governorate=place, is_public=public)
    event.conveners.set(conveners)
    return event


def make_recommendation(event, text, *, n, public=False, places=("IQ-BG",), status="not_started", quality=3,
                        lang="en", **fields):
    rec = Recommendation.objects.create(
        reference=f"{event.reference}-R{n:02d}", event=event, steward=event.conveners.first(), text=text, lang=lang,
        issued_on=event.end_date, is_public=public, status=status, position=n, quality=quality,
        quality_missing=fields.pop("quality_missing", ["due", "goal"]), **fields)
    rec.places.set(Place.objects.filter(code__in=places))
    Step.objects.create(recommendation=rec, kind="created")
    return rec


def build() -> World:
    w = World()
    w.convener = make_org("Baghdad Prevention Hub", kind=OrganisationKind.HUB)
    w.owner_org = make_org("Nineveh Governorate Office", kind=OrganisationKind.LOCAL_GOVERNMENT,
                           place=Place.objects.get(code="IQ-NI"))
    w.other_org = make_org("Basra Youth Network", kind=OrganisationKind.NETWORK)
    w.private_org = make_org(PRIVATE_OWNER, kind=OrganisationKind.UN_AGENCY)
    w.users = {
        "convener": make_user("convener", role=Role.HUB_EXPERT, organisation=w.convener),
        "owner": make_user("owner", role=Role.LOCAL_FOCAL_POINT, organisation=w.owner_org),
        "private": make_user("private", role=Role.PARTNER, organisation=w.private_org),
        "other": make_user("other", role=Role.PARTNER, organisation=w.other_org),
        "coordinator": make_user("coordinator", role=Role.NATIONAL_COORDINATOR, organisation=make_org("Ministry")),
    }
    w.event = make_event([w.convener], reference="EVT-2026-BGD", public=True)
    w.other_event = make_event([w.other_org], reference="EVT-2026-BSR", place_code="IQ-BA")
    w.published = make_recommendation(w.event, "Train municipal staff in community dialogue", n=1, public=True,
                                      places=("IQ-BG", "IQ-NI"), due_date=dt.date(2027, 6, 30),
                                      done_when="Forty staff trained")
    w.completed = make_recommendation(w.event, "Open a youth centre in each district", n=2, public=True,
                                      places=("IQ-NI",), status="completed", quality=5, quality_missing=[])
    w.draft = make_recommendation(w.event, DRAFT_TEXT, n=3)
    w.other_draft = make_recommendation(w.other_event, OTHER_TEXT, n=1, places=("IQ-BA",))
    w.lead = Owner.objects.create(recommendation=w.published, organisation=w.owner_org, role="lead")
    w.private_owner = Owner.objects.create(recommendation=w.published, organisation=w.private_org,
                                           role="supporting", is_public=False, response="declined",
                                           response_reason="Outside our mandate this year")
    Owner.objects.create(recommendation=w.completed, organisation=w.owner_org, role="lead", response="accepted")
    Owner.objects.create(recommendation=w.draft, organisation=w.owner_org, role="lead")
    Step.objects.create(recommendation=w.published, kind="response", to_value="declined",
                        reason="Outside our mandate this year", organisation=w.private_org, is_public=False)
    public = Update.objects.create(recommendation=w.published, organisation=w.owner_org, date=dt.date(2026, 5, 1),
                                   progress=30, text=PUBLIC_UPDATE, lang="en", is_public=True)
    private = Update.objects.create(recommendation=w.published, organisation=w.owner_org,
                                    date=dt.date(2026, 5, 10), progress=35, text=PRIVATE_UPDATE, lang="en")
    w.public_file = UpdateEvidence(update=public, name=PUBLIC_FILE, is_public=True)
    w.public_file.file.save(PUBLIC_FILE, ContentFile(b"curriculum outline"), save=True)
    w.private_file = UpdateEvidence(update=public, name=PRIVATE_FILE, is_public=False)
    w.private_file.file.save(PRIVATE_FILE, ContentFile(b"totals only"), save=True)
    w.private_update_file = UpdateEvidence(update=private, name="private-update-photo.txt", is_public=True)
    w.private_update_file.file.save("private-update-photo.txt", ContentFile(b"photo"), save=True)
    return w
