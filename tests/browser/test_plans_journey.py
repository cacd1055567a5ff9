"""End-to-end journey for local action plans: a focal point writes a plan, a coordinator approves it, the
partner leading an action reports progress, and the overview and the coverage matrix show it — in English
and Arabic.

Screenshots go to test-artifacts/screenshots/p<step>-<what>-<language>.png.
"""

import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import PASSWORD
from .conftest import shot as save_shot
from .test_journeys import ARABIC_LETTERS, check_page, log_in, switch_language

pytestmark = pytest.mark.browser

EUROMED = "euromed-cso-2017"
PLAN_TITLE = "Nineveh local plan for preventing violent extremism"
ACTION_TITLE = "Youth dialogue circles in Mosul"
ACTION_TITLE_AR = "حلقات حوار الشباب في الموصل"


def shot(page, name: str) -> Path:
    page.mouse.move(0, 0)
    return save_shot(page, name)


def log_out(page) -> None:
    page.locator("nav form[action*='/accounts/logout/'] button").click()
    expect(page.locator("nav a[href*='/accounts/login/']")).to_be_visible()


@pytest.fixture
def people(transactional_db, live_server):
    from accounts.choices import OrganisationKind, Role
    from frameworks.models import Goal
    from places.models import Place
    from tests.factories import make_org, make_user, reference_data

    reference_data()
    committee = make_org("Nineveh PVE Sub-committee", kind=OrganisationKind.COMMITTEE,
                         place=Place.objects.get(code="IQ-NI"))  # a focal point plans for its own places
    ngo = make_org("Tigris Youth Network")
    make_org("Mosul Women's Association")
    national = make_org("National Committee (test)", kind=OrganisationKind.NATIONAL_BODY)
    return {
        "focal": make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=committee, password=PASSWORD),
        "partner": make_user("partner", role=Role.PARTNER, organisation=ngo, password=PASSWORD),
        "coordinator": make_user("coordinator", role=Role.NATIONAL_COORDINATOR, organisation=national,
                                 password=PASSWORD),
        "ngo": ngo,
        "ninewa": Place.objects.get(code="IQ-NI"),
        "mosul": Place.objects.filter(parent__code="IQ-NI", kind="district").order_by("name_en").first(),
        "goal": Goal.objects.get(framework__slug=EUROMED, parent=None, number="6"),
    }



def test_a_plan_from_draft_to_progress_in_english_and_arabic(page, people, tmp_path, words_encoder):
    from frameworks.models import Framework
    from plans.models import Action, Plan

    today = timezone.localdate()
    year = today.year

    # 1. The focal point opens Plans from the navbar, logs in and starts a plan.
    page.goto("/en/practices/")
    page.locator("nav a.nav-link[href$='/plans/']").click()
    expect(page).to_have_url(re.compile(r"/en/plans/$"))
    log_in(page, people["focal"])
    expect(page.get_by_test_id("empty")).to_be_visible()
    shot(page, "p1-empty-list-en")
    page.get_by_test_id("new-plan").click()
    check_page(page, "en")
    page.fill("#id_title", PLAN_TITLE)
    page.select_option("#id_lang", "en")
    page.select_option("#id_place", str(people["ninewa"].pk))
    page.fill("#id_period_start", f"{year}-01-01")
    page.fill("#id_period_end", f"{year + 1}-12-31")
    euromed = Framework.objects.get(slug=EUROMED)
    national = Framework.objects.get(slug="iraq-ns-2019")
    # The national strategy ships without goals: it is not offered until a coordinator enters them.
    expect(page.locator(f"#id_frameworks option[value='{national.pk}']")).to_have_count(0)
    page.select_option("#id_frameworks", [str(euromed.pk)])
    page.fill("#id_summary", "Young people and local councils work together across Nineveh.")
    page.check("#id_is_public")
    shot(page, "p1-new-plan-en")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("plan-title")).to_have_text(PLAN_TITLE)
    plan = Plan.objects.get(title=PLAN_TITLE)
    expect(page.get_by_test_id("frameworks").locator("a").first).to_contain_text(str(euromed))

    # 2. An action with a partner, a goal, dates and a budget; then an indicator counted by sex and age.
    page.get_by_test_id("add-action").click()
    page.fill("#id_title", ACTION_TITLE)
    page.fill("#id_title_alt", ACTION_TITLE_AR)
    page.fill("#id_description", "Young people as actors for change: the role of youth in their neighbourhoods.")
    page.select_option("#id_lead", str(people["ngo"].pk))
    page.select_option("#id_district", str(people["mosul"].pk))
    # The goal comes from the suggester (a stand-in encoder here, so no model loads): "Choose" selects it.
    page.get_by_test_id("suggest-goals").click()
    suggestion = page.locator(f"[data-testid=suggestion][data-goal='{people['goal'].pk}']")
    expect(suggestion).to_be_visible()
    suggestion.locator("button").click()
    assert page.eval_on_selector("#id_goals", "s => [...s.selectedOptions].map(o => o.value)") == [
        str(people["goal"].pk)]
    page.fill("#id_start_date", f"{year}-03-01")
    page.fill("#id_end_date", f"{year + 1}-06-30")
    page.fill("#id_budget", "25000000")
    page.select_option("#id_currency", "IQD")
    page.fill("#id_funding_source", "Governorate budget")
    page.select_option("#id_partners-0-organisation", label="Mosul Women's Association")
    page.select_option("#id_partners-0-kind", "civil_society")
    shot(page, "p2-new-action-en")
    page.get_by_test_id("save").click()
    action = Action.objects.get(title=ACTION_TITLE)
    expect(page.locator(f"#action-{action.pk}")).to_be_visible()
    page.locator(f"#action-{action.pk}").get_by_test_id("add-indicator").click()
    page.fill("#id_name", "Young people taking part")
    page.fill("#id_unit", "people")
    page.fill("#id_baseline", "0")
    page.fill("#id_target", "200")
    page.select_option("#id_frequency", "quarterly")
    page.check("#id_by_sex_and_age")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("indicator")).to_have_count(1)
    # A sub-action under the first.
    page.locator(f"#action-{action.pk}").get_by_test_id("add-subaction").click()
    page.fill("#id_title", "Training of facilitators")
    page.fill("#id_start_date", f"{year}-02-01")
    page.fill("#id_end_date", f"{year}-04-30")
    page.get_by_test_id("save").click()
    expect(page.locator("[data-testid=action][data-ref='1.1']")).to_be_visible()

    # 3. Submit for approval.
    page.get_by_test_id("move-form-submit").locator("textarea").fill("Ready for review.")
    page.get_by_test_id("move-submit").click()
    expect(page.get_by_test_id("status").first).to_have_text("Submitted")
    log_out(page)

    # 4. The coordinator asks for a change (a comment is required), the focal point resubmits, it is approved.
    log_in(page, people["coordinator"])
    page.goto(plan.get_absolute_url())
    page.get_by_test_id("move-form-request_changes").locator("textarea").fill("Add the district to 1.1.")
    page.get_by_test_id("move-request_changes").click()
    expect(page.get_by_test_id("status").first).to_have_text("Changes requested")
    log_out(page)
    log_in(page, people["focal"])
    page.goto(plan.get_absolute_url())
    page.get_by_test_id("move-submit").click()
    log_out(page)
    log_in(page, people["coordinator"])
    page.goto(plan.get_absolute_url())
    page.get_by_test_id("move-form-approve").locator("textarea").fill("Approved for two years.")
    page.get_by_test_id("move-approve").click()
    expect(page.get_by_test_id("status").first).to_have_text("Approved")
    expect(page.get_by_test_id("workflow-history")).to_contain_text("Approved for two years.")
    log_out(page)

    # 5. The partner leading the action reports progress with counts by sex and age and an evidence file.
    log_in(page, people["partner"])
    page.goto(plan.get_absolute_url())
    expect(page.get_by_test_id("edit-plan")).to_have_count(0)
    page.locator(f"#action-{action.pk}").get_by_test_id("report").click()
    page.fill("#id_date", today.isoformat())
    page.fill("#id_value", "80")
    page.fill("#id_narrative", "Four circles met; totals from the attendance sheets.")
    page.fill("#id_count_female_15_24", "30")
    page.fill("#id_count_male_15_24", "40")
    page.fill("#id_count_female_25_59", "10")
    evidence = tmp_path / "attendance-totals.txt"
    evidence.write_text("Totals only: 80 young people.")
    page.set_input_files("#id_evidence", [str(evidence)])
    shot(page, "p5-report-progress-en")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("update")).to_have_count(1)
    expect(page.get_by_test_id("latest").first).to_have_text("80")
    expect(page.get_by_test_id("update-count").first).to_have_attribute("data-count", "1")
    page.get_by_test_id("updates").locator("summary").click()  # the updates themselves open on demand
    expect(page.get_by_test_id("counts")).to_be_visible()
    expect(page.get_by_test_id("evidence")).to_have_text("attendance-totals.txt")
    expect(page.get_by_test_id("gantt-bar")).to_have_count(2)
    expect(page.get_by_test_id("today").first).to_be_attached()
    shot(page, "p5-plan-page-en")

    # 6. The overview and the coverage matrix show the plan; the cell opens the action behind it.
    page.goto("/en/plans/overview/")
    check_page(page, "en")
    row = page.locator("[data-testid=overview-row][data-governorate='IQ-NI']")
    expect(row).to_have_attribute("data-plans", "1")
    expect(row).to_have_attribute("data-goals", "1")
    expect(page.locator("[data-testid=overview-row][data-governorate='IQ-BA']").get_by_test_id("gap")).to_be_visible()
    shot(page, "p6-overview-en")
    page.goto("/en/plans/coverage/")
    check_page(page, "en")
    cell = page.locator("[data-testid=matrix-row][data-path='6'] [data-testid=cell][data-governorate='IQ-NI']")
    expect(cell).to_have_attribute("data-count", "1")
    shot(page, "p6-coverage-en")
    cell.locator("a").click()
    expect(page).to_have_url(re.compile(rf"/en/plans/actions/\?goal={people['goal'].pk}&governorate="))
    expect(page.get_by_test_id("action-row")).to_have_count(1)
    expect(page.get_by_test_id("action-title")).to_have_text(ACTION_TITLE)

    # 7. The same pages in Arabic: right to left, the tree, the timeline and the matrix mirrored.
    page.goto(plan.get_absolute_url())
    switch_language(page, "ar")
    check_page(page, "ar")
    # Place names come in Arabic (the new UI strings get their Arabic when the catalogue is next translated).
    assert ARABIC_LETTERS.search(page.locator(".plan-facts dd").first.inner_text())
    expect(page.get_by_test_id("plan-title")).to_have_attribute("dir", "ltr")  # the plan is written in English
    tree = page.get_by_test_id("action-tree")
    expect(tree).to_be_visible()
    # In Arabic the timeline runs right to left: a bar's start is at its right edge.
    bar = page.locator("[data-testid=gantt-bar]").first.bounding_box()
    track = page.locator(".gantt-row:not(.gantt-head) .gantt-track").first.bounding_box()
    assert track["x"] + track["width"] - (bar["x"] + bar["width"]) < track["width"] / 2, (bar, track)
    shot(page, "p7-plan-page-ar")
    page.goto("/ar/plans/overview/")
    check_page(page, "ar")
    shot(page, "p7-overview-ar")
    page.goto("/ar/plans/coverage/")
    check_page(page, "ar")
    expect(page.locator("[data-testid=matrix-row][data-path='6'] [data-testid=cell][data-governorate='IQ-NI']")
           ).to_have_attribute("data-count", "1")
    # The goal column sticks to the start side, which is the right in Arabic.
    goal_cell = page.locator("[data-testid=matrix-row] th").first.bounding_box()
    first_gov = page.locator("[data-testid=matrix-row]").first.locator("td").first.bounding_box()
    assert goal_cell["x"] > first_gov["x"]
    shot(page, "p7-coverage-ar")
    # Another framework, swapped in place: the UN plan's 7 goals, none served yet.
    page.evaluate("window.__sameDocument = true")
    page.select_option("#id_framework", "un-pve-2015")
    expect(page).to_have_url(re.compile(r"framework=un-pve-2015"))
    expect(page.get_by_test_id("matrix-row")).to_have_count(7)
    expect(page.locator("[data-testid=cell][data-count='0']")).to_have_count(7 * 19)
    assert page.evaluate("window.__sameDocument === true"), "the chooser reloaded the page"
    page.goto("/ar/plans/")
    check_page(page, "ar")
    expect(page.get_by_test_id("plan-row")).to_have_count(1)
    shot(page, "p7-list-ar")

    # 8. A visitor without an account sees the approved plan's public summary, and nothing of its actions.
    log_out(page)
    page.goto(plan.get_absolute_url().replace("/en/", "/ar/", 1))
    check_page(page, "ar")
    expect(page.get_by_test_id("summary-facts")).to_be_visible()
    expect(page.get_by_test_id("action-tree")).to_have_count(0)
    assert ACTION_TITLE not in page.content() and "Tigris Youth Network" not in page.content()
    shot(page, "p8-public-summary-ar")
