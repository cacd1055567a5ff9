"""Organisations and networks in the search index: found by name in both languages, ranked first on an exact
name, hidden where the directory hides them (proposals), kept in step by the services and by `wiqaya reindex`;
place names in Arabic, English and Kurdish find the same records."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client

from accounts import services as accounts
from accounts.choices import OrganisationKind, Role
from core.actors import system
from directory import services as directory
from places.models import Place
from search import engine
from search.models import SearchEntry
from tests.factories import make_org, make_practice, make_user

pytestmark = pytest.mark.django_db
SYSTEM = system("test")


def found(user, query, mode="hybrid", **kwargs):
    return [(h.kind, h.object_id) for h in engine.search(user, query, mode=mode, limit=50, **kwargs).hits]


@pytest.fixture
def network(reference):
    scn = make_org("Strong Cities Network", kind=OrganisationKind.NETWORK, name_alt="شبكة المدن القوية",
                   acronym="SCN", website="https://scn.example.org")
    mosul = make_org("Mosul Municipality", kind=OrganisationKind.LOCAL_GOVERNMENT, name_alt="بلدية الموصل",
                     place=Place.objects.get(code="IQ-NI-D-MOSUL"), public_email="office@mosul.example.org")
    coordinator = make_user("coordinator", role=Role.NATIONAL_COORDINATOR)
    membership = directory.add_membership(actor=coordinator, network=scn, member=mosul)
    directory.change_status(actor=coordinator, membership=membership, status="member")
    author = make_user("author", role=Role.PARTNER)
    # Practices that name the network in their text: they must not outrank the network itself.
    for n in range(3):
        make_practice(author, status="published", name=f"City exchange {n}",
                      description="Our city joined the Strong Cities Network and its exchanges of cities.")
    make_practice(author, status="published", name="تبادل الخبرات بين المدن",
                  description="انضمت مدينتنا إلى شبكة المدن القوية لتبادل الخبرات بين المدن.", lang="ar")
    return scn, mosul, coordinator


@pytest.mark.parametrize("query", ["Strong Cities Network", "شبكة المدن القوية", "SCN"])
@pytest.mark.parametrize("mode", ["hybrid", "keyword"])
def test_a_network_is_found_first_by_its_name_in_either_language(network, query, mode):
    scn, _mosul, _coordinator = network
    assert found(AnonymousUser(), query, mode)[0] == ("network", scn.pk)


@pytest.mark.parametrize("query", ["Mosul Municipality", "بلدية الموصل"])
def test_an_organisation_is_found_first_by_its_name_in_either_language(network, query):
    _scn, mosul, _coordinator = network
    results = engine.search(AnonymousUser(), query, limit=50)
    assert (results.hits[0].kind, results.hits[0].object_id) == ("organisation", mosul.pk)
    assert results.hits[0].kind_label == "Organisation" and results.hits[0].url == f"/en/directory/organisations/{mosul.pk}/"
    types = {v.value: v.label for v in results.facets["type"]}
    assert types["organisation"] == "Organisation"
    assert {v.value: v.label for v in results.facets["organisation_type"]}["local_government"] == "Local government"


def test_the_cards_and_the_type_facet_name_organisations_and_networks_in_arabic_too(network, client):
    _scn, mosul, _coordinator = network
    html = client.get("/ar/search/", {"q": "شبكة المدن القوية"}).content.decode()  # the network, and its member
    facet = html.split('data-testid="facet-type"')[1].split("</fieldset>")[0]
    assert "الجهة" in facet and "شبكة" in facet
    card = html.split(f'href="/ar/directory/organisations/{mosul.pk}/"')[1].split("</article>")[0]
    assert 'data-testid="organisation-type">حكومة محلية<' in card  # its type, in the reader's language


def test_an_organisation_entry_holds_its_public_networks_places_and_contact(network):
    _scn, mosul, _coordinator = network
    entry = SearchEntry.objects.get(kind="organisation", object_id=mosul.pk)
    assert "Strong Cities Network" in entry.body and "شبكة المدن القوية" in entry.body
    assert "الموصل" in entry.body and "Nineveh" in entry.body  # its place and the governorate, both languages
    assert ("organisation", mosul.pk) in found(AnonymousUser(), "موسڵ", "keyword")  # Kurdish, through search.places
    assert entry.body == ("Mosul · الموصل · Nineveh (Ninawa) · نينوى · Strong Cities Network · شبكة المدن القوية · "
                          "office@mosul.example.org")  # the card's extract; its type is a facet and a badge
    assert entry.facets["organisation_type"] == ["local_government"]


def test_a_candidate_membership_is_not_in_the_entry(network):
    scn, _mosul, coordinator = network
    hopeful = make_org("Hopeful Town Council", kind=OrganisationKind.LOCAL_GOVERNMENT)
    membership = directory.add_membership(actor=coordinator, network=scn, member=hopeful)
    assert "Strong Cities" not in SearchEntry.objects.get(kind="organisation", object_id=hopeful.pk).body
    directory.change_status(actor=coordinator, membership=membership, status="member")
    assert "Strong Cities" in SearchEntry.objects.get(kind="organisation", object_id=hopeful.pk).body
    directory.change_status(actor=coordinator, membership=membership, status="withdrawn")
    assert "Strong Cities" not in SearchEntry.objects.get(kind="organisation", object_id=hopeful.pk).body


def test_edits_follow_name_and_kind(network):
    _scn, mosul, _coordinator = network
    admin = make_user("admin", role=Role.ADMINISTRATOR)
    mosul.name_alt = "مجلس مدينة الموصل"
    mosul.kind = OrganisationKind.NETWORK
    accounts.save_organisation(actor=admin, organisation=mosul)
    assert found(AnonymousUser(), "مجلس مدينة الموصل", "keyword")[0] == ("network", mosul.pk)
    assert not SearchEntry.objects.filter(kind="organisation", object_id=mosul.pk).exists()


def test_a_proposal_is_found_only_by_its_organisation_and_coordinators(reference):
    proposer = make_org("Proposing Association")
    member = make_user("member", role=Role.PARTNER, organisation=proposer)
    other = make_user("other", role=Role.PARTNER, organisation=make_org("Another Association"))
    coordinator = make_user("coordinator", role=Role.NATIONAL_COORDINATOR)
    admin = make_user("admin", role=Role.ADMINISTRATOR)
    proposal, created = accounts.get_or_create_organisation(
        actor=member, name="Quietwater Elders Circle", proposed_by=proposer)
    assert created
    hit = ("organisation", proposal.pk)
    for user in (AnonymousUser(), other):
        assert hit not in found(user, "Quietwater Elders Circle")
        assert "Quietwater" not in str(engine.search(user, "Quietwater").facets)
    for user in (member, coordinator, admin):
        assert found(user, "Quietwater Elders Circle")[0] == hit
    page = Client()
    assert "Elders Circle" not in page.get("/en/search/", {"q": "Quietwater"}).content.decode()  # the query is echoed
    page.force_login(member)
    assert "Elders Circle" in page.get("/en/search/", {"q": "Quietwater"}).content.decode()
    # Accepted: public.
    accounts.accept_organisation(actor=coordinator, organisation=proposal)
    assert found(AnonymousUser(), "Quietwater Elders Circle")[0] == hit


def test_a_merged_proposal_leaves_the_index(reference):
    proposer = make_org("Proposing Association")
    member = make_user("member", role=Role.PARTNER, organisation=proposer)
    coordinator = make_user("coordinator", role=Role.NATIONAL_COORDINATOR)
    target = make_org("Quietwater Council")
    proposal, _created = accounts.get_or_create_organisation(
        actor=member, name="Quietwater Elders Circle", proposed_by=proposer)
    accounts.merge_organisation(actor=coordinator, organisation=proposal, into=target)
    assert not SearchEntry.objects.filter(object_id=proposal.pk, kind__in=["organisation", "network"]).exists()
    assert SearchEntry.objects.filter(object_id=target.pk, kind="organisation").exists()


def test_reindex_counts_organisations_and_networks(network):
    SearchEntry.objects.filter(kind__in=["organisation", "network"]).delete()
    out = []
    call_command("reindex", stdout=type("W", (), {"write": lambda self, s: out.append(s)})())
    organisations = SearchEntry.objects.filter(kind="organisation").count()
    assert organisations >= 3  # Mosul Municipality, the users' organisations, the practices' organisations
    assert f"{organisations} organisations" in out[0] and "1 network" in out[0]
    scn, _mosul, _coordinator = network
    assert found(AnonymousUser(), "Strong Cities Network")[0] == ("network", scn.pk)


# --- place names across scripts ---------------------------------------------------------------------------


@pytest.fixture
def mosul_practices(reference):
    author = make_user("author", role=Role.PARTNER)
    english = make_practice(author, status="published", name="Radio for returnees",
                            description="A weekly radio programme for families returning to Mosul.")
    arabic = make_practice(author, status="published", name="برنامج إذاعي للعائدين", lang="ar",
                           description="برنامج إذاعي أسبوعي للأسر العائدة إلى الموصل.")
    kurdish = make_practice(author, status="published", name="Kurdish radio", lang="en",
                            description="بەرنامەیەکی ڕادیۆیی بۆ خێزانە گەڕاوەکان لە موسڵ.")
    make_practice(author, status="published", name="Basra youth club", description="Sport for young people in Basra.")
    return {english.pk, arabic.pk, kurdish.pk}


@pytest.mark.parametrize("query", ["Mosul", "الموصل", "موسڵ", "مووسڵ", "بالموصل"])
def test_a_place_named_in_any_script_finds_the_same_practices(mosul_practices, query):
    practices = {pk for kind, pk in found(AnonymousUser(), query, "keyword") if kind == "practice"}
    assert practices == mosul_practices


def test_a_place_name_in_a_longer_query_adds_its_other_names(mosul_practices):
    from search.places import expand, term_groups
    from search.text import query_terms

    assert set(expand(query_terms("radio in Mosul"))) >= {"radio", "mosul", "موصل", "موسل"}  # Kurdish letters fold to the Arabic ones (search.text)
    assert expand(query_terms("Salah ad Din")) == ["salah", "ad", "din", "salahuddin", "salahudin"]  # no "دين"
    assert expand(query_terms("hit")) == ["hit"]  # a common word, not the district of Hit
    # For the keyword bonus, a place's names are one term: "youth in Mosul" is two, not eight.
    groups = term_groups(expand(query_terms("youth in Mosul")))
    assert groups[0] == {"youth"} and {"mosul", "موصل", "موسل"} <= groups[1] and len(groups) == 2
    ranked = found(AnonymousUser(), "radio الموصل", "keyword")
    assert {pk for kind, pk in ranked[:3]} == mosul_practices


def test_the_demo_directory_is_in_the_index_after_loading(db):
    from accounts.models import Organisation
    from demo.loader import load_demo

    load_demo()
    organisations = Organisation.objects.all()
    networks = organisations.filter(kind=OrganisationKind.NETWORK)
    assert SearchEntry.objects.filter(kind="network").count() == networks.count() >= 8
    assert SearchEntry.objects.filter(kind="organisation").count() == organisations.count() - networks.count()
    scn = networks.get(name="Strong Cities Network")
    for query in ("Strong Cities Network", scn.name_alt):
        assert found(AnonymousUser(), query)[0] == ("network", scn.pk)
    mosul = {q: {pk for kind, pk in found(AnonymousUser(), q, "keyword") if kind == "practice"}
             for q in ("Mosul", "الموصل", "موسڵ")}
    assert mosul["Mosul"] and mosul["Mosul"] == mosul["الموصل"] == mosul["موسڵ"]
