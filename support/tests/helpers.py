"""A small desk for the lifecycle tests: a locality with its focal point, a hub with its expert, another
locality, a coordinator, a partner, and a need."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.choices import OrganisationKind, Role
from core.actors import system
from frameworks.models import Goal
from places.models import Place
from support.services.needs import create_need
from support.services.requests import create_request, move_request
from tests.factories import make_org, make_user

SETUP = system("test setup")


@dataclass
class Desk:
    locality: object
    focal_point: object
    hub: object
    expert: object
    other: object
    other_focal_point: object
    coordinator: object
    partner: object
    partner_org: object
    baghdad: object
    karkh: object
    goal: object


def make_desk() -> Desk:
    baghdad = Place.objects.get(code="IQ-BG")
    locality = make_org("Baghdad sub-committee", kind=OrganisationKind.COMMITTEE, place=baghdad)
    hub = make_org("MENA hub", kind=OrganisationKind.HUB)
    other = make_org("Anbar sub-committee", kind=OrganisationKind.COMMITTEE,
                     place=Place.objects.get(code="IQ-AN"))
    partner_org = make_org("Partner NGO")
    return Desk(
        locality=locality, focal_point=make_user(role=Role.LOCAL_FOCAL_POINT, organisation=locality),
        hub=hub, expert=make_user(role=Role.HUB_EXPERT, organisation=hub),
        other=other, other_focal_point=make_user(role=Role.LOCAL_FOCAL_POINT, organisation=other),
        coordinator=make_user(role=Role.NATIONAL_COORDINATOR),
        partner=make_user(role=Role.PARTNER, organisation=partner_org), partner_org=partner_org,
        baghdad=baghdad, karkh=Place.objects.get(code="IQ-BG-D-KARKH"),
        goal=Goal.objects.order_by("pk").first())


def make_need(desk: Desk, actor=None, **fields):
    values = {"owner": desk.locality, "place": desk.baghdad, "title": "Youth centres closed at night",
              "theme": "youth", "source": "consultation", "severity": 3, "groups": ["youth"],
              "goals": [desk.goal]}
    return create_need(actor=actor or desk.focal_point, **(values | fields))


def make_request(desk: Desk, actor=None, needs=None, **fields):
    values = {"requester": desk.locality, "hub": desk.hub, "place": desk.baghdad,
              "title": "Training for youth workers", "request_type": "training",
              "result_wanted": "Twenty youth workers trained in dialogue facilitation.",
              "languages": ["ar"], "goals": [desk.goal]}
    return create_request(actor=actor or desk.focal_point, needs=[make_need(desk)] if needs is None else needs, **(values | fields))


def move(request, to_stage, actor, **kwargs):
    request.refresh_from_db()
    return move_request(actor=actor, request=request, to_stage=to_stage, version=request.version, **kwargs)
