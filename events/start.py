"""The start page's panel of events (core/start.py): what waits on the reader's organisations, in two queries
whatever the number of events — minutes drafted for events they convene (to approve), and recommendations they
own that still wait for their response. Counts and links only; the panel is left out when nothing waits."""

from __future__ import annotations

from core.start import register_panel

from . import permissions
from .choices import MinutesStatus, Response
from .models import Event, Owner

SHOWN = 5


def waiting(request):
    user = request.user
    orgs = user.organisation_ids()
    events = Event.objects.filter(minutes__status=MinutesStatus.DRAFT)
    if not permissions.sees_all(user):
        events = events.filter(pk__in=Event.conveners.through.objects.filter(organisation__in=orgs)
                               .values("event_id"))
    to_approve = list(events.order_by("-start_date", "-pk")[:SHOWN + 1])
    pending = Owner.objects.filter(organisation__in=orgs, response=Response.PENDING).count() if orgs else 0
    if not to_approve and not pending:
        return None
    from .views import url_or_empty

    return {"to_approve": to_approve[:SHOWN], "more_to_approve": len(to_approve) > SHOWN, "pending": pending,
            "queue_url": url_or_empty("events:queue")}


def _member(user) -> bool:
    return permissions.sees_all(user) or bool(user.organisation_ids())


def register() -> None:
    register_panel("events-waiting", "events/start/_waiting.html", waiting, test=_member, order=30)


register()  # on import, from EventsConfig.ready
