"""What the follow-up tells owners: who is told (focal points, else every member), each reminder once, in each
reader's language; the daily task and `wiqaya events-remind`."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone, translation

from accounts.choices import OrganisationKind
from core.actors import system
from events import notices
from events.choices import Status
from events.models import FollowUpSettings
from events.services.recommendations import create_recommendation
from notifications.kinds import registered_kinds
from notifications.models import Notification

from .follow_world import LEAD, SUPPORTING, TODAY, make_event, make_rec, org_with_people

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)
SYSTEM = system("test")


@pytest.fixture
def world(reference):
    governor, focal, staff = org_with_people("Nineveh governorate office", focal=1, partners=1, language="ar")
    network, _none, members = org_with_people("Youth network", OrganisationKind.NETWORK, focal=0, partners=2,
                                              language="en")
    return type("W", (), dict(governor=governor, focal=focal[0], staff=staff[0], network=network, members=members))


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_the_kinds_are_registered():
    assert {"events.owner_added", "events.due_soon", "events.overdue", "events.stale",
            "events.minutes_approved"} <= registered_kinds()


def test_focal_points_are_told_or_every_member_when_an_organisation_has_none(world):
    people = notices.focal_points_of([world.governor.pk, world.network.pk])
    assert people[world.governor.pk] == [world.focal]
    assert sorted(u.pk for u in people[world.network.pk]) == sorted(u.pk for u in world.members)


def test_an_organisation_named_owner_is_told(world):
    rec = make_rec(owners=[(world.governor, LEAD), (world.network, SUPPORTING)])
    for owner in rec.owners.all():
        notices.owner_added(actor=SYSTEM, owner=owner)
    assert _told("events.owner_added") == sorted([world.focal.username, *(m.username for m in world.members)])
    note = Notification.objects.filter(recipient=world.focal).get()
    assert note.params["reference"] == rec.reference
    assert world.staff.username not in _told("events.owner_added")


def test_recording_a_recommendation_tells_its_owners(world):
    from events.services.events import create_event

    hub, _focal, hub_staff = org_with_people("Hub", OrganisationKind.HUB, focal=0, partners=1)
    convener = hub_staff[0]
    event = create_event(actor=convener, conveners=[hub], title="Roundtable", kind="roundtable", online=True,
                         start_date=dt.date(2026, 1, 10), end_date=dt.date(2026, 1, 11))
    create_recommendation(actor=convener, event=event, text="Open the youth centres in the evening.", lang="en",
                          owners=[{"organisation": world.governor, "role": "lead", "is_public": True}])
    assert _told("events.owner_added") == [world.focal.username]


def test_minutes_approved_tells_conveners_and_participants(world):
    from events.models import Participation

    hub, _focal, hub_staff = org_with_people("Hub", OrganisationKind.HUB, focal=0, partners=1)
    event = make_event(conveners=[hub])
    Participation.objects.create(event=event, organisation=world.governor, kind=world.governor.kind, participants=3)
    notices.minutes_approved(actor=hub_staff[0], event=event)  # the actor is not told of its own move
    assert _told("events.minutes_approved") == [world.focal.username]


@pytest.fixture
def due(world):
    """Owned by the governor's office (lead) and the network (supporting)."""
    owners = [(world.governor, LEAD), (world.network, SUPPORTING)]
    days = FollowUpSettings.current().remind_before_days
    assert days == 14
    return type("D", (), dict(
        soon=make_rec(owners=owners, issued_on=TODAY - 10 * DAY, due_date=TODAY + days * DAY, last_update_on=TODAY,
                      progress=90),
        not_yet=make_rec(owners=owners, issued_on=TODAY - 10 * DAY, due_date=TODAY + (days + 1) * DAY,
                         last_update_on=TODAY, progress=90),
        overdue=make_rec(owners=owners, issued_on=TODAY - 10 * DAY, due_date=TODAY - DAY, last_update_on=TODAY),
        stale=make_rec(owners=[(world.governor, LEAD)], issued_on=TODAY - 200 * DAY, last_update_on=TODAY - 91 * DAY),
        closed=make_rec(owners=owners, status=Status.COMPLETED, due_date=TODAY - DAY),
    ))


def test_the_daily_run_reminds_each_once_in_each_readers_language(world, due, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = notices.run_daily(actor=SYSTEM, today=TODAY)
    assert result == {"progress_refreshed": 0, "due_soon": 3, "overdue": 3, "stale": 1}
    refs = {n.recipient.username + ":" + n.kind: n.params["reference"] for n in Notification.objects.all()}
    assert refs[f"{world.focal.username}:events.due_soon"] == due.soon.reference
    assert refs[f"{world.focal.username}:events.overdue"] == due.overdue.reference
    assert refs[f"{world.focal.username}:events.stale"] == due.stale.reference
    assert not Notification.objects.filter(params__reference__in=[due.not_yet.reference, due.closed.reference])
    assert world.staff.username not in {n.recipient.username for n in Notification.objects.all()}
    # Each e-mail in its recipient's language.
    arabic = [m for m in mail.outbox if m.to == [world.focal.email]]
    english = [m for m in mail.outbox if m.to == [world.members[0].email]]
    assert len(arabic) == 3 and len(english) == 2
    with translation.override("ar"):
        subject = str(notices.gettext_lazy("A recommendation is overdue"))
    assert subject != "A recommendation is overdue"
    assert subject in {m.subject for m in arabic}
    assert "A recommendation is overdue" in {m.subject for m in english}
    assert any(due.overdue.reference in m.body and "استحقاق" in m.body for m in arabic)
    # Twice the same day, or the next: nothing new.
    sent = Notification.objects.count()
    assert notices.run_daily(actor=SYSTEM, today=TODAY) == {"progress_refreshed": 0, "due_soon": 0, "overdue": 0,
                                                            "stale": 0}
    notices.run_daily(actor=SYSTEM, today=TODAY + DAY)
    assert Notification.objects.filter(kind="events.overdue").count() == 3
    assert Notification.objects.count() == sent + 3  # `not_yet` is now due within 14 days: its three people
    # A new due date is a new deadline.
    due.overdue.due_date = TODAY
    due.overdue.save()
    notices.run_daily(actor=SYSTEM, today=TODAY + 2 * DAY)
    assert Notification.objects.filter(kind="events.overdue").count() == 6


def test_only_the_system_or_an_administrator_runs_the_reminders(world):
    with pytest.raises(PermissionDenied):
        notices.run_daily(actor=world.focal, today=TODAY)
    with pytest.raises(PermissionDenied):
        notices.send_reminders(actor=world.focal, today=TODAY)


def test_the_command_shows_reminders_in_a_dry_run_and_sends_them_otherwise(world, due):
    out = StringIO()
    call_command("events-remind", "--dry-run", stdout=out)
    assert "would be sent (dry run: nothing sent)" in out.getvalue()
    assert not Notification.objects.exists()
    today = timezone.localdate()
    soon = make_rec(owners=[(world.governor, LEAD)], issued_on=today - 3 * DAY, due_date=today + 2 * DAY,
                    last_update_on=today)
    out = StringIO()
    call_command("events-remind", "--dry-run", stdout=out)
    assert f"due_soon: {soon.reference} → {world.focal.username}" in out.getvalue()
    out = StringIO()
    call_command("events-remind", stdout=out)
    assert Notification.objects.filter(kind="events.due_soon", params__reference=soon.reference).count() == 1
    assert "sent" in out.getvalue()


def test_the_daily_task_runs_and_a_backend_that_cannot_defer_schedules_nothing(world):
    assert notices.events_daily.enqueue().return_value == {"progress_refreshed": 0, "due_soon": 0, "overdue": 0,
                                                           "stale": 0}
    assert notices.schedule() is False  # the test settings run tasks at once
