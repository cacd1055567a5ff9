"""End-to-end journeys for frameworks: the goal tree, coverage, building and importing a framework, crosswalk
links between frameworks and goal suggestions on a practice, in Arabic and English.

Screenshots go to test-artifacts/screenshots/f<step>-<what>-<language>.png.
"""

import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from .conftest import shot as save_shot
from .test_journeys import ARABIC_LETTERS, card_names, check_page, filter_by_goal, log_in, switch_language

pytestmark = pytest.mark.browser

UN = "un-pve-2015"
EUROMED = "euromed-cso-2017"
# What the fixture links to the UN plan's goals (published practices): goal number → practices behind it.
UN_COVERAGE = {"1": 1, "2": 0, "3": 2, "4": 0, "5": 0, "6": 1, "7": 0}

# Compendium-shaped Arabic text: goal headings with Arabic-Indic digits, numbered paragraphs (one wraps).
ARABIC_COMPENDIUM = """الهدف ١: تمكين الشباب من المشاركة المدنية
(١) يشارك الشباب في تصميم البرامج المحلية
وتنفيذها وتقييمها.
الهدف ٢: دعم ضحايا التطرف العنيف
(٢) توفير الدعم النفسي والاجتماعي للناجين وأسرهم.
"""
# Line 3 names goal 3.2 before goal 3 exists: the whole import is refused.
BAD_COMPENDIUM = """الهدف ١: هدف أول
(١) فقرة أولى.
الهدف ٣.٢: هدف فرعي قبل الهدف الذي يتفرع منه
"""


def shot(page, name: str) -> Path:
    """A screenshot with the mouse out of the way (a button under it would be caught mid-hover)."""
    page.mouse.move(0, 0)
    return save_shot(page, name)


def mark_document(page) -> None:
    """Mark the page so that a later check can tell an HTMX swap from a reload."""
    page.evaluate("window.__sameDocument = true")


def assert_same_document(page) -> None:
    assert page.evaluate("window.__sameDocument === true"), "the page reloaded instead of swapping a part of it"


def is_htmx(response) -> bool:
    return response.request.headers.get("hx-request") == "true"


def coverage_row(page, path: str):
    return page.locator(f"[data-testid=coverage-row][data-path='{path}']")


def assert_arabic(locator) -> None:
    text = locator.inner_text()
    assert ARABIC_LETTERS.search(text), f"not Arabic: {text!r}"


def test_coordinator_reads_un_coverage_in_arabic(page, frameworks_library):
    lib = frameworks_library

    # The Frameworks page, from the navbar: the three shipped frameworks with their goal and practice counts.
    page.goto("/ar/practices/")
    log_in(page, lib.coordinator)
    page.locator("nav a.nav-link[href$='/frameworks/']").click()
    expect(page).to_have_url(re.compile(r"/ar/frameworks/$"))
    check_page(page, "ar")
    assert_arabic(page.locator("main h1"))
    expect(page.get_by_test_id("framework")).to_have_count(3)
    un_row = page.locator(f"[data-testid=framework][data-slug='{UN}']")
    expect(un_row.get_by_test_id("goal-count")).to_have_text("7")
    expect(un_row.get_by_test_id("practice-count")).to_have_text("3")
    expect(page.get_by_test_id("add-framework")).to_be_visible()
    expect(page.get_by_test_id("import-framework")).to_be_visible()
    shot(page, "f01-frameworks-ar")

    # The UN plan's goal tree: its seven priority areas, in order.
    un_row.locator("td a.fw-semibold").click()
    expect(page).to_have_url(re.compile(rf"/ar/frameworks/{UN}/$"))
    check_page(page, "ar")
    nodes = page.get_by_test_id("goal-node")
    expect(nodes).to_have_count(7)
    assert [n.get_attribute("data-path") for n in nodes.all()] == [str(i) for i in range(1, 8)]
    for number, goal in lib.un.items():
        # The Arabic page shows the Arabic title (the team's translation for the UN plan, marked as such).
        expect(page.locator(f"[data-testid=goal-node][data-path='{number}'] .goal-title")).to_have_text(
            goal.title_ar or goal.title_en)
    shot(page, "f02-tree-ar")

    # Coverage: a row per priority area; the gaps carry a text marker, not only a colour.
    page.get_by_test_id("coverage-link").click()
    expect(page).to_have_url(re.compile(rf"/ar/frameworks/{UN}/coverage/$"))
    check_page(page, "ar")
    rows = page.get_by_test_id("coverage-row")
    expect(rows).to_have_count(7)
    gaps = [number for number, count in UN_COVERAGE.items() if count == 0]
    for number, count in UN_COVERAGE.items():
        row = coverage_row(page, number)
        expect(row).to_have_attribute("data-total", str(count))
        expect(row).to_have_attribute("data-via", "0")
        marker = row.get_by_test_id("gap")
        if count:
            expect(marker).to_have_count(0)
            expect(row).not_to_have_class(re.compile(r"coverage-gap"))
        else:
            expect(marker).to_be_visible()
            assert_arabic(marker)
            expect(row).to_have_class(re.compile(r"coverage-gap"))
    expect(page.get_by_test_id("gap-summary")).to_contain_text(str(len(gaps)))
    expect(page.get_by_test_id("gap-summary")).to_contain_text("7")
    shot(page, "f03-coverage-ar")

    # "Gaps only" swaps the table in place (HTMX) and keeps the choice in the address.
    mark_document(page)
    with page.expect_response(lambda r: "gaps=1" in r.url and is_htmx(r)) as response:
        page.check("#gaps-only")
    assert response.value.status == 200
    expect(rows).to_have_count(len(gaps))
    assert [r.get_attribute("data-path") for r in rows.all()] == gaps
    expect(page.get_by_test_id("gap")).to_have_count(len(gaps))
    expect(page).to_have_url(re.compile(r"[?&]gaps=1\b"))
    assert_same_document(page)
    check_page(page, "ar")
    with page.expect_response(lambda r: "/coverage/" in r.url and "gaps=1" not in r.url and is_htmx(r)):
        page.uncheck("#gaps-only")
    expect(rows).to_have_count(7)
    assert_same_document(page)

    # A count opens the practice list with exactly the practices behind it.
    coverage_row(page, "3").get_by_test_id("direct").click()
    expect(page).to_have_url(re.compile(rf"/ar/practices/\?goal={lib.un['3'].pk}&through=direct$"))
    check_page(page, "ar")
    assert card_names(page) == sorted([lib.neighbourhood.name, lib.schools.name])
    expect(page.get_by_test_id("result-count")).to_contain_text("2")
    page.go_back()
    expect(page).to_have_url(re.compile(rf"/ar/frameworks/{UN}/coverage/$"))
    coverage_row(page, "6").get_by_test_id("total").click()
    expect(page).to_have_url(re.compile(rf"/ar/practices/\?goal={lib.un['6'].pk}$"))
    assert card_names(page) == [lib.schools.name]


def test_coordinator_builds_exports_and_imports_a_framework(page, frameworks_library):
    from frameworks.models import Framework, Goal, Paragraph

    lib = frameworks_library
    slug = "local-pve-2024"

    # A new framework, from the form.
    page.goto("/ar/frameworks/")
    log_in(page, lib.coordinator)
    page.get_by_test_id("add-framework").click()
    expect(page).to_have_url(re.compile(r"/ar/frameworks/new/$"))
    check_page(page, "ar")
    page.fill("#id_slug", slug)
    page.fill("#id_short_name", "Local PVE 2024")
    page.fill("#id_title_en", "Local plan to prevent violent extremism")
    page.fill("#id_title_ar", "الخطة المحلية لمنع التطرف العنيف")
    page.fill("#id_year", "2024")
    page.get_by_test_id("framework-form").locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/ar/frameworks/{slug}/$"))
    check_page(page, "ar")
    expect(page.locator("main .alert-success")).to_be_visible()
    expect(page.locator("main h1")).to_have_text("الخطة المحلية لمنع التطرف العنيف")
    expect(page.get_by_test_id("empty")).to_be_visible()

    # A goal, then a sub-goal nested under it.
    page.get_by_test_id("add-goal").click()
    expect(page).to_have_url(re.compile(rf"/ar/frameworks/{slug}/goals/new/$"))
    check_page(page, "ar")
    page.fill("#id_number", "1")
    page.fill("#id_title_ar", "إشراك المجتمعات المحلية")
    page.fill("#id_title_en", "Engage local communities")
    page.get_by_test_id("goal-form").locator("button[type=submit]").click()
    top = page.locator("[data-testid=goal-node][data-path='1']")
    expect(top).to_be_visible()
    goal = Goal.objects.get(framework__slug=slug, parent=None, number="1")
    top.get_by_test_id("add-subgoal").first.click()
    expect(page).to_have_url(re.compile(rf"/goals/new/\?parent={goal.pk}$"))
    check_page(page, "ar")
    expect(page.locator("#id_parent")).to_have_value(str(goal.pk))
    page.fill("#id_number", "2")
    page.fill("#id_title_ar", "مجالس الأحياء")
    page.fill("#id_title_en", "Neighbourhood councils")
    page.get_by_test_id("goal-form").locator("button[type=submit]").click()
    nested = top.locator("[data-testid=goal-node][data-path='1.2']")
    expect(nested).to_be_visible()
    expect(nested.locator(".goal-title")).to_have_text("مجالس الأحياء")
    check_page(page, "ar")
    sub = Goal.objects.get(framework__slug=slug, parent=goal, number="2")

    # A numbered paragraph for the sub-goal, on its edit page.
    nested.get_by_test_id("edit-goal").click()
    expect(page).to_have_url(re.compile(rf"/ar/frameworks/{slug}/goals/{sub.pk}/edit/$"))
    check_page(page, "ar")
    paragraph_form = page.get_by_test_id("paragraph-form")
    paragraph_text = "تجتمع مجالس الأحياء شهرياً لمناقشة مخاوف السكان."
    paragraph_form.locator("[name=number]").fill("12")
    paragraph_form.locator("[name=text]").fill(paragraph_text)
    paragraph_form.locator("[name=lang]").select_option("ar")
    paragraph_form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/goals/{sub.pk}/edit/#paragraphs$"))
    expect(page.get_by_test_id("paragraph")).to_have_count(1)
    expect(page.get_by_test_id("paragraph")).to_contain_text(f"(12){paragraph_text}")
    check_page(page, "ar")
    page.locator(f".breadcrumb a[href$='/frameworks/{slug}/']").click()
    expect(page).to_have_url(re.compile(rf"/ar/frameworks/{slug}/$"))
    nested.locator("details.goal-paragraphs summary").click()
    expect(nested.locator("details.goal-paragraphs")).to_contain_text(paragraph_text)
    shot(page, "f08-built-framework-ar")

    # The YAML download holds the nested goal and its paragraph.
    with page.expect_download() as download_info:
        page.get_by_test_id("export-yaml").click()
    download = download_info.value
    assert download.suggested_filename == f"{slug}.yaml"
    data = yaml.safe_load(Path(download.path()).read_text(encoding="utf-8"))
    assert data["slug"] == slug and data["year"] == 2024
    (exported,) = data["goals"]
    assert (exported["number"], exported["title_ar"]) == ("1", "إشراك المجتمعات المحلية")
    (child,) = exported["children"]
    assert (child["number"], child["title_ar"], child["title_en"]) == ("2", "مجالس الأحياء", "Neighbourhood councils")
    assert child["paragraphs"] == [{"number": 12, "text": paragraph_text, "lang": "ar"}]

    # Compendium-shaped Arabic text, pasted on the import page.
    page.locator("nav a.nav-link[href$='/frameworks/']").click()
    page.get_by_test_id("import-framework").click()
    expect(page).to_have_url(re.compile(r"/ar/frameworks/import/$"))
    check_page(page, "ar")
    form = page.get_by_test_id("framework-import-form")
    form.locator("[name=text]").fill(ARABIC_COMPENDIUM)
    form.locator("[name=slug]").fill("arab-youth-2024")
    form.locator("[name=title_ar]").fill("خطة الشباب العربي")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/ar/frameworks/arab-youth-2024/$"))
    check_page(page, "ar")
    expect(page.locator("main .alert-success")).to_be_visible()
    expect(page.get_by_test_id("goal-node")).to_have_count(2)
    imported = {g.number: g for g in Goal.objects.filter(framework__slug="arab-youth-2024")}
    assert sorted(imported) == ["1", "2"]
    assert imported["1"].title_ar == "تمكين الشباب من المشاركة المدنية"
    first = Paragraph.objects.get(goal=imported["1"], number=1)
    assert (first.text, first.lang) == ("يشارك الشباب في تصميم البرامج المحلية وتنفيذها وتقييمها.", "ar")
    assert Paragraph.objects.get(goal=imported["2"], number=2).lang == "ar"
    shot(page, "f09-imported-ar")

    # A bad line: the problem names the line, and nothing is written.
    counts = (Framework.objects.count(), Goal.objects.count(), Paragraph.objects.count())
    page.goto("/ar/frameworks/import/")
    form.locator("[name=text]").fill(BAD_COMPENDIUM)
    form.locator("[name=slug]").fill("bad-import-2024")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/ar/frameworks/import/$"))
    problems = page.get_by_test_id("import-problems")
    expect(problems).to_be_visible()
    expect(problems.locator("li")).to_have_count(1)
    expect(problems.locator("li")).to_contain_text("السطر 3")
    expect(problems.locator("li")).to_contain_text("3.2")
    expect(form.locator("[name=text]")).to_have_value(re.compile("الهدف ٣.٢"))  # kept, to correct
    assert (Framework.objects.count(), Goal.objects.count(), Paragraph.objects.count()) == counts
    assert not Framework.objects.filter(slug="bad-import-2024").exists()
    check_page(page, "ar")
    shot(page, "f10-import-error-ar")


def decide_link(page, link, decision: str) -> None:
    row = page.get_by_test_id("crosswalk").filter(has=page.locator(f"form[action$='/crosswalks/{link.pk}/decide/']"))
    row.locator(f"button[name=decision][value={decision}]").click()
    status = {"confirm": "confirmed", "reject": "rejected"}[decision]
    expect(row).to_have_attribute("data-status", status)
    expect(row).to_contain_text("coordinator")  # who decided


def test_crosswalk_links_carry_practices_across_frameworks(page, frameworks_library):
    from frameworks.models import Crosswalk

    lib = frameworks_library
    pair = re.compile(rf"/crosswalks/\?source={EUROMED}&target={UN}$")

    # The coordinator picks Arabic with the navbar button (the choice is remembered, so the switch back to
    # English works; see test_language_switch_from_a_shared_arabic_link), then opens the crosswalks page
    # by its address: no link leads there yet.
    page.goto("/en/practices/")
    switch_language(page, "ar")
    log_in(page, lib.coordinator)
    page.goto("/ar/crosswalks/")
    check_page(page, "ar")
    page.select_option("#cw-source", EUROMED)
    page.select_option("#cw-target", UN)
    page.locator("main form[method=get] button").click()
    expect(page).to_have_url(re.compile(rf"/ar/crosswalks/\?source={EUROMED}&target={UN}$"))
    expect(page.get_by_test_id("crosswalk")).to_have_count(0)
    expect(page.get_by_test_id("empty")).to_be_visible()

    # "Suggest links": the encoder proposes links, all waiting for a decision.
    page.get_by_test_id("suggest-crosswalks").click()
    expect(page).to_have_url(pair)
    expect(page.locator("main .alert-success")).to_be_visible()
    check_page(page, "ar")
    suggested = list(Crosswalk.objects.filter(status="suggested"))
    youth = Crosswalk.objects.get(source=lib.euromed["6"], target=lib.un["4"])
    assert youth in suggested
    rows = page.get_by_test_id("crosswalk")
    expect(rows).to_have_count(len(suggested))
    expect(page.locator("[data-testid=crosswalk][data-status=suggested]")).to_have_count(len(suggested))

    # Confirm Euro-Med 6 → UN 4 (youth), reject the weakest other suggestion.
    other = min((link for link in suggested if link.pk != youth.pk), key=lambda link: link.score)
    decide_link(page, youth, "confirm")
    decide_link(page, other, "reject")
    youth.refresh_from_db()
    other.refresh_from_db()
    assert (youth.status, youth.decided_by, other.status, other.decided_by) == (
        "confirmed", lib.coordinator, "rejected", lib.coordinator)
    check_page(page, "ar")
    shot(page, "f04-crosswalks-ar")

    # The practice linked to Euro-Med goal 6 now counts under UN goal 4, through the crosswalk link.
    page.locator("nav a.nav-link[href$='/frameworks/']").click()
    page.locator(f"[data-testid=framework][data-slug='{UN}'] a[href$='/coverage/']").click()
    expect(page).to_have_url(re.compile(rf"/ar/frameworks/{UN}/coverage/$"))
    check_page(page, "ar")
    row = coverage_row(page, "4")
    for attribute, value in [("data-direct", "0"), ("data-via", "1"), ("data-total", "1")]:
        expect(row).to_have_attribute(attribute, value)
    expect(row.get_by_test_id("gap")).to_have_count(0)
    expect(row).not_to_have_class(re.compile(r"coverage-gap"))
    row.get_by_test_id("via").click()
    expect(page).to_have_url(re.compile(rf"/ar/practices/\?goal={lib.un['4'].pk}&through=crosswalks$"))
    check_page(page, "ar")
    assert card_names(page) == [lib.youth_euromed.name]

    # The practice list filtered by UN goal 4 lists it too.
    page.locator("nav a.nav-link[href$='/practices/']").click()
    expect(page.get_by_test_id("practice-card")).to_have_count(4)
    filter_by_goal(page, lib.un["4"])
    expect(page.get_by_test_id("practice-card")).to_have_count(1)
    assert card_names(page) == [lib.youth_euromed.name]

    # The same crosswalks in English.
    page.goto(f"/ar/crosswalks/?source={EUROMED}&target={UN}")
    switch_language(page, "en")
    expect(page).to_have_url(re.compile(rf"/en/crosswalks/\?source={EUROMED}&target={UN}$"))
    check_page(page, "en")
    expect(page.locator("main h1")).to_have_text("Crosswalks between frameworks")
    expect(rows).to_have_count(len(suggested))
    shot(page, "f05-crosswalks-en")

    # An anonymous reader sees the confirmed link only, and no controls.
    page.locator("nav form[action*='/accounts/logout/'] button").click()
    expect(page.locator("nav a[href*='/accounts/login/']")).to_be_visible()
    page.goto(f"/en/crosswalks/?source={EUROMED}&target={UN}")
    check_page(page, "en")
    expect(rows).to_have_count(1)
    expect(rows).to_have_attribute("data-status", "confirmed")
    expect(rows.locator("td").first).to_contain_text(lib.euromed["6"].title_en)
    expect(rows.locator("td").nth(2)).to_contain_text(lib.un["4"].title_en)
    expect(page.get_by_test_id("suggest-crosswalks")).to_have_count(0)
    expect(page.locator("form[action*='/decide/']")).to_have_count(0)
    shot(page, "f11-crosswalks-anonymous-en")


def test_owner_accepts_and_rejects_goal_suggestions(page, frameworks_library):
    from frameworks.models import Framework, GoalSuggestion

    lib = frameworks_library
    practice = lib.youth_draft
    un = Framework.objects.get(slug=UN)

    # The partner opens its draft from the library: no goal yet, and the suggestion panel.
    page.goto("/en/practices/")
    log_in(page, lib.partner)
    page.get_by_role("link", name=practice.name).click()
    expect(page).to_have_url(re.compile(rf"/en/practices/{practice.pk}/$"))
    check_page(page, "en")
    panel = page.get_by_test_id("goal-suggestions")
    expect(page.get_by_test_id("goal")).to_have_count(0)
    expect(panel).to_contain_text("No suggestion yet")

    # Suggest, for the UN plan: three goals, each with a confidence and a reason, swapped in by HTMX.
    page.select_option("#suggest-framework", str(un.pk))
    mark_document(page)
    with page.expect_response(lambda r: r.url.endswith(f"/practices/{practice.pk}/suggestions/") and is_htmx(r)):
        page.get_by_test_id("suggest").click()
    items = panel.get_by_test_id("suggestion")
    expect(items).to_have_count(3)
    assert_same_document(page)
    suggestions = list(GoalSuggestion.objects.filter(object_id=practice.pk).order_by("-confidence"))
    assert [s.goal.framework.slug for s in suggestions] == [UN] * 3
    top, second = suggestions[0], suggestions[1]
    assert top.goal == lib.un["4"], "a practice about youth should be matched to 'Empowering youth' first"
    for item, suggestion in zip(items.all(), suggestions, strict=True):
        expect(item.locator("strong")).to_contain_text(f"Goal {suggestion.goal.number}: {suggestion.goal.title}")
        expect(item.locator(".badge.text-bg-light")).to_have_text(f"{round(suggestion.confidence * 100)}%")
        expect(item.get_by_test_id("weak")).to_have_count(1 if suggestion.is_weak else 0)
        # The reason is written in the page's language from the stored evidence.
        for text in suggestion.matched_goal_texts:
            expect(item.get_by_test_id("reason")).to_contain_text(f"Matches the goal text: «{text[:60]}")
        assert suggestion.reason.strip() and suggestion.evidence
    check_page(page, "en")

    # Accept the top one: the page reloads and the goal is among the practice's goals.
    with page.expect_navigation():
        items.first.get_by_test_id("accept").click()
    expect(page).to_have_url(re.compile(rf"/en/practices/{practice.pk}/$"))
    goals = page.get_by_test_id("goal")
    expect(goals).to_have_count(1)
    expect(goals.locator("h3")).to_contain_text(f"Goal 4: {lib.un['4'].title}")
    assert list(practice.goal_links.values_list("goal_id", "source")) == [(lib.un["4"].pk, "suggested")]
    accepted = items.filter(has_text=f"Goal {top.goal.number}:")
    expect(accepted).to_contain_text(f"Accepted — {lib.partner.username}")
    expect(accepted.get_by_test_id("accept")).to_have_count(0)

    # Reject the next: it stays in the list, marked rejected, with who rejected it.
    mark_document(page)
    rejected = items.filter(has_text=f"Goal {second.goal.number}:")
    with page.expect_response(lambda r: f"/suggestions/{second.pk}/" in r.url and is_htmx(r)):
        rejected.get_by_test_id("reject").click()
    expect(rejected).to_contain_text(f"Rejected — {lib.partner.username}")
    expect(rejected.locator("form")).to_have_count(0)
    assert_same_document(page)
    second.refresh_from_db()
    assert (second.status, second.decided_by) == ("rejected", lib.partner)
    expect(goals).to_have_count(1)
    check_page(page, "en")
    shot(page, "f06-suggestions-en")

    # The same page in Arabic; suggesting again keeps both decisions.
    switch_language(page, "ar")
    expect(page).to_have_url(re.compile(rf"/ar/practices/{practice.pk}/$"))
    check_page(page, "ar")
    assert_arabic(panel.locator("h2"))
    assert_arabic(panel.get_by_test_id("suggest"))
    with page.expect_response(lambda r: r.url.endswith(f"/practices/{practice.pk}/suggestions/") and is_htmx(r)):
        panel.get_by_test_id("suggest").click()
    expect(items).to_have_count(GoalSuggestion.objects.filter(object_id=practice.pk).count())
    expect(panel.get_by_test_id("accept").first).to_be_visible()
    decided = items.filter(has_not=page.locator("form"))
    expect(decided).to_have_count(2)
    for item in decided.all():
        expect(item).to_contain_text(lib.partner.username)
        assert_arabic(item.locator("div.small").last)
    top.refresh_from_db()
    second.refresh_from_db()
    assert (top.status, second.status) == ("accepted", "rejected")
    check_page(page, "ar")
    shot(page, "f07-suggestions-ar")


def test_language_switch_from_a_shared_arabic_link(page, frameworks_library):
    """An English-speaking browser opens an /ar/ link someone shared; "English" must switch the page."""
    page.goto(f"/ar/frameworks/{UN}/")
    check_page(page, "ar")
    page.get_by_test_id("switch-en").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(rf"/en/frameworks/{UN}/$"), timeout=2_000)
