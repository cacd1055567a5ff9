"""Search over the fixture world: each role's results hold the marker text of what it may see, and never of
another organisation's non-public records — through the page, the API and the similar-practices panel."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from .matrix import ADMIN, ANONYMOUS, FORBIDDEN_MARKERS

# A marker each role must find (so the search really reaches the non-public records it may see).
MUST_FIND = {
    ANONYMOUS: (),
    "partner": ("leak-marker-own-org-draft", "leak-marker-own-org-proposal"),
    "national_coordinator": ("leak-marker-own-org-draft", "leak-marker-other-review", "leak-marker-other-proposal"),
    ADMIN: ("leak-marker-other-org-draft", "leak-marker-own-review", "leak-marker-other-proposal",
            "leak-marker-own-org-proposal"),
}


def _plain(text: str) -> str:
    return re.sub(r"</?mark>", "", text).lower()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [ANONYMOUS, "partner", "local_focal_point", "hub_expert", "national_coordinator", ADMIN])
def test_search_finds_what_the_role_may_see_and_nothing_else(world, role):
    user = world.users[role]
    api, page = APIClient(), Client()
    if user is not None:
        api.force_login(user)
        page.force_login(user)
    body = api.get("/api/v1/search/", {"q": "leak-marker practice text", "limit": 100}).json()
    found = _plain(json.dumps([body["results"], body["facets"]], ensure_ascii=False))
    html = _plain(page.get("/en/search/", {"q": "leak-marker practice text"}).content.decode())
    for text in (found, html):
        assert not [m for m in FORBIDDEN_MARKERS[role] if m in text]
    for marker in MUST_FIND.get(role, ()):
        assert marker in found
    for practice in world.practices.values():
        detail = page.get(f"/en/practices/{practice.pk}/")
        if detail.status_code == 200:
            panel = _plain(detail.content.decode()).split('data-testid="similar-practices"')[-1]
            assert not [m for m in FORBIDDEN_MARKERS[role] if m in panel.split("</aside>")[0]]
