"""End-to-end journeys in headless Chromium: what a reader, a partner and a coordinator do, in Arabic and English.

Each step saves a full-page screenshot to test-artifacts/screenshots/<step>-<language>.png.
"""

import re

import pytest
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from playwright.sync_api import expect

from .conftest import COMPENDIUM, COMPENDIUM_PRACTICE, PASSWORD, open_menu, shot

pytestmark = pytest.mark.browser

ARABIC_LETTERS = re.compile(r"[\u0600-\u06FF]")
COMPENDIUM_LABELS = ["Country", "Organisation responsible", "Period", "Activity", "Objectives", "Description",
                     "Beneficiaries"]

# What the page says about itself: language, direction, which styles loaded and where the brand sits.
PAGE_FACTS = """() => {
  const nav = document.querySelector('nav.navbar');
  const container = document.querySelector('main.container');
  const brand = document.querySelector('.navbar-brand').getBoundingClientRect();
  const sheets = [...document.styleSheets].map(s => {
    let rules = -1;
    try { rules = s.cssRules.length; } catch (e) {}
    return {href: s.href || '', rules};
  });
  return {
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    navBackground: getComputedStyle(nav).backgroundColor,
    navDisplay: getComputedStyle(nav).display,
    containerMaxWidth: getComputedStyle(container).maxWidth,
    sheets,
    brandLeft: brand.left,
    brandRight: brand.right,
    width: document.documentElement.clientWidth,
    scrollWidth: document.documentElement.scrollWidth,
    htmx: typeof window.htmx !== 'undefined',
  };
}"""


def check_page(page, lang: str) -> None:
    """The page is in `lang` with its direction, Bootstrap (the RTL build for Arabic) styles it, nothing overflows."""
    page.wait_for_load_state()  # deferred scripts (htmx, the pickers' media) have run
    facts = page.evaluate(PAGE_FACTS)
    rtl = lang == "ar"
    assert (facts["lang"], facts["dir"]) == (lang, "rtl" if rtl else "ltr"), facts
    # Bootstrap and wiqaya.css really loaded: a broken static setup leaves a transparent, block navbar.
    assert facts["navBackground"] not in {"rgba(0, 0, 0, 0)", "transparent"}, facts
    assert facts["navDisplay"] == "flex", facts
    assert facts["containerMaxWidth"] == "1140px", facts  # Bootstrap's .container at a 1280 px viewport
    hrefs = [s["href"] for s in facts["sheets"]]
    assert any(h.endswith("bootstrap.rtl.min.css" if rtl else "bootstrap.min.css") for h in hrefs), hrefs
    assert all(s["rules"] > 0 for s in facts["sheets"]), facts["sheets"]
    assert facts["htmx"], "htmx did not load"
    # The navbar starts on the reading side: right in Arabic, left in English.
    middle = facts["width"] / 2
    assert (facts["brandLeft"] > middle) if rtl else (facts["brandRight"] < middle), facts
    assert facts["scrollWidth"] <= facts["width"], f"the page scrolls sideways: {facts}"


def switch_language(page, to: str) -> None:
    page.get_by_test_id(f"switch-{to}").click()
    expect(page.locator("html")).to_have_attribute("lang", to)
    page.wait_for_load_state()


def language_cookie(page) -> str | None:
    return next((c["value"] for c in page.context.cookies() if c["name"] == "django_language"), None)


def log_in(page, user) -> None:
    """Log in from the navbar's link, which brings the user back to the page they were on (on a phone the link is
    inside the folded menu: open it first)."""
    open_menu(page)
    page.locator("nav a[href*='/accounts/login/']").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("nav .navbar-text")).to_have_text(user.username)


def published_names_with_goal(goal) -> list[str]:
    """From the database: the published practices linked to `goal` or a goal nested under it."""
    from frameworks.models import Goal
    from practices.models import Practice

    ids, frontier = {goal.pk}, [goal.pk]
    while frontier:
        frontier = list(Goal.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.update(frontier)
    practices = Practice.objects.filter(status="published", goal_links__goal_id__in=ids).distinct()
    return sorted(practices.values_list("name", flat=True))


def filter_by_goal(page, goal) -> None:
    """Pick a goal in the HTMX filter form and wait for the results to be swapped in (no page reload)."""
    page.evaluate("window.__sameDocument = true")
    with page.expect_response(
        lambda r: f"goal={goal.pk}" in r.url and r.request.headers.get("hx-request") == "true"
    ) as response:
        page.select_option("#id_goal", str(goal.pk))
    assert response.value.status == 200
    expect(page).to_have_url(re.compile(rf"[?&]goal={goal.pk}\b"))
    assert page.evaluate("window.__sameDocument === true"), "the filter reloaded the page instead of swapping results"


def card_names(page) -> list[str]:
    return sorted(page.get_by_test_id("practice-card").locator("h2 a").all_inner_texts())


def upload(page, *paths) -> None:
    page.locator("nav a[href$='/documents/import/']").click()
    expect(page).to_have_url(re.compile(r"/documents/import/$"))
    page.set_input_files("[data-testid=import-form] input[type=file]", [str(p) for p in paths])
    page.locator("[data-testid=import-form] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/documents/import/\d+/$"))
    expect(page.get_by_test_id("job-status")).to_have_attribute("data-status", "done", timeout=20_000)


def goal_sections(page):
    return page.get_by_test_id("goal")


def test_arabic_journey_from_home_to_imported_practice(page, library):
    from practices.models import Practice

    # 1. The home page, in English by default; the navbar button switches to Arabic.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/en/practices/$"))
    check_page(page, "en")
    shot(page, "01-start-en")
    switch_language(page, "ar")
    expect(page).to_have_url(re.compile(r"/ar/practices/$"))
    check_page(page, "ar")
    expect(page.get_by_test_id("switch-en")).to_have_text("English")
    for ui_text in [page.locator("nav a[href*='/accounts/login/']"), page.locator("label[for=id_q]")]:
        assert ARABIC_LETTERS.search(ui_text.inner_text()), f"not Arabic: {ui_text.inner_text()!r}"
    expect(page.get_by_test_id("practice-card")).to_have_count(3)  # the published ones
    shot(page, "02-list-ar")

    # 2. Filter by goal 2 of the Euro-Med plan: only the published practices linked to it remain.
    goal = library.goals["2"]
    expected = published_names_with_goal(goal)
    assert len(expected) == 2
    filter_by_goal(page, goal)
    expect(page.get_by_test_id("practice-card")).to_have_count(len(expected))
    assert card_names(page) == expected
    expect(page.get_by_test_id("result-count")).to_contain_text(str(len(expected)))
    for card in page.get_by_test_id("practice-card").all():
        expect(card.locator(".card-footer")).to_contain_text(f" {goal.number}")
    shot(page, "03-filtered-ar")

    # 3. Open the Arabic practice: compendium-style fields, its goals and their numbered paragraphs.
    practice = library.arabic
    page.get_by_role("link", name=practice.name).click()
    expect(page).to_have_url(re.compile(rf"/ar/practices/{practice.pk}/$"))
    check_page(page, "ar")
    heading = page.locator("main h1")
    expect(heading).to_have_text(practice.name)
    expect(heading).to_have_attribute("dir", "rtl")
    expect(page.locator("article.entry dl dt")).to_have_count(len(COMPENDIUM_LABELS))
    values = page.locator("article.entry dl dd")
    expect(values.nth(0)).to_contain_text("نينوى")
    expect(values.nth(0)).to_contain_text("العراق")
    for index, text in enumerate([practice.organisation_name, practice.period, practice.activity,
                                  practice.objectives, practice.description, practice.beneficiaries], start=1):
        expect(values.nth(index)).to_have_text(text)
    sections = goal_sections(page)
    expect(sections).to_have_count(2)
    for section, (number, paragraph) in zip(sections.all(), [("6", 901), ("2", 902)], strict=True):
        goal = library.goals[number]
        expect(section.locator("h3")).to_contain_text(re.compile(rf"\b{number}\s*:"))
        expect(section.locator("h3")).to_contain_text(goal.title_ar)
        expect(section.locator("p")).to_contain_text(f"({paragraph})")
        expect(section.locator("p")).to_contain_text(goal.paragraphs.get(number=paragraph).text)
    shot(page, "04-detail-ar")

    # 4. Log in as a partner (a member of an organisation, so allowed to import); Arabic stays.
    page.locator("nav a[href*='/accounts/login/']").click()
    expect(page).to_have_url(re.compile(r"/ar/accounts/login/\?next="))
    check_page(page, "ar")
    shot(page, "05-login-ar")
    page.fill("#id_username", library.partner.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/ar/practices/{practice.pk}/$"))
    expect(page.locator("nav .navbar-text")).to_have_text(library.partner.username)
    check_page(page, "ar")
    shot(page, "06-logged-in-ar")

    # 5. Import the team's compendium fixture: one practice, Tigris Reading Circles, is created.
    before = Practice.objects.count()
    page.locator("nav a[href$='/documents/import/']").click()
    expect(page).to_have_url(re.compile(r"/ar/documents/import/$"))
    check_page(page, "ar")
    page.set_input_files("[data-testid=import-form] input[type=file]", str(COMPENDIUM))
    shot(page, "07-import-ar")
    page.locator("[data-testid=import-form] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/ar/documents/import/\d+/$"))
    expect(page.get_by_test_id("job-status")).to_have_attribute("data-status", "done", timeout=20_000)
    check_page(page, "ar")
    report = page.get_by_test_id("file-report")
    expect(report).to_have_count(1)
    expect(report.locator(".card-header")).to_contain_text(COMPENDIUM.name)
    expect(report.locator(".card-header .badge")).to_have_class(re.compile(r"text-bg-success"))
    created = report.locator("ul").first.locator("li a")
    expect(created).to_have_count(1)
    expect(created).to_have_text(COMPENDIUM_PRACTICE["name"])
    expect(page.get_by_test_id("summary")).to_contain_text("أُنشئت ممارسة واحدة")  # "1 practice created", in words
    assert Practice.objects.count() == before + 1
    imported = Practice.objects.get(name=COMPENDIUM_PRACTICE["name"])
    assert imported.status == "draft" and imported.owner == library.organisation
    shot(page, "08-import-result-ar")

    # 6. Open the imported practice: the compendium's fields and goals 6, 2, 8 with their paragraphs.
    created.click()
    expect(page).to_have_url(re.compile(rf"/ar/practices/{imported.pk}/$"))
    check_page(page, "ar")
    expect(page.locator("main h1")).to_have_text(COMPENDIUM_PRACTICE["name"])
    entry = page.locator("article.entry dl")
    # The country and the period read in the page's language; the organisation's name stays as written.
    for text in ["العراق", "Basra Bridges Cultural Forum", "منذ 2012"]:
        expect(entry).to_contain_text(text)
    expect(page.get_by_test_id("status")).to_have_class(re.compile(r"status-draft"))
    sections = goal_sections(page)
    expect(sections).to_have_count(3)
    for section, (number, [paragraph]) in zip(sections.all(), COMPENDIUM_PRACTICE["goals"], strict=True):
        expect(section.locator("h3")).to_contain_text(re.compile(rf"\b{number}\s*:"))
        expect(section.locator(".para-num")).to_have_text(f"({paragraph})")
    expect(sections.nth(0)).to_contain_text("safe places")
    shot(page, "09-imported-practice-ar")

    # 7. The language is remembered: a new visit to / lands in Arabic, still logged in.
    assert language_cookie(page) == "ar"
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/ar/practices/$"))
    expect(page.locator("nav .navbar-text")).to_have_text(library.partner.username)
    check_page(page, "ar")
    shot(page, "10-home-again-ar")


def test_english_list_detail_and_remembered_language(page, library):
    # The list in English.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/en/practices/$"))
    check_page(page, "en")
    expect(page.get_by_test_id("switch-ar")).to_have_text("العربية")
    expect(page.locator("label[for=id_q]")).to_have_text("Search")
    expect(page.get_by_test_id("practice-card")).to_have_count(3)
    shot(page, "11-list-en")

    # Arabic is remembered across a fresh load of /, and the switch back to English works (and is remembered).
    switch_language(page, "ar")
    assert language_cookie(page) == "ar"
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/ar/practices/$"))
    check_page(page, "ar")
    switch_language(page, "en")
    expect(page).to_have_url(re.compile(r"/en/practices/$"))
    assert language_cookie(page) == "en"
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/en/practices/$"))
    check_page(page, "en")

    # Filter by goal 8 (alternative narratives): the radio programme alone.
    goal = library.goals["8"]
    expected = published_names_with_goal(goal)
    assert expected == [library.radio.name]
    filter_by_goal(page, goal)
    expect(page.get_by_test_id("practice-card")).to_have_count(1)
    assert card_names(page) == expected
    expect(page.get_by_test_id("result-count")).to_have_text("1 practice")
    shot(page, "12-filtered-en")

    # Its detail, with the compendium's labels in English.
    page.get_by_role("link", name=library.radio.name).click()
    expect(page).to_have_url(re.compile(rf"/en/practices/{library.radio.pk}/$"))
    check_page(page, "en")
    assert page.locator("article.entry dl dt").all_inner_texts() == COMPENDIUM_LABELS
    expect(page.locator("article.entry dl dd").nth(0)).to_have_text("Basra (Iraq)")
    sections = goal_sections(page)
    expect(sections).to_have_count(1)
    expect(sections.locator("h3")).to_contain_text(f"Goal 8: {goal.title_en}")
    shot(page, "13-detail-en")

    # An Arabic practice inside the English interface keeps its own direction.
    page.goto(f"/en/practices/{library.arabic.pk}/")
    check_page(page, "en")
    expect(page.locator("main h1")).to_have_attribute("dir", "rtl")
    expect(page.locator("main h1")).to_have_attribute("lang", "ar")
    expect(goal_sections(page).first.locator("h3")).to_contain_text(library.goals["6"].title_en)
    shot(page, "14-arabic-practice-en")


def test_anonymous_reader_sees_only_published_practices(page, library):
    from django.contrib.auth.models import AnonymousUser

    from practices import permissions
    from practices.models import Practice

    published = sorted(Practice.objects.filter(status="published").values_list("name", flat=True))
    assert published == sorted(
        permissions.visible_to(AnonymousUser(), Practice.objects.all()).values_list("name", flat=True)
    )
    page.goto("/en/practices/")
    check_page(page, "en")
    assert card_names(page) == published
    content = page.content()
    assert library.draft.name not in content and library.in_review.name not in content
    shot(page, "21-anonymous-list-en")

    # Asking for the hidden ones by name finds nothing, and their URLs answer 404.
    page.goto("/en/practices/?q=Unpublished")
    expect(page.get_by_test_id("practice-card")).to_have_count(0)
    expect(page.get_by_test_id("empty")).to_be_visible()
    for hidden in [library.draft, library.in_review]:
        response = page.goto(f"/en/practices/{hidden.pk}/")
        assert response.status == 404
        expect(page.locator("main h1")).to_have_text("Not found")
        assert hidden.name not in page.content()
    check_page(page, "en")
    shot(page, "22-draft-404-en")
    response = page.goto(f"/ar/practices/{library.draft.pk}/")
    assert response.status == 404
    check_page(page, "ar")
    shot(page, "23-draft-404-ar")


def test_partner_creates_submits_and_coordinator_publishes(page, library):
    from practices.models import Practice

    name = "لجان السلام في الأحياء"
    goal = library.goals["9"]
    page.goto("/ar/practices/")
    log_in(page, library.partner)
    page.locator("main a[href$='/practices/new/']").click()
    expect(page).to_have_url(re.compile(r"/ar/practices/new/$"))
    check_page(page, "ar")
    page.fill("#id_name", name)
    page.select_option("#id_lang", "ar")
    page.select_option("#id_country", str(library.iraq.pk))
    page.select_option("#id_organisation", str(library.organisation.pk))
    page.fill("#id_period", "2023–2025")
    page.fill("#id_activity", "لجان من السكان تجتمع أسبوعياً لحل النزاعات في الحي.")
    page.fill("#id_objectives", "منع تصاعد النزاعات المحلية إلى عنف.")
    page.fill("#id_description", "تضم كل لجنة ممثلين عن الشباب والنساء ووجهاء الحي.")
    page.fill("#id_beneficiaries", "سكان الأحياء في بغداد")
    page.select_option("#id_goals", [str(goal.pk)])
    shot(page, "31-form-ar")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/ar/practices/\d+/$"))
    practice = Practice.objects.get(name=name)
    expect(page).to_have_url(re.compile(rf"/ar/practices/{practice.pk}/$"))
    assert practice.status == "draft"
    assert (practice.lang, practice.country, practice.organisation, practice.owner, practice.created_by) == (
        "ar", library.iraq, library.organisation, library.organisation, library.partner)
    assert list(practice.goal_links.values_list("goal_id", flat=True)) == [goal.pk]
    check_page(page, "ar")
    expect(page.locator("main .alert-success")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_class(re.compile(r"status-draft"))
    expect(page.locator("main h1")).to_have_text(name)
    expect(goal_sections(page).locator("h3")).to_contain_text(goal.title_ar)
    shot(page, "32-draft-ar")

    page.get_by_test_id("move-submit").click()
    expect(page.get_by_test_id("status")).to_have_class(re.compile(r"status-in_review"))
    expect(page.get_by_test_id("move-submit")).to_have_count(0)
    shot(page, "33-in-review-ar")

    # Out goes the partner; an anonymous reader may not see a practice in review.
    page.locator("nav form[action*='/accounts/logout/'] button").click()
    expect(page.locator("nav a[href*='/accounts/login/']")).to_be_visible()
    assert page.goto(f"/ar/practices/{practice.pk}/").status == 404

    # The coordinator (a reviewer) publishes it with a comment.
    page.goto(f"/ar/accounts/login/?next=/ar/practices/{practice.pk}/")
    page.fill("#id_username", library.coordinator.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/ar/practices/{practice.pk}/$"))
    publish = page.locator("form", has=page.get_by_test_id("move-publish"))
    publish.locator("textarea[name=comment]").fill("جاهزة للنشر")
    page.get_by_test_id("move-publish").click()
    expect(page.get_by_test_id("status")).to_have_class(re.compile(r"status-published"))
    practice.refresh_from_db()
    assert practice.status == "published" and practice.published_at is not None

    # The review history says who did what, and when, at each step.
    steps = list(practice.review_steps.select_related("actor").order_by("at", "id"))
    assert [(s.to_status, s.actor.username) for s in steps] == [
        ("draft", "partner"), ("in_review", "partner"), ("published", "coordinator")]
    items = page.get_by_test_id("review-history").locator("li")
    expect(items).to_have_count(3)
    with translation.override("ar"):
        for item, step in zip(items.all_inner_texts(), steps, strict=True):
            assert step.actor.username in item, item
            assert date_format(localtime(step.at), "SHORT_DATETIME_FORMAT") in item, item
    expect(items.nth(2)).to_contain_text("جاهزة للنشر")
    check_page(page, "ar")
    shot(page, "34-published-ar")

    # Now anyone may read it.
    page.locator("nav form[action*='/accounts/logout/'] button").click()
    assert page.goto(f"/ar/practices/{practice.pk}/").status == 200


def test_import_of_a_bad_file_fails_clearly_and_creates_nothing(page, library, tmp_path):
    from documents.models import SourceDocument
    from practices.models import Practice

    bad = tmp_path / "annual-report-2024.pdf"
    # Named and marked as a PDF, so the form lets it through (tests/browser/test_forms_help.py has the form's own
    # refusal), but broken inside: the job fails, and says so.
    bad.write_bytes(b"%PDF-1.4\nThis is a plain text note, not a PDF at all.\n")
    before = Practice.objects.count()
    page.goto("/en/practices/")
    log_in(page, library.partner)
    upload(page, bad)
    check_page(page, "en")
    report = page.get_by_test_id("file-report")
    expect(report).to_have_count(1)
    expect(report.locator(".card-header")).to_contain_text(bad.name)
    expect(report.locator(".card-header .badge")).to_have_class(re.compile(r"text-bg-danger"))
    error = report.get_by_test_id("file-error")
    expect(error).to_be_visible()
    message = error.inner_text().strip()
    assert message and "unexpected error" not in message.lower() and "traceback" not in message.lower(), message
    expect(report.locator("a[href*='/practices/']")).to_have_count(0)
    expect(page.get_by_test_id("summary")).to_contain_text("0 practices created")
    expect(page.get_by_test_id("summary")).to_contain_text("1 file failed")
    assert Practice.objects.count() == before
    document = SourceDocument.objects.get(original_name=bad.name)
    assert document.status == "failed" and document.error == message
    shot(page, "41-bad-file-en")


def test_reimporting_the_compendium_says_already_imported(page, library):
    from documents.models import SourceDocument
    from documents.services import start_import
    from practices.models import Practice

    start_import(actor=library.partner, files=[(COMPENDIUM.name, COMPENDIUM.read_bytes())])
    assert Practice.objects.filter(name=COMPENDIUM_PRACTICE["name"]).count() == 1
    practices, documents = Practice.objects.count(), SourceDocument.objects.count()

    page.goto("/en/practices/")
    log_in(page, library.partner)
    upload(page, COMPENDIUM)
    check_page(page, "en")
    report = page.get_by_test_id("file-report")
    expect(report).to_have_count(1)
    expect(report.locator(".card-header")).to_contain_text(COMPENDIUM.name)
    expect(report.locator(".card-header .badge")).to_have_text("Already imported")
    expect(report.get_by_test_id("file-error")).to_contain_text("already imported")
    expect(report.get_by_test_id("file-error")).to_contain_text("nothing new was created")
    expect(report.locator("a[href*='/practices/']")).to_have_count(0)
    expect(page.get_by_test_id("summary")).to_contain_text("0 practices created")
    expect(page.get_by_test_id("summary")).to_contain_text("1 duplicate skipped")
    assert (Practice.objects.count(), SourceDocument.objects.count()) == (practices, documents)
    shot(page, "51-reimport-en")


# Every control of the filter form, with its box when it sticks out of the sidebar (into the results).
FILTER_OVERFLOW = """() => {
  const aside = document.querySelector('aside.filters').getBoundingClientRect();
  return [...document.querySelectorAll('aside.filters input, aside.filters select, aside.filters button')]
    .map(el => ({name: el.name || el.id || el.tagName, r: el.getBoundingClientRect()}))
    .filter(({r}) => r.width > 0 || r.height > 0)  // a control not shown at this size (the phone panel's "Show results")
    .filter(({r}) => r.left < aside.left - 1 || r.right > aside.right + 1)
    .map(({name, r}) => `${name}: x ${Math.round(r.left)}-${Math.round(r.right)}, `
                        + `sidebar x ${Math.round(aside.left)}-${Math.round(aside.right)}`);
}"""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_filter_controls_stay_inside_the_sidebar(page, library, lang):
    """Nothing in the filter form overlaps the results (long goal titles must not widen the select)."""
    page.goto(f"/{lang}/practices/")
    check_page(page, lang)
    assert page.evaluate(FILTER_OVERFLOW) == []
