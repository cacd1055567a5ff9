"""Fixtures for the end-to-end journeys: a real headless Chromium driving pytest-django's live server.

The data each journey needs is created here through the services (not the demo loader), so a change to
the demo set cannot break these tests. Screenshots go to test-artifacts/screenshots/ (git-ignored).
"""

import os

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run next to it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from core.actors import system

# The compendium the import journeys upload: written by the team, in the repository (practices/tests/data/).
from practices.tests.compendium_fixture import COMPENDIUM, COMPENDIUM_PRACTICE  # noqa: E402, F401

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
PASSWORD = "browser-pass-2026"  # noqa: S105 (test accounts only)
FRAMEWORK = "euromed-cso-2017"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Problems:
    """What went wrong in the browser beside the assertions: script errors and static files that failed."""

    errors: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) per test, at the live server, in an English-speaking browser."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport={"width": 1280, "height": 900},
        extra_http_headers={"Accept-Language": "en-US,en;q=0.9"},
    )
    context.set_default_timeout(10_000)
    problems = Problems()
    tab = context.new_page()
    tab.on("pageerror", lambda exc: problems.errors.append(f"script error: {exc}"))
    tab.on(
        "response",
        lambda r: problems.errors.append(f"{r.status} for {r.url}") if "/static/" in r.url and r.status >= 400 else None,
    )
    tab.on(
        "requestfailed",
        # A request cut short because the page navigated away (ERR_ABORTED) is not a broken file.
        lambda r: problems.errors.append(f"request failed: {r.url} ({r.failure})")
        if "/static/" in r.url and "ERR_ABORTED" not in (r.failure or "")
        else None,
    )
    yield tab
    context.close()
    assert not problems.errors, problems.errors


def open_menu(page) -> None:
    """On a phone, unfold the main menu and wait until its animation has ended (a click during Bootstrap's
    collapse transition can land beside the link); on a wide screen the menu is always open."""
    toggle = page.get_by_test_id("menu-toggle")
    if not toggle.is_visible():
        return
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    page.locator("#main-menu.collapse.show").wait_for(state="visible")


def shot(page, name: str) -> Path:
    """Save a full-page screenshot as test-artifacts/screenshots/<name>.png."""
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@dataclass
class Library:
    """The data of one journey: users, goals and practices, created through the services."""

    partner: object
    coordinator: object
    organisation: object
    iraq: object
    goals: dict  # number → Goal of the Euro-Med CSO framework
    arabic: object  # published, Arabic, goals 6 and 2 with paragraphs
    radio: object  # published, English, goal 8
    mediators: object  # published, English, goals 5 and 2
    draft: object  # draft, goal 2
    in_review: object  # in review, goal 2


def _practice(actor, reviewer, *, status, goals, paragraphs=(), **fields):
    from frameworks.services import ensure_paragraph
    from practices.services import create_practice, transition_practice

    practice = create_practice(actor=actor, goals=goals, **fields)
    for goal, number, text in paragraphs:
        paragraph, _warning = ensure_paragraph(actor=system("tests"), goal=goal, number=number, text=text, lang=fields["lang"])
        practice.goal_links.get(goal=goal).paragraphs.add(paragraph)
    if status in {"in_review", "published"}:
        transition_practice(actor=actor, practice=practice, to_status="in_review")
    if status == "published":
        transition_practice(actor=reviewer, practice=practice, to_status="published")
    practice.refresh_from_db()
    return practice


@pytest.fixture
def library(transactional_db, live_server):
    from accounts.choices import OrganisationKind, Role
    from accounts.models import User
    from accounts.services import add_membership, create_organisation
    from frameworks.models import Goal
    from frameworks.services import load_definitions
    from places.models import Place
    from places.services import load_reference_places

    load_reference_places(actor=system("tests"))
    load_definitions(actor=system("tests"))
    iraq = Place.objects.get(code="IQ")
    goals = {g.number: g for g in Goal.objects.filter(framework__slug=FRAMEWORK, parent=None)}

    ngo = create_organisation(actor=system("tests"), name="Tigris Peace Network", kind=OrganisationKind.NGO)
    committee = create_organisation(actor=system("tests"), name="National Committee (test)", kind=OrganisationKind.NATIONAL_BODY)
    partner = User.objects.create_user(username="partner", password=PASSWORD)
    add_membership(actor=system("tests"), user=partner, organisation=ngo, role=Role.PARTNER)
    coordinator = User.objects.create_user(username="coordinator", password=PASSWORD)
    add_membership(actor=system("tests"), user=coordinator, organisation=committee, role=Role.NATIONAL_COORDINATOR)

    common = {"country": iraq, "organisation": ngo}
    arabic = _practice(
        partner, coordinator, status="published", goals=[goals["6"], goals["2"]],
        paragraphs=[
            (goals["6"], 901, "فقرة اختبار: إشراك الشباب في تصميم المبادرات المحلية."),
            (goals["2"], 902, "فقرة اختبار: بناء قدرة المجتمع المحلي على الصمود."),
        ],
        name="حلقات الحوار الشبابي في الموصل", lang="ar", location="نينوى", period="2019–2022",
        start_year=2019, end_year=2022,
        activity="جلسات حوار شهرية بين الشباب وقادة المجتمع في أحياء الموصل.",
        objectives="تعزيز الثقة بين الشباب والمؤسسات المحلية.",
        description="يلتقي الشباب مرة كل شهر مع ممثلي المجلس المحلي لمناقشة مشكلات الحي واقتراح حلول لها.",
        beneficiaries="الشباب من عمر ١٦ إلى ٢٥ سنة", **common,
    )
    radio = _practice(
        partner, coordinator, status="published", goals=[goals["8"]],
        name="Community Radio for Peace", lang="en", location="Basra", period="2020–2023",
        start_year=2020, end_year=2023, activity="A weekly radio programme on living together.",
        objectives="Give local voices an alternative narrative.", description="Volunteers produce the shows.",
        beneficiaries="Listeners in Basra", **common,
    )
    mediators = _practice(
        partner, coordinator, status="published", goals=[goals["5"], goals["2"]],
        name="Women Mediators Network", lang="en", location="Anbar", period="Since 2021", start_year=2021,
        ongoing=True, activity="Training women as mediators in tribal disputes.",
        objectives="Women's voice in local peace.", description="Forty mediators trained.",
        beneficiaries="Women leaders", **common,
    )
    draft = _practice(
        partner, coordinator, status="draft", goals=[goals["2"]], name="Unpublished Draft Initiative", lang="en",
        activity="Not ready yet.", **common,
    )
    in_review = _practice(
        partner, coordinator, status="in_review", goals=[goals["2"]], name="Pending Review Project", lang="en",
        activity="Waiting for a reviewer.", **common,
    )
    return Library(
        partner=partner, coordinator=coordinator, organisation=ngo, iraq=iraq, goals=goals, arabic=arabic,
        radio=radio, mediators=mediators, draft=draft, in_review=in_review,
    )


@dataclass
class FrameworksLibrary:
    """The data of the frameworks journeys: the shipped frameworks, a coordinator, a partner and practices
    linked to goals of the UN and Euro-Med plans (made with tests.factories)."""

    coordinator: object
    partner: object
    organisation: object
    un: dict  # number → top-level Goal of the UN Plan of Action (un-pve-2015)
    euromed: dict  # number → top-level Goal of the Euro-Med CSO plan (euromed-cso-2017)
    dialogue: object  # published, UN goal 1
    neighbourhood: object  # published, UN goal 3
    schools: object  # published, UN goals 3 and 6
    youth_euromed: object  # published, Euro-Med goal 6 only: reaches UN goal 4 through a crosswalk link
    youth_draft: object  # the partner's draft about youth, linked to no goal yet


@pytest.fixture
def frameworks_library(transactional_db, live_server):
    from accounts.choices import OrganisationKind, Role
    from frameworks.models import Goal
    from places.models import Place
    from tests.factories import make_org, make_practice, make_user, reference_data

    reference_data()
    iraq = Place.objects.get(code="IQ")
    un = {g.number: g for g in Goal.objects.filter(framework__slug="un-pve-2015", parent=None)}
    euromed = {g.number: g for g in Goal.objects.filter(framework__slug=FRAMEWORK, parent=None)}
    ngo = make_org("Tigris Peace Network")
    committee = make_org("National Committee (test)", kind=OrganisationKind.NATIONAL_BODY)
    coordinator = make_user("coordinator", role=Role.NATIONAL_COORDINATOR, organisation=committee,
                            password=PASSWORD)
    partner = make_user("partner", role=Role.PARTNER, organisation=ngo, password=PASSWORD)
    common = {"lang": "en", "country": iraq, "organisation": ngo, "organisation_name": ngo.name, "location": "Iraq"}

    def published(name, goals, activity):
        return make_practice(partner, status="published", goals=goals, name=name, activity=activity, **common)

    return FrameworksLibrary(
        coordinator=coordinator, partner=partner, organisation=ngo, un=un, euromed=euromed,
        dialogue=published("Tribal Dialogue Councils", [un["1"]],
                           "Councils of elders meet rival families to settle disputes before they turn violent."),
        neighbourhood=published("Neighbourhood Watch Committees", [un["3"]],
                                "Residents' committees work with local police on the safety of their streets."),
        schools=published("Peace Education in Schools", [un["3"], un["6"]],
                          "Teachers run lessons on tolerance and critical thinking in secondary schools."),
        youth_euromed=published("Young Changemakers of Basra", [euromed["6"]],
                                "Young volunteers design and lead projects for their own neighbourhoods."),
        youth_draft=make_practice(
            partner, status="draft", name="Youth Leaders for Peace",
            activity="Young people aged 16 to 25 lead peer workshops on tolerance and civic engagement.",
            objectives="Empower youth as actors of change in their communities.",
            description="Youth councils in secondary schools and universities plan their own campaigns.\n"
                        "Graduates join vocational training courses, apprenticeships and job placements with "
                        "local employers, and mentors help them find work.",
            beneficiaries="Young people aged 16 to 25", **common,
        ),
    )
