"""The desk's read API: the same visibility as the pages (own, other organisation, a hub expert of another hub,
a partner that sees a referred request's title, place, type and result wanted only, anonymous), the pages'
filters, and the public counts."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.models import AuditEntry

from .pages_world import OTHER, OWN, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(reference):
    return build()


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_a_locality_reads_its_own_requests_with_their_steps(w):
    response = api(w.focal).get("/api/v1/support-requests/")
    assert response.status_code == 200
    assert ids(response) == [w.request.pk]
    row = response.json()["results"][0]
    assert row["detail"] is True and row["steps"][0]["to_stage"] == "submitted"
    assert OTHER not in response.content.decode()


@pytest.mark.parametrize(("who", "seen"), [("focal", "own"), ("other_focal", "other"), ("expert", "own"),
                                           ("other_expert", "other"), ("coordinator", "both"),
                                           ("outsider", "none")])
def test_each_role_lists_the_requests_it_should(w, who, seen):
    expected = {"own": [w.request.pk], "other": [w.other_request.pk], "none": [],
                "both": sorted([w.request.pk, w.other_request.pk])}[seen]
    assert sorted(ids(api(getattr(w, who)).get("/api/v1/support-requests/"))) == sorted(expected)


def test_another_organisations_request_is_not_found_and_the_probe_is_recorded(w):
    response = api(w.focal).get(f"/api/v1/support-requests/{w.other_request.pk}/")
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="access.withheld", changes__id=str(w.other_request.pk)).exists()


def test_a_partner_reads_only_the_referred_requests_title_place_type_and_result(w):
    response = api(w.partner).get(f"/api/v1/support-requests/{w.request.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["detail"] is False
    assert set(data) == {"id", "reference", "title", "lang", "place", "request_type", "result_wanted", "detail"}
    assert f"{OWN}-request-description" not in response.content.decode()
    referrals = api(w.partner).get("/api/v1/support-referrals/").json()["results"]
    assert [r["id"] for r in referrals] == [w.referral.pk]


def test_anonymous_readers_get_nothing_but_the_public_counts(w):
    for address in ["/api/v1/support-requests/", "/api/v1/support-needs/", "/api/v1/support-referrals/",
                    "/api/v1/support-experts/"]:
        assert api().get(address).status_code in (401, 403)
    assert api().get(f"/api/v1/support-requests/{w.request.pk}/").status_code in (401, 403, 404)
    response = api().get("/api/v1/support-public/")
    assert response.status_code == 200
    assert OWN not in response.content.decode() and OTHER not in response.content.decode()


def test_the_public_counts_hide_small_groups(w, settings):
    settings.WIQAYA_MIN_CELL_SIZE = 2
    data = api().get("/api/v1/support-public/").json()
    assert {row["label"]: row["count"] for row in data["by_type"]} == {"Training": "2"}
    assert {row["count"] for row in data["by_governorate"]} == {"< 2"}
    assert data["total"] == 2 and data["min_cell"] == 2


def test_needs_are_filtered_as_on_the_page(w):
    both = sorted([w.need.pk, w.other_need.pk])
    assert sorted(ids(api(w.coordinator).get("/api/v1/support-needs/?theme=youth"))) == both
    assert ids(api(w.coordinator).get("/api/v1/support-needs/?theme=women")) == []
    assert ids(api(w.coordinator).get(f"/api/v1/support-needs/?governorate={w.basra.pk}")) == [w.other_need.pk]
    assert ids(api(w.focal).get("/api/v1/support-needs/")) == [w.need.pk]
    assert api(w.coordinator).get("/api/v1/support-needs/?severity=9").status_code == 400


def test_the_expert_pool_is_the_hubs(w):
    from support.models import Expert

    mine = Expert.objects.create(hub=w.hub, user=w.expert, themes=["youth"], languages=["ar"])
    Expert.objects.create(hub=w.other_hub, user=w.other_expert, themes=["dialogue"], languages=["en"])
    assert ids(api(w.expert).get("/api/v1/support-experts/")) == [mine.pk]
    assert ids(api(w.focal).get("/api/v1/support-experts/")) == []
    assert ids(api(w.coordinator).get("/api/v1/support-experts/?theme=youth")) == [mine.pk]


def test_the_api_does_not_write(w):
    assert api(w.coordinator).post("/api/v1/support-requests/", {}).status_code == 405
