"""The glossary: services and permissions, the page in both languages, the API, the shipped terms, and the
expansion that carries keyword search across languages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.choices import Role
from core.models import AuditEntry
from glossary import services
from glossary.choices import Status
from glossary.models import GlossaryTerm
from search import engine
from search import glossary as expansion
from search.text import query_terms
from tests.factories import make_org, make_practice, make_user

pytestmark = pytest.mark.django_db

RETURNEES = {"term_en": "returnees", "term_ar": "العائدون", "variants_en": "returnee\nreturning families",
             "variants_ar": "العائدين\nالعائدات", "theme": "groups", "source_note": "team translation"}


@pytest.fixture(autouse=True)
def _fresh_glossary_cache():
    expansion.forget()
    yield
    expansion.forget()


@pytest.fixture
def coordinator(reference):
    return make_user("gl-coordinator", role=Role.NATIONAL_COORDINATOR)


@pytest.fixture
def partner(reference):
    return make_user("gl-partner", role=Role.PARTNER, organisation=make_org("Glossary NGO"))


# --- services and permissions ------------------------------------------------------------------------


def test_a_coordinator_adds_edits_and_retires_a_term_with_audit_entries(coordinator):
    term = services.add_term(actor=coordinator, values=RETURNEES)
    assert (term.term_en, term.term_ar, term.status, term.created_by) == ("returnees", "العائدون", Status.CURATED, coordinator)
    assert term.forms_ar() == ["العائدون", "العائدين", "العائدات"]
    services.edit_term(actor=coordinator, term=term, values={"definition_en": "People who come back home."})
    services.retire_term(actor=coordinator, term=term)
    entries = list(AuditEntry.objects.filter(object_type="glossary.glossaryterm", object_id=str(term.pk))
                   .order_by("id").values_list("action", "changes"))
    assert [a for a, _c in entries] == ["glossary.add", "glossary.edit", "glossary.retire"]
    assert entries[0][1]["term_ar"] == [None, "العائدون"]
    assert entries[1][1] == {"definition_en": ["", "People who come back home."]}
    assert entries[2][1] == {"status": ["curated", "retired"]}


def test_a_partner_and_a_visitor_cannot_change_the_glossary(partner, coordinator):
    for actor in (partner, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.add_term(actor=actor, values=RETURNEES)
    term = services.add_term(actor=coordinator, values=RETURNEES)
    with pytest.raises(PermissionDenied):
        services.edit_term(actor=partner, term=term, values={"term_en": "x"})
    with pytest.raises(PermissionDenied):
        services.retire_term(actor=partner, term=term)
    with pytest.raises(PermissionDenied):
        services.load_shipped(actor=coordinator)  # administrators and the system load the shipped file
    assert GlossaryTerm.objects.count() == 1 and not AuditEntry.objects.filter(action="glossary.edit").exists()


def test_both_terms_are_required_and_a_term_is_not_added_twice(coordinator):
    with pytest.raises(ValidationError) as missing:
        services.add_term(actor=coordinator, values={"term_en": "  ", "term_ar": ""})
    assert set(missing.value.message_dict) >= {"term_en", "term_ar"}
    services.add_term(actor=coordinator, values=RETURNEES)
    with pytest.raises(ValidationError) as twice:
        services.add_term(actor=coordinator, values=RETURNEES | {"term_en": "Returnees"})
    assert "term_en" in twice.value.message_dict


def test_only_curated_terms_are_public(coordinator, partner):
    services.add_term(actor=coordinator, values=RETURNEES)
    services.add_term(actor=coordinator, values={"term_en": "mediation", "term_ar": "الوساطة", "status": "proposed"})
    public = APIClient().get("/api/v1/glossary/").json()
    rows = public["results"] if isinstance(public, dict) else public
    assert [r["term_en"] for r in rows] == ["returnees"]
    assert rows[0]["variants_ar"] == ["العائدين", "العائدات"]
    api = APIClient()
    api.force_authenticate(coordinator)
    seen = api.get("/api/v1/glossary/").json()
    assert sorted(r["term_en"] for r in (seen["results"] if isinstance(seen, dict) else seen)) == ["mediation", "returnees"]


def test_a_fresh_setup_ships_at_least_120_term_pairs_each_with_a_source():
    call_command("setup", "--no-demo", verbosity=0)
    terms = GlossaryTerm.objects.filter(status=Status.CURATED, shipped=True)
    assert terms.count() >= 120
    assert all(t.term_ar and t.term_en and (t.source_url or t.source_title or t.source_note == "team translation")
               for t in terms)
    assert terms.exclude(source_url="").count() >= 40  # pairs that rest on a bilingual document
    assert AuditEntry.objects.filter(action="glossary.load", system_reason="setup").count() == 1
    call_command("setup", "--no-demo", verbosity=0)  # again: nothing added twice
    assert GlossaryTerm.objects.count() == terms.count()


# --- the page ----------------------------------------------------------------------------------------------


def test_the_page_shows_an_empty_state_then_both_languages_side_by_side(client, coordinator):
    page = client.get("/en/glossary/")
    assert page.status_code == 200 and b'data-testid="empty"' in page.content
    assert "The glossary is empty." in page.content.decode()
    services.add_term(actor=coordinator, values=RETURNEES | {"source_title": "UNDP Iraq", "source_url": "https://www.undp.org/iraq"})
    services.add_term(actor=coordinator, values={"term_en": "mediation", "term_ar": "الوساطة", "theme": "programmes",
                                                  "source_note": "team translation"})
    text = client.get("/en/glossary/").content.decode()
    assert text.count('data-testid="glossary-term"') == 2
    assert 'lang="ar" dir="rtl"' in text and "العائدين، العائدات" in text and 'href="https://www.undp.org/iraq"' in text
    assert "Add a term" not in text  # a visitor reads; only coordinators get the form
    arabic = client.get("/ar/glossary/").content.decode()
    assert "المسرد" in arabic and "ترجمة الفريق" in arabic
    assert arabic.index('<th scope="col">العربية</th>') < arabic.index('<th scope="col">الإنجليزية</th>')  # Arabic first
    only = client.get("/en/glossary/", {"q": "العائدين"}).content.decode()
    assert only.count('data-testid="glossary-term"') == 1 and "returnees" in only
    themed = client.get("/en/glossary/", {"theme": "programmes"}).content.decode()
    assert themed.count('data-testid="glossary-term"') == 1 and "mediation" in themed
    lettered = client.get("/en/glossary/", {"letter": "M"}).content.decode()
    assert lettered.count('data-testid="glossary-term"') == 1
    none = client.get("/en/glossary/", {"q": "zzz"}).content.decode()
    assert "No term matches." in none


def test_the_form_adds_a_term_for_a_coordinator_and_shows_errors(client, coordinator, partner):
    client.force_login(partner)
    assert client.get("/en/glossary/new/").status_code == 403
    assert client.post("/en/glossary/new/", {"term_en": "x", "term_ar": "س", "theme": "concepts",
                                              "status": "curated"}).status_code == 403
    client.force_login(coordinator)
    assert "Add a term" in client.get("/en/glossary/").content.decode()
    bad = client.post("/en/glossary/new/", {"term_en": "", "term_ar": "", "theme": "concepts", "status": "curated"})
    assert bad.status_code == 200 and set(bad.context["form"].errors) == {"term_en", "term_ar"}
    assert 'data-testid="error-summary"' in bad.content.decode() or "field-invalid" in bad.content.decode()
    done = client.post("/en/glossary/new/", {"term_en": "mediation", "term_ar": "الوساطة", "variants_ar": "الوسطاء",
                                              "theme": "programmes", "status": "curated", "source_note": "team translation"})
    assert done.status_code == 302
    again = client.post("/en/glossary/new/", {"term_en": "Mediation", "term_ar": "وساطة", "theme": "programmes",
                                               "status": "curated"})
    assert "This term is in the glossary already." in again.content.decode()
    again_ar = client.post("/ar/glossary/new/", {"term_en": "Mediation", "term_ar": "وساطة", "theme": "programmes",
                                                  "status": "curated"})
    assert "هذا المصطلح موجود في المسرد." in again_ar.content.decode()
    term = GlossaryTerm.objects.get(term_en="mediation")
    assert term.variants_ar == "الوسطاء" and term.created_by == coordinator
    edit = client.post(reverse("glossary:edit", args=[term.pk]), {"term_en": "mediation", "term_ar": "الوساطة",
                                                                 "theme": "programmes", "status": "proposed"})
    assert edit.status_code == 302 and GlossaryTerm.objects.get(pk=term.pk).status == "proposed"
    assert client.post(reverse("glossary:retire", args=[term.pk])).status_code == 302
    assert GlossaryTerm.objects.get(pk=term.pk).status == "retired"


def test_a_proposed_term_is_withheld_from_a_visitor(client, coordinator):
    term = services.add_term(actor=coordinator, values=RETURNEES | {"status": "proposed"})
    assert "returnees" not in client.get("/en/glossary/").content.decode()
    assert client.get(f"/api/v1/glossary/{term.pk}/").status_code == 404


# --- search across languages ----------------------------------------------------------------------------


@pytest.fixture
def arabic_practice(reference):
    author = make_user("gl-author", role=Role.PARTNER, organisation=make_org("منظمة الأمل"))
    return make_practice(author, status="published", name="دعم العائدين من المخيمات", location="العراق",
                         organisation_name="منظمة الأمل", activity="جلسات حوار مع الأسر",
                         description="برنامج في قضاء الحبانية للأسر العائدين إلى مناطقهم.")


def _hits(query, **kwargs):
    return [(h.kind, h.object_id) for h in engine.search(AnonymousUser(), query, mode="keyword", **kwargs).hits]


def test_an_english_query_finds_an_arabic_only_record_through_the_glossary(arabic_practice, coordinator):
    assert _hits("returnees") == []  # no glossary yet: the English word is nowhere in the record
    services.add_term(actor=coordinator, values=RETURNEES)
    assert _hits("returnees") == [("practice", arabic_practice.pk)]
    ranking = engine.rank("returnees", mode="keyword")
    assert "عايد" in ranking.terms  # the Arabic term, as a search term, is highlighted too
    assert engine.rank("returnees", mode="keyword", glossary=False).keyword == []
    with override_settings(WIQAYA_SEARCH_GLOSSARY=False):
        assert _hits("returnees") == []
    services.retire_term(actor=coordinator, term=GlossaryTerm.objects.get())
    assert _hits("returnees") == []  # a retired term reaches search at once


def test_a_phrase_of_the_other_language_is_matched_as_a_phrase(reference, coordinator):
    author = make_user("gl-phrase-author", role=Role.PARTNER, organisation=make_org("منظمة النور"))
    whole = make_practice(author, status="published", name="برنامج إعادة الإدماج", location="العراق",
                          organisation_name="منظمة النور", activity="جلسات للأسر", description="في الأنبار.")
    apart = make_practice(author, status="published", name="إعادة تأهيل المدارس", location="العراق",
                          organisation_name="منظمة النور", activity="الإدماج في الصفوف", description="في ديالى.")
    services.add_term(actor=coordinator, values={"term_en": "reintegration", "term_ar": "إعادة الإدماج"})
    found = _hits("reintegration")
    assert ("practice", whole.pk) in found and ("practice", apart.pk) not in found  # both words, but not together


def test_expansion_matches_the_longest_phrase_and_keeps_the_query_terms():
    g = expansion.Glossary([["violent extremism", "التطرف العنيف"], ["violence", "العنف"],
                            ["local peace committees", "LPC", "لجان السلام المحلية"]])
    e = g.expand(query_terms("violent extremism and local peace committees"))
    assert e.terms[:5] == ["viol", "extrem", "loc", "peac", "committe"]
    assert "تطرف عنيف" in e.terms and "لجان سلام محل" in e.terms and "lpc" in e.terms
    assert "عنف" not in e.terms  # "violent extremism" is one term: "violence" is not brought in
    assert g.expand(query_terms("football")) is None
    assert e.coverage({"تطرف", "عنيف"}) == 0.4  # two of the five query terms, through their Arabic phrase
    arabic = g.expand(query_terms("التطرف العنيف"))
    assert "viol extrem" in arabic.terms


def test_the_shipped_glossary_carries_the_field_vocabulary_both_ways():
    g = expansion.shipped()
    assert len(g) >= 120
    assert "اعاد ادماج" in g.expand(query_terms("reintegration of returnees")).terms
    assert "reintegr" in g.expand(query_terms("إعادة الإدماج")).terms
    assert "hat speech" in g.expand(query_terms("خطاب الكراهية")).terms
