"""The public follow-up (`events:accountability` across events, `events:event-follow-up` per event): recommended
→ who committed → response → status → last update, with counts per governorate, filters and pages; a private
owner shows by its type only and private updates never count for outsiders; in English and Arabic."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from places.models import Place

from .rec_world import DRAFT_TEXT, OTHER_TEXT, PRIVATE_OWNER, PRIVATE_UPDATE, build, make_recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(reference):
    return build()


def url(name, *args, lang="en"):
    with translation.override("en"):
        return f"/{lang}" + reverse(f"events:{name}", args=args).removeprefix("/en")


@pytest.mark.parametrize(("lang", "nineveh", "baghdad"), [
    ("en", "1 of 2 completed", "0 of 1 completed"),
    ("ar", "1 من 2 مكتملة", "0 من 1 مكتملة"),
])
def test_anonymous_readers_see_the_published_chain_with_counts_per_governorate(client, w, lang, nineveh, baghdad):
    response = client.get(url("accountability", lang=lang))
    body = response.content.decode()
    assert response.status_code == 200
    assert [row.recommendation for row in response.context["rows"]] == [w.published, w.completed] or \
        {row.recommendation for row in response.context["rows"]} == {w.published, w.completed}
    assert DRAFT_TEXT not in body and OTHER_TEXT not in body
    assert PRIVATE_OWNER not in body and PRIVATE_UPDATE not in body
    assert "Nineveh Governorate Office" in body
    lines = {(line.governorate.code if line.governorate else None): (line.completed, line.total)
             for line in response.context["summary"].by_governorate}
    assert lines == {"IQ-NI": (1, 2), "IQ-BG": (0, 1)}
    assert nineveh in body and baghdad in body


def test_the_last_update_and_progress_shown_to_outsiders_come_from_public_updates_only(client, w):
    rows = {row.recommendation.pk: row for row in client.get(url("accountability")).context["rows"]}
    assert rows[w.published.pk].last_update == dt.date(2026, 5, 1)  # the private one of 10 May is not shown
    client.force_login(w.users["owner"])
    rows = {row.recommendation.pk: row for row in client.get(url("accountability")).context["rows"]}
    assert rows[w.published.pk].owners[1].name == PRIVATE_OWNER


def test_the_filters_narrow_the_rows_and_the_counts(client, w):
    baghdad = Place.objects.get(code="IQ-BG")
    response = client.get(url("accountability") + f"?governorate={baghdad.pk}")
    assert [row.recommendation for row in response.context["rows"]] == [w.published]
    assert response.context["summary"].total == 1
    response = client.get(url("accountability") + "?status=completed")
    assert [row.recommendation for row in response.context["rows"]] == [w.completed]
    response = client.get(url("accountability") + "?owner_kind=un_agency")
    assert [row.recommendation for row in response.context["rows"]] == [w.published]
    w.completed.status, w.completed.due_date = "in_progress", dt.date(2020, 1, 1)
    w.completed.save()
    response = client.get(url("accountability") + "?flag=overdue")
    assert [row.recommendation for row in response.context["rows"]] == [w.completed]
    assert 'data-flag="overdue"' in response.content.decode()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_filter_that_matches_nothing_shows_the_empty_state(client, w, lang):
    body = client.get(url("accountability", lang=lang) + "?owner_kind=academic").content.decode()
    assert 'data-testid="empty"' in body and 'data-testid="follow-up-row"' not in body


def test_an_events_follow_up_is_public_once_the_event_is(client, w):
    response = client.get(url("event-follow-up", w.event.pk))
    assert response.status_code == 200
    assert {row.recommendation for row in response.context["rows"]} == {w.published, w.completed}
    assert client.get(url("event-follow-up", w.other_event.pk)).status_code == 404
    client.force_login(w.users["owner"])
    assert client.get(url("event-follow-up", w.other_event.pk)).status_code == 404
    client.force_login(w.users["other"])
    response = client.get(url("event-follow-up", w.other_event.pk))
    assert response.status_code == 200 and OTHER_TEXT in response.content.decode()


def test_the_follow_up_is_paginated(client, w):
    for n in range(4, 30):
        make_recommendation(w.event, f"Further recommendation number {n}", n=n, public=True)
    first = client.get(url("accountability"))
    assert len(first.context["rows"]) == 25 and first.context["total"] == 28
    second = client.get(url("accountability") + "?page=2")
    assert len(second.context["rows"]) == 3
    assert 'href="?page=2' in first.content.decode() or "page=2" in first.content.decode()
