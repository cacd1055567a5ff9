"""The start page (`/start/`, where login leads): what each role finds waiting, built from the panels apps
register (core/start.py); another organisation's drafts never appear; its queries do not grow with rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.choices import OrganisationKind, Role
from core.start import Panel, panels_for, register_panel, registered_panels
from frameworks.models import Framework
from frameworks.services import create_goal
from places.models import Place
from plans.services import transition_plan
from tests.factories import SETUP, make_org, make_plan, make_practice, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference):
    committee = make_org("Baghdad PVE Sub-committee", kind=OrganisationKind.COMMITTEE,
                         place=Place.objects.get(code="IQ-BG"))
    other_committee = make_org("Basra PVE Sub-committee", kind=OrganisationKind.COMMITTEE,
                               place=Place.objects.get(code="IQ-BA"))
    ngo, other_ngo = make_org("Al-Noor Youth Association"), make_org("Al-Noor Youth Foundation")
    people = {
        "focal": make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=committee),
        "other_focal": make_user("other-focal", role=Role.LOCAL_FOCAL_POINT, organisation=other_committee),
        "coordinator": make_user("coordinator", role=Role.NATIONAL_COORDINATOR),
        "partner": make_user("partner", organisation=ngo),
        "other_partner": make_user("other-partner", organisation=other_ngo),
        "expert": make_user("expert", role=Role.HUB_EXPERT),
        "nobody": make_user("nobody", role=None),
    }
    return {"committee": committee, "ngo": ngo, "other_ngo": other_ngo, **people}


def _page(client, user, lang="en"):
    client.force_login(user)
    answer = client.get(f"/{lang}/start/")
    assert answer.status_code == 200
    return answer.content.decode()


def test_login_lands_on_the_start_page_unless_another_page_was_asked(client, world):
    answer = client.post(reverse("accounts:login"), {"username": "focal", "password": "pw-for-tests-123"})
    assert answer.status_code == 302 and answer["Location"] == reverse("start")
    client.logout()
    answer = client.post(reverse("accounts:login") + "?next=/en/plans/",
                         {"username": "focal", "password": "pw-for-tests-123"})
    assert answer["Location"] == "/en/plans/"


def test_a_visitor_is_sent_to_log_in(client, db):
    answer = client.get(reverse("start"))
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_the_focal_point_sees_updates_due_and_changes_requested(client, world):
    focal = world["focal"]
    asked = make_plan(focal, title="Plan sent back", status="changes_requested", year=2024)
    running = make_plan(focal, title="Plan being carried out", status="approved", year=2026)
    indicator = running.actions.get().indicators.get()
    make_plan(world["other_focal"], place_code="IQ-BA", title="Basra draft plan")
    page = _page(client, focal)
    assert 'data-testid="panel-my-plans"' in page
    assert "Plan sent back" in page and "Please revise." in page
    assert reverse("plans:progress-create", args=[indicator.pk]) in page
    assert reverse("plans:detail", args=[asked.pk]) in page
    assert "Basra draft plan" not in page
    assert 'data-testid="panel-plan-review"' not in page and 'data-testid="panel-practice-review"' not in page


def test_the_coordinator_sees_the_review_queues_and_the_national_strategy_notice(client, world):
    submitted = make_plan(world["focal"], title="Plan to review", status="submitted")
    late = make_plan(world["other_focal"], place_code="IQ-BA", title="Late plan", status="approved", year=2026)
    practice = make_practice(world["partner"], name="Practice to review", status="in_review")
    make_practice(world["partner"], name="Someone's draft practice")
    page = _page(client, world["coordinator"])
    assert reverse("plans:detail", args=[submitted.pk]) in page and "Plan to review" in page
    assert 'data-testid="plans-overdue"' in page and reverse("plans:detail", args=[late.pk]) in page
    assert reverse("practices:detail", args=[practice.pk]) in page
    assert "Someone&#x27;s draft practice" not in page and "draft practice" not in page
    assert 'data-testid="goals-to-enter"' in page
    assert reverse("frameworks:goal_create", args=["iraq-ns-2019"]) in page
    assert 'data-testid="plans-recent"' in page  # the moves that made these plans submitted and approved
    create_goal(actor=SETUP, framework=Framework.objects.get(slug="iraq-ns-2019"), number="1", title_en="Prevention")
    assert 'data-testid="goals-to-enter"' not in _page(client, world["coordinator"])


def test_the_partner_sees_its_drafts_its_practices_in_review_and_the_actions_it_reports_on(client, world):
    partner = world["partner"]
    draft = make_practice(partner, name="Our draft practice")
    in_review = make_practice(partner, name="Our practice in review", status="in_review")
    make_practice(world["other_partner"], name="Their draft practice")
    make_practice(world["other_partner"], name="Their practice in review", status="in_review")
    plan = make_plan(world["focal"], title="Plan with our action", status="approved", year=2026)
    action = plan.actions.get()
    action.lead = world["ngo"]
    action.save(update_fields=["lead"])
    page = _page(client, partner)
    assert reverse("practices:detail", args=[draft.pk]) in page and "Our draft practice" in page
    assert reverse("practices:detail", args=[in_review.pk]) in page
    assert "Their draft practice" not in page and "Their practice in review" not in page
    assert 'data-testid="reported-actions"' in page and action.title in page
    assert reverse("plans:progress-create", args=[action.indicators.get().pk]) in page
    other = _page(client, world["other_partner"])
    assert "Our draft practice" not in other and action.title not in other


def test_the_hub_expert_sees_the_review_queue(client, world):
    make_practice(world["partner"], name="Practice for the hub", status="in_review")
    page = _page(client, world["expert"])
    assert "Practice for the hub" in page and 'data-testid="panel-practice-review"' in page
    assert 'data-testid="goals-to-enter"' not in page and 'data-testid="panel-plan-review"' not in page


def test_a_user_with_no_role_gets_a_helpful_empty_state(client, world):
    page = _page(client, world["nobody"], "ar")
    assert 'data-testid="empty"' in page and 'data-testid="start-panels"' not in page
    assert reverse("practices:list").replace("/en/", "/ar/") in page


def test_the_start_page_queries_do_not_grow_with_rows(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    readers = ["coordinator", "focal", "partner", "expert"]

    def counts():
        found = {}
        for name in readers:
            client.force_login(world[name])
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/en/start/").status_code == 200
            found[name] = len(queries)
        return found

    def rows(year):
        plan = make_plan(world["focal"], status="approved", year=year, actions=2)
        plan.actions.update(lead=world["ngo"])
        make_plan(world["focal"], status="submitted", year=year + 20)
        make_plan(world["other_focal"], place_code="IQ-BA", status="changes_requested", year=year)
        make_practice(world["partner"], status="in_review")
        make_practice(world["partner"])

    rows(2025)
    few = counts()
    for year in (2026, 2027, 2028):
        rows(year)
    assert counts() == few
    assert max(few.values()) <= 25, few


def test_panels_are_registered_and_asked_in_order(rf, world):
    keys = [p.key for p in registered_panels()]
    assert keys.index("national-goals") < keys.index("my-plans") < keys.index("plan-review")
    register_panel("test-panel", "start/start.html", lambda request: None, test=lambda user: True, order=1)
    try:
        request = rf.get("/")
        request.user = world["nobody"]
        assert panels_for(request) == []  # admitted, but nothing to show
        assert Panel("x", "t", lambda r: {}, frozenset({Role.PARTNER})).admits(world["partner"])
        assert not Panel("x", "t", lambda r: {}, frozenset({Role.PARTNER})).admits(world["expert"])
    finally:
        from core import start

        start._PANELS.pop("test-panel")


def test_a_submitted_plan_moves_into_recent_changes(client, world):
    plan = make_plan(world["focal"], title="Moving plan")
    transition_plan(actor=world["focal"], plan=plan, to_status="submitted")
    page = _page(client, world["coordinator"])
    assert page.count("Moving plan") >= 2  # waiting for review, and among the recent changes
