"""The library pages: list with filters and search, compendium-style detail, form, language."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from frameworks.models import Goal
from places.models import Place
from practices.models import Practice
from tests.factories import make_org, make_practice, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(reference):
    partner = make_user("writer", organisation=make_org("Writers Org"))
    g2 = Goal.objects.get(framework__slug="euromed-cso-2017", number="2")
    g6 = Goal.objects.get(framework__slug="euromed-cso-2017", number="6")
    iraq, tunisia = Place.objects.get(code="IQ"), Place.objects.get(code="TN")
    a = make_practice(partner, status="published", goals=[g2], name="Sports for peace", country=iraq,
                      start_year=2015, end_year=2017, period="2015-2017", beneficiaries="Young people")
    b = make_practice(partner, status="published", goals=[g6], name="مسرح الشباب", lang="ar", country=tunisia,
                      location="تونس", start_year=2012, ongoing=True, period="منذ 2012",
                      activity="ورشات مسرحية للشباب في الأحياء")
    c = make_practice(partner, status="draft", goals=[g2], name="Hidden draft")
    return {"a": a, "b": b, "draft": c, "g2": g2, "g6": g6, "partner": partner}


def names(response):
    return [p.name for p in response.context["page"]]


def test_list_shows_published_only_to_anonymous(client, library):
    response = client.get("/en/practices/")
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(["Sports for peace", "مسرح الشباب"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"goal": "g2"}, ["Sports for peace"]),
        ({"lang": "ar"}, ["مسرح الشباب"]),
        ({"q": "peace"}, ["Sports for peace"]),
        ({"q": "مسرحية"}, ["مسرح الشباب"]),
        ({"year": "2016"}, ["Sports for peace", "مسرح الشباب"]),
        ({"year": "2013"}, ["مسرح الشباب"]),
        ({"year": "2019"}, ["مسرح الشباب"]),
        ({"beneficiaries": "young"}, ["Sports for peace"]),
        ({"country": "TN"}, ["مسرح الشباب"]),
        ({"status": "draft"}, []),
    ],
)
def test_filters(client, library, params, expected):
    query = {}
    for key, value in params.items():
        if key == "goal":
            value = library[value].pk
        if key == "country":
            value = Place.objects.get(code=value).pk
        query[key] = value
    assert names(client.get("/en/practices/", query)) == expected


def test_owner_sees_own_draft_with_status_filter(client, library):
    client.force_login(library["partner"])
    assert names(client.get("/en/practices/", {"status": "draft"})) == ["Hidden draft"]


def test_htmx_request_gets_only_the_results_partial(client, library):
    response = client.get("/en/practices/", {"q": "peace"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and "Sports for peace" in html


def test_empty_state_says_what_to_do(client, db):
    html = client.get("/en/practices/").content.decode()
    assert "The library is empty." in html and "import a compendium document" in html


def test_detail_is_laid_out_like_a_compendium_entry(client, library):
    html = client.get(f"/en/practices/{library['a'].pk}/").content.decode()
    for label in ["Country", "Organisation responsible", "Period", "Activity", "Objectives", "Description",
                  "Beneficiaries", "Framework goals"]:
        assert f"<dt>{label}</dt>" in html or label in html
    assert 'Goal <bdi dir="ltr">2</bdi>' in html


def test_arabic_content_keeps_its_direction(client, library):
    html = client.get(f"/en/practices/{library['b'].pk}/").content.decode()
    assert 'lang="ar" dir="rtl">مسرح الشباب' in html


def test_draft_is_404_for_anonymous_and_other_organisations(client, library):
    url = f"/en/practices/{library['draft'].pk}/"
    assert client.get(url).status_code == 404
    client.force_login(make_user(organisation=make_org("Writers Org 2")))
    assert client.get(url).status_code == 404
    client.force_login(library["partner"])
    assert client.get(url).status_code == 200


def test_arabic_pages_are_right_to_left(client, library):
    html = client.get("/ar/practices/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html


def test_root_redirects_by_remembered_language(client, db):
    client.cookies["django_language"] = "ar"
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/ar/")


def test_language_switch_sets_cookie_and_user_preference(client, library):
    client.force_login(library["partner"])
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/en/practices/?q=peace"})
    assert response.status_code == 302 and response["Location"] == "/ar/practices/?q=peace"
    assert response.cookies["django_language"].value == "ar"
    library["partner"].refresh_from_db()
    assert library["partner"].language == "ar"


def test_language_switch_refuses_outside_redirects(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_create_form_saves_a_draft_with_goals(client, library):
    client.force_login(library["partner"])
    response = client.post(reverse("practices:create"), {
        "name": "Mothers' circles", "lang": "en", "location": "Mosul", "organisation_name": "Writers Org",
        "period": "2018-2020", "start_year": 2018, "end_year": 2020, "activity": "Circles", "goals": [library["g6"].pk],
    })
    assert response.status_code == 302
    practice = Practice.objects.get(name="Mothers' circles")
    assert practice.status == "draft" and list(practice.goals.all()) == [library["g6"]]


def test_create_form_errors_are_shown_not_raised(client, library):
    client.force_login(library["partner"])
    response = client.post(reverse("practices:create"), {"name": "", "lang": "en", "start_year": 2020, "end_year": 2010})
    assert response.status_code == 200
    form = response.context["form"]
    assert "name" in form.errors and "end_year" in form.errors


def test_anonymous_is_sent_to_login_from_the_form(client, db):
    response = client.get(reverse("practices:create"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_review_buttons_move_the_practice(client, library):
    client.force_login(library["partner"])
    draft = library["draft"]
    client.post(reverse("practices:transition", args=[draft.pk]), {"to_status": "in_review", "comment": "ok"})
    assert Practice.objects.get(pk=draft.pk).status == "in_review"
    client.post(reverse("practices:transition", args=[draft.pk]), {"to_status": "published"})
    assert Practice.objects.get(pk=draft.pk).status == "in_review"  # a partner cannot publish
    client.force_login(make_user(role=Role.NATIONAL_COORDINATOR))
    client.post(reverse("practices:transition", args=[draft.pk]), {"to_status": "published"})
    assert Practice.objects.get(pk=draft.pk).status == "published"


def test_switching_language_from_a_shared_link_in_the_other_language(client, db):
    # An English browser with no language chosen yet opens an Arabic link and presses "English".
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/ar/practices/?q=x"},
                           headers={"Accept-Language": "en"})
    assert response["Location"] == "/en/practices/?q=x"
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/en/practices/"},
                           headers={"Accept-Language": "ar"})
    assert response["Location"] == "/ar/practices/"


def test_the_review_level_field_is_for_reviewers_only(client, library):
    client.force_login(library["partner"])
    page = client.get(reverse("practices:create")).content.decode()
    assert 'name="review_level"' not in page
    response = client.post(reverse("practices:create"), {
        "name": "Badge by hand", "lang": "en", "location": "Mosul", "organisation_name": "Writers Org",
        "period": "2018", "start_year": 2018, "activity": "Circles", "review_level": "peer_reviewed",
    })
    assert response.status_code == 302
    assert Practice.objects.get(name="Badge by hand").review_level == ""  # the field is not the author's
    reviewer = make_user("reviewer", role=Role.NATIONAL_COORDINATOR, organisation=make_org("National Committee"))
    client.force_login(reviewer)
    assert 'name="review_level"' in client.get(reverse("practices:create")).content.decode()
