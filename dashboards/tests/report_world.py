"""A small world for the printed reports: plans in two governorates (one approved and public, one approved and
private with a marker title, one draft), an event with recommendations (and a private event with a marker title),
and support requests submitted, delivered and rated in one quarter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from accounts.choices import OrganisationKind, Role
from events.services.events import publish_event, set_participation
from events.services.recommendations import publish_recommendation, respond
from places.models import Place
from plans.models import Indicator
from plans.services import add_progress, set_public
from support.choices import Stage
from support.models import Need, Outcome, SupportRequest
from tests.factories import make_event, make_org, make_plan, make_recommendation, make_user

PRIVATE_PLAN = "Hidden plan QX7 marker"
PRIVATE_EVENT = "Closed roundtable ZK4 marker"
PUBLIC_PLAN = "Baghdad youth dialogue plan"
ARABIC_PLAN = "خطة الحوار الشبابي في الأنبار"


@dataclass
class World:
    coordinator: object
    focal: object
    committee: object
    other_focal: object
    partner: object
    expert: object
    hub: object
    public_plan: object
    arabic_plan: object
    private_plan: object
    draft_plan: object
    event: object
    private_event: object
    recommendations: list
    quarter: str
    delivered: object


def build() -> World:
    baghdad, anbar, basra = (Place.objects.get(code=c) for c in ("IQ-BG", "IQ-AN", "IQ-BA"))
    coordinator = make_user("coordinator", role=Role.NATIONAL_COORDINATOR)
    committee = make_org("Baghdad PVE sub-committee", kind=OrganisationKind.COMMITTEE, place=baghdad)
    focal = make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=committee)
    anbar_committee = make_org("Anbar PVE sub-committee", kind=OrganisationKind.COMMITTEE, place=anbar)
    other_focal = make_user("anbar-focal", role=Role.LOCAL_FOCAL_POINT, organisation=anbar_committee)
    basra_committee = make_org("Basra PVE sub-committee", kind=OrganisationKind.COMMITTEE, place=basra)
    basra_focal = make_user("basra-focal", role=Role.LOCAL_FOCAL_POINT, organisation=basra_committee)
    partner_org = make_org("Partner NGO")
    partner = make_user("partner", role=Role.PARTNER, organisation=partner_org)
    hub = make_org("MENA hub", kind=OrganisationKind.HUB)
    expert = make_user("expert", role=Role.HUB_EXPERT, organisation=hub)

    public_plan = make_plan(focal, status="in_implementation", actions=3, title=PUBLIC_PLAN, lang="en")
    set_public(actor=focal, plan=public_plan, is_public=True)
    indicators = list(Indicator.objects.filter(action__plan=public_plan).order_by("action__position"))
    add_progress(actor=focal, indicator=indicators[0], date=dt.date(2025, 3, 1), value=5)  # 50%
    add_progress(actor=focal, indicator=indicators[1], date=dt.date(2025, 3, 1), value=10)  # 100%
    arabic_plan = make_plan(other_focal, place_code="IQ-AN", status="approved", actions=2, title=ARABIC_PLAN)
    set_public(actor=other_focal, plan=arabic_plan, is_public=True)
    private_plan = make_plan(basra_focal, place_code="IQ-BA", status="approved", actions=1, title=PRIVATE_PLAN,
                             lang="en")
    draft_plan = make_plan(focal, status="draft", actions=1, title="Baghdad draft plan", lang="en", year=2027)

    event = make_event(coordinator, conveners=[committee], title="Baghdad youth roundtable", lang="en",
                       year=2026, status="held")
    set_participation(actor=coordinator, event=event, organisation=committee, participants=12, women=5, youth=4)
    set_participation(actor=coordinator, event=event, organisation=partner_org, participants=8, women=3, youth=6)
    recommendations = [
        make_recommendation(coordinator, event=event, owners=[committee], lang="en",
                            text="Open the youth centres in the evening."),
        make_recommendation(coordinator, event=event, owners=[partner_org], lang="en",
                            text="Train twenty facilitators in dialogue."),
    ]
    owner = recommendations[0].owners.get()
    respond(actor=focal, owner=owner, response="accepted")
    publish_event(actor=coordinator, event=event, is_public=True)
    for rec in recommendations:
        publish_recommendation(actor=coordinator, recommendation=rec, is_public=True)
    private_event = make_event(coordinator, conveners=[basra_committee], place_code="IQ-BA", title=PRIVATE_EVENT,
                               lang="en", year=2026)

    # The quarter of the installation's today (the report reads days in its time zone, and the needs below are
    # recorded now): on the evening of 31 December in UTC it is already January in Baghdad.
    today = timezone.localdate()
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    start = timezone.make_aware(dt.datetime(today.year, 3 * ((today.month - 1) // 3) + 1, 1, 12))
    requests = []
    for n, stage in enumerate([Stage.SUBMITTED, Stage.TRIAGE, Stage.IN_DELIVERY, Stage.DELIVERED]):
        requests.append(SupportRequest.objects.create(
            reference=f"SR-REP-{n:03d}", title=f"Dialogue training {n}", requester=committee, hub=hub, place=baghdad,
            governorate=baghdad, request_type="training", result_wanted="Trainers for the district councils.",
            stage=stage, submitted_at=start + dt.timedelta(days=1),
            acknowledged_at=start + dt.timedelta(days=2) if n else None,
            delivered_at=start + dt.timedelta(days=20) if stage == Stage.DELIVERED else None))
    delivered = requests[-1]
    Outcome.objects.create(request=delivered, rating=4, need_met="partly", what_changed="Eight trainers active.")
    for severity in (2, 4, 4):
        Need.objects.create(title=f"Need of severity {severity}", owner=committee, hub=hub, place=baghdad,
                            governorate=baghdad, theme="youth", source="consultation", severity=severity)
    return World(coordinator=coordinator, focal=focal, committee=committee, other_focal=other_focal,
                 partner=partner, expert=expert, hub=hub, public_plan=public_plan, arabic_plan=arabic_plan,
                 private_plan=private_plan, draft_plan=draft_plan, event=event, private_event=private_event,
                 recommendations=recommendations, quarter=quarter, delivered=delivered)
