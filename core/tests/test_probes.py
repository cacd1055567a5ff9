"""Probing leaves traces (the security findings, item 6): a 404 that withholds an existing record, a refused move,
a successful login and the client address of every write are recorded, and an administrator sees who probed
what in one view — while the reader learns nothing from the answer."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.choices import Role
from core.audit import probe_summary
from core.models import AuditEntry
from tests.factories import make_org, make_practice, make_user


def _page(response) -> str:
    """The page without what differs on every response (CSP nonces, CSRF tokens)."""
    return re.sub(r'(nonce|value|content)="[^"]*"|"X-CSRFToken": "[^"]*"', "", response.content.decode())


@pytest.fixture
def two(reference):
    owner = make_user("owner-ngo", organisation=make_org("Owning NGO"))
    prober = make_user("prober", organisation=make_org("Probing NGO"))
    return owner, prober, make_practice(owner, name="Hidden draft")


def test_a_withheld_record_answers_like_a_missing_one_and_is_recorded(client, two):
    _owner, prober, draft = two
    client.force_login(prober)
    hidden = client.get(reverse("practices:detail", args=[draft.pk]))
    missing = client.get(reverse("practices:detail", args=[draft.pk + 10_000]))
    assert hidden.status_code == missing.status_code == 404
    assert _page(hidden) == _page(missing)  # nothing told apart
    [entry] = AuditEntry.objects.filter(action="access.withheld")
    assert entry.actor == prober and entry.changes["type"] == "practices.practice"
    assert entry.changes["id"] == str(draft.pk) and entry.remote_addr == "127.0.0.1"


def test_the_api_records_withheld_records_too(two):
    _owner, prober, draft = two
    api = APIClient()
    api.force_authenticate(prober)
    assert api.get(f"/api/v1/practices/{draft.pk}/").status_code == 404
    assert api.get(f"/api/v1/practices/{draft.pk + 10_000}/").status_code == 404
    entries = AuditEntry.objects.filter(action="access.withheld")
    assert [e.changes["id"] for e in entries] == [str(draft.pk)]


def test_a_refused_move_is_recorded(client, two):
    owner, _prober, draft = two
    client.force_login(owner)
    response = client.post(reverse("practices:transition", args=[draft.pk]), {"to_status": "published"})
    assert response.status_code == 302  # back to the page, with a message
    entry = AuditEntry.objects.get(action="access.refused")
    assert entry.actor == owner and entry.object_id == str(draft.pk)
    assert entry.changes["what"] == "practice.transition:published"


def test_every_write_carries_the_client_address(client, reference, settings):
    settings.WIQAYA_TRUSTED_PROXIES = ["10.0.0.0/8"]
    author = make_user("author", organisation=make_org("Writing NGO"))
    client.force_login(author)
    response = client.post(reverse("practices:create"), {
        "name": "Addressed practice", "lang": "en", "location": "Iraq", "organisation_name": "Writing NGO",
        "activity": "Dialogue.", "description": "Talks."},
        REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="203.0.113.50")
    assert response.status_code == 302, response.content[:500]
    entry = AuditEntry.objects.get(action="practice.create")
    assert entry.remote_addr == "203.0.113.50"


def test_an_administrator_sees_who_probed_what(client, two):
    _owner, prober, draft = two
    client.force_login(prober)
    for pk in (draft.pk, draft.pk + 1, draft.pk):
        client.get(reverse("practices:detail", args=[pk]))
    [row] = probe_summary(days=1)
    assert row["user"] == "prober" and row["counts"]["access.withheld"] == 2 and row["records"] == 1
    admin = make_user("root", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:core_auditentry_probes"))
    assert page.status_code == 200 and "prober" in page.content.decode()
    assert 'data-testid="probes"' in page.content.decode()
    client.force_login(prober)
    assert client.get(reverse("admin:core_auditentry_probes")).status_code in {302, 403}
