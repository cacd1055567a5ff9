"""Events and recommendations in the one search index: found by those who may see them and by nobody else, kept in
step by the services' writes, each hit leading to its page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from events.services import events as event_services
from search import engine
from search.models import SearchEntry

from .pages_world import shared_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_world(django_db_blocker, tmp_path_factory.mktemp("media")) as world:
        yield world


@pytest.fixture
def _media_root(w):
    """The module's world keeps its files in its own folder."""


def hits(user, query, kind):
    return [(h.object_id, h.url) for h in engine.search(user, query, mode="keyword", limit=50).hits if h.kind == kind]


def test_every_write_of_the_services_puts_events_and_recommendations_in_the_index(w):
    def indexed(kind):
        return set(SearchEntry.objects.filter(kind=kind).values_list("object_id", flat=True))

    assert indexed("event") == {w.public.pk, w.draft.pk}
    assert indexed("recommendation") == {w.rec.pk, w.draft_rec.pk}


def test_anonymous_readers_find_published_events_only(w):
    assert hits(AnonymousUser(), "roundtable prevention", "event") == [(w.public.pk, w.public.get_absolute_url())]
    assert hits(AnonymousUser(), "workshop hub", "event") == []


def test_conveners_find_their_unpublished_event_and_another_organisation_does_not(w):
    assert [pk for pk, _url in hits(w.focal, "workshop hub", "event")] == [w.draft.pk]
    assert hits(w.other, "workshop hub", "event") == []
    assert [pk for pk, _url in hits(w.coordinator, "workshop hub", "event")] == [w.draft.pk]


def test_recommendations_are_found_with_their_visibility(w):
    assert [pk for pk, _url in hits(AnonymousUser(), "budget prevention plans", "recommendation")] == [w.rec.pk]
    assert hits(AnonymousUser(), "unpublished recommendation", "recommendation") == []
    assert [pk for pk, _url in hits(w.focal, "unpublished recommendation", "recommendation")] == [w.draft_rec.pk]
    found = dict(hits(AnonymousUser(), "budget prevention plans", "recommendation"))
    assert found[w.rec.pk]  # a page to go to: the recommendation's, or its event's list of recommendations


def test_an_edit_is_found_under_its_new_title(w):
    event_services.update_event(actor=w.focal, event=w.draft, title="Renamed exchange on returnees")
    assert [pk for pk, _url in hits(w.focal, "returnees exchange", "event")] == [w.draft.pk]
    assert hits(AnonymousUser(), "returnees exchange", "event") == []
