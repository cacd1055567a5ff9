"""The REST API: schema drift, authentication, and create/read/update through the same rules as the pages."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.choices import Role
from frameworks.models import Goal
from practices.models import Practice
from tests.factories import make_org, make_practice, make_user

pytestmark = pytest.mark.django_db
SCHEMA = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


def test_committed_schema_matches_the_code(tmp_path):
    fresh = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(fresh), "--validate", "--fail-on-warn")
    assert fresh.read_text() == SCHEMA.read_text(), "API schema drifted: run `make schema` and commit docs/openapi.yaml"


def test_schema_and_docs_are_served_from_local_files(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()


def test_anonymous_reads_published_only(reference):
    partner = make_user()
    published = make_practice(partner, status="published")
    make_practice(partner, status="draft")
    data = APIClient().get("/api/v1/practices/").json()
    assert [row["id"] for row in data["results"]] == [published.pk]
    assert data["results"][0]["display"] == published.name
    assert data["results"][0]["url"].endswith(f"/api/v1/practices/{published.pk}/")


def test_anonymous_cannot_write():
    response = APIClient().post("/api/v1/practices/", {"name": "x"}, format="json")
    assert response.status_code in {401, 403}
    assert not Practice.objects.exists()


def test_token_authentication_create_update_and_transition(reference):
    org = make_org("Civic Youth")
    partner = make_user("tok", organisation=org)
    token = Token.objects.create(user=partner)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    goal = Goal.objects.get(framework__slug="euromed-cso-2017", number="6")
    created = api.post("/api/v1/practices/", {
        "name": "Youth councils", "lang": "en", "location": "Iraq", "organisation_name": "Civic Youth",
        "period": "2019-2021", "start_year": 2019, "end_year": 2021, "goals": [goal.pk],
    }, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["goal_links"][0]["number"] == "6"
    practice = Practice.objects.get(pk=body["id"])
    assert practice.owner == org and practice.created_by == partner

    updated = api.patch(f"/api/v1/practices/{practice.pk}/", {"beneficiaries": "Young people"}, format="json")
    assert updated.status_code == 200 and updated.json()["beneficiaries"] == "Young people"

    moved = api.post(f"/api/v1/practices/{practice.pk}/transition/", {"to_status": "in_review"}, format="json")
    assert moved.status_code == 200 and moved.json()["status"] == "in_review"
    refused = api.post(f"/api/v1/practices/{practice.pk}/transition/", {"to_status": "published"}, format="json")
    assert refused.status_code == 403


def test_api_validation_errors_are_400_not_500(reference):
    partner = make_user()
    api = APIClient()
    api.force_authenticate(partner)
    bad = api.post("/api/v1/practices/", {"name": "Y", "start_year": 2020, "end_year": 2010}, format="json")
    assert bad.status_code == 400 and "end_year" in bad.json()
    make_practice(partner, name="Same", organisation_name="O", location="Iraq")
    dup = api.post("/api/v1/practices/", {"name": "Same", "organisation_name": "O", "location": "Iraq"}, format="json")
    assert dup.status_code == 400


def test_other_organisation_cannot_read_or_edit_a_draft(reference):
    owner = make_user(organisation=make_org("Alpha Org"))
    other = make_user(organisation=make_org("Alpha Org 2"))
    draft = make_practice(owner)
    api = APIClient()
    api.force_authenticate(other)
    assert api.get(f"/api/v1/practices/{draft.pk}/").status_code == 404
    assert api.patch(f"/api/v1/practices/{draft.pk}/", {"name": "x"}, format="json").status_code == 404
    published = make_practice(owner, status="published")
    assert api.patch(f"/api/v1/practices/{published.pk}/", {"name": "x"}, format="json").status_code == 403


def test_reference_endpoints(reference):
    api = APIClient()
    frameworks = api.get("/api/v1/frameworks/").json()["results"]
    euromed = next(f for f in frameworks if f["slug"] == "euromed-cso-2017")
    assert [g["number"] for g in euromed["goals"]] == [str(n) for n in range(1, 10)]
    assert api.get("/api/v1/frameworks/un-pve-2015/").json()["goals"][3]["title_en"] == "Empowering youth"
    governorates = api.get("/api/v1/places/", {"kind": "governorate", "page_size": 100}).json()
    assert governorates["count"] == 19
    codes = {row["code"] for row in governorates["results"]}
    assert {"IQ-BG", "IQ-NI", "IQ-KI"} <= codes
    make_org("Sun Org", kind="ngo")
    orgs = api.get("/api/v1/organisations/", {"kind": "ngo"}).json()
    assert [o["name"] for o in orgs["results"]] == ["Sun Org"]


def test_filters_are_shared_with_the_api(reference):
    partner = make_user()
    goal = Goal.objects.get(framework__slug="euromed-cso-2017", number="2")
    linked = make_practice(partner, status="published", goals=[goal], name="Linked")
    make_practice(partner, status="published", name="Unlinked")
    rows = APIClient().get("/api/v1/practices/", {"goal": goal.pk}).json()["results"]
    assert [r["id"] for r in rows] == [linked.pk]


def test_coordinator_role_reads_practices_in_review(reference):
    partner = make_user()
    review = make_practice(partner, status="in_review")
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    api = APIClient()
    api.force_authenticate(coordinator)
    assert api.get(f"/api/v1/practices/{review.pk}/").status_code == 200


def test_document_upload_starts_an_import_job_the_uploader_can_follow(reference, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from practices.tests.compendium_fixture import COMPENDIUM, COMPENDIUM_PRACTICE

    partner = make_user(organisation=make_org("Uploader NGO"))
    api = APIClient()
    api.force_authenticate(partner)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/documents/", {"file": SimpleUploadedFile(COMPENDIUM.name, COMPENDIUM.read_bytes())},
                            format="multipart")
    assert response.status_code == 202
    job = api.get(response.json()["job_url"]).json()
    assert job["status"] == "done" and job["result"]["files"][0]["created"][0]["name"] == COMPENDIUM_PRACTICE["name"]
    documents = api.get("/api/v1/documents/").json()["results"]
    assert [d["original_name"] for d in documents] == [COMPENDIUM.name] and documents[0]["status"] == "done"
    other = APIClient()
    other.force_authenticate(make_user(organisation=make_org("Uploader NGO 2")))
    assert other.get(response.json()["job_url"]).status_code == 404
    assert other.get("/api/v1/documents/").json()["results"] == []
    anonymous = APIClient().post("/api/v1/documents/", {"file": SimpleUploadedFile("x.txt", b"x")}, format="multipart")
    assert anonymous.status_code in {401, 403}
