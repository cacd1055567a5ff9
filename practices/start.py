"""The start page's panels of practices (core/start.py), each reading only what `permissions.visible_to` allows,
in a fixed number of queries:

- an organisation's own practices (partners, hub experts): its drafts and those in review;
- the review queue (national coordinators, hub experts): practices waiting for review, and the latest review moves.

The hub expert's start page holds these two today; the support desk adds its queue as a panel of its own.
"""

from __future__ import annotations

from django.db.models import Count

from accounts.choices import Role
from core.start import register_panel

from . import permissions
from .choices import PracticeStatus
from .models import Practice, ReviewStep

SHOWN = 8


def own_practices(request):
    """Two queries: the organisation's drafts and practices in review (latest first), and how many of each."""
    user = request.user
    mine = permissions.visible_to(user, Practice.objects.filter(
        owner__in=user.organisation_ids(), status__in=[PracticeStatus.DRAFT, PracticeStatus.IN_REVIEW]))
    rows = list(mine.order_by("-updated_at", "-id")[:50])
    counts = dict(mine.values_list("status").annotate(n=Count("id")).order_by())
    return {
        "drafts": [p for p in rows if p.status == PracticeStatus.DRAFT][:SHOWN],
        "in_review": [p for p in rows if p.status == PracticeStatus.IN_REVIEW][:SHOWN],
        "draft_count": counts.get(PracticeStatus.DRAFT, 0), "review_count": counts.get(PracticeStatus.IN_REVIEW, 0),
    }


def review_queue(request):
    """Practices waiting for review (oldest first), and the latest review moves of practices the reader sees."""
    user = request.user
    visible = permissions.visible_to(user, Practice.objects.all())
    waiting = visible.filter(status=PracticeStatus.IN_REVIEW)
    rows = list(waiting.order_by("updated_at", "id")[:SHOWN + 1])
    recent = list(ReviewStep.objects.filter(practice__in=visible.values("pk")).exclude(from_status="")
                  .select_related("practice").order_by("-at", "-id")[:SHOWN])
    return {"waiting": rows[:SHOWN], "waiting_count": waiting.count() if len(rows) > SHOWN else len(rows),
            "recent": recent}


def register() -> None:
    register_panel("practice-review", "practices/start/_review.html", review_queue,
                   roles=[Role.NATIONAL_COORDINATOR, Role.HUB_EXPERT], order=30)
    register_panel("my-practices", "practices/start/_own.html", own_practices, roles=[Role.PARTNER, Role.HUB_EXPERT],
                   order=50)
