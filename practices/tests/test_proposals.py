"""Importing a private document publishes none of it (security findings, issue 11, item 1, and item 7's first
point): what the import creates — a framework named after the file, the goals and paragraphs it cites, the
organisations it names — is a proposal of the importing organisation, seen by it, national coordinators and
administrators until a coordinator accepts it or merges it. Written from the side of those who must learn nothing:
anonymous readers and another organisation."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from rest_framework.test import APIClient

from accounts import services as accounts_services
from accounts.choices import Role
from accounts.models import Organisation
from core.models import AuditEntry
from documents import services as documents
from frameworks import services as frameworks
from frameworks.models import Framework, Goal, Paragraph
from practices.models import Practice
from practices.services import transition_practice
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db

SECRET = "QUILLWORT"  # in every field the private file could create
COMPENDIUM = f"""GOOD PRACTICES
Night Football {SECRET}
Country: Iraq
Organisation responsible: {SECRET} Circle of Elders
Period: 2019-2020
Activity: Matches after dark for young people.
Objectives
Meeting across neighbourhoods.
Description
Teams mixed across districts.
Beneficiaries
Young people in Basra
GOAL 77: {SECRET} goal title from the file
(501) {SECRET} paragraph text quoted from the file.
"""
# Cites a goal the UN plan of action has (so the document is filed under it) and one it lacks.
KNOWN_AND_UNKNOWN = f"""GOOD PRACTICES
Radio Salam
Country: Iraq
Organisation responsible: Voices of Nineveh
Period: 2015-2017
Activity: A weekly radio programme on coexistence.
Objectives
Giving young people a voice.
Description
Young presenters interviewed neighbours.
Beneficiaries
Listeners in Mosul
GOAL 8: Raise alternative narratives in social media and traditional media.
GOAL 99: {SECRET} extra goal
(7) {SECRET} extra paragraph.
"""


@pytest.fixture
def world(reference):
    org = make_org("Riverbank Association")
    other = make_org("Hilltop Foundation")
    return {
        "org": org, "other": other,
        "partner": make_user("riverbank-partner", organisation=org),
        "other_partner": make_user("hilltop-partner", organisation=other),
        "coordinator": make_user("coordinator", role=Role.NATIONAL_COORDINATOR, organisation=make_org("Ministry")),
        "hub_expert": make_user("hub-expert", role=Role.HUB_EXPERT, organisation=make_org("Hub")),
    }


FILE_NAME = f"{SECRET.lower()}-minutes.txt"


def _import(actor, text=COMPENDIUM, name=FILE_NAME, public=False):
    document, _ = documents.store_document(actor=actor, name=name, data=text.encode())
    if public:
        document.is_public = True
        document.save(update_fields=["is_public"])
    report = documents.import_document(actor=actor, document=document)
    assert report.status == "imported", report.error
    return document, Practice.objects.get(pk=report.created[0]["practice_id"])


def _client(user=None, api=False):
    client = APIClient() if api else Client()
    if user is not None:
        client.force_login(user)
    return client


def _publish(world, practice):
    transition_practice(actor=world["partner"], practice=practice, to_status="in_review",
                        comment="Please check the goal numbers")
    transition_practice(actor=world["coordinator"], practice=practice, to_status="published",
                        comment="Checked against the file: fine")
    practice.refresh_from_db()
    return practice


READS = ["/en/frameworks/", "/api/v1/frameworks/", "/api/v1/goals/", "/api/v1/organisations/", "/en/directory/",
         "/en/practices/", "/api/v1/practices/"]


def test_a_private_import_creates_proposals_of_the_importing_organisation(world):
    _import(world["partner"])
    framework = Framework.with_proposals.get(slug__startswith="imported-")
    goal = Goal.with_proposals.get(framework=framework)
    paragraph = Paragraph.with_proposals.get(goal=goal)
    organisation = Organisation.with_proposals.get(name__startswith=SECRET)
    assert {framework.proposed_by, goal.proposed_by, paragraph.proposed_by, organisation.proposed_by} == {world["org"]}
    assert SECRET.lower() in framework.title.lower() and SECRET in goal.title and SECRET in paragraph.text
    assert not Framework.objects.filter(pk=framework.pk).exists() and not Organisation.objects.filter(
        pk=organisation.pk).exists()


@pytest.mark.parametrize("reader", [None, "other_partner", "hub_expert"])
def test_no_page_or_api_shows_a_proposal_to_anyone_outside_the_organisation(world, reader):
    _import(world["partner"])
    user = world[reader] if reader else None
    for url in READS:
        for client in (_client(user), _client(user, api=True)):
            body = client.get(url).content.decode()
            assert SECRET not in body and SECRET.lower() not in body, url
    framework = Framework.with_proposals.get(slug__startswith="imported-")
    assert _client(user).get(f"/en/frameworks/{framework.slug}/").status_code == 404
    assert _client(user, api=True).get(f"/api/v1/frameworks/{framework.slug}/").status_code == 404
    organisation = Organisation.with_proposals.get(name__startswith=SECRET)
    assert _client(user).get(f"/en/directory/{organisation.pk}/").status_code == 404
    assert _client(user, api=True).get(f"/api/v1/organisations/{organisation.pk}/").status_code == 404


@pytest.mark.parametrize("reader", ["partner", "coordinator"])
def test_the_proposing_organisation_and_coordinators_see_the_proposal_on_the_page_and_in_the_api(world, reader):
    _import(world["partner"])
    framework = Framework.with_proposals.get(slug__startswith="imported-")
    page = _client(world[reader]).get(f"/en/frameworks/{framework.slug}/")
    assert page.status_code == 200 and f"{SECRET} goal title" in page.content.decode()
    assert 'data-testid="proposal"' in page.content.decode()
    api = _client(world[reader], api=True).get(f"/api/v1/frameworks/{framework.slug}/").json()
    assert [g["title_en"] for g in api["goals"]] == [f"{SECRET} goal title from the file"]
    assert api["goals"][0]["paragraphs"][0]["text"] == f"{SECRET} paragraph text quoted from the file."
    organisations = _client(world[reader], api=True).get("/api/v1/organisations/", {"q": SECRET}).json()
    assert [o["name"] for o in organisations["results"]] == [f"{SECRET} Circle of Elders"]


def test_another_organisations_import_never_finds_or_links_a_proposal(world):
    _, mine = _import(world["partner"])
    _, theirs = _import(world["other_partner"], text=COMPENDIUM.replace("Night Football", "Dawn Football"))
    my_goal, their_goal = mine.goal_links.get().goal, theirs.goal_links.get().goal
    assert my_goal.pk != their_goal.pk and my_goal.framework_id != their_goal.framework_id
    assert their_goal.proposed_by == world["other"] and their_goal.framework.proposed_by == world["other"]
    assert mine.organisation.pk != theirs.organisation.pk and theirs.organisation.proposed_by == world["other"]
    # The same organisation importing again finds its own proposals rather than proposing twice.
    _, again = _import(world["partner"], text=COMPENDIUM.replace("Night Football", "Noon Football"))
    assert again.goal_links.get().goal == my_goal and again.organisation == mine.organisation


def test_a_public_document_creates_accepted_records(world):
    _import(world["partner"], public=True)
    assert Framework.objects.filter(slug__startswith="imported-").exists()
    assert Organisation.objects.filter(name__startswith=SECRET).exists()


def test_a_published_practice_leaves_out_its_link_to_a_proposed_goal_on_the_page_and_in_the_api(world):
    _, practice = _import(world["partner"])
    practice = _publish(world, practice)
    for reader in (None, "other_partner"):
        user = world[reader] if reader else None
        page = _client(user).get(f"/en/practices/{practice.pk}/")
        # The practice's own text is what the reviewer published; the goal and paragraph are the file's.
        assert page.status_code == 200 and practice.name in page.content.decode()
        assert "goal title from the file" not in page.content.decode()
        assert "paragraph text quoted" not in page.content.decode()
        body = _client(user, api=True).get(f"/api/v1/practices/{practice.pk}/").json()
        assert body["goal_links"] == [] and body["source_document"] is None and body["import_warnings"] == []
        assert body["organisation"] is None
    for reader in ("partner", "coordinator"):
        body = _client(world[reader], api=True).get(f"/api/v1/practices/{practice.pk}/").json()
        assert [link["title"] for link in body["goal_links"]] == [f"{SECRET} goal title from the file"]
        assert body["goal_links"][0]["paragraphs"][0]["number"] == 501
        page = _client(world[reader]).get(f"/en/practices/{practice.pk}/").content.decode()
        assert f"{SECRET} goal title from the file" in page


def test_the_practice_api_gives_the_document_and_warnings_only_to_their_readers(world):
    document, practice = _import(world["partner"])
    assert practice.import_warnings  # the new organisation, "check its type"
    own = _client(world["partner"], api=True).get(f"/api/v1/practices/{practice.pk}/").json()
    assert own["source_document"].endswith(f"/api/v1/documents/{document.pk}/") and own["import_warnings"]
    practice = _publish(world, practice)
    seen = _client(world["other_partner"], api=True).get(f"/api/v1/practices/{practice.pk}/").json()
    assert seen["name"] == practice.name and seen["source_document"] is None and seen["import_warnings"] == []
    listed = _client(api=True).get("/api/v1/practices/").json()["results"]
    assert [(p["source_document"], p["import_warnings"]) for p in listed] == [(None, [])]


def test_a_coordinator_accepts_a_proposed_framework_with_its_goals_and_paragraphs(world):
    _import(world["partner"])
    framework = Framework.with_proposals.get(slug__startswith="imported-")
    with pytest.raises(PermissionDenied):
        frameworks.accept_proposal(actor=world["partner"], record=framework)
    frameworks.accept_proposal(actor=world["coordinator"], record=framework)
    assert Framework.objects.filter(pk=framework.pk).exists()
    assert Goal.objects.filter(framework=framework).count() == 1
    assert Paragraph.objects.filter(goal__framework=framework).count() == 1
    entry = AuditEntry.objects.get(action="framework.accept")
    assert entry.actor == world["coordinator"] and entry.changes["goals"] == 1 and entry.changes["paragraphs"] == 1
    assert f"{SECRET} goal title" in _client().get(f"/en/frameworks/{framework.slug}/").content.decode()


def test_a_coordinator_merges_a_proposed_goal_into_a_goal_of_the_framework(world):
    _, practice = _import(world["partner"], text=KNOWN_AND_UNKNOWN, name="radio.txt")
    proposed = Goal.with_proposals.get(number="99")
    assert proposed.framework.proposed_by is None and proposed.proposed_by == world["org"]
    target = Goal.objects.filter(framework=proposed.framework, parent=None).exclude(number="8").first()
    frameworks.merge_proposal(actor=world["coordinator"], record=proposed, into=target)
    assert not Goal.with_proposals.filter(pk=proposed.pk).exists()
    assert sorted(practice.goal_links.values_list("goal__number", flat=True)) == sorted(["8", target.number])
    # Its paragraph follows it, still a proposal, under the goal it was merged into.
    paragraph = Paragraph.with_proposals.get(text__startswith=SECRET)
    assert paragraph.goal == target and paragraph.proposed_by == world["org"]
    assert practice.goal_links.get(goal=target).paragraphs(manager="with_proposals").get() == paragraph
    entry = AuditEntry.objects.get(action="goal.merge")
    assert entry.actor == world["coordinator"] and entry.changes["merged"].endswith(f"{SECRET} extra goal")


def test_a_coordinator_merges_a_proposed_organisation_into_one_the_directory_holds(world):
    _, practice = _import(world["partner"])
    proposed = practice.organisation
    with pytest.raises(PermissionDenied):
        accounts_services.merge_organisation(actor=world["hub_expert"], organisation=proposed, into=world["other"])
    accounts_services.merge_organisation(actor=world["coordinator"], organisation=proposed, into=world["other"])
    practice.refresh_from_db()
    assert practice.organisation == world["other"] and not Organisation.with_proposals.filter(pk=proposed.pk).exists()
    assert AuditEntry.objects.get(action="organisation.merge").changes["moved"] == {"practices.practice.organisation": 1}


def test_the_proposals_page_is_the_coordinators_and_accepts_through_the_service(world):
    assert "No proposal is waiting" in _client(world["coordinator"]).get("/en/frameworks/proposals/").content.decode()
    _import(world["partner"])
    assert _client(world["partner"]).get("/en/frameworks/proposals/").status_code == 403
    page = _client(world["coordinator"]).get("/en/frameworks/proposals/")
    assert page.status_code == 200 and page.content.decode().count('data-testid="proposal"') == 2
    organisation = Organisation.with_proposals.get(name__startswith=SECRET)
    refused = _client(world["partner"]).post("/en/frameworks/proposals/decide/", {
        "kind": "organisation", "pk": organisation.pk, "decision": "accept"})
    assert refused.status_code == 403
    response = _client(world["coordinator"]).post("/en/frameworks/proposals/decide/", {
        "kind": "organisation", "pk": organisation.pk, "decision": "accept"})
    assert response.status_code == 302 and Organisation.objects.filter(pk=organisation.pk).exists()
    assert AuditEntry.objects.filter(action="organisation.accept", actor=world["coordinator"]).count() == 1
    assert f"{SECRET} Circle of Elders" in _client(api=True).get("/api/v1/organisations/").content.decode()
    arabic = _client(world["coordinator"]).get("/ar/frameworks/proposals/").content.decode()
    assert "مقترح" in arabic


def test_anonymous_readers_see_the_organisation_and_step_of_a_review_not_who_or_the_comment(world):
    _, practice = _import(world["partner"], public=True)
    practice = _publish(world, practice)
    anonymous = _client().get(f"/en/practices/{practice.pk}/").content.decode()
    history = anonymous.split('data-testid="review-history"')[1].split("</ul>")[0]
    assert "Ministry" in history and "Riverbank Association" in history and "Published" in history
    for hidden in ("coordinator", "riverbank-partner", "Checked against the file", "Please check the goal"):
        assert hidden not in history
    for reader in ("hub_expert", "partner"):
        page = _client(world[reader]).get(f"/en/practices/{practice.pk}/").content.decode()
        history = page.split('data-testid="review-history"')[1].split("</ul>")[0]
        assert "coordinator" in history and "Checked against the file: fine" in history


def test_search_facets_offer_no_proposed_goal_to_outsiders(world):
    _, practice = _import(world["partner"])
    practice = _publish(world, practice)
    proposed = practice.goal_links.get().goal
    for user in (None, world["other_partner"]):
        body = _client(user, api=True).get("/api/v1/search/", {"q": "Night Football", "mode": "keyword"}).json()
        assert [r["title"] for r in body["results"]][:1] == [practice.name]
        values = [v["value"] for v in body["facets"].get("goal", [])]
        assert str(proposed.pk) not in values and SECRET not in str(body["facets"])
