"""The API: organisation filters (place with districts, kind, network, q) and network memberships' visibility."""

import pytest
from rest_framework.test import APIClient

from places.models import Place

pytestmark = pytest.mark.django_db


def _names(response, field="name"):
    assert response.status_code == 200, response.content
    return {row[field] for row in response.json()["results"]}


def test_organisation_filters(directory):
    api = APIClient()
    nineveh = Place.objects.get(code="IQ-NI")
    assert _names(api.get("/api/v1/organisations/", {"place": nineveh.pk})) == {
        "Nineveh Sub-committee", "Mosul District Sub-committee", "Mosul Municipality"}
    assert _names(api.get("/api/v1/organisations/", {"kind": "committee", "place": nineveh.pk})) == {
        "Nineveh Sub-committee", "Mosul District Sub-committee"}
    assert _names(api.get("/api/v1/organisations/", {"q": "hub"})) == {"MENA Regional Hub"}
    assert _names(api.get("/api/v1/organisations/", {"name": "basra"})) == {
        "Basra Governorate Office", "Basra Sub-committee"}
    assert _names(api.get("/api/v1/organisations/", {"network": directory["network"].pk})) == {"Mosul Municipality"}
    api.force_authenticate(directory["expert"])
    assert _names(api.get("/api/v1/organisations/", {"network": directory["network"].pk})) == {
        "Mosul Municipality", "Basra Governorate Office"}
    assert api.get("/api/v1/organisations/", {"kind": "no-such-kind"}).status_code == 400


def test_memberships_visibility_and_filters(directory):
    api = APIClient()
    rows = api.get("/api/v1/network-memberships/").json()["results"]
    assert [row["status"] for row in rows] == ["member"]
    assert rows[0]["member_since"] == "2020-03-15" and rows[0]["candidate_since"] == "2019-09-01"
    assert api.get(f"/api/v1/network-memberships/{directory['candidate'].pk}/").status_code == 404
    api.force_authenticate(directory["partner"])
    assert len(api.get("/api/v1/network-memberships/").json()["results"]) == 1
    api.force_authenticate(directory["coordinator"])
    assert len(api.get("/api/v1/network-memberships/").json()["results"]) == 2
    assert _names(api.get("/api/v1/network-memberships/", {"status": "candidate"}), "display") == {
        "Basra Governorate Office — Strong Cities Network (Candidate)"}
    basra = Place.objects.get(code="IQ-BA")
    assert len(api.get("/api/v1/network-memberships/", {"place": basra.pk}).json()["results"]) == 1
    assert len(api.get("/api/v1/network-memberships/", {"member": directory["mosul"].pk}).json()["results"]) == 1
    assert len(api.get("/api/v1/network-memberships/", {"network": directory["network"].pk}).json()["results"]) == 2
    assert api.get(f"/api/v1/network-memberships/{directory['candidate'].pk}/").json()["note"] == "candidate-only-note"
    api.force_authenticate(directory["basra_user"])
    assert len(api.get("/api/v1/network-memberships/").json()["results"]) == 2
    assert api.post("/api/v1/network-memberships/", {}).status_code == 405
