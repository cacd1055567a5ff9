"""The people and records the page and API tests of the desk read: two localities asking two hubs, a partner
to which part of one request is referred, a coordinator and an outsider.

Records are written as rows (the services of the desk have their own tests); each carries a marker in its
text, so that a test can say which organisation's words a page shows."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from accounts.choices import OrganisationKind, Role
from places.models import Place
from support.choices import Stage
from support.models import Need, Referral, RequestStep, SupportRequest
from tests.factories import make_org, make_user

_seq = itertools.count(1)
OWN = "own-desk-marker"
OTHER = "other-desk-marker"


class World:
    pass


def governorate_of(place):
    return place if place.kind == "governorate" else place.parent


def make_need(owner, *, title, place, hub=None, description="", actor=None, **fields):
    need = Need.objects.create(owner=owner, hub=hub, place=place, governorate=governorate_of(place), title=title,
                               description=description, lang="en", theme=fields.pop("theme", "youth"),
                               source=fields.pop("source", "consultation"), severity=fields.pop("severity", 4),
                               created_by=actor, **fields)
    return need


def make_request(requester, hub, *, title, place, needs, stage=Stage.SUBMITTED, actor=None, description="",
                 result_wanted="", **fields):
    n = next(_seq)
    obj = SupportRequest.objects.create(
        reference=f"SR-2026-{9000 + n:04d}", requester=requester, hub=hub, place=place,
        governorate=governorate_of(place), title=title, description=description, lang="en",
        request_type=fields.pop("request_type", "training"), result_wanted=result_wanted or f"{title} result",
        stage=stage, created_by=actor, submitted_at=None if stage == Stage.DRAFT else timezone.now(), **fields)
    obj.needs.set(needs)
    if stage != Stage.DRAFT:
        RequestStep.objects.create(request=obj, from_stage=Stage.DRAFT, to_stage=Stage.SUBMITTED, actor=actor,
                                   at=timezone.now())
    return obj


def build() -> World:
    w = World()
    w.ninewa = Place.objects.get(code="IQ-NI")
    w.basra = Place.objects.get(code="IQ-BA")
    w.hub = make_org("MENA Hub", kind=OrganisationKind.HUB)
    w.other_hub = make_org("Gulf Hub", kind=OrganisationKind.HUB)
    w.locality = make_org("Nineveh Sub-committee", kind=OrganisationKind.COMMITTEE, place=w.ninewa)
    w.other_locality = make_org("Basra Sub-committee", kind=OrganisationKind.COMMITTEE, place=w.basra)
    w.partner_org = make_org("Tigris Partner NGO")
    w.national = make_org("National Committee", kind=OrganisationKind.NATIONAL_BODY)
    w.focal = make_user("desk-focal", role=Role.LOCAL_FOCAL_POINT, organisation=w.locality, first_name="Focal")
    w.other_focal = make_user("desk-other-focal", role=Role.LOCAL_FOCAL_POINT, organisation=w.other_locality)
    w.expert = make_user("desk-expert", role=Role.HUB_EXPERT, organisation=w.hub, first_name="Expert")
    w.other_expert = make_user("desk-other-expert", role=Role.HUB_EXPERT, organisation=w.other_hub)
    w.partner = make_user("desk-partner", role=Role.PARTNER, organisation=w.partner_org)
    w.coordinator = make_user("desk-coordinator", role=Role.NATIONAL_COORDINATOR, organisation=w.national)
    w.outsider = make_user("desk-outsider", role=Role.PARTNER, organisation=make_org("Unrelated NGO"))
    w.need = make_need(w.locality, title=f"Youth dialogue need {OWN}", place=w.ninewa, hub=w.hub,
                       description=f"Young people want a say {OWN}-description", actor=w.focal)
    w.other_need = make_need(w.other_locality, title=f"Basra need {OTHER}", place=w.basra, hub=w.other_hub,
                             description=f"{OTHER}-description", actor=w.other_focal)
    w.request = make_request(w.locality, w.hub, title=f"Training for youth councils {OWN}", place=w.ninewa,
                             needs=[w.need], actor=w.focal, description=f"{OWN}-request-description",
                             result_wanted=f"Councils trained {OWN}-result")
    w.other_request = make_request(w.other_locality, w.other_hub, title=f"Basra request {OTHER}", place=w.basra,
                                   needs=[w.other_need], actor=w.other_focal,
                                   description=f"{OTHER}-request-description")
    w.referral = Referral.objects.create(request=w.request, partner=w.partner_org, scope="Venue and trainers",
                                         deadline=dt.date(2026, 12, 31), created_by=w.expert)
    return w
