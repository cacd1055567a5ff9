"""End-to-end: a focal point lands on its start page and submits its plan; the coordinator logs in, lands on the
start page, sees the bell count 1, opens the notification and reaches the plan — at desktop size and at 390×844,
in English and Arabic.

Screenshots go to test-artifacts/screenshots/n<step>-<what>-<language>-<size>.png.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, open_menu
from .conftest import shot as save_shot
from .test_journeys import ARABIC_LETTERS

pytestmark = pytest.mark.browser

PLAN_TITLE = "Nineveh plan for preventing violent extremism"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

FACTS = """() => ({
  lang: document.documentElement.lang,
  dir: document.documentElement.dir,
  width: document.documentElement.clientWidth,
  mainScrollWidth: document.querySelector('main').scrollWidth,
  mainWidth: document.querySelector('main').clientWidth,
})"""


def shot(page, name: str):
    page.mouse.move(0, 0)
    return save_shot(page, name)


def check(page, lang: str) -> None:
    """The page is in `lang` with its direction, and the main content does not scroll sideways."""
    facts = page.evaluate(FACTS)
    assert (facts["lang"], facts["dir"]) == (lang, "rtl" if lang == "ar" else "ltr"), facts
    assert facts["mainScrollWidth"] <= facts["mainWidth"] + 1, f"the content scrolls sideways: {facts}"


def log_in(page, lang: str, user) -> None:
    page.goto(f"/{lang}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()


@pytest.fixture
def people(transactional_db, live_server):
    from accounts.choices import OrganisationKind, Role
    from places.models import Place
    from tests.factories import make_org, make_plan, make_user, reference_data

    reference_data()
    committee = make_org("Nineveh PVE Sub-committee", kind=OrganisationKind.COMMITTEE,
                         place=Place.objects.get(code="IQ-NI"))
    national = make_org("National Committee (test)", kind=OrganisationKind.NATIONAL_BODY)
    focal = make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=committee, password=PASSWORD)
    coordinator = make_user("coordinator", role=Role.NATIONAL_COORDINATOR, organisation=national, password=PASSWORD)
    plan = make_plan(focal, place_code="IQ-NI", title=PLAN_TITLE)
    return {"focal": focal, "coordinator": coordinator, "plan": plan}


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_submitted_plan_reaches_the_coordinator_through_the_bell(page, people, lang, size):
    page.set_viewport_size(SIZES[size])
    plan = people["plan"]
    tag = f"{lang}-{size}"

    # 1. The focal point logs in and lands on its start page, which lists its draft plan.
    log_in(page, lang, people["focal"])
    expect(page).to_have_url(re.compile(rf"/{lang}/start/$"))
    check(page, lang)
    panel = page.get_by_test_id("panel-my-plans")
    expect(panel).to_be_visible()
    expect(panel.get_by_test_id("my-plans")).to_contain_text(PLAN_TITLE)
    expect(page.get_by_test_id("bell-count")).to_have_count(0)
    shot(page, f"n1-focal-start-{tag}")

    # 2. It opens the plan from the panel and submits it.
    panel.get_by_role("link", name=PLAN_TITLE).click()
    expect(page).to_have_url(re.compile(rf"/{lang}/plans/{plan.pk}/$"))
    page.get_by_test_id("move-submit").click()
    expect(page.get_by_test_id("move-submit")).to_have_count(0)
    open_menu(page)  # on a phone, log out sits in the folded menu
    page.locator("nav form[action*='/accounts/logout/'] button").click()
    expect(page.locator("nav a[href*='/accounts/login/']")).to_be_attached()

    # 3. The coordinator logs in, lands on the start page: the plan waits for review, the bell says 1.
    log_in(page, lang, people["coordinator"])
    expect(page).to_have_url(re.compile(rf"/{lang}/start/$"))
    check(page, lang)
    expect(page.get_by_test_id("bell-count")).to_have_text("1")
    expect(page.get_by_test_id("plans-waiting")).to_contain_text(PLAN_TITLE)
    expect(page.get_by_test_id("goals-to-enter")).to_be_visible()  # the national strategy has no goal yet
    if lang == "ar":
        assert ARABIC_LETTERS.search(page.get_by_test_id("panel-plan-review").inner_text())
    bell = page.get_by_test_id("bell")
    box = bell.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= SIZES[size]["width"], box
    shot(page, f"n2-coordinator-start-{tag}")

    # 4. The bell leads to the notifications page: one unread notification, in the page's language.
    bell.click()
    expect(page).to_have_url(re.compile(rf"/{lang}/notifications/$"))
    check(page, lang)
    item = page.get_by_test_id("notification")
    expect(item).to_have_count(1)
    expect(item).to_have_attribute("data-unread", "")
    expect(item).to_contain_text(PLAN_TITLE)
    expect(item.locator("bdi", has_text=PLAN_TITLE)).to_have_count(1)
    if lang == "ar":
        expect(item).to_contain_text("للاعتماد")
    else:
        expect(item).to_contain_text("submitted the plan")
    shot(page, f"n3-notifications-{tag}")

    # 5. Opening it reaches the plan, in the same language, and the bell has nothing unread any more.
    item.get_by_test_id("notification-open").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/plans/{plan.pk}/$"))
    expect(page.get_by_test_id("move-approve")).to_be_visible()
    expect(page.get_by_test_id("bell-count")).to_have_count(0)
    page.goto(f"/{lang}/notifications/")
    expect(page.get_by_test_id("notification")).not_to_have_attribute("data-unread", "")
    shot(page, f"n4-notifications-read-{tag}")


def test_someone_with_no_role_gets_a_helpful_start_page(page, transactional_db, live_server):
    from tests.factories import make_user

    user = make_user("newcomer", role=None, password=PASSWORD)
    for lang in ["en", "ar"]:
        for size in ["desktop", "phone"]:
            page.set_viewport_size(SIZES[size])
            page.context.clear_cookies()
            log_in(page, lang, user)
            expect(page).to_have_url(re.compile(rf"/{lang}/start/$"))
            check(page, lang)
            expect(page.get_by_test_id("empty")).to_be_visible()
            expect(page.get_by_test_id("empty").locator("a")).to_have_count(3)
            shot(page, f"n5-no-role-start-{lang}-{size}")
