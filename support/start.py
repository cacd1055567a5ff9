"""The start page's panels of the support desk (core/start.py): each reads only what `support.permissions`
allows, in a fixed number of queries whatever the number of requests.

- a focal point's requests waiting on it: needing information, an outcome to record, an outcome check due;
- a hub expert's (and a coordinator's) queue: awaiting triage and overdue (`support.queries`).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.start import register_panel

from . import permissions
from .choices import Stage
from .models import Outcome, OutcomeCheck, SupportRequest

SHOWN = 8


def focal_point(request):
    """Two queries: the own requests that wait on the locality, the outcome checks due."""
    user, today = request.user, timezone.localdate()
    orgs = user.organisation_ids()
    own = permissions.requests_visible_to(user, SupportRequest.objects.filter(requester__in=orgs))
    waiting_rows = list(
        own.annotate(has_outcome=Exists(Outcome.objects.filter(request=OuterRef("pk"))))
        .filter(Q(stage=Stage.NEEDS_INFORMATION) | Q(stage__in=[Stage.DELIVERED, Stage.FOLLOW_UP], has_outcome=False))
        .order_by("updated_at", "pk")[:50])
    waiting = []
    for r in waiting_rows:
        why = (_("the hub needs more information") if r.stage == Stage.NEEDS_INFORMATION
               else _("delivered: say what changed"))
        url = r.get_absolute_url() if r.stage == Stage.NEEDS_INFORMATION else f"{r.get_absolute_url()}#outcome"
        waiting.append({"request": r, "why": why, "url": url})
    checks = list(OutcomeCheck.objects.filter(request__in=own.values("pk"), answered_at__isnull=True,
                                              due__lte=today).select_related("request").order_by("due")[:50])
    for check in checks:
        waiting.append({"request": check.request, "url": check.request.get_absolute_url() + "#outcome",
                        "why": _("%(months)s months on: is the change still there?") % {"months": check.months}})
    if not waiting and not permissions.can(user, "create_request"):
        return None
    return {"waiting": waiting[:SHOWN], "more": max(0, len(waiting) - SHOWN),
            "can_create": permissions.can(user, "create_need")}


def hub(request):
    """Awaiting triage and overdue, from the desk's queue queries."""
    from . import queries

    user = request.user
    triage, overdue = queries.awaiting_triage(user), queries.overdue(user)
    return {"triage": list(triage[:SHOWN]), "triage_count": triage.count(), "overdue": list(overdue[:SHOWN]),
            "overdue_count": overdue.count()}


def _desk(user) -> bool:
    return permissions.sees_all(user) or permissions.is_hub_expert(user)


def register() -> None:
    register_panel("support-requests", "support/start/_focal_point.html", focal_point,
                   roles=[Role.LOCAL_FOCAL_POINT], order=15)
    register_panel("support-queue", "support/start/_hub.html", hub, test=_desk, order=25)
