"""A small desk for the delivery and notice tests: a hub with two experts, a requesting sub-committee with a focal
point, a partner NGO, another partner and an outsider, and requests written straight at the stage a test needs
(the request lifecycle has its own tests)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from django.utils import timezone

from accounts.choices import OrganisationKind, Role
from places.models import Place
from support.choices import Stage
from support.models import SupportRequest
from tests.factories import make_org, make_user

_seq = itertools.count(1)


@dataclass
class World:
    hub: object
    committee: object
    partner: object
    other_partner: object
    expert: object
    expert2: object
    focal: object
    colleague: object
    partner_user: object
    other_partner_user: object
    outsider: object
    coordinator: object


def build_world() -> World:
    baghdad = Place.objects.get(code="IQ-BG")
    hub = make_org("MENA Hub", kind=OrganisationKind.HUB)
    committee = make_org("Baghdad PVE Sub-committee", kind=OrganisationKind.COMMITTEE, place=baghdad)
    partner = make_org("Al-Amal Training NGO", kind=OrganisationKind.NGO)
    other_partner = make_org("Another NGO", kind=OrganisationKind.NGO)
    return World(
        hub=hub, committee=committee, partner=partner, other_partner=other_partner,
        expert=make_user("expert", role=Role.HUB_EXPERT, organisation=hub, email="expert@example.org",
                         language="en"),
        expert2=make_user("expert2", role=Role.HUB_EXPERT, organisation=hub, email="expert2@example.org",
                          language="ar"),
        focal=make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=committee, email="focal@example.org",
                        language="ar"),
        colleague=make_user("colleague", role=Role.LOCAL_FOCAL_POINT, organisation=committee,
                            email="colleague@example.org", language="en"),
        partner_user=make_user("partner", role=Role.PARTNER, organisation=partner, email="partner@example.org"),
        other_partner_user=make_user("other-partner", role=Role.PARTNER, organisation=other_partner,
                                     email="other@example.org"),
        outsider=make_user("outsider", role=Role.LOCAL_FOCAL_POINT, email="outsider@example.org"),
        coordinator=make_user("coord", role=Role.NATIONAL_COORDINATOR, email="coord@example.org"),
    )


def make_request(world: World, stage: str = Stage.IN_DELIVERY, **fields) -> SupportRequest:
    place = Place.objects.get(code="IQ-BG")
    n = next(_seq)
    now = timezone.now()
    return SupportRequest.objects.create(**{
        "reference": f"SR-2026-{n:04d}", "title": f"Youth dialogue training {n}", "requester": world.committee,
        "hub": world.hub, "place": place, "governorate": place, "request_type": "training",
        "result_wanted": "Trainers for the district councils.", "stage": stage,
        "submitted_at": None if stage == Stage.DRAFT else now - dt.timedelta(days=20),
    } | fields)
