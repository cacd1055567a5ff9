"""Back, then Save: a create form sent a second time from the browser's history creates nothing twice, and leads
to the record made the first time (core.idempotency) — what a person does when unsure the first Save worked."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD
from .test_journeys import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def plan(transactional_db, live_server):
    from accounts.choices import OrganisationKind, Role
    from places.models import Place
    from plans import services
    from tests.factories import make_org, make_user, reference_data

    reference_data()
    committee = make_org("Nineveh PVE Sub-committee", kind=OrganisationKind.COMMITTEE,
                         place=Place.objects.get(code="IQ-NI"))
    focal = make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=committee, password=PASSWORD)
    plan = services.create_plan(actor=focal, title="Nineveh plan", lang="en", place=Place.objects.get(code="IQ-NI"),
                                period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 12, 31), owner=committee)
    return {"plan": plan, "focal": focal}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_back_then_save_creates_one_action(page, plan, lang):
    from plans.models import Action

    page.goto(f"/{lang}/plans/{plan['plan'].pk}/")
    log_in(page, plan["focal"])
    page.goto(f"/{lang}/plans/{plan['plan'].pk}/actions/new/")
    page.fill("#id_title", "Youth dialogue circles")
    page.get_by_test_id("save").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/plans/{plan['plan'].pk}/"))
    action = Action.objects.get(plan=plan["plan"])
    expect(page.locator(f"#action-{action.pk}")).to_be_visible()
    page.go_back()
    expect(page.locator("#id_title")).to_be_visible()
    page.fill("#id_title", "Youth dialogue circles")  # as it was, whether or not the browser kept it
    page.get_by_test_id("save").click()
    expect(page.locator(f"#action-{action.pk}")).to_be_visible()
    expect(page.locator(".alert-info, .alert")).not_to_have_count(0)
    assert Action.objects.filter(plan=plan["plan"]).count() == 1
