"""Practices in French, Spanish, German and Sorani Kurdish: imported from a compendium, they keep their language and
are found by their words (accents or none; Kurdish letters or the Arabic ones typed in their place)."""

import pytest

from practices.models import Practice
from search import engine
from search.text import terms
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db

FRENCH = """Cercles de parole à Tunis
Pays : Tunisie
Organisation responsable : Maison des jeunes de la Médina
Période : depuis 2016
Activité : Les éducateurs réunissent chaque semaine des élèves et leurs parents pour parler de la paix.
Objectifs
Prévenir l'isolement des jeunes dans les quartiers.
Description
Les cercles de parole sont animés par des éducatrices formées à la médiation ; ils ont lieu dans les écoles.
Bénéficiaires
Élèves, parents et enseignants
Objectif 2 : Renforcer l'éducation et la résilience au niveau local
(58) Développer des stratégies participatives.
"""

SORANI = """پەروەردەی ئاشتی لە هەولێر
البلد: العراق
الجهة المسؤولة: ڕێکخراوی گەنجانی هەولێر
الفترة: منذ 2018
النشاط: گەنجان و مامۆستایان هەموو هەفتەیەک کۆدەبنەوە بۆ گفتوگۆ لەسەر ئاشتی و پێکەوەژیان.
الأهداف
بەهێزکردنی پێکەوەژیانی ئاشتیانە لە قوتابخانەکاندا.
الوصف
ڕێکخراوەکە ڕاهێنان بۆ مامۆستایان ڕێکدەخات و گەنجان لە دیالۆگدا بەشداری دەکەن.
المستفيدون
گەنجان و مامۆستایان
"""


def imported(actor, name, text, capture):
    from documents import services as documents

    with capture(execute=True):
        job = documents.start_import(actor=actor, files=[(name, text.encode())])
    job.refresh_from_db()
    [file] = job.result["files"]
    assert file["status"] == "imported", file
    return Practice.objects.get(pk=file["created"][0]["practice_id"])


def found(user, query):
    return [h.object_id for h in engine.search(user, query, mode="keyword").hits if h.kind == "practice"]


@pytest.fixture
def importer(reference):
    return make_user("lang-importer", organisation=make_org("Importing NGO"))


def test_a_french_practice_keeps_its_language_and_is_found_with_and_without_accents(
        importer, django_capture_on_commit_callbacks):
    practice = imported(importer, "cercles.txt", FRENCH, django_capture_on_commit_callbacks)
    assert practice.lang == "fr" and practice.dir == "ltr"
    assert (practice.period, practice.start_year, practice.ongoing) == ("depuis 2016", 2016, True)
    assert practice.get_lang_display() == "French"
    assert found(importer, "éducateurs") == [practice.pk]
    assert found(importer, "educateurs") == [practice.pk]
    assert found(importer, "ÉLÈVES") == [practice.pk]


def test_a_sorani_practice_is_kurdish_right_to_left_and_found_by_its_words(
        importer, django_capture_on_commit_callbacks):
    practice = imported(importer, "hawler.txt", SORANI, django_capture_on_commit_callbacks)
    assert practice.lang == "ckb" and practice.dir == "rtl"
    assert found(importer, "مامۆستایان") == [practice.pk]
    assert found(importer, "هەولێر") == [practice.pk]
    # Typed on an Arabic keyboard, without ێ and ە: the same word.
    assert found(importer, "ههولير") == [practice.pk]
    assert found(importer, "مراسلين") == []


def test_latin_accents_and_sharp_s_fold_and_kurdish_letters_fold_to_arabic():
    assert terms("Straße") == terms("strasse") and terms("Übung") == terms("ubung")
    assert terms("éducation") == terms("education")
    assert terms("ڕێکخراو") == terms("ريكخراو") and terms("کۆمەڵگا") == terms("كومهلگا")


def test_the_results_page_names_the_language_and_sets_the_direction(
        client, importer, django_capture_on_commit_callbacks):
    imported(importer, "cercles.txt", FRENCH, django_capture_on_commit_callbacks)
    imported(importer, "hawler.txt", SORANI, django_capture_on_commit_callbacks)
    client.force_login(importer)
    html = client.get("/en/search/", {"q": "educateurs", "mode": "keyword"}).content.decode()
    assert 'lang="fr" dir="ltr"' in html and ">French</span>" in html
    html = client.get("/ar/search/", {"q": "هەولێر", "mode": "keyword"}).content.decode()
    assert 'lang="ckb" dir="rtl"' in html and ">الكردية (السورانية)</span>" in html
