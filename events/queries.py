"""Reads of the follow-up: the owners' queue, the quality queue, delays without a reason, the public accountability
table with its counts, a recommendation's timeline, an event's participation figures, and the related-record links
that plans and the support desk show (registered from `EventsConfig.ready` through `core.links`).

Every read starts from `events.permissions`. The lists answer in a fixed number of queries whatever the number
of recommendations (`accountability`, `owners_queue`): tests count them at two sizes.

What a reader outside a recommendation sees (anonymous readers, other organisations): an owner that is not named
in public (`Owner.is_public` false) as its organisation type only, with neither its name nor its reason; public
updates only (their date and progress), and of the timeline only the public steps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganisationKind
from core.text import in_reading_order
from places.choices import PlaceKind
from places.models import Place

from . import permissions
from .choices import CLOSED_STATUSES, Flag, OwnerRole, Response, Status, StepKind
from .models import (
    FollowUpSettings,
    Owner,
    Participation,
    Recommendation,
    RecommendationAction,
    Step,
    Update,
)
from .schedule import flag_filter, flag_of

ROLE_ORDER = {OwnerRole.LEAD: 0, OwnerRole.SUPPORTING: 1, OwnerRole.CONTRIBUTING: 2}


def _today(today):
    return today or timezone.localdate()


def _orgs(user) -> set[int]:
    return permissions._orgs(user)


# --- who is inside a recommendation --------------------------------------------------------------------------------

def _inside(user, recommendation_ids) -> set[int]:
    """Of the recommendations given, those the user sees in full: its owners, its managers, coordinators (at most
    two queries)."""
    ids = list(recommendation_ids)
    if permissions.sees_all(user):
        return set(ids)
    orgs = _orgs(user)
    if not orgs or not ids:
        return set()
    owned = set(Owner.objects.filter(organisation__in=orgs, recommendation__in=ids)
                .values_list("recommendation_id", flat=True))
    managed = set(permissions.managed_by(user, Recommendation.objects.filter(pk__in=ids)).values_list("pk", flat=True))
    return owned | managed


# --- owners as they may be shown --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OwnerShown:
    """An owner as one reader may see it: `name` None means its type only."""

    name: str | None
    organisation_id: int | None
    kind: str
    kind_label: str
    role: str
    role_label: str
    response: str
    response_label: str
    reason: str

    @property
    def named(self) -> bool:
        return self.name is not None


def _labels() -> dict[str, dict[str, str]]:
    """The labels of organisation types, owner roles and responses in the active language, each translated once
    (a `get_…_display` per owner translates every choice again)."""
    return {"kind": {value: str(label) for value, label in OrganisationKind.choices},
            "role": {value: str(label) for value, label in OwnerRole.choices},
            "response": {value: str(label) for value, label in Response.choices}}


def _shown(owner: Owner, inside: bool, labels: dict | None = None) -> OwnerShown:
    labels = labels or _labels()
    named = inside or owner.is_public
    organisation = owner.organisation
    return OwnerShown(
        name=organisation.name if named else None, organisation_id=organisation.pk if named else None,
        kind=organisation.kind, kind_label=labels["kind"].get(organisation.kind, organisation.kind),
        role=owner.role, role_label=labels["role"].get(owner.role, owner.role), response=owner.response,
        response_label=labels["response"].get(owner.response, owner.response),
        reason=owner.response_reason if named else "")


def _in_role_order(owners) -> list:
    return sorted(owners, key=lambda o: (ROLE_ORDER.get(o.role, 9), o.pk))


# --- the owners' queue, the quality queue, delays without a reason -----------------------------------------------

def owners_queue(user, today: dt.date | None = None, *, include_closed: bool = False) -> list[Recommendation]:
    """The recommendations the user's organisations own, each with `flag`, `my_owners` (the user's owner rows, with
    `role_label` and `response_label`)
    and `pending` (one of them has not answered yet): pending answers first, then by due date. Open ones only
    unless `include_closed`. Four queries, whatever the number."""
    today = _today(today)
    orgs = _orgs(user)
    if not orgs:
        return []
    queryset = permissions.owned_by(user, Recommendation.objects.all())
    if not include_closed:
        queryset = queryset.exclude(status__in=CLOSED_STATUSES)
    waiting = Owner.objects.filter(recommendation=OuterRef("pk"), organisation__in=orgs, response=Response.PENDING)
    mine = (Owner.objects.filter(organisation__in=orgs).select_related("organisation")
            .only("recommendation_id", "role", "response", "organisation__name", "organisation__kind"))
    # Only what the queue shows and its flag needs: a queue of hundreds loads no more than that.
    rows = list(queryset.annotate(pending=Exists(waiting))
                .only("reference", "lang", "text", "status", "due_date", "issued_on", "last_update_on", "progress",
                      "behind_reason")
                .prefetch_related(Prefetch("owners", queryset=mine, to_attr="my_owners"))
                .order_by("-pending", F("due_date").asc(nulls_last=True), "reference"))
    settings, labels = FollowUpSettings.current(), _labels()
    for row in rows:
        row.flag = flag_of(row, today, settings)
        for owner in row.my_owners:
            owner.role_label = labels["role"].get(owner.role, owner.role)
            owner.response_label = labels["response"].get(owner.response, owner.response)
    return rows


def quality_queue(user) -> QuerySet:
    """Open recommendations the user manages that miss something the follow-up needs (quality below 5), the
    poorest first."""
    queryset = Recommendation.objects.exclude(status__in=CLOSED_STATUSES).filter(quality__lt=5)
    return permissions.managed_by(user, queryset).select_related("event").order_by("quality", "due_date", "reference")


def _owned_or_managed(user, queryset: QuerySet) -> QuerySet:
    if permissions.sees_all(user):
        return queryset
    if not _orgs(user):
        return queryset.none()
    owned = permissions.owned_by(user, queryset).values("pk")
    managed = permissions.managed_by(user, queryset).values("pk")
    return queryset.filter(Q(pk__in=owned) | Q(pk__in=managed))


def behind_without_reason(user, today: dt.date | None = None) -> QuerySet:
    """Recommendations the user owns or manages that are behind and have no reason for the delay yet."""
    queryset = _owned_or_managed(user, Recommendation.objects.all())
    return flag_filter(queryset, Flag.BEHIND, _today(today)).filter(behind_reason="").order_by("due_date", "reference")


# --- public accountability -----------------------------------------------------------------------------------------

@dataclass
class Row:
    """One line of the accountability table: recommended → who committed → response → status → last update."""

    recommendation: Recommendation
    owners: list[OwnerShown]
    response: str  # the lead's answer (else the first owner's), "" without owners
    response_label: str
    status: str
    status_label: str
    flag: str
    flag_label: str
    last_update: dt.date | None
    progress: int | None


@dataclass
class PlaceCount:
    governorate: Place | None  # None: national, or no place given
    total: int
    completed: int

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0


@dataclass
class Summary:
    total: int
    by_governorate: list[PlaceCount]
    by_status: dict[str, int]  # Status value → count (every status, zeros included)
    queryset: QuerySet | None = None  # the filtered recommendations, for the counts asked for on demand

    @property
    def completed(self) -> int:
        return self.by_status.get(Status.COMPLETED, 0)

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0

    @cached_property
    def by_response(self) -> dict[str, int]:
        """Response value → count of owners (every response, zeros included); one query, when asked for."""
        counts = {value: 0 for value in Response.values}
        if self.queryset is not None:
            for response, n in (self.queryset.order_by().filter(owners__isnull=False)
                                .values_list("owners__response").annotate(n=Count("owners__id"))):
                counts[response] = n
        return counts


@dataclass
class Accountability:
    """The filtered recommendations (`queryset`, ordered: page it) with `summary`; `rows_for(page)` builds the
    rows of a page, `rows` all of them."""

    user: object
    queryset: QuerySet
    today: dt.date
    settings: FollowUpSettings
    filters: dict = field(default_factory=dict)

    @cached_property
    def summary(self) -> Summary:
        return _summary(self.queryset)

    @cached_property
    def rows(self) -> list[Row]:
        return self.rows_for(self.queryset)

    def rows_for(self, recommendations) -> list[Row]:
        """The rows of `recommendations` (a page of `queryset`) in four queries: the page's ids in order, the
        recommendations with their event and public last update, their owners, and which the reader is inside."""
        if isinstance(recommendations, QuerySet):
            ids = list(recommendations.values_list("pk", flat=True))
        else:
            ids = [r.pk for r in recommendations]
        public = Update.objects.filter(recommendation=OuterRef("pk"), is_public=True).order_by("-date", "-pk")
        fetched = (Recommendation.objects.filter(pk__in=ids).select_related("event")
                   .annotate(carried=Exists(RecommendationAction.objects.filter(recommendation=OuterRef("pk"))),
                             public_update_on=Subquery(public.values("date")[:1]),
                             public_progress=Subquery(public.filter(progress__isnull=False).values("progress")[:1]))
                   .in_bulk())
        recommendations = [fetched[pk] for pk in ids if pk in fetched]
        inside = _inside(self.user, ids)
        owners = Owner.objects.filter(recommendation__in=ids).select_related("organisation")
        by_rec: dict[int, list[Owner]] = {}
        for owner in owners:
            by_rec.setdefault(owner.recommendation_id, []).append(owner)
        rows, labels = [], _labels()
        statuses, flags = dict(Status.choices), dict(Flag.choices)
        for rec in recommendations:
            within = rec.pk in inside
            shown = [_shown(o, within, labels) for o in _in_role_order(by_rec.get(rec.pk, ()))]
            lead = next((o for o in shown if o.role == OwnerRole.LEAD), shown[0] if shown else None)
            if within or rec.carried:
                last, progress = rec.last_update_on, rec.progress
            else:  # only the public updates
                last, progress = rec.public_update_on, rec.public_progress
            flag = flag_of(rec, self.today, self.settings)
            rows.append(Row(recommendation=rec, owners=shown, response=lead.response if lead else "",
                            response_label=lead.response_label if lead else "", status=rec.status,
                            status_label=str(statuses.get(rec.status, rec.status)), flag=flag,
                            flag_label=str(flags[flag]),
                            last_update=last, progress=progress))
        return rows

    def pages(self) -> Counted:
        """`queryset` for a paginator, its count taken from the summary (one query fewer per page)."""
        return Counted(self.queryset, self.summary.total)


class Counted:
    """A queryset whose count is already known (a paginator asks for it; slicing goes to the queryset)."""

    def __init__(self, queryset: QuerySet, total: int):
        self.queryset, self.total = queryset, total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key):
        return self.queryset[key]

    @property
    def ordered(self) -> bool:
        return self.queryset.ordered


def _summary(queryset: QuerySet) -> Summary:
    """Counts of the filtered recommendations: per status, and per governorate (a recommendation for two counts in
    each; national ones and those without a governorate in one line of their own). Two queries (the owners'
    responses, `Summary.by_response`, one more when asked for)."""
    queryset = queryset.order_by()
    by_status = {value: 0 for value in Status.values}
    for status, n in queryset.values_list("status").annotate(n=Count("pk")):
        by_status[status] = n
    done = Q(status=Status.COMPLETED)
    gov = Case(
        When(places__kind=PlaceKind.GOVERNORATE, then=F("places__id")),
        When(places__kind=PlaceKind.DISTRICT, then=F("places__parent_id")),
        When(places__kind=PlaceKind.SUBDISTRICT, then=F("places__parent__parent_id")),
        default=None, output_field=IntegerField())
    # One pass: the places are joined LEFT, so a recommendation with no place (or only a national one) falls in
    # the line without a governorate.
    counts = {gov_id: (total, completed) for gov_id, total, completed in (
        queryset.annotate(gov=gov).values("gov")
        .annotate(total=Count("pk", distinct=True), completed=Count("pk", distinct=True, filter=done))
        .values_list("gov", "total", "completed"))}
    places = Place.objects.in_bulk([gov_id for gov_id in counts if gov_id is not None])
    lines = [PlaceCount(governorate=places.get(gov_id), total=t, completed=c)
             for gov_id, (t, c) in counts.items() if gov_id is None or gov_id in places]
    named = in_reading_order([line for line in lines if line.governorate is not None], lambda line: line.governorate.name)
    rest = [line for line in lines if line.governorate is None]
    return Summary(total=sum(by_status.values()), by_governorate=named + rest, by_status=by_status,
                   queryset=queryset)


def _id(value):
    return getattr(value, "pk", value)


def accountability(user, *, event=None, governorate=None, owner_kind=None, goal=None, status=None, flag=None,
                   today: dt.date | None = None) -> Accountability:
    """The recommendations the user may see — across events, or of one `event` — filtered by governorate (its
    districts included), owner type, framework goal, status and flag, with their counts. The rows and the summary
    each take a fixed number of queries."""
    today = _today(today)
    settings = FollowUpSettings.current()
    queryset = permissions.recommendations_visible_to(user, Recommendation.objects.all())
    if event is not None:
        queryset = queryset.filter(event=_id(event))
    if governorate is not None:
        gov = _id(governorate)
        through = Recommendation.places.through.objects.filter(
            Q(place=gov) | Q(place__parent=gov) | Q(place__parent__parent=gov))
        queryset = queryset.filter(pk__in=through.values("recommendation_id"))
    if owner_kind:
        queryset = queryset.filter(pk__in=Owner.objects.filter(organisation__kind=owner_kind)
                                   .values("recommendation_id"))
    if goal is not None:
        queryset = queryset.filter(pk__in=Recommendation.goals.through.objects.filter(goal=_id(goal))
                                   .values("recommendation_id"))
    if status:
        queryset = queryset.filter(status=status)
    if flag:
        queryset = flag_filter(queryset, flag, today, settings)
    # Ordered on plain columns only: a page is its ids (`rows_for` fetches their details), so the database sorts
    # narrow rows and computes nothing for the rows a deep page skips.
    queryset = queryset.order_by("-issued_on", "event_id", "position", "pk")
    filters = {"event": event, "governorate": governorate, "owner_kind": owner_kind, "goal": goal, "status": status,
               "flag": flag}
    return Accountability(user=user, queryset=queryset, today=today, settings=settings, filters=filters)


# --- a recommendation's timeline ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class TimelineEntry:
    step: Step
    kind: str
    kind_label: str
    at: object
    from_value: str
    to_value: str
    from_label: str
    to_label: str
    organisation: OwnerShown | None  # the owner it concerns, as the reader may see it
    organisation_name: str | None  # a named organisation (shown in full), else None
    organisation_kind_label: str  # its type (always shown)
    reason: str
    actor: str  # the user who acted, for readers inside the recommendation only
    action: object = None  # a linked plan action the reader may see (its number and title are shown)


# A publishing step's values, in words.
_VISIBILITY_LABELS = {"public": _("Published"), "private": _("Not published")}


def _value_label(kind: str, value: str) -> str:
    """A step's value in the reader's words: never the stored code."""
    if not value:
        return ""
    if kind in (StepKind.STATUS, StepKind.CREATED) and value in Status.values:
        return str(Status(value).label)
    if kind == StepKind.PUBLISHED and value in _VISIBILITY_LABELS:
        return str(_VISIBILITY_LABELS[value])
    if kind == StepKind.RESPONSE and value in Response.values:
        return str(Response(value).label)
    if kind == StepKind.UPDATE:
        return f"{value}%"
    return value


def timeline(user, recommendation: Recommendation) -> list[TimelineEntry]:
    """The steps of a recommendation the user may see, oldest first: all of them for readers inside it; for
    others the public steps only (no private update), a private owner's step with its type only, no reason
    and no name of who acted. Three queries."""
    if not permissions.recommendations_visible_to(user, Recommendation.objects.filter(pk=recommendation.pk)).exists():
        return []
    inside = recommendation.pk in _inside(user, [recommendation.pk])
    steps = recommendation.steps.select_related("organisation", "actor").order_by("at", "pk")
    if not inside:
        steps = steps.filter(is_public=True)
    named = dict(recommendation.owners.values_list("organisation_id", "is_public"))
    steps = list(steps)
    actions = _step_actions(user, steps)
    entries = []
    for step in steps:
        organisation = step.organisation
        shows_name = organisation is not None and (inside or named.get(organisation.pk, True))
        kind_label = ""
        if organisation is not None:
            kind_label = (str(OrganisationKind(organisation.kind).label) if organisation.kind in OrganisationKind.values
                          else organisation.kind)
        actor = ""
        if inside and step.actor is not None:
            actor = step.actor.get_full_name() or step.actor.get_username()
        step_label, from_label, to_label = (str(step.get_kind_display()), _value_label(step.kind, step.from_value),
                                            _value_label(step.kind, step.to_value))
        action = None
        if step.kind == StepKind.PUBLISHED and step.to_value == "private":
            step_label = str(_("Withdrawn from public view"))
        if step.kind == StepKind.ACTION:  # the action's number and title, or that the reader may not see it
            action = actions.get(step.to_value)
            from_label, to_label = "", "" if action else str(_("a plan action you may not see"))
        entries.append(TimelineEntry(
            step=step, kind=step.kind, kind_label=step_label, at=step.at,
            from_value=step.from_value, to_value=step.to_value, from_label=from_label,
            to_label=to_label, organisation=None,
            organisation_name=organisation.name if shows_name else None, organisation_kind_label=kind_label,
            reason=step.reason if (organisation is None or shows_name) else "", actor=actor, action=action))
    return entries


def _step_actions(user, steps) -> dict:
    """The plan actions the linking steps name that the user may see, by their stored key (one query, none when
    no step links an action)."""
    from plans.models import Action
    from plans.permissions import actions_visible_to

    keys = {step.to_value for step in steps if step.kind == StepKind.ACTION and step.to_value.isdigit()}
    if not keys:
        return {}
    found = actions_visible_to(user, Action.objects.filter(pk__in=[int(k) for k in keys])).select_related("plan")
    return {str(action.pk): action for action in found}


# --- an event's participation figures --------------------------------------------------------------------------------

def event_figures(event) -> dict:
    """Participants, women and youth of an event, in total and by organisation type (counts only, one query):
    {"organisations", "participants", "women", "youth", "by_kind": [{"kind", "label", "organisations",
    "participants", "women", "youth"}, …]} (the types with most participants first)."""
    rows = (Participation.objects.filter(event=event).order_by().values("kind")
            .annotate(organisations=Count("pk"), participants=Sum("participants"), women=Sum("women"),
                      youth=Sum("youth")))
    by_kind = []
    for row in rows:
        kind = row["kind"]
        label = str(OrganisationKind(kind).label) if kind in OrganisationKind.values else kind
        by_kind.append({"kind": kind, "label": label, "organisations": row["organisations"],
                        "participants": row["participants"] or 0, "women": row["women"] or 0,
                        "youth": row["youth"] or 0})
    by_kind.sort(key=lambda r: (-r["participants"], r["kind"]))
    totals = {name: sum(r[name] for r in by_kind) for name in ("organisations", "participants", "women", "youth")}
    return {**totals, "by_kind": by_kind}


# --- related records for plans and the support desk (registered in `EventsConfig.ready`) -------------------------

ACTION_LINKS_TITLE = _("Recommendations this action carries")
REQUEST_LINKS_TITLE = _("Recommendations from this request")


def _link_of(recommendation: Recommendation) -> tuple[str, str] | None:
    try:
        url = recommendation.get_absolute_url()
    except NoReverseMatch:  # an installation without the recommendation pages: nothing to link to
        return None
    text = " ".join((recommendation.text or "").split())
    return f"{recommendation.reference} {Truncator(text).chars(90)}", url


def recommendations_for_actions(user, actions) -> dict[int, list[tuple[str, str]]]:
    """{action id: [(label, url)]}: the recommendations each action carries that the user may see (one query)."""
    ids = [_id(a) for a in actions]
    if not ids:
        return {}
    visible = permissions.recommendations_visible_to(user, Recommendation.objects.all()).values("pk")
    found: dict[int, list[tuple[str, str]]] = {}
    for link in (RecommendationAction.objects.filter(action__in=ids, recommendation__in=visible)
                 .select_related("recommendation").order_by("recommendation__reference")):
        item = _link_of(link.recommendation)
        if item is not None:
            found.setdefault(link.action_id, []).append(item)
    return found


def recommendations_of_action(user, action) -> list[tuple[str, str]]:
    return recommendations_for_actions(user, [action]).get(action.pk, [])


def recommendations_of_request(user, request) -> list[tuple[str, str]]:
    """The recommendations recorded from a support request that the user may see (one query)."""
    queryset = permissions.recommendations_visible_to(user, Recommendation.objects.filter(support_request=request))
    return [item for item in (_link_of(r) for r in queryset.order_by("reference")) if item is not None]


def register_related() -> None:
    """Tell `core.links` what plan actions and support requests link to (called from `EventsConfig.ready`)."""
    from core.links import register_related as register

    register("plans.action", recommendations_of_action, title=ACTION_LINKS_TITLE, many=recommendations_for_actions)
    register("support.supportrequest", recommendations_of_request, title=REQUEST_LINKS_TITLE)
