"""Search: terms, the index kept in step with practice writes, visibility, facets, snippets, bad input."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.choices import Role
from practices.models import Practice
from practices.services import transition_practice, update_practice
from search import engine
from search import index as services
from search.models import SearchEntry
from search.text import clean_query, query_terms, snippet, terms
from tests.factories import make_org, make_practice, make_user

pytestmark = pytest.mark.django_db

BAD_QUERIES = [
    "",
    "   ",
    "x" * 10000,
    "youth AND NEAR(a b) OR NOT",
    '"unbalanced quote',
    "train* ; DROP TABLE search_searchentry; --",
    "'; SELECT 1 --",
    "\x00\x07 control \x1b chars \u202e",
    "🙂🕊️",
    "youth الشباب ٢٠١٥ mixed",
    "青少年 预防 暴力",
    "^$()[]{}|\\",
]


# --- terms -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("a, b", [
    ("مَدْرَسَة", "مدرسة"),  # diacritics
    ("تـــدريب", "تدريب"),  # tatweel
    ("أحمد", "احمد"), ("إسلام", "اسلام"), ("آمال", "امال"),  # alef / hamza forms
    ("مدرسة", "مدرسه"),  # taa marbuta / haa
    ("مستشفى", "مستشفي"),  # alef maqsura / yaa
    ("٢٠١٥", "2015"), ("۲۰۱۵", "2015"),  # Arabic-Indic and Persian digits
    ("الشباب", "شباب"), ("للشباب", "والشباب"),  # article and conjunctions
    ("train", "training"), ("trainers", "trained"), ("Training", "TRAINER"),  # English word forms
    ("communities", "community"), ("women", "woman"), ("extremism", "extremists"),
    ("café", "cafe"),
])
def test_spelling_variants_and_word_forms_share_a_term(a, b):
    assert terms(a) == terms(b) and terms(a)


def test_query_terms_drop_stop_words_and_syntax():
    assert query_terms('training AND "the" youth*') == ["train", "youth"]
    assert query_terms("the of and") == ["the", "of", "and"]  # only stop words: kept
    assert clean_query("a\x00b\u202ec   d") == "a b c d"
    assert len(clean_query("x" * 10000)) == 500


def test_snippet_escapes_and_marks_in_both_scripts():
    text = "Training <script>alert(1)</script> for trainers. تدريب الشباب في المدارس"
    html = snippet(text, set(query_terms("trainer الشباب")))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>Training</mark>" in html and "<mark>trainers</mark>" in html and "<mark>الشباب</mark>" in html


# --- the index follows the data --------------------------------------------------------------------------


@pytest.fixture
def org_user(reference):
    return make_user("search-author", role=Role.PARTNER, organisation=make_org("Search Test NGO"))


def hits(user, query, **kwargs):
    return [(h.kind, h.object_id) for h in engine.search(user, query, **kwargs).hits]


def test_create_edit_transition_and_removal_keep_the_index_in_step(org_user):
    practice = make_practice(org_user, name="Neighbourhood football league", description="Young players meet weekly.")
    entry = SearchEntry.objects.get(kind="practice", object_id=practice.pk)
    assert entry.embedding is not None and "football" in entry.text_a
    assert hits(org_user, "football") == [("practice", practice.pk)]
    assert hits(AnonymousUser(), "football") == []  # a draft: only its organisation sees it

    update_practice(actor=org_user, practice=practice, name="Neighbourhood chess club")
    assert hits(org_user, "football", mode="keyword") == []
    assert hits(org_user, "chess", mode="keyword") == [("practice", practice.pk)]

    transition_practice(actor=org_user, practice=practice, to_status="in_review")
    reviewer = make_user("search-reviewer", role=Role.NATIONAL_COORDINATOR)
    transition_practice(actor=reviewer, practice=practice, to_status="published")
    assert hits(AnonymousUser(), "chess") == [("practice", practice.pk)]

    services.remove_object(practice)
    assert hits(org_user, "chess") == [] and not SearchEntry.objects.filter(kind="practice").exists()


def test_reindex_rebuilds_text_vectors_and_drops_stale_entries(org_user):
    kept = make_practice(org_user, name="Theatre for adolescents")
    gone = make_practice(org_user, name="Radio drama")
    SearchEntry.objects.filter(kind="practice", object_id=kept.pk).update(embedding=None, text_a="")
    Practice.objects.filter(pk=gone.pk).delete()  # as the admin or a data fix would, outside the services
    out = []
    call_command("reindex", stdout=type("W", (), {"write": lambda self, s: out.append(s)})())
    assert "1 practice" in out[0] and "(s)" not in out[0] and "1 stale" in out[0]
    entry = SearchEntry.objects.get(kind="practice")  # organisations have entries too (directory/search.py)
    assert entry.object_id == kept.pk and entry.embedding is not None and "theatr" in entry.text_a


COMPENDIUM = """GOOD PRACTICES
Radio for returnees
Country: Iraq
Organisation responsible: Voices of Nineveh
Period: 2015-2017
Activity: A radio programme for families returning to Mosul.
Objectives
Giving returnees a voice.
Description
Weekly shows with call-ins.
Beneficiaries
Listeners in Mosul
GOAL 8: Raise alternative narratives in social media and traditional media.
"""


def test_import_indexes_text_at_once_and_vectors_in_the_job(reference, django_capture_on_commit_callbacks):
    from documents import services as documents

    importer = make_user("search-importer", organisation=make_org("Importing NGO"))
    with django_capture_on_commit_callbacks(execute=True):
        job = documents.start_import(actor=importer, files=[("returnees.txt", COMPENDIUM.encode())])
    job.refresh_from_db()
    created = [c["practice_id"] for f in job.result["files"] for c in f["created"]]
    assert created and job.status == "done"
    entries = SearchEntry.objects.filter(kind="practice", object_id__in=created)
    assert entries.count() == len(created) and not entries.filter(embedding=None).exists()
    assert job.total == 1 + len(created) and "vectors" in json.dumps(job.result) or job.progress == job.total
    assert hits(importer, "returnees") == [("practice", created[0])]


# --- who sees what ------------------------------------------------------------------------------------


def test_results_hold_only_what_the_reader_may_see(reference):
    own = make_org("Own NGO")
    other = make_org("Other NGO")
    reader = make_user("reader", role=Role.PARTNER, organisation=own)
    writer = make_user("writer", role=Role.PARTNER, organisation=other)
    own_draft = make_practice(reader, name="Youth radio own draft")
    other_draft = make_practice(writer, name="Youth radio SECRET-OTHER draft")
    published = make_practice(writer, status="published", name="Youth radio published")
    found = {pk for _k, pk in hits(reader, "youth radio", limit=50)}
    assert found == {own_draft.pk, published.pk}
    assert {pk for _k, pk in hits(AnonymousUser(), "youth radio")} == {published.pk}
    admin = make_user("search-admin", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    assert other_draft.pk in {pk for _k, pk in hits(admin, "youth radio")}
    for client_user in (None, reader):
        client = APIClient()
        if client_user:
            client.force_login(client_user)
        body = client.get("/api/v1/search/", {"q": "secret-other draft"}).json()
        found = json.dumps(body["results"] + [body["facets"]]).upper().replace("<MARK>", "").replace("</MARK>", "")
        assert "SECRET-OTHER" not in found and (body["results"] or client_user is None)


def test_facets_count_the_visible_results_and_filter_them(reference):
    from places.models import Place

    author = make_user("facet-author", role=Role.PARTNER, organisation=make_org("Facet NGO"))
    iraq = Place.objects.get(code="IQ")
    jordan = Place.objects.filter(kind="country").exclude(pk=iraq.pk).first()
    make_practice(author, status="published", name="Mentoring teenagers", country=iraq, lang="en",
                  beneficiaries="young people and their mothers", start_year=2016)
    make_practice(author, status="published", name="Mentoring detainees", country=iraq, lang="en",
                  beneficiaries="prisoners", start_year=2021)
    make_practice(author, status="published", name="Mentoring imams", country=jordan, lang="en",
                  beneficiaries="imams", start_year=2022)
    results = engine.search(AnonymousUser(), "mentoring", mode="keyword")
    counts = {name: {v.value: v.count for v in values} for name, values in results.facets.items()}
    assert results.total == 3
    assert counts["country"] == {str(iraq.pk): 2, str(jordan.pk): 1}
    assert counts["period"] == {"2010s": 1, "2020s": 2}
    assert counts["beneficiaries"]["youth"] == 1 and counts["beneficiaries"]["prisons"] == 1
    assert counts["language"] == {"en": 3}
    labels = {v.value: v.label for v in results.facets["country"]}
    assert labels[str(iraq.pk)] == iraq.name
    assert {v.value: v.label for v in results.facets["period"]} == {"2010s": "2010–2019", "2020s": "2020–2029"}
    narrowed = engine.search(AnonymousUser(), "mentoring", mode="keyword", filters={"country": [str(iraq.pk)]})
    assert narrowed.total == 2


# --- page, API and command ---------------------------------------------------------------------------


@pytest.fixture
def library(reference):
    author = make_user("page-author", role=Role.PARTNER, organisation=make_org("Page NGO"))
    return [
        make_practice(author, status="published", name="Training of trainers for youth workers", lang="en",
                      description="<script>alert('x')</script> Trainers trained youth workers in Mosul."),
        make_practice(author, status="published", name="تدريب المدربين للعاملين مع الشباب", lang="ar",
                      description="دُرِّب العاملون مع الشباب في المدارس."),
    ]


def test_page_shows_highlighted_escaped_results_with_language_and_direction(client, library):
    response = client.get("/en/search/", {"q": "trainers"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<mark>Trainers</mark>" in html and 'lang="en" dir="ltr"' in html
    response = client.get("/ar/search/", {"q": "الشباب"})
    html = response.content.decode()
    assert "<mark>الشباب</mark>" in html and 'lang="ar" dir="rtl"' in html
    assert 'data-testid="facets"' in html


def test_page_without_a_query_invites_one_and_htmx_gets_the_partial(client, library):
    html = client.get("/en/search/").content.decode()
    assert 'data-testid="empty"' in html and "search-input" in html
    partial = client.get("/en/search/", {"q": "trainers"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "search-hit" in partial


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_input_answers_200_with_results_or_a_message(client, library, query):
    page = client.get("/en/search/", {"q": query})
    assert page.status_code == 200
    api = APIClient().get("/api/v1/search/", {"q": query})
    assert api.status_code == 200
    body = api.json()
    assert body["results"] or body["messages"]
    if not query.strip():
        assert body["messages"] and not body["results"]
    if len(query) > 500:
        assert any("500" in m for m in body["messages"])


def test_api_answers_with_results_facets_and_paging(library):
    body = APIClient().get("/api/v1/search/", {"q": "trainers", "limit": 1}).json()
    assert body["total"] >= 1 and len(body["results"]) == 1
    hit = body["results"][0]
    assert set(hit) == {"kind", "id", "url", "title", "title_html", "snippet_html", "lang", "score"}
    assert hit["url"].startswith("http") and "language" in body["facets"]
    assert APIClient().get("/api/v1/search/", {"q": "x", "limit": 0}).status_code == 400


def test_command_prints_results_and_json(library, capsys):
    call_command("search", "trainers", "--limit", "5")
    out = capsys.readouterr().out
    assert "»Trainers«" in out or "»trainers«" in out
    call_command("search", "الشباب", "--json")
    body = json.loads(capsys.readouterr().out)
    assert body["total"] >= 1 and {"id", "title", "lang", "url", "score", "snippet"} <= set(body["results"][0])
    for query in BAD_QUERIES:
        call_command("search", query or " ", "--json")
        assert "total" in json.loads(capsys.readouterr().out)


def test_similar_practices_panel_lists_visible_neighbours(client, library):
    html = client.get(reverse("practices:detail", args=[library[0].pk])).content.decode()
    assert 'data-testid="similar-practices"' in html
    near = engine.similar(AnonymousUser(), library[0])
    assert all(h.object_id != library[0].pk for h in near)


# --- the real model: Arabic finds English and the reverse --------------------------------------------------


def test_cross_lingual_search_with_the_real_model(reference, real_search_model):
    author = make_user("cross-author", role=Role.PARTNER, organisation=make_org("Cross NGO"))
    english = make_practice(author, status="published", lang="en", name="Rehabilitation of prisoners",
                            description="Inmates followed vocational courses inside the prison.")
    arabic = make_practice(author, status="published", lang="ar", name="دوري كرة القدم للشباب",
                           description="مباريات أسبوعية لشباب الأحياء.")
    make_practice(author, status="published", lang="en", name="Radio drama on coexistence",
                  description="A weekly radio series about neighbours.")
    assert hits(AnonymousUser(), "إعادة تأهيل السجناء", mode="hybrid")[0] == ("practice", english.pk)
    assert hits(AnonymousUser(), "youth football league", mode="hybrid")[0] == ("practice", arabic.pk)


def test_a_failing_encoder_never_blocks_a_write(org_user):
    from search import encoding

    def broken(texts):
        raise RuntimeError("model files missing")

    encoding.use_encoder(broken)
    practice = make_practice(org_user, name="Saved without a vector")
    entry = SearchEntry.objects.get(kind="practice", object_id=practice.pk)
    assert entry.embedding is None
    assert hits(org_user, "vector", mode="keyword") == [("practice", practice.pk)]
    encoding.use_encoder(encoding.hashing_encoder)
    assert services.embed_missing(ids=[("practice", practice.pk)]) == 1


def test_queries_of_common_words_are_ranked_without_asking_the_index_to_rank_every_holder(org_user, monkeypatch):
    """When every query word is held by a large share of the index, the keyword scores come from BM25
    computed on the semantic candidates (the same answer, without ranking every holder)."""
    first = make_practice(org_user, name="Youth football league", description="Weekly matches for youth.")
    make_practice(org_user, name="Youth radio", description="A radio show.")
    slow = engine.rank("youth football", mode="hybrid")
    monkeypatch.setattr(engine, "COMMON_MIN", 0)
    monkeypatch.setattr(engine, "COMMON_SHARE", 0.0)
    fast = engine.rank("youth football", mode="hybrid")
    assert fast.keyword and fast.fused[0][0] == slow.fused[0][0]
    assert SearchEntry.objects.get(pk=fast.fused[0][0]).object_id == first.pk
    assert engine.rank("youth", mode="keyword").keyword  # keyword-only still asks the index


def test_a_page_past_the_end_shows_the_last_one(client, library):
    html = client.get("/en/search/", {"q": "trainers", "page": "999"}).content.decode()
    assert "search-hit" in html
    assert client.get("/en/search/", {"q": "trainers", "page": "x"}).status_code == 200
