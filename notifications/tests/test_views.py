"""The bell (unread count, one query), the notifications page (unread first, open marks read and leads to the
target, mark all read, empty state) and its refusals."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from notifications.context_processors import unread
from notifications.models import Notification
from notifications.services import mark_read, notify
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return make_user("sender", role=Role.NATIONAL_COORDINATOR), make_user("reader", role=Role.LOCAL_FOCAL_POINT)


def _send(sender, reader, n=1, url="/en/plans/"):
    for i in range(n):
        notify(actor=sender, recipients=[reader], kind="plan.approved", target_url=url,
               params={"plan": f"Plan {i}", "actor": "sender"})


def test_the_bell_shows_the_unread_count(client, people):
    sender, reader = people
    _send(sender, reader, 3)
    mark_read(actor=reader, notification=Notification.objects.filter(recipient=reader).first())
    client.force_login(reader)
    page = client.get(reverse("practices:list")).content.decode()
    assert 'data-testid="bell-count">2<' in page
    client.force_login(sender)
    page = client.get(reverse("practices:list")).content.decode()
    assert 'data-testid="bell"' in page and 'data-testid="bell-count"' not in page


def test_the_unread_count_is_one_query_whatever_the_number(people, rf):
    sender, reader = people
    _send(sender, reader, 30)
    request = rf.get("/")
    request.user = reader
    context = unread(request)
    with CaptureQueriesContext(connection) as queries:
        assert context["unread_notifications"].count == 30
        assert context["unread_notifications"].label == "30"
        assert context["unread_notifications"].count == 30
    assert len(queries) == 1


def test_no_bell_for_a_visitor(client, db):
    assert 'data-testid="bell"' not in client.get(reverse("practices:list")).content.decode()


def test_the_page_lists_unread_first_and_opening_marks_read_and_leads_to_the_target(client, people):
    sender, reader = people
    _send(sender, reader, 1, url="/en/plans/")
    first = Notification.objects.get(recipient=reader)
    mark_read(actor=reader, notification=first)
    _send(sender, reader, 1, url="/en/directory/")
    client.force_login(reader)
    page = client.get("/ar/notifications/").content.decode()
    assert page.index("Plan 0") > page.index('data-unread')  # the unread one (sent last) comes first
    assert page.count("data-unread") == 1
    unread_row = Notification.objects.get(recipient=reader, read_at__isnull=True)
    answer = client.post(f"/en/notifications/{unread_row.pk}/open/")
    assert answer.status_code == 302 and answer["Location"] == "/en/directory/"
    unread_row.refresh_from_db()
    assert unread_row.read_at is not None
    # Opened from an Arabic page, the target opens in Arabic.
    answer = client.post(f"/ar/notifications/{first.pk}/open/")
    assert answer["Location"] == "/ar/plans/"


def test_mark_all_read(client, people):
    sender, reader = people
    _send(sender, reader, 4)
    client.force_login(reader)
    assert "Mark all read" in client.get(reverse("notifications:list")).content.decode()
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=reader, read_at__isnull=True).exists()
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Mark all read" not in page and 'data-testid="bell-count"' not in page


def test_someone_elses_notification_is_not_found_and_stays_unread(client, people):
    sender, reader = people
    _send(sender, reader)
    row = Notification.objects.get(recipient=reader)
    client.force_login(sender)
    assert client.post(reverse("notifications:open", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.read_at is None
    assert "Plan 0" not in client.get(reverse("notifications:list")).content.decode()


def test_the_empty_page_says_what_will_appear_there(client, people):
    client.force_login(people[1])
    page = client.get(reverse("notifications:list")).content.decode()
    assert "No notifications yet." in page and "progress update is overdue" in page


def test_a_visitor_is_sent_to_log_in(client, db):
    answer = client.get(reverse("notifications:list"))
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_the_list_is_paginated(client, people):
    sender, reader = people
    _send(sender, reader, 30)
    client.force_login(reader)
    page = client.get(reverse("notifications:list")).content.decode()
    assert page.count('data-testid="notification"') == 25 and "?page=2" in page
