"""Frameworks counts and learns from practices only through what the practices app registers with it."""

import pytest
from django.contrib.auth.models import AnonymousUser

from frameworks import queries as framework_queries
from frameworks.models import Framework, Goal
from practices import queries
from practices.models import Practice
from tests.factories import make_practice, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def un(reference):
    return Framework.objects.get(slug="un-pve-2015")


def test_frameworks_counts_visible_practices_through_the_registered_links(un):
    goal = Goal.objects.get(framework=un, number="4", parent=None)
    partner = make_user()
    make_practice(partner, status="published", goals=[goal], name="Public")
    make_practice(partner, status="draft", goals=[goal], name="Draft")

    assert framework_queries.visible_links(AnonymousUser()).count() == 1
    assert framework_queries.linked_counts(framework_queries.visible_links(partner))[un.pk] == 2
    assert framework_queries.linked_counts(framework_queries.visible_links(AnonymousUser()))[un.pk] == 1
    row = next(r for r in framework_queries.coverage(un, links=framework_queries.visible_links(AnonymousUser()))
               if r.goal.pk == goal.pk)
    assert (row.direct, row.via, row.total) == (1, 0, 1)
    assert queries.practice_counts(Practice.objects.all()) == {un.pk: 2}


def test_the_suggester_learns_from_practices_registered_as_examples(un):
    goal = Goal.objects.get(framework=un, number="4", parent=None)
    practice = make_practice(make_user(), goals=[goal], name="Youth dialogue")
    examples = framework_queries.confirmed_examples(un)
    assert [(e.label, e.goals) for e in examples] == [("Youth dialogue", ["4"])]
    assert framework_queries.confirmed_examples(un, exclude_practice_id=practice.pk) == []
