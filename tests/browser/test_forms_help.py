"""Forms that help, in a real browser: on the practice form a partner finds a goal by typing words of its Arabic title
in the searchable picker, sends the form with mistakes, sees every problem listed at the top with the focus on the
list, and follows a link to the field; counters show how much of a limited field is used. English and Arabic, at
desktop size and on a 390×844 phone. Screenshots: forms-<step>-<language>-<size>.png."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, SCREENSHOTS, shot

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def log_in(page, user, then: str) -> None:
    page.goto(f"/en/accounts/login/?next={then}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(then) + "$"))


def picker(page, field: str):
    """The Select2 box that stands for the select `#id_<field>`."""
    return page.locator(f"#id_{field} + .select2")


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_pick_a_goal_by_its_arabic_title_then_follow_the_error_summary(page, library, lang, size):
    goal = library.goals["2"]  # "Reinforce education and community resilience." / "تعزيز التعليم والمرونة المجتمعية."
    page.set_viewport_size(SIZES[size])
    form_url = f"/{lang}/practices/new/"
    log_in(page, library.partner, form_url)
    assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")

    # The goals list is a searchable picker now, in the page's direction.
    box = picker(page, "goals")
    expect(box).to_be_visible()
    expect(box).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    expect(page.locator("#id_goals")).to_have_class(re.compile("select2-hidden-accessible"))

    # Typing words of the Arabic title, with another spelling of the alef (ا for أ), finds the goal on either page.
    box.locator(".select2-search__field").click()
    box.locator(".select2-search__field").fill("المرونه")
    options = page.locator(".select2-results__option[aria-selected]")
    expect(options).to_have_count(1)
    expected_label = ("2 — " + (goal.title_ar if lang == "ar" else goal.title_en))
    expect(options.first).to_have_text(expected_label)
    expect(page.locator(".select2-results__group")).to_have_text(
        library.goals["2"].framework.title_ar if lang == "ar" else library.goals["2"].framework.title_en)
    shot(page, f"forms-picker-{lang}-{size}")
    # The number opens the label in reading order: at the right end of the line in Arabic, the left in English.
    number, line = page.evaluate("""() => {
      const option = document.querySelector('.select2-results__option[aria-selected]');
      const range = document.createRange();
      range.setStart(option.firstChild, 0);
      range.setEnd(option.firstChild, 1);
      const a = range.getBoundingClientRect(), b = option.getBoundingClientRect();
      return [[a.left, a.right], [b.left, b.right]];
    }""")
    if lang == "ar":
        assert line[1] - number[1] < 20, (number, line)
    else:
        assert number[0] - line[0] < 20, (number, line)
    page.locator(".select2-dropdown").screenshot(path=str(SCREENSHOTS / f"forms-picker-open-{lang}-{size}.png"))
    options.first.click()
    assert page.eval_on_selector("#id_goals", "s => [...s.selectedOptions].map(o => o.value)") == [str(goal.pk)]
    expect(box.locator(".select2-selection__choice")).to_contain_text(expected_label)

    # A number finds it too, typed in Arabic-Indic digits.
    box.locator(".select2-search__field").fill("٦")
    expect(page.locator(".select2-results__option[aria-selected]").first).to_contain_text("6 — ")
    page.keyboard.press("Escape")

    # The counter under the name shows the limit before anything is cut.
    counter = page.locator("[data-char-count=id_period]")
    expect(counter).to_have_text("0 / 120" if lang == "en" else "0 من 120")
    page.fill("#id_period", "2019–2024")
    expect(counter).to_have_text("9 / 120" if lang == "en" else "9 من 120")

    # Sent with mistakes: no name, no organisation, the end before the start.
    page.fill("#id_start_year", "2024")
    page.fill("#id_end_year", "2020")
    page.locator("main form button[type=submit]").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    links = summary.locator("a[data-error-link]")
    expect(links).to_have_count(3)
    expect(summary.locator("h2")).to_have_text(
        "The form was not saved: correct 3 problems." if lang == "en" else "لم يُحفظ النموذج: صحّح 3 مشكلات.")
    # What was chosen is still chosen.
    expect(picker(page, "goals").locator(".select2-selection__choice")).to_contain_text(expected_label)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    shot(page, f"forms-errors-{lang}-{size}")

    # Each link takes the reader to its field: the name's text box, the organisation's picker.
    links.nth(0).click()
    expect(page.locator("#id_name")).to_be_focused()
    expect(page.locator("#id_name")).to_have_attribute("aria-invalid", "true")
    links.nth(1).click()
    organisation = picker(page, "organisation")
    expect(organisation.locator(".select2-selection")).to_be_focused()
    expect(organisation).to_have_class(re.compile("is-invalid"))
    assert page.evaluate("location.hash") == "#id_organisation"
    shot(page, f"forms-followed-{lang}-{size}")


def test_a_file_of_the_wrong_kind_is_refused_before_the_import_starts(page, library, tmp_path):
    from core.models import Job

    photo = tmp_path / "minutes.pdf"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n a picture, not a PDF")
    log_in(page, library.partner, "/ar/documents/import/")
    page.set_input_files("[data-testid=import-form] input[type=file]", str(photo))
    page.locator("[data-testid=import-form] button[type=submit]").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("minutes.pdf")
    expect(summary).to_contain_text("لكن محتواه ليس ملف")
    # The extension reads ".pdf", not "pdf.", inside the Arabic sentence: it sits in its own isolate.
    assert "\u2068.pdf\u2069" in summary.inner_text()
    assert not Job.objects.exists()
    shot(page, "forms-wrong-file-ar")
