"""Reads of the support desk: the moves a user may make, the hub's queues, the who-does-what-where register and
the public counts. Every read goes through `support.permissions` (and plans' and practices' own rules for their
records); each answers in a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.privacy import min_cell_size, suppress_small
from places.choices import PlaceKind
from places.models import Place
from plans.models import ActionGoal, Plan
from plans.permissions import visible_to as plans_visible_to
from practices.choices import PracticeStatus
from practices.models import PracticeGoal
from practices.permissions import visible_to as practices_visible_to

from . import permissions
from .choices import FINAL_STAGES, Stage
from .models import SupportRequest, Transition

OPEN_STAGES = [s for s in Stage.values if s not in FINAL_STAGES and s != Stage.DRAFT]
AWAITING_TRIAGE = [Stage.SUBMITTED, Stage.TRIAGE]
DELIVERED = [Stage.DELIVERED, Stage.FOLLOW_UP]


def allowed_moves(user, request: SupportRequest) -> list[Transition]:
    """The `Transition` rows from the request's stage that the user is among the movers of."""
    if not permissions.requests_visible_to(user, SupportRequest.objects.filter(pk=request.pk)).exists():
        return []
    roles = permissions.mover_roles(user, request)
    if not roles:
        return []
    return [t for t in Transition.objects.filter(from_stage=request.stage) if set(t.movers) & roles]


def governorate_of(place):
    """The governorate of a need's or request's place: the place itself, or the governorate above a district."""
    if place is None or place.kind not in {PlaceKind.GOVERNORATE, PlaceKind.DISTRICT}:
        raise ValidationError({"place": _("Choose a governorate or a district.")})
    node = place
    while node is not None and node.kind != PlaceKind.GOVERNORATE:
        node = node.parent
    if node is None:
        raise ValidationError({"place": _("Choose a governorate or a district.")})
    return node


# --- queues --------------------------------------------------------------------------------------------------

def _queue_base(user):
    queryset = SupportRequest.objects.exclude(stage=Stage.DRAFT)
    if not permissions.sees_all(user):
        queryset = queryset.filter(hub__in=permissions.hub_ids(user))
    return permissions.requests_visible_to(user, queryset).select_related(
        "requester", "hub", "governorate", "place", "assigned_to")


def hub_queue(user, stage=None):
    """The requests of the user's hubs (every hub for coordinators), open ones unless a stage is asked for,
    oldest submission first."""
    queryset = _queue_base(user)
    queryset = queryset.filter(stage=stage) if stage else queryset.filter(stage__in=OPEN_STAGES)
    return queryset.order_by("submitted_at", "pk")


def awaiting_triage(user):
    return _queue_base(user).filter(stage__in=AWAITING_TRIAGE).order_by("submitted_at", "pk")


def overdue(user, today=None):
    """Open requests with a clock running past its due day, most overdue first: one indexed filter on the due
    day the moves store (`SupportRequest.due_on`), so that a hub with thousands of requests pages it fast."""
    today = today or timezone.localdate()
    return hub_queue(user).filter(due_on__lt=today).order_by("due_on", "pk")


def delivered_without_outcome(user):
    return _queue_base(user).filter(stage__in=DELIVERED, outcome__isnull=True).order_by("delivered_at", "pk")


# --- the who-does-what-where register ------------------------------------------------------------------------

def _places(place) -> set[int] | None:
    """A governorate with its districts; a district with its governorate (work across the governorate)."""
    if place is None:
        return None
    ids = {place.pk}
    if place.kind == PlaceKind.GOVERNORATE:
        ids |= set(Place.objects.filter(parent=place).values_list("pk", flat=True))
    elif place.parent_id:
        ids.add(place.parent_id)
    return ids


def _ids(value) -> list[int] | None:
    if value is None:
        return None
    values = value if isinstance(value, list | tuple | set) else [value]
    return [getattr(v, "pk", v) for v in values]


def _name(en: str, ar: str) -> str:
    return ar if (get_language() or "en").startswith("ar") and ar else (en or "")


def _overlaps(start, end, period_start, period_end) -> bool:
    return (period_end is None or start is None or start <= period_end) and (
        period_start is None or end is None or end >= period_start)


def _year_start(year):
    return dt.date(year, 1, 1) if year else None


def _year_end(year):
    return dt.date(year, 12, 31) if year else None


def register_rows(user, *, place=None, goal=None, organisation=None, period_start=None, period_end=None,
                  exclude_request=None) -> list[dict]:
    """Who does what where: one row per (record, goal) — plan actions (their lead, or the plan's owner),
    delivered and closed support requests (the hub, with the requesting organisation) and published practices
    with goal links and a place — filtered by place (a governorate includes its districts), goal(s),
    organisation and a period the row's dates overlap. Three queries, whatever the size of the data."""
    places, goals, org = _places(place), _ids(goal), getattr(organisation, "pk", organisation)
    rows = []

    actions = ActionGoal.objects.filter(
        action__plan__in=plans_visible_to(user, Plan.objects.all()).values("pk"))
    if places is not None:
        actions = actions.filter(Q(action__district__in=places) | Q(action__district=None, action__plan__place__in=places))
    if goals is not None:
        actions = actions.filter(goal__in=goals)
    if org is not None:
        actions = actions.filter(Q(action__lead=org) | Q(action__lead=None, action__plan__owner=org))
    for row in actions.values(
            "action_id", "action__title", "goal_id", "goal__number", "goal__title_en", "goal__title_ar",
            "action__lead_id", "action__lead__name", "action__plan__owner_id", "action__plan__owner__name",
            "action__district_id", "action__district__name_en", "action__district__name_ar",
            "action__plan__place_id", "action__plan__place__name_en", "action__plan__place__name_ar",
            "action__start_date", "action__end_date", "action__plan__period_start", "action__plan__period_end"):
        start = row["action__start_date"] or row["action__plan__period_start"]
        end = row["action__end_date"] or row["action__plan__period_end"]
        if not _overlaps(start, end, period_start, period_end):
            continue
        district = row["action__district_id"]
        rows.append({
            "source": "action", "id": row["action_id"], "title": row["action__title"],
            "place_id": district or row["action__plan__place_id"],
            "place": _name(row["action__district__name_en"], row["action__district__name_ar"]) if district
            else _name(row["action__plan__place__name_en"], row["action__plan__place__name_ar"]),
            "goal_id": row["goal_id"], "goal": row["goal__number"],
            "goal_title": _name(row["goal__title_en"], row["goal__title_ar"]),
            "organisation_id": row["action__lead_id"] or row["action__plan__owner_id"],
            "organisation": row["action__lead__name"] or row["action__plan__owner__name"],
            "with_id": None, "with": "", "start": start, "end": end})

    through = SupportRequest.goals.through
    requests = through.objects.filter(
        supportrequest__in=permissions.requests_visible_to(
            user, SupportRequest.objects.filter(stage__in=[Stage.DELIVERED, Stage.FOLLOW_UP, Stage.CLOSED],
                                                delivered_at__isnull=False)).values("pk"))
    if exclude_request is not None:
        requests = requests.exclude(supportrequest_id=exclude_request)
    if places is not None:
        requests = requests.filter(supportrequest__place__in=places)
    if goals is not None:
        requests = requests.filter(goal__in=goals)
    if org is not None:
        requests = requests.filter(Q(supportrequest__hub=org) | Q(supportrequest__requester=org))
    for row in requests.values(
            "supportrequest_id", "supportrequest__reference", "supportrequest__title", "goal_id", "goal__number",
            "goal__title_en", "goal__title_ar", "supportrequest__hub_id", "supportrequest__hub__name",
            "supportrequest__requester_id", "supportrequest__requester__name", "supportrequest__place_id",
            "supportrequest__place__name_en", "supportrequest__place__name_ar",
            "supportrequest__delivery_started_at", "supportrequest__delivered_at"):
        started = row["supportrequest__delivery_started_at"] or row["supportrequest__delivered_at"]
        start, end = started.date(), row["supportrequest__delivered_at"].date()
        if not _overlaps(start, end, period_start, period_end):
            continue
        rows.append({
            "source": "request", "id": row["supportrequest_id"],
            "title": f"{row['supportrequest__reference']} {row['supportrequest__title']}",
            "place_id": row["supportrequest__place_id"],
            "place": _name(row["supportrequest__place__name_en"], row["supportrequest__place__name_ar"]),
            "goal_id": row["goal_id"], "goal": row["goal__number"],
            "goal_title": _name(row["goal__title_en"], row["goal__title_ar"]),
            "organisation_id": row["supportrequest__hub_id"], "organisation": row["supportrequest__hub__name"],
            "with_id": row["supportrequest__requester_id"], "with": row["supportrequest__requester__name"],
            "start": start, "end": end})

    from practices.models import Practice

    practices = PracticeGoal.objects.filter(
        practice__in=practices_visible_to(user, Practice.objects.filter(
            status=PracticeStatus.PUBLISHED, place__isnull=False)).values("pk"))
    if places is not None:
        practices = practices.filter(practice__place__in=places)
    if goals is not None:
        practices = practices.filter(goal__in=goals)
    if org is not None:
        practices = practices.filter(practice__organisation=org)
    for row in practices.values(
            "practice_id", "practice__name", "goal_id", "goal__number", "goal__title_en", "goal__title_ar",
            "practice__organisation_id", "practice__organisation__name", "practice__organisation_name",
            "practice__place_id", "practice__place__name_en", "practice__place__name_ar", "practice__start_year",
            "practice__end_year", "practice__ongoing"):
        start = _year_start(row["practice__start_year"])
        end = None if row["practice__ongoing"] else _year_end(row["practice__end_year"])
        if not _overlaps(start, end, period_start, period_end):
            continue
        rows.append({
            "source": "practice", "id": row["practice_id"], "title": row["practice__name"],
            "place_id": row["practice__place_id"],
            "place": _name(row["practice__place__name_en"], row["practice__place__name_ar"]),
            "goal_id": row["goal_id"], "goal": row["goal__number"],
            "goal_title": _name(row["goal__title_en"], row["goal__title_ar"]),
            "organisation_id": row["practice__organisation_id"],
            "organisation": row["practice__organisation__name"] or row["practice__organisation_name"],
            "with_id": None, "with": "", "start": start, "end": end})
    rows.sort(key=lambda r: (r["place"], r["goal"] or "", r["organisation"] or "", r["start"] or dt.date.min))
    return rows


# --- public counts -------------------------------------------------------------------------------------------

def public_counts() -> dict:
    """Submitted requests (never drafts) counted by governorate, by type and by stage, each with small groups
    hidden (`core.privacy.suppress_small`): {"by_governorate": {place id: n|None}, "by_type": {...},
    "by_stage": {...}, "governorates": {place id: place}, "total": n}. Four queries."""
    submitted = SupportRequest.objects.exclude(stage=Stage.DRAFT).filter(submitted_at__isnull=False)
    by_governorate = dict(submitted.values_list("governorate").annotate(n=Count("pk")).order_by())
    by_type = dict(submitted.values_list("request_type").annotate(n=Count("pk")).order_by())
    by_stage = dict(submitted.values_list("stage").annotate(n=Count("pk")).order_by())
    places = Place.objects.in_bulk(list(by_governorate))
    total = sum(by_type.values())
    return {"by_governorate": suppress_small(by_governorate), "by_type": suppress_small(by_type),
            "by_stage": suppress_small(by_stage), "governorates": places,
            "total": total if total >= min_cell_size() else None}
