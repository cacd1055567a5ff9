"""The events API: only what `…_visible_to` allows; participation counts and their totals; a private owner shows its
type only (and not its reason) to readers outside the recommendation; private updates and private evidence stay
with those who may see them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from events.models import Update, UpdateEvidence

from .pages_world import DRAFT, PUBLIC, QUIET_REASON, shared_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_world(django_db_blocker, tmp_path_factory.mktemp("media")) as world:
        with django_db_blocker.unblock():
            public = Update.objects.create(recommendation=world.rec, organisation=world.council,
                                           date=dt.date(2025, 1, 10), progress=30, text="Budget tables drafted.",
                                           lang="en", is_public=True)
            world.private_update = Update.objects.create(
                recommendation=world.rec, organisation=world.quiet, date=dt.date(2025, 2, 10), progress=40,
                text="A private note of the quiet partner.", lang="en", is_public=False)
            world.public_update = public
            UpdateEvidence.objects.create(update=public, name="budget.pdf", is_public=True,
                                          file=SimpleUploadedFile("budget.pdf", b"%PDF-1.4"))
            UpdateEvidence.objects.create(update=public, name="internal-notes.txt", is_public=False,
                                          file=SimpleUploadedFile("internal-notes.txt", b"notes"))
        yield world


@pytest.fixture
def _media_root(w):
    """The module's world keeps its files in its own folder."""


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anonymous_readers_get_published_events_with_their_participation_counts(w):
    body = api().get("/api/v1/events/").json()
    assert [e["title"] for e in body["results"]] == [PUBLIC]
    event = body["results"][0]
    assert event["totals"]["participants"] == 17 and event["totals"]["women"] == 6 and event["totals"]["youth"] == 5
    assert event["totals"]["organisations"] == 3
    assert {g["kind"]: g["participants"] for g in event["totals"]["by_kind"]} == {
        "hub": 5, "local_government": 8, "network": 4}
    assert {p["organisation"] for p in event["participation"]} == {w.org.pk, w.council.pk, w.other_org.pk}
    assert api().get(f"/api/v1/events/{w.draft.pk}/").status_code == 404


def test_conveners_read_their_unpublished_event_and_filters_apply(w):
    titles = [e["title"] for e in api(w.focal).get("/api/v1/events/").json()["results"]]
    assert set(titles) == {PUBLIC, DRAFT}
    assert [e["title"] for e in api(w.focal).get("/api/v1/events/?published=no").json()["results"]] == [DRAFT]
    assert [e["title"] for e in api(w.focal).get("/api/v1/events/?kind=workshop").json()["results"]] == [DRAFT]
    assert api(w.other).get(f"/api/v1/events/{w.draft.pk}/").status_code == 404


def test_a_private_owner_shows_its_type_only_to_outside_readers(w):
    for reader in (None, w.other):
        body = api(reader).get("/api/v1/recommendations/").json()
        assert [r["reference"] for r in body["results"]] == [w.rec.reference]  # not the unpublished one
        owners = {o["organisation_kind"]: o for o in body["results"][0]["owners"]}
        assert owners["ngo"]["organisation"] is None and owners["ngo"]["response"] == "noted"
        assert owners["ngo"]["response_reason"] == ""
        assert owners["local_government"]["organisation"] == w.council.pk
        assert QUIET_REASON not in str(body) and "Quiet Partner" not in str(body)


def test_the_recommendations_managers_see_the_private_owner_and_its_reason(w):
    body = api(w.focal).get(f"/api/v1/recommendations/{w.rec.pk}/").json()
    owners = {o["organisation"]: o for o in body["owners"]}
    assert owners[w.quiet.pk]["response_reason"] == QUIET_REASON
    assert len(api(w.focal).get("/api/v1/recommendations/").json()["results"]) == 2


def test_private_updates_and_evidence_are_hidden_to_those_who_may_not_see_them(w):
    outside = api().get("/api/v1/recommendation-updates/").json()["results"]
    assert [u["id"] for u in outside] == [w.public_update.pk]
    assert [e["name"] for e in outside[0]["evidence"]] == ["budget.pdf"]
    assert api().get(f"/api/v1/recommendation-updates/{w.private_update.pk}/").status_code == 404
    inside = api(w.focal).get("/api/v1/recommendation-updates/").json()["results"]
    assert {u["id"] for u in inside} == {w.public_update.pk, w.private_update.pk}
    public = next(u for u in inside if u["id"] == w.public_update.pk)
    assert sorted(e["name"] for e in public["evidence"]) == ["budget.pdf", "internal-notes.txt"]


def test_the_api_does_not_write(w):
    assert api(w.focal).post("/api/v1/events/", {}, format="json").status_code == 405
    assert api().post("/api/v1/recommendations/", {}, format="json").status_code in {401, 403}
