"""Plan services: workflow, validation, audit entries, and who may write what."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import OrganisationKind, Role
from core.models import AuditEntry
from places.models import Place
from plans import services
from plans.models import Action, PlanStep, ProgressUpdate
from tests.factories import make_org, make_plan, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def focal(reference):
    return make_user(role=Role.LOCAL_FOCAL_POINT, organisation=make_org("Baghdad sub-committee",
                                                                          kind=OrganisationKind.COMMITTEE,
                                                                          place=Place.objects.get(code="IQ-BG")))


@pytest.fixture
def coordinator(reference):
    return make_user(role=Role.NATIONAL_COORDINATOR, organisation=make_org("National committee",
                                                                             kind=OrganisationKind.NATIONAL_BODY))


def test_a_plan_walks_the_whole_workflow_with_who_when_and_comments(focal, coordinator):
    plan = make_plan(focal, actions=2)
    services.transition_plan(actor=focal, plan=plan, to_status="submitted", comment="Ready")
    services.transition_plan(actor=coordinator, plan=plan, to_status="changes_requested", comment="Add budgets")
    services.transition_plan(actor=focal, plan=plan, to_status="submitted")
    services.transition_plan(actor=coordinator, plan=plan, to_status="approved", comment="Approved")
    services.transition_plan(actor=focal, plan=plan, to_status="in_implementation")
    services.transition_plan(actor=coordinator, plan=plan, to_status="completed")
    steps = list(PlanStep.objects.filter(plan=plan).values_list("from_status", "to_status", "actor", "comment"))
    assert steps == [
        ("", "draft", focal.pk, ""),
        ("draft", "submitted", focal.pk, "Ready"),
        ("submitted", "changes_requested", coordinator.pk, "Add budgets"),
        ("changes_requested", "submitted", focal.pk, ""),
        ("submitted", "approved", coordinator.pk, "Approved"),
        ("approved", "in_implementation", focal.pk, ""),
        ("in_implementation", "completed", coordinator.pk, ""),
    ]
    actions = list(AuditEntry.objects.filter(object_type="plans.plan", object_id=str(plan.pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["plan.create", "plan.submit", "plan.request_changes", "plan.submit", "plan.approve",
                       "plan.start", "plan.complete"]


def test_only_coordinators_approve_and_changes_need_a_comment(focal, coordinator):
    plan = make_plan(focal, status="submitted")
    with pytest.raises(PermissionDenied):
        services.transition_plan(actor=focal, plan=plan, to_status="approved")
    hub = make_user(role=Role.HUB_EXPERT)
    with pytest.raises(PermissionDenied):
        services.transition_plan(actor=hub, plan=plan, to_status="approved")
    with pytest.raises(ValidationError):
        services.transition_plan(actor=coordinator, plan=plan, to_status="changes_requested", comment="  ")
    with pytest.raises(ValidationError):
        services.transition_plan(actor=coordinator, plan=plan, to_status="completed")
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_an_empty_plan_cannot_be_submitted(focal):
    plan = make_plan(focal, actions=0)
    with pytest.raises(ValidationError):
        services.transition_plan(actor=focal, plan=plan, to_status="submitted")


def test_focal_points_write_only_their_own_plan(focal):
    other = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=make_org("Basra sub-committee",
                                                                          kind=OrganisationKind.COMMITTEE,
                                                                          place=Place.objects.get(code="IQ-BA")))
    plan = make_plan(focal)
    with pytest.raises(PermissionDenied):
        services.update_plan(actor=other, plan=plan, title="Taken over")
    with pytest.raises(PermissionDenied):
        services.create_action(actor=other, plan=plan, title="Sneaked in")
    with pytest.raises(PermissionDenied):
        services.create_plan(actor=other, title="For someone else", place=Place.objects.get(code="IQ-BA"),
                             period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31), owner=plan.owner)
    partner = make_user(role=Role.PARTNER)
    with pytest.raises(PermissionDenied):
        services.create_plan(actor=partner, title="Partner plan", place=Place.objects.get(code="IQ-BA"),
                             period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
                             owner=partner.memberships.get().organisation)
    assert plan.actions.count() == 1


def test_an_approved_plan_is_frozen_for_its_owner(focal):
    plan = make_plan(focal, status="approved")
    with pytest.raises(PermissionDenied):
        services.update_plan(actor=focal, plan=plan, title="Changed after approval")
    with pytest.raises(PermissionDenied):
        services.create_action(actor=focal, plan=plan, title="Late action")


def test_one_plan_per_place_and_period(focal):
    make_plan(focal, year=2025)
    with pytest.raises(ValidationError):
        make_plan(focal, year=2025)
    make_plan(focal, year=2027)


def test_a_plan_covers_a_governorate_or_one_of_its_districts(focal):
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)  # who may plan for any place
    district = Place.objects.filter(kind="district", parent__code="IQ-NI").first()
    plan = services.create_plan(actor=coordinator, title="District plan", place=district,
                                period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
                                owner=focal.memberships.get().organisation)
    assert plan.governorate.code == "IQ-NI"
    with pytest.raises(ValidationError, match="governorate or a district"):
        services.create_plan(actor=coordinator, title="Country plan", place=Place.objects.get(code="IQ"),
                             period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
                             owner=focal.memberships.get().organisation)


def test_actions_nest_and_refuse_bad_values(focal):
    plan = make_plan(focal, actions=0)
    top = services.create_action(actor=focal, plan=plan, title="Youth centres")
    sub = services.create_action(actor=focal, plan=plan, title="Train staff", parent=top)
    assert (top.ref, sub.ref) == ("1", "1.1")
    with pytest.raises(ValidationError):
        services.update_action(actor=focal, action=top, parent=sub)
    with pytest.raises(ValidationError):
        services.create_action(actor=focal, plan=plan, title="Bad dates", start_date=dt.date(2025, 5, 1),
                               end_date=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError):
        services.create_action(actor=focal, plan=plan, title="No currency", budget=1000)
    with pytest.raises(ValidationError):
        services.create_action(actor=focal, plan=plan, title="Same number", ref="1")
    assert plan.actions.count() == 2


def test_partners_are_typed_and_replaced_as_a_whole(focal):
    plan = make_plan(focal, actions=0)
    undp, ngo = make_org("UNDP", kind=OrganisationKind.UN_AGENCY), make_org("Youth NGO")
    action = services.create_action(actor=focal, plan=plan, title="Dialogue",
                                    partners=[(undp, "multilateral"), (ngo, "civil_society")])
    assert sorted(action.partners.values_list("organisation__name", "kind")) == [
        ("UNDP", "multilateral"), ("Youth NGO", "civil_society")]
    services.update_action(actor=focal, action=action, partners=[(ngo, "civil_society")])
    assert list(action.partners.values_list("organisation__name", flat=True)) == ["Youth NGO"]


def test_indicator_direction_must_match_target(focal):
    plan = make_plan(focal, actions=1)
    action = plan.actions.get()
    with pytest.raises(ValidationError):
        services.create_indicator(actor=focal, action=action, name="Incidents", baseline=10, target=20,
                                  direction="decrease")
    services.create_indicator(actor=focal, action=action, name="Incidents", baseline=20, target=10,
                              direction="decrease")


@pytest.fixture
def running_plan(focal):
    return make_plan(focal, status="in_implementation", actions=1)


def test_progress_is_reported_by_owner_lead_and_partners_only(focal, running_plan):
    action = running_plan.actions.get()
    lead_org, partner_org = make_org("Lead NGO"), make_org("Partner agency", kind=OrganisationKind.UN_AGENCY)
    action.lead = lead_org
    action.save()
    action.partners.create(organisation=partner_org, kind="multilateral")
    indicator = action.indicators.get()
    lead, partner = make_user(organisation=lead_org), make_user(organisation=partner_org)
    stranger = make_user()
    services.add_progress(actor=focal, indicator=indicator, date=dt.date(2025, 2, 1), value=2)
    by_lead = services.add_progress(actor=lead, indicator=indicator, date=dt.date(2025, 4, 1), value=4)
    by_partner = services.add_progress(actor=partner, indicator=indicator, date=dt.date(2025, 7, 1), value=5)
    with pytest.raises(PermissionDenied):
        services.add_progress(actor=stranger, indicator=indicator, date=dt.date(2025, 10, 1), value=9)
    assert by_lead.organisation == lead_org and by_partner.organisation == partner_org
    # Each organisation edits only its own updates.
    with pytest.raises(PermissionDenied):
        services.update_progress(actor=partner, update=by_lead, value=1)
    services.update_progress(actor=lead, update=by_lead, value=3, narrative="Corrected count")
    with pytest.raises(PermissionDenied):
        services.delete_progress(actor=lead, update=by_partner)
    assert ProgressUpdate.objects.filter(indicator=indicator).count() == 3
    assert AuditEntry.objects.filter(action="progress.update", object_id=str(by_lead.pk)).exists()


def test_no_progress_before_approval(focal):
    plan = make_plan(focal, status="submitted")
    with pytest.raises(PermissionDenied):
        services.add_progress(actor=focal, indicator=plan.actions.get().indicators.get(), date=dt.date(2025, 2, 1),
                              value=1)


def test_counts_are_by_sex_and_age_group_only_where_the_indicator_allows(focal, running_plan):
    indicator = running_plan.actions.get().indicators.get()
    with pytest.raises(ValidationError):
        services.add_progress(actor=focal, indicator=indicator, date=dt.date(2025, 2, 1), value=3,
                              counts={("female", "15-24"): 3})
    assert not ProgressUpdate.objects.exists()  # the transaction rolled the update back
    indicator.by_sex_and_age = True
    indicator.save()
    update = services.add_progress(actor=focal, indicator=indicator, date=dt.date(2025, 2, 1), value=12,
                                   counts={("female", "15-24"): 7, ("male", "15-24"): 5, ("male", "60+"): ""})
    assert sorted(update.counts.values_list("sex", "age_group", "count")) == [
        ("female", "15-24", 7), ("male", "15-24", 5)]


def test_evidence_files_are_kept_with_their_checksum(focal, running_plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    indicator = running_plan.actions.get().indicators.get()
    upload = SimpleUploadedFile("attendance.txt", "حضور ٢٥ شخصاً".encode(), content_type="text/plain")
    update = services.add_progress(actor=focal, indicator=indicator, date=dt.date(2025, 2, 1), value=1,
                                   evidence=[upload])
    item = update.evidence.get()
    assert item.name == "attendance.txt" and item.size == len("حضور ٢٥ شخصاً".encode()) and len(item.sha256) == 64
    assert item.file.read().decode() == "حضور ٢٥ شخصاً"


def test_action_status_moves_during_implementation_only(focal, running_plan):
    action = running_plan.actions.get()
    services.set_action_status(actor=focal, action=action, status="delayed", comment="Venue closed")
    assert Action.objects.get(pk=action.pk).status == "delayed"
    draft = make_plan(focal, year=2030)
    with pytest.raises(PermissionDenied):
        services.set_action_status(actor=focal, action=draft.actions.get(), status="done")


# --- progress validation (dates, reporting periods, breakdowns, plausible values) ------------------------------


def _indicator(plan, **fields):
    """The plan's indicator (baseline 0, target 10, quarterly), with `fields` changed."""
    from core.actors import system

    indicator = plan.actions.get().indicators.get()
    if fields:
        services.update_indicator(actor=system("tests"), indicator=indicator, **fields)
    return indicator


def test_a_progress_date_lies_inside_the_plans_period(focal, running_plan):
    indicator = _indicator(running_plan)  # the plan runs 2025-01-01 – 2026-12-31
    for day in (dt.date(2031, 5, 1), dt.date(2024, 12, 31)):
        with pytest.raises(ValidationError) as refused:
            services.add_progress(actor=focal, indicator=indicator, date=day, value=5)
        assert list(refused.value.message_dict) == ["date"]
        assert "2025-01-01 – 2026-12-31" in refused.value.message_dict["date"][0]
    update = services.add_progress(actor=focal, indicator=indicator, date=dt.date(2026, 12, 31), value=5)
    with pytest.raises(ValidationError) as refused:
        services.update_progress(actor=focal, update=update, date=dt.date(2027, 1, 1))
    assert "date" in refused.value.message_dict
    assert ProgressUpdate.objects.get(pk=update.pk).date == dt.date(2026, 12, 31)


@pytest.mark.parametrize(("frequency", "taken", "same", "next_period"), [
    ("monthly", dt.date(2025, 3, 1), dt.date(2025, 3, 31), dt.date(2025, 4, 1)),
    ("quarterly", dt.date(2025, 4, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 1)),
    ("yearly", dt.date(2025, 1, 15), dt.date(2025, 12, 31), dt.date(2026, 1, 1)),
    ("once", dt.date(2025, 1, 15), dt.date(2026, 12, 1), None),
])
def test_one_value_per_indicator_per_reporting_period(focal, running_plan, frequency, taken, same, next_period):
    indicator = _indicator(running_plan, frequency=frequency)
    first = services.add_progress(actor=focal, indicator=indicator, date=taken, value=3)
    with pytest.raises(ValidationError) as refused:
        services.add_progress(actor=focal, indicator=indicator, date=same, value=4)
    assert list(refused.value.message_dict) == ["date"]
    assert taken.isoformat() in refused.value.message_dict["date"][0]  # names the update already there
    assert ProgressUpdate.objects.filter(indicator=indicator).count() == 1
    services.update_progress(actor=focal, update=first, date=same, value=4)  # the update itself may move
    if next_period:
        second = services.add_progress(actor=focal, indicator=indicator, date=next_period, value=6)
        with pytest.raises(ValidationError):
            services.update_progress(actor=focal, update=second, date=taken)
        assert ProgressUpdate.objects.filter(indicator=indicator).count() == 2


def test_the_sex_and_age_breakdown_adds_up_to_the_value(focal, running_plan):
    indicator = _indicator(running_plan, by_sex_and_age=True, target=600)
    counts = {("female", "15-24"): 300, ("male", "15-24"): 280}
    with pytest.raises(ValidationError) as refused:
        services.add_progress(actor=focal, indicator=indicator, date=dt.date(2025, 3, 1), value=50, counts=counts)
    assert list(refused.value.message_dict) == ["counts"]
    assert "580" in refused.value.message_dict["counts"][0] and "50" in refused.value.message_dict["counts"][0]
    assert not ProgressUpdate.objects.exists()
    update = services.add_progress(actor=focal, indicator=indicator, date=dt.date(2025, 3, 1), value=580,
                                   counts=counts)
    # Changing the value alone leaves the stored counts, which no longer add up: refused.
    with pytest.raises(ValidationError) as refused:
        services.update_progress(actor=focal, update=update, value=50)
    assert "counts" in refused.value.message_dict
    services.update_progress(actor=focal, update=update, value=50, counts={("female", "15-24"): 50})
    # A value without a breakdown is fine.
    services.add_progress(actor=focal, indicator=indicator, date=dt.date(2025, 6, 1), value=120)


def test_an_implausible_value_needs_a_reason(focal, running_plan):
    from plans.queries import plausible_range

    indicator = _indicator(running_plan)  # baseline 0, target 10: plausible from −10 to 20
    assert plausible_range(0, 10) == (-10, 20) and plausible_range(100, 40) == (-20, 160)
    assert plausible_range(5, 5) == (0, 10)
    with pytest.raises(ValidationError) as refused:
        services.add_progress(actor=focal, indicator=indicator, date=dt.date(2025, 3, 1), value=250)
    assert list(refused.value.message_dict) == ["value"] and "-10 to 20" in refused.value.message_dict["value"][0]
    with pytest.raises(ValidationError):
        services.add_progress(actor=focal, indicator=indicator, date=dt.date(2025, 3, 1), value=250,
                              confirm_reason="   ")
    update = services.add_progress(actor=focal, indicator=indicator, date=dt.date(2025, 3, 1), value=250,
                                   confirm_reason="A city-wide campaign reached far more people than planned.")
    assert update.confirm_reason.startswith("A city-wide campaign")
    entry = AuditEntry.objects.filter(action="progress.create").latest("id")
    assert entry.changes["confirm_reason"][1].startswith("A city-wide campaign")
    services.add_progress(actor=focal, indicator=indicator, date=dt.date(2025, 6, 1), value=20)  # the edge: fine
