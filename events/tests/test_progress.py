"""Progress without double entry: computed from linked plan actions or from the recommendation's own updates;
the follow-up services that write it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import OrganisationKind, Role
from core.actors import system
from core.models import AuditEntry
from events.choices import Status, StepKind
from events.models import Recommendation, RecommendationAction, Step, Update
from events.progress import computed, computed_progress
from events.services.progress import (
    add_update,
    create_action_from_recommendation,
    link_action,
    refresh_progress,
    unlink_action,
)
from frameworks.models import Goal
from places.models import Place
from plans.models import Action, ActionPartner
from plans.services import add_progress, create_action, create_indicator, set_action_status
from tests.factories import make_org, make_plan, make_user

from .follow_world import CONTRIBUTING, LEAD, SUPPORTING, link, make_event, make_rec

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


@pytest.fixture
def world(reference):
    lead_org = make_org("Nineveh governorate office", kind=OrganisationKind.LOCAL_GOVERNMENT,
                        place=Place.objects.get(code="IQ-NI"))
    focal = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=lead_org)
    support_org = make_org("Youth network", kind=OrganisationKind.NETWORK)
    supporter = make_user(role=Role.PARTNER, organisation=support_org)
    un = make_org("UN agency", kind=OrganisationKind.UN_AGENCY)
    hub = make_org("Hub", kind=OrganisationKind.HUB)
    convener = make_user(role=Role.HUB_EXPERT, organisation=hub)
    outsider = make_user(role=Role.PARTNER)
    event = make_event(conveners=[hub])
    goal = Goal.objects.filter(framework__slug="euromed-cso-2017").order_by("position").first()
    rec = make_rec(event=event, owners=[(lead_org, LEAD), (support_org, SUPPORTING), (un, CONTRIBUTING)],
                   due_date=dt.date(2026, 11, 30), goals=[goal], places=["IQ-NI"])
    plan = make_plan(focal, place_code="IQ-NI", status="in_implementation", year=2026)
    return type("W", (), dict(lead_org=lead_org, focal=focal, support_org=support_org, supporter=supporter, un=un,
                              hub=hub, convener=convener, outsider=outsider, event=event, goal=goal, rec=rec,
                              plan=plan))


def _action_with_progress(world, value, plan=None):
    plan = plan or world.plan
    action = plan.actions.order_by("pk").first()
    indicator = action.indicators.get()
    add_progress(actor=world.focal, indicator=indicator, date=dt.date(2026, 3, 1), value=value)
    return action


# --- computed progress --------------------------------------------------------------------------------------------

def test_progress_of_a_recommendation_without_actions_is_its_latest_update_that_gives_one(world):
    rec = world.rec
    assert computed_progress([rec]) == {rec.pk: None}
    Update.objects.create(recommendation=rec, organisation=world.lead_org, date=dt.date(2026, 2, 1), progress=20,
                          text="Started")
    Update.objects.create(recommendation=rec, organisation=world.lead_org, date=dt.date(2026, 4, 1), progress=45,
                          text="Halfway")
    Update.objects.create(recommendation=rec, organisation=world.lead_org, date=dt.date(2026, 3, 1), progress=30,
                          text="Backdated")
    Update.objects.create(recommendation=rec, organisation=world.lead_org, date=dt.date(2026, 5, 1), progress=None,
                          text="A meeting, no figure")
    figures = computed([rec])[rec.pk]
    assert figures.progress == 45 and figures.last_update_on == dt.date(2026, 5, 1) and not figures.carried


def test_progress_of_a_carried_recommendation_comes_from_its_plan_actions(world):
    action = _action_with_progress(world, 5)  # baseline 0, target 10
    link(world.rec, action)
    figures = computed(Recommendation.objects.filter(pk=world.rec.pk))[world.rec.pk]
    assert (figures.progress, figures.last_update_on, figures.carried) == (50, dt.date(2026, 3, 1), True)
    # Its own updates no longer count.
    Update.objects.create(recommendation=world.rec, organisation=world.lead_org, date=dt.date(2026, 5, 1),
                          progress=90, text="typed")
    assert computed_progress([world.rec.pk]) == {world.rec.pk: 50}
    # Two actions: the mean; a cancelled one is left out.
    second = create_action(actor=world.focal, plan=make_plan(world.focal, place_code="IQ-NI-D-MOSUL", year=2026),
                           title="Second")
    create_indicator(actor=world.focal, action=second, name="Sessions", baseline=0, target=10)
    link(world.rec, second)
    assert computed_progress([world.rec]) == {world.rec.pk: 25}
    Action.objects.filter(pk=second.pk).update(status="cancelled")
    assert computed_progress([world.rec]) == {world.rec.pk: 50}


def test_a_sub_actions_progress_and_updates_count_for_the_action_that_carries_the_recommendation(world):
    from plans.models import Plan

    Plan.objects.filter(pk=world.plan.pk).update(status="draft")
    world.plan.refresh_from_db()
    parent = world.plan.actions.order_by("pk").first()
    parent.indicators.all().delete()
    child = create_action(actor=world.focal, plan=world.plan, title="Child", parent=parent)
    indicator = create_indicator(actor=world.focal, action=child, name="Trained", baseline=0, target=4)
    Plan.objects.filter(pk=world.plan.pk).update(status="in_implementation")
    add_progress(actor=world.focal, indicator=type(indicator).objects.get(pk=indicator.pk), date=dt.date(2026, 4, 2),
                 value=1)
    link(world.rec, parent)
    figures = computed([world.rec])[world.rec.pk]
    assert (figures.progress, figures.last_update_on) == (25, dt.date(2026, 4, 2))


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_computed_progress_takes_a_fixed_number_of_queries(world):
    action = _action_with_progress(world, 5)

    def grow(n):
        for i in range(n):
            rec = make_rec(event=world.event, owners=[(world.lead_org, LEAD)])
            if i % 2:
                link(rec, action)
            else:
                Update.objects.create(recommendation=rec, organisation=world.lead_org, date=dt.date(2026, 2, 1),
                                      progress=10 + i, text="x")

    grow(3)
    small = _count(lambda: computed_progress(Recommendation.objects.all()))
    grow(30)
    large = _count(lambda: computed_progress(Recommendation.objects.all()))
    assert small == large <= 6, (small, large)
    values = computed_progress(Recommendation.objects.all())
    assert len(values) == 34 and list(values.values()).count(50) == 16


# --- add_update ------------------------------------------------------------------------------------------------

def test_an_owner_reports_progress_and_the_recommendation_follows(world):
    rec = world.rec
    update = add_update(actor=world.supporter, recommendation=rec, date=dt.date(2026, 2, 10), text="Two centres open",
                        progress=40, lang="en", is_public=True,
                        evidence=[(SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\nrest"), True),
                                  (SimpleUploadedFile("list.txt", b"names withheld"), False)])
    rec.refresh_from_db()
    assert update.organisation == world.support_org  # reported for the owner the user belongs to
    assert (rec.progress, rec.last_update_on, rec.status) == (40, dt.date(2026, 2, 10), Status.IN_PROGRESS)
    assert sorted((e.name, e.is_public) for e in update.evidence.all()) == [("list.txt", False), ("photo.png", True)]
    steps = list(Step.objects.filter(recommendation=rec).values_list("kind", "to_value", "is_public"))
    assert (StepKind.UPDATE, "40", True) in steps and (StepKind.STATUS, Status.IN_PROGRESS, True) in steps
    entry = AuditEntry.objects.get(action="events.update.create")
    assert entry.changes["progress"] == 40 and entry.changes["evidence"] == ["photo.png", "list.txt"]
    # A private update gives a private step.
    add_update(actor=world.focal, recommendation=rec, date=dt.date(2026, 3, 1), text="Budget agreed", progress=50)
    assert Step.objects.filter(recommendation=rec, kind=StepKind.UPDATE, to_value="50").get().is_public is False
    rec.refresh_from_db()
    assert rec.progress == 50
    # Progress 100 does not complete it: the lead sets the status.
    add_update(actor=world.focal, recommendation=rec, date=dt.date(2026, 4, 1), text="All open", progress=100)
    rec.refresh_from_db()
    assert (rec.progress, rec.status) == (100, Status.IN_PROGRESS)


def test_add_update_is_refused_where_progress_comes_from_plan_actions(world):
    link(world.rec, _action_with_progress(world, 5))
    with pytest.raises(ValidationError) as refused:
        add_update(actor=world.focal, recommendation=world.rec, date=dt.date(2026, 2, 10), text="typed", progress=80)
    assert "Plan actions carry this recommendation" in str(refused.value)
    assert "linked plan actions" in str(refused.value)
    assert not Update.objects.exists()


def test_add_update_checks_who_writes_and_what(world):
    with pytest.raises(PermissionDenied):
        add_update(actor=world.outsider, recommendation=world.rec, date=dt.date(2026, 2, 1), text="x", progress=1)
    with pytest.raises(ValidationError) as bad:
        add_update(actor=world.focal, recommendation=world.rec, date=dt.date(2026, 2, 1), text="x", progress=101)
    assert "progress" in bad.value.message_dict
    with pytest.raises(ValidationError) as bad:
        add_update(actor=world.focal, recommendation=world.rec, date=dt.date(2026, 2, 1),
                   text="Call the focal point on 07701234567", progress=10)
    assert "text" in bad.value.message_dict
    with pytest.raises(ValidationError) as bad:
        add_update(actor=world.focal, recommendation=world.rec, date=dt.date(2026, 2, 1), text="x",
                   organisation=world.support_org)  # not the user's organisation
    assert "organisation" in bad.value.message_dict
    with pytest.raises(ValidationError) as bad:
        add_update(actor=world.focal, recommendation=world.rec, date=dt.date(2026, 2, 1), text="x",
                   evidence=[(SimpleUploadedFile("run.exe", b"MZ"), False)])
    assert "evidence" in bad.value.message_dict
    with pytest.raises(ValidationError) as bad:
        add_update(actor=world.focal, recommendation=world.rec, date=dt.date(2026, 2, 1), text="x",
                   evidence=[(SimpleUploadedFile("photo.png", b"%PDF-1.4"), False)])
    assert "but its content is not a" in bad.value.message_dict["evidence"][0]
    assert not Update.objects.exists()
    # The convener (a manager) reports for the lead owner when it names it.
    update = add_update(actor=world.convener, recommendation=world.rec, date=dt.date(2026, 2, 1), text="Met",
                        organisation=world.lead_org)
    assert update.organisation == world.lead_org


# --- links to plan actions -----------------------------------------------------------------------------------------

def test_the_lead_links_an_action_it_can_see_and_unlinks_it(world):
    action = _action_with_progress(world, 5)
    with pytest.raises(PermissionDenied):  # a supporting owner does not link
        link_action(actor=world.supporter, recommendation=world.rec, action=action)
    other = make_org("Other", place=Place.objects.get(code="IQ-BG"))
    hidden = make_plan(make_user(role=Role.LOCAL_FOCAL_POINT, organisation=other), place_code="IQ-BG",
                       year=2026).actions.first()
    with pytest.raises(ValidationError):  # an action the user may not see
        link_action(actor=world.focal, recommendation=world.rec, action=hidden)
    made = link_action(actor=world.focal, recommendation=world.rec, action=action)
    world.rec.refresh_from_db()
    assert (world.rec.progress, world.rec.last_update_on, world.rec.status) == (
        50, dt.date(2026, 3, 1), Status.IN_PROGRESS)
    assert Step.objects.filter(recommendation=world.rec, kind=StepKind.ACTION, to_value=str(action.pk)).exists()
    with pytest.raises(ValidationError):
        link_action(actor=world.focal, recommendation=world.rec, action=action)
    unlink_action(actor=world.focal, link=made)
    world.rec.refresh_from_db()
    assert world.rec.progress is None and not RecommendationAction.objects.exists()
    assert AuditEntry.objects.filter(action="events.recommendation.unlink_action").count() == 1


def test_a_recommendation_becomes_a_plan_action_in_one_step(world):
    from plans.models import Plan

    draft = make_plan(world.focal, place_code="IQ-NI", year=2027)
    assert draft.status == "draft"
    action = create_action_from_recommendation(actor=world.focal, recommendation=world.rec, plan=draft)
    assert action.plan == draft and action.lead == world.lead_org
    assert action.description == world.rec.text and action.title == world.rec.text
    assert action.end_date == dt.date(2026, 11, 30)
    assert list(action.goals.all()) == [world.goal]
    assert sorted(ActionPartner.objects.filter(action=action).values_list("organisation__name", "kind")) == [
        ("UN agency", "multilateral"), ("Youth network", "civil_society")]
    assert RecommendationAction.objects.filter(recommendation=world.rec, action=action).exists()
    assert Step.objects.filter(recommendation=world.rec, kind=StepKind.ACTION).count() == 1
    assert AuditEntry.objects.filter(action="events.recommendation.create_action").count() == 1
    assert AuditEntry.objects.filter(action="action.create", object_id=str(action.pk)).count() == 1
    # Only with the plan's permission: a plan in implementation no longer takes new actions.
    with pytest.raises(PermissionDenied):
        create_action_from_recommendation(actor=world.focal, recommendation=world.rec, plan=world.plan)
    # Nor another organisation's plan, even for a coordinator of the recommendation... the convener cannot.
    with pytest.raises(PermissionDenied):
        create_action_from_recommendation(actor=world.convener, recommendation=world.rec, plan=draft)
    assert Plan.objects.get(pk=draft.pk).actions.count() == 2


def test_refresh_progress_follows_indicator_updates(world):
    action = world.plan.actions.order_by("pk").first()
    link_action(actor=world.focal, recommendation=world.rec, action=action)
    world.rec.refresh_from_db()
    assert world.rec.progress == 0 and world.rec.last_update_on is None
    add_progress(actor=world.focal, indicator=action.indicators.get(), date=dt.date(2026, 5, 5), value=8)
    with pytest.raises(PermissionDenied):
        refresh_progress(actor=world.focal)
    assert refresh_progress(actor=system("test")) == 1
    world.rec.refresh_from_db()
    assert (world.rec.progress, world.rec.last_update_on) == (80, dt.date(2026, 5, 5))
    assert refresh_progress(actor=system("test")) == 0  # nothing new
    set_action_status(actor=world.focal, action=action, status="done")
    assert AuditEntry.objects.filter(action="events.progress.refresh").count() == 1


def test_an_indicator_added_to_a_linked_action_counts_as_a_measurable_result(world, client):
    """The plans' services do not know the recommendation: its page assesses it as it is now, and the daily
    refresh stores the new score."""
    draft = make_plan(world.focal, place_code="IQ-NI-D-MOSUL", year=2027)
    action = create_action(actor=world.focal, plan=draft, title="Youth centres")
    link_action(actor=world.focal, recommendation=world.rec, action=action)
    Recommendation.objects.filter(pk=world.rec.pk).update(done_when="")
    world.rec.refresh_from_db()
    from events.quality import refresh_quality

    refresh_quality(world.rec)
    assert "result" in Recommendation.objects.get(pk=world.rec.pk).quality_missing
    create_indicator(actor=world.focal, action=action, name="Centres open", baseline=0, target=3)
    client.force_login(world.focal)
    page = client.get(world.rec.get_absolute_url()).content.decode()
    assert "a measurable result" not in page
    refresh_progress(actor=system("test"))
    assert "result" not in Recommendation.objects.get(pk=world.rec.pk).quality_missing
