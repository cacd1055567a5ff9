"""A plan's review round, in a browser: the focal point submits; the coordinator comments on action 2 and requests
changes; the focal point reads the comment, edits action 2 and submits again; the coordinator sees what changed since
the last submission. At each step the panel under the status says who acts next and what the reader may do.

English at desktop size, Arabic at phone size (390×844), and the last screen in the other size too.
Screenshots: test-artifacts/screenshots/r<step>-<what>-<language>[-phone].png."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, SCREENSHOTS, shot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def review_world(transactional_db, live_server):
    from accounts.choices import OrganisationKind, Role
    from places.models import Place
    from plans import services
    from tests.factories import make_org, make_user, reference_data

    reference_data()
    ninewa = Place.objects.get(code="IQ-NI")
    committee = make_org("Nineveh PVE Sub-committee", kind=OrganisationKind.COMMITTEE, place=ninewa)
    national = make_org("National Committee", kind=OrganisationKind.NATIONAL_BODY)
    focal = make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=committee, password=PASSWORD)
    coordinator = make_user("coordinator", role=Role.NATIONAL_COORDINATOR, organisation=national,
                            password=PASSWORD)
    plan = services.create_plan(actor=focal, title="خطة نينوى المحلية 2025–2026", lang="ar", place=ninewa,
                                period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 12, 31), owner=committee)
    services.create_action(actor=focal, plan=plan, title="حلقات حوار للشباب", lang="ar",
                           start_date=dt.date(2025, 3, 1), end_date=dt.date(2025, 12, 31))
    second = services.create_action(actor=focal, plan=plan, title="تدريب الأئمة", lang="ar",
                                    start_date=dt.date(2025, 4, 1), end_date=dt.date(2025, 12, 31))
    services.create_indicator(actor=focal, action=second, name="عدد الأئمة المدرَّبين", baseline=0, target=40)
    return {"plan": plan, "second": second, "focal": focal, "coordinator": coordinator}


def log_in_as(page, user, lang, plan):
    """Straight to the login page (whatever the menu looks like at this size), back to the plan."""
    page.context.clear_cookies()
    page.goto(f"/{lang}/accounts/login/?next=/{lang}/plans/{plan.pk}/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/plans/{plan.pk}/$"))


def part_shot(page, testid, name):
    """A screenshot of one part of the page (readable at phone size, where the whole page is tall)."""
    page.get_by_test_id(testid).first.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def no_sideways_scroll(page, testid):
    """The section fits the viewport: nothing in it is wider than the screen."""
    box = page.get_by_test_id(testid).first.bounding_box()
    width = page.viewport_size["width"]
    assert box is not None and box["x"] >= -1 and box["x"] + box["width"] <= width + 1, (testid, box, width)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_review_round_with_a_comment_and_the_changes(page, review_world, lang):
    from plans.models import ActionComment, Plan

    w = review_world
    plan, second = w["plan"], w["second"]
    size, suffix = (DESKTOP, "") if lang == "en" else (PHONE, "-phone")
    page.set_viewport_size(size)
    words = {
        "en": {"turn": "Your turn:", "waiting": "Waiting for a national coordinator:", "first": "first submission",
               "submitted": "Submitted", "changes_requested": "Changes requested"},
        "ar": {"turn": "دورك:", "waiting": "بانتظار منسّق وطني:", "first": "أول تقديم",
               "submitted": "مقدَّمة", "changes_requested": "مطلوب تعديلات"},
    }[lang]

    # 1. The focal point submits: its turn before, the coordinator's after.
    log_in_as(page, w["focal"], lang, plan)
    guide = page.get_by_test_id("workflow-guide")
    expect(guide.get_by_test_id("guide-next")).to_contain_text(words["turn"])
    page.get_by_test_id("move-submit").click()
    expect(page.get_by_test_id("status")).to_have_text(words["submitted"])
    assert Plan.objects.get(pk=plan.pk).status == "submitted"
    expect(guide.get_by_test_id("guide-next")).to_contain_text(words["waiting"])
    expect(page.get_by_test_id("changes-first")).to_contain_text(words["first"])
    shot(page, f"r1-submitted-{lang}{suffix}")

    # 2. The coordinator comments on action 2 (htmx: the thread grows in place), then requests changes.
    log_in_as(page, w["coordinator"], lang, plan)
    expect(guide.get_by_test_id("guide-next")).to_contain_text(words["turn"])
    thread = page.locator(f"#comments-{second.pk}")
    thread.get_by_test_id("comment-count").click()
    thread.get_by_test_id("comment-text-input").fill("Extend action 2 to mid-2026 and rename it.")
    thread.get_by_test_id("comment-submit").click()
    expect(page.locator(f"#comments-{second.pk} [data-testid=comment]")).to_have_count(1)
    expect(page.locator(f"#comments-{second.pk}")).to_have_attribute("data-count", "1")
    expect(page.locator(f"#comments-{second.pk} [data-testid=comment-text]")).to_have_text(
        "Extend action 2 to mid-2026 and rename it.")
    assert ActionComment.objects.filter(action=second).count() == 1
    shot(page, f"r2-comment-{lang}{suffix}")
    page.locator(f"#action-{second.pk}").screenshot(path=str(SCREENSHOTS / f"r2-comment-action-{lang}{suffix}.png"))
    page.fill("#comment-request_changes", "See the comment on action 2.")
    page.get_by_test_id("move-request_changes").click()
    expect(page.get_by_test_id("status")).to_have_text(words["changes_requested"])

    # 3. The focal point reads the comment, edits action 2 and submits again.
    log_in_as(page, w["focal"], lang, plan)
    expect(guide.get_by_test_id("guide-next")).to_contain_text(words["turn"])
    expect(guide.get_by_test_id("guide-comment")).to_have_text("See the comment on action 2.")
    expect(page.locator(f"#comments-{second.pk}")).to_have_attribute("data-count", "1")
    shot(page, f"r3-changes-requested-{lang}{suffix}")
    part_shot(page, "workflow-guide", f"r3-guide-{lang}{suffix}")
    page.locator(f"#action-{second.pk} [data-testid=edit-action]").first.click()
    page.fill("#id_title", "تدريب الأئمة والخطباء")
    page.fill("#id_end_date", "2026-06-30")
    page.get_by_test_id("save").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/plans/{plan.pk}/"))
    # Before submitting, the owner sees its own changes since the last submission.
    expect(page.locator("[data-testid=diff-action][data-ref='2']")).to_have_attribute("data-kind", "changed")
    page.get_by_test_id("move-submit").click()
    assert Plan.objects.get(pk=plan.pk).status == "submitted"

    # 4. The coordinator sees what changed: action 2's title and end date, old → new, in the reader's language.
    log_in_as(page, w["coordinator"], lang, plan)
    changes = page.get_by_test_id("changes")
    expect(changes.get_by_test_id("diff-action")).to_have_count(1)
    row = changes.locator("[data-testid=diff-action][data-ref='2']")
    expect(row).to_have_attribute("data-kind", "changed")
    expect(row.get_by_test_id("diff-old")).to_have_text(["تدريب الأئمة", "31 Dec 2025" if lang == "en"
                                                         else "31 ديسمبر 2025"])
    expect(row.get_by_test_id("diff-new")).to_have_text(["تدريب الأئمة والخطباء", "30 Jun 2026" if lang == "en"
                                                         else "30 يونيو 2026"])
    # The rendered order: old before new in the reading direction (right of it in Arabic, left in English).
    old_box = row.get_by_test_id("diff-old").nth(1).bounding_box()
    new_box = row.get_by_test_id("diff-new").nth(1).bounding_box()
    if old_box["y"] == new_box["y"]:
        assert (old_box["x"] > new_box["x"]) if lang == "ar" else (old_box["x"] < new_box["x"])
    expect(guide.get_by_test_id("guide-next")).to_contain_text(words["turn"])
    no_sideways_scroll(page, "changes")
    no_sideways_scroll(page, "workflow-guide")
    changes.scroll_into_view_if_needed()
    shot(page, f"r4-diff-{lang}{suffix}")
    part_shot(page, "changes", f"r4-changes-{lang}{suffix}")
    part_shot(page, "workflow-guide", f"r4-guide-{lang}{suffix}")
    # The same screen at the other size.
    other, other_suffix = (PHONE, "-phone") if lang == "en" else (DESKTOP, "")
    page.set_viewport_size(other)
    page.reload()
    no_sideways_scroll(page, "changes")
    no_sideways_scroll(page, "workflow-guide")
    shot(page, f"r4-diff-{lang}{other_suffix}")
    part_shot(page, "changes", f"r4-changes-{lang}{other_suffix}")


@pytest.mark.parametrize("lang,size,suffix", [("en", DESKTOP, ""), ("ar", PHONE, "-phone"), ("en", PHONE, "-phone"),
                                              ("ar", DESKTOP, "")])
def test_the_practice_page_says_who_reviews_next_and_what_changed(page, transactional_db, live_server, lang, size, suffix):
    from practices.services import transition_practice, update_practice
    from tests.factories import make_org, make_practice, make_user

    # A partner's practice in review for the second time: a reviewer publishes it, its organisation may withdraw it.
    owner = make_user("partner", organisation=make_org("Tigris Peace Network"), password=PASSWORD)
    practice = make_practice(owner, status="in_review", name="Youth radio for peace", lang="en",
                             activity="A weekly programme.")
    transition_practice(actor=owner, practice=practice, to_status="draft")
    update_practice(actor=owner, practice=practice, activity="A daily programme, every evening.")
    transition_practice(actor=owner, practice=practice, to_status="in_review")
    page.set_viewport_size(size)
    page.context.clear_cookies()
    page.goto(f"/{lang}/accounts/login/?next=/{lang}/practices/{practice.pk}/")
    page.fill("#id_username", owner.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    guide = page.get_by_test_id("workflow-guide")
    expect(guide.get_by_test_id("guide-next")).to_contain_text(
        "Waiting for a reviewer" if lang == "en" else "بانتظار مراجع")
    expect(guide.get_by_test_id("guide-also")).to_contain_text("Return to draft" if lang == "en"
                                                               else "إعادة إلى المسودة")
    expect(guide.get_by_test_id("guide-you-may")).to_have_text(["Return to draft" if lang == "en"
                                                                else "إعادة إلى المسودة"])
    expect(page.get_by_test_id("changes").get_by_test_id("diff-new")).to_have_text("A daily programme, every evening.")
    expect(page.get_by_test_id("changes").get_by_test_id("diff-old")).to_have_text("A weekly programme.")
    no_sideways_scroll(page, "workflow-guide")
    no_sideways_scroll(page, "changes")
    shot(page, f"r5-practice-in-review-{lang}{suffix}")
    part_shot(page, "workflow-guide", f"r5-practice-guide-{lang}{suffix}")
    part_shot(page, "changes", f"r5-practice-changes-{lang}{suffix}")
