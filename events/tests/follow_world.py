"""Test data for the follow-up tests (progress, schedule, queries, notices), written with the ORM directly: the
tests here are about reading and reminding, not about how recommendations are recorded."""

from __future__ import annotations

import datetime as dt
import itertools

from accounts.choices import OrganisationKind, Role
from events.choices import OwnerRole, Response, Status
from events.models import Event, Owner, Recommendation, RecommendationAction
from places.models import Place
from tests.factories import make_org, make_user

_seq = itertools.count(1)
TODAY = dt.date(2026, 6, 1)


def make_event(*, conveners=(), place_code: str | None = "IQ-NI", is_public: bool = True, **fields) -> Event:
    n = next(_seq)
    place = Place.objects.get(code=place_code) if place_code else None
    event = Event.objects.create(
        reference=fields.pop("reference", f"EVT-T-{n}"), title=fields.pop("title", f"Roundtable {n}"),
        start_date=fields.pop("start_date", dt.date(2026, 1, 10)), end_date=fields.pop("end_date", dt.date(2026, 1, 11)),
        place=place, governorate=place, is_public=is_public, **fields)
    event.conveners.set(conveners)
    return event


def make_rec(*, event=None, owners=(), places=(), goals=(), status=Status.NOT_STARTED, issued_on=dt.date(2026, 1, 11),
             due_date=None, progress=None, last_update_on=None, is_public=True, **fields) -> Recommendation:
    """owners: (organisation, role[, is_public[, response]]) tuples; places: place codes."""
    n = next(_seq)
    rec = Recommendation.objects.create(
        reference=fields.pop("reference", f"REC-T-{n:05d}"), text=fields.pop("text", f"Open youth centres {n}."),
        event=event, status=status, issued_on=issued_on, due_date=due_date, progress=progress,
        last_update_on=last_update_on, is_public=is_public, **fields)
    for item in owners:
        organisation, role, *rest = item
        public = rest[0] if rest else True
        response = rest[1] if len(rest) > 1 else Response.PENDING
        Owner.objects.create(recommendation=rec, organisation=organisation, role=role, is_public=public,
                             response=response)
    if places:
        rec.places.set(Place.objects.filter(code__in=places))
    if goals:
        rec.goals.set(goals)
    return rec


def link(rec, action) -> RecommendationAction:
    return RecommendationAction.objects.create(recommendation=rec, action=action)


def org_with_people(name: str, kind=OrganisationKind.LOCAL_GOVERNMENT, *, focal: int = 1, partners: int = 1,
                    place_code: str | None = None, **user_fields):
    """An organisation with `focal` local focal points and `partners` other members; (org, focal, partners)."""
    place = Place.objects.get(code=place_code) if place_code else None
    org = make_org(name, kind=kind, place=place)
    focal_points = [make_user(role=Role.LOCAL_FOCAL_POINT, organisation=org, email=f"f{next(_seq)}@example.org",
                              **user_fields) for _ in range(focal)]
    members = [make_user(role=Role.PARTNER, organisation=org, email=f"m{next(_seq)}@example.org", **user_fields)
               for _ in range(partners)]
    return org, focal_points, members


LEAD, SUPPORTING, CONTRIBUTING = OwnerRole.LEAD, OwnerRole.SUPPORTING, OwnerRole.CONTRIBUTING
