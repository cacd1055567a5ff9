"""Test helpers shared by every app's tests: small factories that go through the services."""

from __future__ import annotations

import itertools

from accounts.choices import OrganisationKind, Role
from accounts.models import User
from accounts.services import add_membership, create_organisation
from frameworks.services import load_definitions
from places.services import load_reference_places

_seq = itertools.count(1)


def reference_data() -> None:
    load_reference_places()
    load_definitions()


def make_org(name: str | None = None, kind: str = OrganisationKind.NGO, **fields):
    return create_organisation(actor=None, name=name or f"Organisation {next(_seq)}", kind=kind, **fields)


def make_user(username: str | None = None, *, role: str | None = Role.PARTNER, organisation=None, **fields) -> User:
    user = User.objects.create_user(
        username=username or f"user{next(_seq)}", password=fields.pop("password", "pw-for-tests-123"), **fields
    )
    if role:
        add_membership(actor=None, user=user, organisation=organisation or make_org(), role=role)
    return user


def make_practice(actor, *, status: str = "draft", goals=(), **fields):
    """Create a practice as `actor`, then move it to `status` (a reviewer publishes when needed)."""
    from practices.services import create_practice, transition_practice

    n = next(_seq)
    defaults = {
        "name": f"Practice {n}",
        "organisation_name": f"Org for practice {n}",
        "location": "Iraq",
        "activity": "Community dialogue sessions.",
        "description": "Local councils and youth groups met monthly.",
    }
    practice = create_practice(actor=actor, goals=goals, **(defaults | fields))
    if status in {"in_review", "published"}:
        transition_practice(actor=actor, practice=practice, to_status="in_review")
    if status == "published":
        reviewer = make_user(role=Role.NATIONAL_COORDINATOR)
        transition_practice(actor=reviewer, practice=practice, to_status="published")
    practice.refresh_from_db()
    return practice
