"""A practice's name never tells one organisation about another's hidden practice (security findings, item 2):
duplicates are detected among what the actor may see, and a hidden draft takes no name from anyone."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from practices.models import Practice
from practices.services import create_practice, import_parsed_practice
from tests.factories import make_org, make_practice, make_user

FIELDS = {"name": "Quiet Riverside Dialogue", "organisation_name": "Riverside Circle", "location": "Iraq"}


@pytest.fixture
def first(reference):
    return make_user("first-ngo", organisation=make_org("First NGO"))


@pytest.fixture
def second(reference):
    return make_user("second-ngo", organisation=make_org("Second NGO"))


def test_another_organisations_draft_neither_blocks_nor_reveals_a_name(first, second):
    hidden = make_practice(first, **FIELDS)
    mine = create_practice(actor=second, **FIELDS)
    assert mine.pk != hidden.pk and mine.owner.name == "Second NGO"


def test_a_name_the_actor_can_see_is_still_a_duplicate(first, second):
    make_practice(first, status="published", **FIELDS)
    with pytest.raises(ValidationError) as refused:
        create_practice(actor=second, **FIELDS)
    assert "already exists" in str(refused.value)
    with pytest.raises(ValidationError):  # and within one organisation, whatever the status
        create_practice(actor=first, **FIELDS)


def test_an_import_reports_no_duplicate_of_a_hidden_practice(first, second):
    from types import SimpleNamespace

    hidden = make_practice(first, **FIELDS)
    parsed = SimpleNamespace(
        name=FIELDS["name"], organisation=FIELDS["organisation_name"], country=FIELDS["location"], period="2020",
        start_year=2020, end_year=None, ongoing=False, activity="Dialogue", objectives="", description="Talks.",
        beneficiaries="", goals=[], warnings=[])
    outcome = import_parsed_practice(actor=second, parsed=parsed)
    assert outcome.outcome == "created" and outcome.practice_id != hidden.pk
    assert Practice.objects.filter(natural_key=hidden.natural_key).count() == 2
