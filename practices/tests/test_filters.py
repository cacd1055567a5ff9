"""Every filter of every FilterSet validates: 0, a negative number, a five-digit typo and a word give a form
error on the page (200) and a 400 in the API where the value is invalid, never a 500; a good year filters."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.choices import Role
from tests.factories import make_practice, make_user

pytestmark = pytest.mark.django_db

BAD_VALUES = ["0", "-5", "99999", "abc"]

# (page URL name, API path, FilterSet class path): every FilterSet a page or the API uses.
PAGES = [
    ("practices:list", "/api/v1/practices/", "practices.filters.PracticeFilterSet"),
    ("plans:list", "/api/v1/plans/", "plans.filters.PlanFilterSet"),
    ("plans:actions", "/api/v1/actions/", "plans.filters.ActionFilterSet"),
    ("directory:list", "/api/v1/organisations/", "directory.filters.OrganisationFilterSet"),
    (None, "/api/v1/network-memberships/", "directory.filters.NetworkMembershipFilterSet"),
]


def _filters(path):
    from django.utils.module_loading import import_string

    return list(import_string(path).base_filters)


@pytest.fixture
def coordinator(reference, client):
    user = make_user(role=Role.NATIONAL_COORDINATOR)
    client.force_login(user)
    return user


@pytest.mark.parametrize(("page", "api", "filterset"), PAGES, ids=[p[2].rsplit(".", 1)[1] for p in PAGES])
def test_no_filter_value_gives_a_server_error(client, coordinator, page, api, filterset):
    names = _filters(filterset)
    assert names
    for name in names:
        for value in BAD_VALUES:
            if page:
                response = client.get(reverse(page), {name: value})
                assert response.status_code == 200, (page, name, value)
            response = client.get(api, {name: value})
            assert response.status_code in {200, 400}, (api, name, value, response.status_code)


@pytest.mark.parametrize(("page", "api", "name"), [
    ("practices:list", "/api/v1/practices/", "year"),
    ("plans:list", "/api/v1/plans/", "year"),
])
@pytest.mark.parametrize("value", BAD_VALUES)
def test_a_year_out_of_range_is_a_form_error_and_a_400(client, coordinator, page, api, name, value):
    response = client.get(reverse(page), {name: value})
    assert response.status_code == 200
    form = response.context["filterset"].form
    assert name in form.errors
    assert "invalid-feedback" in response.content.decode()
    response = client.get(api, {name: value})
    assert response.status_code == 400
    assert name in response.json()


def test_the_plan_filter_of_actions_refuses_0_and_negative_ids(client, coordinator):
    for value in ("0", "-5", "abc", "1.5"):
        assert client.get("/api/v1/actions/", {"plan": value}).status_code == 400
    assert client.get("/api/v1/actions/", {"plan": "99999"}).json()["count"] == 0


def test_a_good_year_still_filters(client, coordinator):
    make_practice(coordinator, name="Old practice", start_year=2010, end_year=2012)
    make_practice(coordinator, name="New practice", start_year=2020, end_year=2022)
    response = client.get("/api/v1/practices/", {"year": "2011"})
    assert response.status_code == 200
    assert [p["name"] for p in response.json()["results"]] == ["Old practice"]
    response = client.get(reverse("practices:list"), {"year": "2021"})
    assert "New practice" in response.content.decode() and "Old practice" not in response.content.decode()
