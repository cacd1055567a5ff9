"""Data inside text reads in the order it was written, measured where the reader sees it: Chromium lays out each
page and the test compares the on-screen positions of the pieces (a Range over the characters), in English and
Arabic, at desktop size and at 390×844.

- A year range "2018–2020" (an Arabic practice's period, shown right to left) has 2018 on the left in both
  languages: ranges of numbers are left-to-right islands; a range of worded Arabic dates reads right to left,
  start first (`docs/decisions/0008-data-in-text.md`).
- An indicator going from 0 to 600 people (unit in Arabic) shows 0 on the left, the arrow pointing at 600.
- "-4" keeps its minus on the left of the 4.
- "Goal 4: Empowering youth" keeps its order in an Arabic page with an English title: label, number, colon, title
  read right to left; in English left to right.
- A time stamp "2026-12-07 09:06" keeps its date before its time.

Screenshots: test-artifacts/screenshots/bidi-<page>-<language>-<size>.png, and the measured pieces alone:
bidi-practices-card-…, bidi-practice-entry-…, bidi-plan-indicators-…, bidi-progress-range-….
"""

import datetime
import re

import pytest

from .conftest import PASSWORD, SCREENSHOTS, shot
from .test_journeys import log_in

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# Where each needle sits on screen: the first text node under `root` that holds it, measured with a Range.
POSITIONS = """(root, needles) => {
  const out = {};
  for (const needle of needles) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node = null, found = null;
    while (!found && (node = walker.nextNode())) {
      const at = node.data.indexOf(needle);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      const box = range.getBoundingClientRect();
      found = {left: box.left, right: box.right, top: box.top, bottom: box.bottom};
    }
    out[needle] = found;
  }
  return out;
}"""


def positions(locator, *needles) -> dict:
    locator.scroll_into_view_if_needed()
    found = locator.evaluate(POSITIONS, list(needles))
    missing = [n for n, box in found.items() if box is None]
    assert not missing, f"not on the page: {missing} in {locator.inner_text()!r}"
    return found


def left_to_right(locator, *needles) -> None:
    """The needles appear on one line in this order from left to right."""
    boxes = positions(locator, *needles)
    tops = {round(b["top"]) for b in boxes.values()}
    assert max(tops) - min(tops) < 4, f"{needles} wrapped over lines: {boxes}"
    lefts = [boxes[n]["left"] for n in needles]
    assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts), (
        f"{needles} are not left to right in {locator.inner_text()!r}: {lefts}")


def piece(locator, name: str) -> None:
    """A screenshot of one element, beside the full-page ones: test-artifacts/screenshots/<name>.png."""
    locator.scroll_into_view_if_needed()
    locator.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.fixture
def world(transactional_db, live_server):
    from accounts.choices import OrganisationKind, Role
    from frameworks import services as frameworks
    from places.models import Place
    from plans.services import create_indicator, transition_plan
    from tests.factories import make_org, make_plan, make_practice, make_user, reference_data

    reference_data()
    committee = make_org("Baghdad Sub-committee", kind=OrganisationKind.COMMITTEE,
                         place=Place.objects.get(code="IQ-BG"))
    focal = make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=committee, password=PASSWORD)
    coordinator = make_user("coordinator", role=Role.NATIONAL_COORDINATOR, password=PASSWORD)
    partner = make_user("partner", organisation=make_org("Tigris Peace Network"), password=PASSWORD)

    # A framework whose goal has no Arabic title: the Arabic page shows the English one inside Arabic text.
    framework = frameworks.create_framework(actor=coordinator, slug="bidi-test", title_en="Youth plan",
                                            short_name="YP", year=2024)
    goal = frameworks.create_goal(actor=coordinator, framework=framework, number="4", title_en="Empowering youth")
    practice = make_practice(
        partner, status="published", goals=[goal], name="حلقات الحوار الشبابي", lang="ar", location="نينوى",
        period="2018–2020", activity="جلسات حوار شهرية بين الشباب وقادة المجتمع.")

    plan = make_plan(focal, place_code="IQ-BG", status="draft", actions=1, year=2025)
    action = plan.actions.get()
    people = create_indicator(actor=focal, action=action, name="عدد المشاركين", unit="شخص", baseline=0, target=600)
    change = create_indicator(actor=focal, action=action, name="Change in reported incidents", unit="%",
                              baseline=-4, target=-10, direction="decrease")
    transition_plan(actor=focal, plan=plan, to_status="submitted")
    transition_plan(actor=coordinator, plan=plan, to_status="approved")
    return {"focal": focal, "practice": practice, "plan": plan, "people": people, "change": change,
            "today": datetime.date.today()}


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_ranges_numbers_and_goal_labels_keep_their_order(page, world, size):
    page.set_viewport_size(SIZES[size])
    page.goto("/en/")
    log_in(page, world["focal"])
    practice, plan = world["practice"], world["plan"]
    for lang in ("en", "ar"):
        goal_word = "Goal" if lang == "en" else "الهدف"

        # The library: an Arabic practice's card runs right to left; its period still reads 2018–2020.
        page.goto(f"/{lang}/practices/")
        card = page.get_by_test_id("practice-card").filter(has_text=practice.name)
        left_to_right(card.get_by_test_id("practice-period"), "2018", "–", "2020")
        shot(page, f"bidi-practices-{lang}-{size}")
        piece(card, f"bidi-practices-card-{lang}-{size}")

        # The practice: the period, and "Goal 4: Empowering youth" in the page's direction.
        page.goto(f"/{lang}/practices/{practice.pk}/")
        left_to_right(page.get_by_test_id("practice-period"), "2018", "–", "2020")
        label = page.get_by_test_id("goal").locator(".labelled")
        if lang == "en":
            left_to_right(label, "Goal", "4", ":", "Empowering")
        else:
            # Right to left: الهدف, then 4, then its colon, then the English title on the far left.
            left_to_right(label, "Empowering", ":", "4", goal_word)
        # A time stamp in the review history: the date, then the time, as in English.
        step = page.get_by_test_id("review-step").first
        stamp = re.search(r"(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})", step.inner_text())
        left_to_right(step, stamp.group(1), stamp.group(2))
        shot(page, f"bidi-practice-{lang}-{size}")
        piece(page.locator("article.entry"), f"bidi-practice-entry-{lang}-{size}")

        # The plan: its period, start first; the indicators' figures keep a minus sign on the left of its number.
        page.goto(f"/{lang}/plans/{plan.pk}/")
        period = page.locator("dd .span-of").first
        if lang == "en":
            left_to_right(period, "2025", "2026")  # 1 Jan 2025 – 31 Dec 2026
        else:
            # Worded Arabic dates read right to left, start first: 1 يناير 2025 on the right.
            left_to_right(period, "2026", "ديسمبر", "–", "2025", "يناير")
        rows = page.get_by_test_id("indicator")
        people = rows.filter(has_text="عدد المشاركين").get_by_test_id("target")
        assert people.locator("bdi").first.inner_text() == "600"
        change = rows.filter(has_text="Change in reported incidents").get_by_test_id("target")
        target, baseline = change.locator("bdi[dir=ltr]").nth(0), change.locator("bdi[dir=ltr]").nth(1)
        left_to_right(target, "-", "10")
        left_to_right(baseline, "-", "4")
        # Target first in the reading direction: on the left in English, on the right in Arabic.
        t_box, b_box = target.bounding_box(), baseline.bounding_box()
        assert (t_box["x"] > b_box["x"]) if lang == "ar" else (t_box["x"] < b_box["x"]), (t_box, b_box)
        shot(page, f"bidi-plan-{lang}-{size}")
        piece(page.get_by_test_id("indicators").first, f"bidi-plan-indicators-{lang}-{size}")

        # The progress form names the indicator's way: from 0 to 600 people.
        page.goto(f"/{lang}/plans/indicators/{world['people'].pk}/report/")
        left_to_right(page.get_by_test_id("indicator-range"), "0", "→", "600")
        shot(page, f"bidi-progress-{lang}-{size}")
        piece(page.get_by_test_id("indicator-range").locator("xpath=.."), f"bidi-progress-range-{lang}-{size}")

        # The list of plans: its period column, start first.
        page.goto(f"/{lang}/plans/")
        left_to_right(page.locator("td .span-of").first, "2025-01", "2026-12")
        shot(page, f"bidi-plans-{lang}-{size}")


@pytest.fixture
def arabic_world(transactional_db, live_server):
    from accounts.choices import OrganisationKind
    from tests.factories import make_org, make_user, reference_data

    reference_data()
    for name, alt in [("Al-Amal Society", "جمعية الأمل"), ("Zaytun Foundation", "أكاديمية الزيتون"),
                      ("Baghdad Youth", "إعلام بغداد الشبابي"), ("رابطة الشباب", "Youth League"),
                      ("Tigris Youth", "")]:
        make_org(name, name_alt=alt, kind=OrganisationKind.NGO)
    return make_user("root", role=None, is_staff=True, is_superuser=True, password=PASSWORD)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_arabic_pages_name_frameworks_organisations_and_the_admin_in_arabic(page, arabic_world, size):
    from core.text import sort_key

    page.set_viewport_size(SIZES[size])
    page.goto("/ar/")
    log_in(page, arabic_world)

    # The UN plan's priority areas in Arabic, each marked as the team's translation.
    page.goto("/ar/frameworks/un-pve-2015/")
    titles = page.get_by_test_id("goal-node").locator(".goal-title")
    assert titles.count() == 7
    assert titles.nth(3).inner_text() == "تمكين الشباب"
    assert page.get_by_test_id("translation-mark").count() == 7
    assert "Empowering youth" not in page.locator("main").inner_text()
    shot(page, f"arabic-framework-un-{size}")
    page.goto("/ar/frameworks/")
    assert "UN PVE PoA" not in page.locator("main").inner_text()
    shot(page, f"arabic-frameworks-{size}")

    # The directory in Arabic order, by the Arabic names.
    page.goto("/ar/directory/?kind=ngo")
    names = [n.strip() for n in page.get_by_test_id("organisation-row").locator("td:first-child > a").all_inner_texts()]
    assert names[:4] == ["إعلام بغداد الشبابي", "أكاديمية الزيتون", "جمعية الأمل", "رابطة الشباب"]
    assert names == sorted(names, key=lambda n: sort_key(n, "ar"))
    shot(page, f"arabic-directory-{size}")

    # The admin: its title and every app heading in Arabic.
    page.goto("/ar/admin/")
    assert "إدارة وقاية" in page.title()
    headings = page.locator("caption").all_inner_texts()
    assert len(headings) >= 8 and not [h for h in headings if re.search(r"[A-Za-z]{2,}", h)], headings
    shot(page, f"arabic-admin-{size}")
