"""The fixture world: two look-alike organisations, a user per role in the first, records of every kind in both.

Non-public records carry marker strings (`LEAK-MARKER-…`) in their names and texts, so that a page or an API
answer that shows one of them to someone who may not see it is caught (tests/security/matrix.py says who may).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from rest_framework.authtoken.models import Token

from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation
from accounts.services import get_or_create_organisation
from core.actors import system
from directory import services as directory
from documents import services as documents
from documents.models import SourceDocument
from frameworks import services as frameworks
from frameworks.models import Framework, GoalSuggestion
from glossary.services import add_term
from notifications.services import notify
from places.models import Place
from plans import services as plans
from practices.models import Practice
from practices.services import transition_practice
from tests.factories import make_org, make_practice, make_user, reference_data

from .matrix import ADMIN, ANONYMOUS, ROLES

FRAMEWORK = "un-pve-2015"
OTHER_COMPENDIUM = """GOOD PRACTICES
LEAK-MARKER-OTHER-ORG-IMPORTED practice
Country: Iraq
Organisation responsible: Voices of Nineveh
Period: 2015-2017
Activity: LEAK-MARKER-OTHER-ORG-IMPORTED activity.
Objectives
Giving young people a voice.
Description
LEAK-MARKER-OTHER-ORG-IMPORTED description.
Beneficiaries
Listeners in Mosul
GOAL 8: Raise alternative narratives in social media and traditional media.
(120) Support alternative narratives.
"""

# A private compendium of the other organisation that cites a goal no framework has (so the importer creates a
# framework named after the file, the goal and its paragraph) and names an organisation the directory lacks:
# each of those is the other organisation's proposal, which only it, national coordinators and administrators
# may see. Every field the import could create carries LEAK-MARKER-OTHER-PROPOSAL (the file name, and so the
# framework's title and slug, the goal title, the paragraph text, the organisation's name). The second practice
# names a known organisation and is published: its page must still leave out its link to the proposed goal.
PROPOSAL_FILE = "leak-marker-other-proposal-compendium.txt"
PROPOSAL_COMPENDIUM = """GOOD PRACTICES
LEAK-MARKER-OTHER-ORG-PROPOSAL-DRAFT practice
Country: Iraq
Organisation responsible: LEAK-MARKER-OTHER-PROPOSAL Circle of Elders
Period: 2019-2020
Activity: LEAK-MARKER-OTHER-ORG-PROPOSAL-DRAFT activity.
Objectives
Bringing elders and young people together.
Description
LEAK-MARKER-OTHER-ORG-PROPOSAL-DRAFT description.
Beneficiaries
Elders and young people in Basra
GOAL 77: LEAK-MARKER-OTHER-PROPOSAL goal title from the private file
(501) LEAK-MARKER-OTHER-PROPOSAL paragraph text quoted from the private file.

Published through a proposed goal practice
Country: Iraq
Organisation responsible: Al-Noor Youth Foundation
Period: 2020-2021
Activity: Sports days for young people.
Objectives
Meeting across neighbourhoods.
Description
Shared with everyone once published.
Beneficiaries
Young people in Basra
GOAL 77: LEAK-MARKER-OTHER-PROPOSAL goal title from the private file
(501) LEAK-MARKER-OTHER-PROPOSAL paragraph text quoted from the private file.
"""


@dataclass
class World:
    own_org: Organisation
    other_org: Organisation
    users: dict = field(default_factory=dict)  # role → user of the own organisation (None for anonymous)
    practices: dict = field(default_factory=dict)  # (own|other, variant) → Practice
    documents: dict = field(default_factory=dict)  # (own|other, private|public) → SourceDocument
    jobs: dict = field(default_factory=dict)  # role → the import job that user started; "other" → the other org's
    suggestions: dict = field(default_factory=dict)  # practice pk → GoalSuggestion
    framework: Framework | None = None
    goal: object = None
    crosswalk: object = None
    organisation: Organisation | None = None
    network: Organisation | None = None
    memberships: dict = field(default_factory=dict)  # (own|other, candidate|member) → NetworkMembership
    plans: dict = field(default_factory=dict)  # (own|other, draft|public) → Plan
    plan_actions: dict = field(default_factory=dict)  # (own|other, draft|public) → its Action
    plan_indicators: dict = field(default_factory=dict)  # (own|other, draft|public) → its Indicator
    plan_updates: dict = field(default_factory=dict)  # (own|other, public) → a ProgressUpdate without evidence
    plan_evidence: dict = field(default_factory=dict)  # (own|other, public) → Evidence of another update
    place: Place | None = None
    glossary_term: object = None
    proposal_framework: Framework | None = None  # created from the other organisation's private file
    notifications: dict = field(default_factory=dict)  # role → a notification of that user; "other" → another's
    support: dict = field(default_factory=dict)  # (kind, own|other) → the support desk's record of that side
    recommendations: dict = field(default_factory=dict)  # (resource, own|other, variant) → an events record
    events: dict = field(default_factory=dict)  # (kind, own|other, variant) → an event's record of that side
    report_jobs: dict = field(default_factory=dict)  # role → the public report job that user queued; "other" too
    open_data_name: str = ""  # the file name of the open-data package built from this world

    def owner_side(self, ownership: str) -> str:
        return "own" if ownership == "own" else "other"


def _practices(world: World, side: str, author) -> None:
    marker = "OWN" if side == "own" else "OTHER"
    world.practices[(side, "draft")] = make_practice(
        author, name=f"LEAK-MARKER-{marker}-ORG-DRAFT practice", description=f"LEAK-MARKER-{marker}-ORG-DRAFT text")
    world.practices[(side, "in_review")] = make_practice(
        author, status="in_review", name=f"LEAK-MARKER-{marker}-REVIEW practice",
        description=f"LEAK-MARKER-{marker}-REVIEW text")
    world.practices[(side, "published")] = make_practice(
        author, status="published", name=f"Published practice of the {side} organisation",
        description="Shared with everyone.")


def _proposals(world: World, other_author) -> None:
    """The other organisation imports its private compendium through the real import service; a coordinator
    publishes one of its practices, with a review comment only reviewers and the owner may read."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        documents.start_import(actor=other_author, files=[(PROPOSAL_FILE, PROPOSAL_COMPENDIUM.encode())])
    world.proposal_framework = Framework.with_proposals.get(slug__startswith="imported-leak-marker-other-proposal")
    published = Practice.objects.get(name="Published through a proposed goal practice")
    transition_practice(actor=other_author, practice=published, to_status="in_review",
                        comment="LEAK-MARKER-OTHER-REVIEW note to the reviewers")
    transition_practice(actor=world.users[Role.NATIONAL_COORDINATOR], practice=published, to_status="published",
                        comment="LEAK-MARKER-OTHER-REVIEW comment of the reviewer")
    world.practices[("other", "published_with_proposal")] = published
    world.practices[("own", "published_with_proposal")] = published


def build_world() -> World:
    reference_data()
    world = World(own_org=make_org("Al-Noor Youth Association"), other_org=make_org("Al-Noor Youth Foundation"))
    for role in ROLES:
        if role == ANONYMOUS:
            world.users[role] = None
            continue
        extra = {"is_staff": True, "is_superuser": True} if role == ADMIN else {}
        world.users[role] = make_user(f"own-{role}", role=role, organisation=world.own_org, **extra)
    own_author = make_user("own-author", role=Role.PARTNER, organisation=world.own_org)
    other_author = make_user("other-author", role=Role.PARTNER, organisation=world.other_org)
    _practices(world, "own", own_author)
    _practices(world, "other", other_author)
    # An organisation the own organisation proposed (as an import from its private document would): the
    # directory and the search show it to that organisation's members, coordinators and administrators only.
    get_or_create_organisation(actor=own_author, name="LEAK-MARKER-OWN-ORG-PROPOSAL Youth Circle",
                               proposed_by=world.own_org)

    world.documents[("own", "private")], _ = documents.store_document(
        actor=own_author, name="leak-marker-own-org-notes.txt", data=b"LEAK-MARKER-OWN-ORG-FILE private notes")
    world.documents[("own", "public")], _ = documents.store_document(
        actor=own_author, name="own-public.txt", data=b"Public text of the own organisation.")
    world.documents[("other", "public")], _ = documents.store_document(
        actor=other_author, name="other-public.txt", data=b"Public text of the other organisation.")
    SourceDocument.objects.filter(
        pk__in=[world.documents[("own", "public")].pk, world.documents[("other", "public")].pk]).update(is_public=True)
    # The other organisation's import runs: its private document, its job (whose result names the imported
    # practice) and a draft practice, all non-public.
    with TestCase.captureOnCommitCallbacks(execute=True):
        world.jobs["other"] = documents.start_import(
            actor=other_author, files=[("leak-marker-other-org-compendium.txt", OTHER_COMPENDIUM.encode())])
    world.documents[("other", "private")] = SourceDocument.objects.get(original_name__startswith="leak-marker-other")
    # A compendium that is public while the practices imported from it are still drafts of their organisation.
    with TestCase.captureOnCommitCallbacks(execute=True):
        documents.start_import(actor=other_author, files=[(
            "public-compendium.txt", OTHER_COMPENDIUM.replace("IMPORTED", "FROM-PUBLIC-DOC").encode())])
    world.documents[("other", "public_imported")] = SourceDocument.objects.get(original_name="public-compendium.txt")
    world.documents[("own", "public_imported")] = world.documents[("other", "public_imported")]
    # A practice imported from a private document, then reviewed and published: the practice is public, the
    # document (and its name) is not.
    with TestCase.captureOnCommitCallbacks(execute=True):
        documents.start_import(actor=other_author, files=[(
            "leak-marker-other-org-private-source.txt",
            OTHER_COMPENDIUM.replace("LEAK-MARKER-OTHER-ORG-IMPORTED", "Published from a private source").encode())])
    published = Practice.objects.get(name="Published from a private source practice")
    transition_practice(actor=other_author, practice=published, to_status="in_review")
    transition_practice(actor=world.users[Role.NATIONAL_COORDINATOR], practice=published, to_status="published")
    world.practices[("other", "published_from_private")] = world.practices[("own", "published_from_private")] = published
    SourceDocument.objects.filter(pk=world.documents[("other", "public_imported")].pk).update(is_public=True)
    _proposals(world, other_author)
    for role, user in world.users.items():
        if user is not None:  # queued, not run: what matters is who started it
            world.jobs[role] = documents.start_import(
                actor=user, files=[(f"own-{role}.txt", f"LEAK-MARKER-OWN-ORG-JOB of {role}".encode())])

    world.framework = Framework.objects.get(slug=FRAMEWORK)
    coordinator = world.users[Role.NATIONAL_COORDINATOR]
    world.goal = world.framework.goals.filter(parent=None).order_by("position", "pk").first()
    frameworks.set_paragraph(actor=coordinator, goal=world.goal, number=990, text="A paragraph to delete.", lang="en")
    other_goal = Framework.objects.exclude(pk=world.framework.pk).filter(goals__isnull=False).first().goals.first()
    world.crosswalk = frameworks.link_goals(
        actor=coordinator, source=world.goal, target=other_goal, relation="related")
    # Suggestions are written by services.suggest_goals, which needs the encoder: these rows stand in for it.
    practice_type = ContentType.objects.get_for_model(Practice)
    for practice in {p.pk: p for p in world.practices.values()}.values():
        world.suggestions[practice.pk] = GoalSuggestion.objects.create(
            content_type=practice_type, object_id=practice.pk, goal=world.goal, confidence=0.5)
    # A row for each admin page that shows one: a group and an API token.
    Group.objects.create(name="Reviewers")
    Token.objects.create(user=world.users[ADMIN])
    world.organisation = world.other_org
    # Network memberships: a candidate's note is private to reviewers and the organisations concerned.
    world.network = make_org("Cities Network", kind=OrganisationKind.NETWORK)
    second = make_org("Second Cities Network", kind=OrganisationKind.NETWORK)
    for side, org, member_of, candidate_for in [("own", world.own_org, world.network, second),
                                                ("other", world.other_org, second, world.network)]:
        marker = "OWN" if side == "own" else "OTHER"
        member = directory.add_membership(actor=coordinator, network=member_of, member=org, note=f"{side} member")
        directory.change_status(actor=coordinator, membership=member, status="member")
        world.memberships[(side, "member")] = member
        world.memberships[(side, "candidate")] = directory.add_membership(
            actor=coordinator, network=candidate_for, member=org, note=f"LEAK-MARKER-{marker}-REVIEW candidate note")
    _plans(world)
    world.place = Place.objects.order_by("pk").first()
    _support(world)
    _recommendations(world)
    _events(world)
    world.glossary_term = add_term(actor=system("test world"), values={
        "term_en": "returnees", "term_ar": "العائدون", "source_note": "team translation"})
    _dashboards(world, other_author)
    for role, user in [*world.users.items(), ("other", other_author)]:
        if user is not None:
            world.notifications[role] = notify(actor=system("test world"), recipients=[user], kind="plan.approved",
                                               target_url="/en/plans/", params={"plan": "A plan", "actor": "x"})[0]
    return world


def _plans(world: World) -> None:
    """Each organisation owns a draft plan and an approved plan whose summary is public. What only the plan's
    organisations and national coordinators may read (a draft's title, actions, budgets, indicators, updates,
    evidence) carries LEAK-MARKER-<SIDE>-PLAN; a public summary (title, summary) carries none."""
    coordinator = world.users[Role.NATIONAL_COORDINATOR]
    governorates = list(Place.objects.filter(kind="governorate").order_by("name_en")[:4])
    partner = make_org("Plans Partner Network", kind=OrganisationKind.NETWORK)
    for i, (side, org) in enumerate([("own", world.own_org), ("other", world.other_org)]):
        marker = f"LEAK-MARKER-{side.upper()}-PLAN"
        author = make_user(f"{side}-plan-focal-point", role=Role.LOCAL_FOCAL_POINT, organisation=org)
        for j, variant in enumerate(["draft", "public"]):
            public = variant == "public"
            plan = plans.create_plan(  # a coordinator sets it up: a focal point plans only for its own places
                actor=coordinator, title=f"Public plan of the {side} organisation" if public else f"{marker} draft plan",
                lang="en", place=governorates[i * 2 + j], period_start=dt.date(2025, 1, 1),
                period_end=dt.date(2026, 12, 31), owner=org, frameworks=[world.framework], is_public=public,
                summary="A summary for everyone." if public else f"{marker} draft summary",
            )
            action = plans.create_action(
                actor=author, plan=plan, title=f"{marker} action", description=f"{marker} description", lang="en",
                lead=org, budget=1000, currency="USD", funding_source=f"{marker} donor", goals=[world.goal],
                partners=[(partner, "civil_society")], start_date=dt.date(2025, 2, 1), end_date=dt.date(2025, 6, 1),
            )
            indicator = plans.create_indicator(actor=author, action=action, name=f"{marker} indicator",
                                               baseline=0, target=100, by_sex_and_age=True)
            world.plans[(side, variant)] = plan
            world.plan_actions[(side, variant)] = action
            world.plan_indicators[(side, variant)] = indicator
            if not public:
                continue
            plans.transition_plan(actor=author, plan=plan, to_status="submitted")
            plans.transition_plan(actor=coordinator, plan=plan, to_status="approved")
            with_file = plans.add_progress(
                actor=author, indicator=indicator, date=dt.date(2025, 3, 1), value=10,
                narrative=f"{marker} narrative", counts={("female", "15-24"): 4, ("male", "15-24"): 6},
                evidence=[SimpleUploadedFile(f"leak-marker-{side}-plan-evidence.txt", f"{marker} file".encode())],
            )
            world.plan_evidence[(side, variant)] = with_file.evidence.get()
            world.plan_updates[(side, variant)] = plans.add_progress(
                actor=author, indicator=indicator, date=dt.date(2025, 4, 1), value=20,
                narrative=f"{marker} second narrative")


def _support(world: World) -> None:
    """The support desk: each organisation records a need and submits a request to a hub (not its own), which
    refers part of it to a partner, proposes a practice, and asks after the outcome. What only the request's
    organisation, its hub and national coordinators may read carries LEAK-MARKER-<SIDE>-DESK; the own records
    are written by the world's focal point, the other's by a focal point of the other organisation. The expert
    pool has an expert of each organisation (a hub expert's own organisation is its hub)."""
    from search.index import index_object
    from support.models import Candidate, Expert, NeedEvidence, OutcomeCheck, Referral
    from support.services import needs as support_needs
    from support.services import requests as support_requests

    hub = make_org("Matrix Hub", kind=OrganisationKind.HUB)
    partner = make_org("Matrix Partner NGO")
    places = list(Place.objects.filter(kind="governorate").order_by("name_en")[4:6])
    published = world.practices[("own", "published")]
    for i, (side, org) in enumerate([("own", world.own_org), ("other", world.other_org)]):
        marker = f"LEAK-MARKER-{side.upper()}-DESK"
        focal = world.users[Role.LOCAL_FOCAL_POINT] if side == "own" else make_user(
            "other-desk-focal", role=Role.LOCAL_FOCAL_POINT, organisation=org)
        need = support_needs.create_need(
            actor=focal, owner=org, place=places[i], title=f"{marker} need", theme="youth",
            source="consultation", severity=3, description=f"{marker} need description", lang="en", hub=hub)
        request = support_requests.create_request(
            actor=focal, requester=org, hub=hub, place=places[i], title=f"{marker} request", needs=[need],
            request_type="training", result_wanted=f"{marker} result wanted", description=f"{marker} description",
            lang="en")
        request = support_requests.move_request(actor=focal, request=request, to_stage="submitted",
                                                version=request.version)
        index_object(need)
        index_object(request)
        world.support[("need", side)] = need
        world.support[("request", side)] = request
        world.support[("referral", side)] = Referral.objects.create(
            request=request, partner=partner, scope=f"{marker} referred part", deadline=dt.date(2030, 1, 1))
        world.support[("candidate", side)] = Candidate.objects.create(
            request=request, kind="practice", practice=published, reasons=[{"code": "close_in_meaning"}])
        world.support[("outcome-check", side)] = OutcomeCheck.objects.create(
            request=request, months=3, due=dt.date(2030, 1, 1))
        world.support[("evidence", side)] = NeedEvidence.objects.create(
            need=need, title=f"{marker} evidence", file=SimpleUploadedFile(
                f"leak-marker-{side}-desk-evidence.txt", f"{marker} file".encode()))
        expert_user = world.users[Role.HUB_EXPERT] if side == "own" else make_user(
            "other-desk-expert", role=Role.HUB_EXPERT, organisation=org)
        world.support[("expert", side)] = Expert.objects.create(hub=org, user=expert_user, themes=["youth"])


def _recommendations(world: World) -> None:
    """Events and their recommendations: each organisation convenes an unpublished event with a draft
    recommendation (LEAK-MARKER-<SIDE>-REC) and a published event with a published recommendation whose second
    owner is not named in public (its answer's reason carries LEAK-MARKER-<SIDE>-RECPRIV, as do a private update
    and a private evidence file). Rows are written directly: the pages only read them."""
    from django.core.files.base import ContentFile

    from events.models import Event, Owner, Recommendation, Update, UpdateEvidence

    place = Place.objects.filter(kind="governorate").order_by("name_en")[6]
    for side, org in [("own", world.own_org), ("other", world.other_org)]:
        marker = f"LEAK-MARKER-{side.upper()}-REC"
        quiet = make_org(f"Quiet {side} partner", kind=OrganisationKind.UN_AGENCY)
        for variant in ("draft", "public"):
            public = variant == "public"
            event = Event.objects.create(
                reference=f"EVT-MATRIX-{side.upper()}-{variant.upper()}", lang="en", is_public=public,
                title=f"Public event of the {side} organisation" if public else f"{marker} event",
                start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 3, 2), place=place, governorate=place)
            event.conveners.set([org])
            rec = Recommendation.objects.create(
                reference=f"{event.reference}-R01", event=event, steward=org, issued_on=event.end_date, lang="en",
                text=f"Published recommendation of the {side} organisation" if public else f"{marker} draft text",
                is_public=public)
            rec.places.set([place])
            lead = Owner.objects.create(recommendation=rec, organisation=org, role="lead")
            world.recommendations[("rec-event", side, variant)] = event
            world.recommendations[("rec", side, variant)] = rec
            world.recommendations[("rec-owner", side, variant)] = lead
            if not public:
                continue
            Owner.objects.create(recommendation=rec, organisation=quiet, role="supporting", is_public=False,
                                 response="declined", response_reason=f"{marker}PRIV reason")
            shown = Update.objects.create(recommendation=rec, organisation=org, date=dt.date(2026, 4, 1),
                                          text="A public update", lang="en", is_public=True, progress=20)
            Update.objects.create(recommendation=rec, organisation=org, date=dt.date(2026, 4, 2),
                                  text=f"{marker}PRIV update", lang="en", progress=30)
            for kind, name, is_public in [("public", f"public-{side}-evidence.txt", True),
                                          ("private", f"leak-marker-{side}-recpriv-evidence.txt", False)]:
                evidence = UpdateEvidence(update=shown, name=name, is_public=is_public)
                evidence.file.save(name, ContentFile(b"evidence"), save=True)
                world.recommendations[("rec-evidence", side, kind)] = evidence
def _events(world: World) -> None:
    """Events: each organisation convenes an unpublished event and a published one. What only the conveners (the
    organisation's members), the organisations that took part and national coordinators may read carries
    LEAK-MARKER-<SIDE>-EVENT: the unpublished event, a private document, the draft minutes of the published one,
    an unpublished recommendation, a private progress update and a private owner's reason for its response. The rows are written
    directly (as the desk's referrals above are): the services have their own tests; what matters here is who
    reads them."""
    from events.models import Event, EventDocument, Minutes, Owner, Participation, Recommendation, Update
    from search.index import index_object

    place = Place.objects.filter(kind="governorate").order_by("name_en")[6]
    for side, org in [("own", world.own_org), ("other", world.other_org)]:
        marker = f"LEAK-MARKER-{side.upper()}-EVENT"
        hidden = make_org(f"Quiet partner of the {side} organisation")  # named in the directory, not as an owner
        for variant in ("draft", "public"):
            public = variant == "public"
            event = Event.objects.create(
                reference=f"EVT-2025-{side.upper()}-{variant.upper()}", kind="roundtable", lang="en",
                title=f"Public roundtable of the {side} organisation" if public else f"{marker} roundtable",
                description="Shared with everyone." if public else f"{marker} description",
                start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 5, 2), place=place, governorate=place,
                is_public=public)
            event.conveners.set([org])
            world.events[("event", side, variant)] = event
            world.events[("participation", side, variant)] = Participation.objects.create(
                event=event, organisation=world.network, kind=world.network.kind, participants=10, women=4, youth=3)
            world.events[("document", side, variant)] = EventDocument.objects.create(
                event=event, title="Public concept note" if public else f"{marker} document", is_public=public,
                file=SimpleUploadedFile(f"event-{side}-{variant}.txt", b"The concept note."))
            recommendation = Recommendation.objects.create(
                reference=f"{event.reference}-R01", event=event, text=(
                    "Publish the budget of prevention plans." if public else f"{marker} recommendation"),
                lang="en", issued_on=dt.date(2025, 5, 2), is_public=public, steward=org)
            world.events[("recommendation", side, variant)] = recommendation
            Owner.objects.create(recommendation=recommendation, organisation=org, role="lead")
            Owner.objects.create(recommendation=recommendation, organisation=hidden, role="supporting",
                                 response="declined", response_reason=f"{marker} reason", is_public=False)
            world.events[("update", side, variant)] = Update.objects.create(
                recommendation=recommendation, organisation=org, date=dt.date(2025, 6, 1), progress=20,
                text="Work started." if public else f"{marker} update", lang="en", is_public=public)
            index_object(event)
            index_object(recommendation)
        Minutes.objects.create(event=world.events[("event", side, "public")], text=f"{marker} draft minutes",
                               lang="en")
        world.events[("document", side, "private")] = EventDocument.objects.create(
            event=world.events[("event", side, "public")], title=f"{marker} private document", is_public=False,
            file=SimpleUploadedFile(f"event-{side}-private.txt", b"LEAK-MARKER private"))


def _dashboards(world: World, other_author) -> None:
    """A printed report queued by each user (not run: what matters is whose it is), and the day's open-data
    package built from everything above — an anonymous reader's view of it."""
    from dashboards import opendata, reports

    for role, user in [*world.users.items(), ("other", other_author)]:
        if user is not None:
            world.report_jobs[role] = reports.start_report(actor=user, key="public", params={})
    world.open_data_name = opendata.publish_package(actor=system("test world")).name.removesuffix(".zip")
