"""Needs from an assessment file, in a real browser: upload a KoboToolbox export, choose the columns (and the
theme of a value that matches none), watch the job, read the result — in English and Arabic, on a desktop and
on a phone (390 × 844), where the page must not scroll sideways.

Screenshots go to test-artifacts/screenshots/support-import-<step>-<language>-<screen>.png.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, shot

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[2] / "support" / "tests" / "data"
SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
FILES = {"en": "kobo_xml.csv", "ar": "kobo_ar.xlsx"}

WIDTH = """() => ({lang: document.documentElement.lang, dir: document.documentElement.dir,
  scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth})"""


@pytest.fixture
def people(transactional_db, live_server):
    from accounts.choices import Role
    from accounts.models import User
    from accounts.services import add_membership, create_organisation
    from core.actors import system
    from places.services import load_reference_places

    load_reference_places(actor=system("tests"))
    org = create_organisation(actor=system("tests"), name="Nineveh sub-committee", kind="committee")
    focal = User.objects.create_user(username="focal", password=PASSWORD)
    add_membership(actor=system("tests"), user=focal, organisation=org, role=Role.LOCAL_FOCAL_POINT)
    return {"org": org, "focal": focal}


def fits(page, lang: str) -> None:
    facts = page.evaluate(WIDTH)
    assert (facts["lang"], facts["dir"]) == (lang, "rtl" if lang == "ar" else "ltr"), facts
    assert facts["scrollWidth"] <= facts["clientWidth"], f"{page.url} scrolls sideways: {facts}"


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_import_needs_from_an_assessment(page, people, lang, screen):
    from support.models import ImportMapping, Need

    page.set_viewport_size(SCREENS[screen])
    page.goto(f"/{lang}/accounts/login/")
    page.fill("#id_username", "focal")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("nav .navbar-text")).to_have_text("focal")

    page.goto(f"/{lang}/support/needs/import/")
    expect(page.get_by_test_id("empty")).to_be_visible()  # no saved mapping yet
    fits(page, lang)
    shot(page, f"support-import-1-upload-{lang}-{screen}")
    page.set_input_files("[data-testid=needs-import-form] input[type=file]", str(DATA / FILES[lang]))
    page.select_option("#id_owner", str(people["org"].pk))
    page.locator("[data-testid=needs-import-form] button[type=submit]").click()

    expect(page.get_by_test_id("mapping-form")).to_be_visible()
    expect(page.get_by_test_id("left-out")).to_be_visible()
    columns = page.get_by_test_id("file-columns")
    if lang == "en":
        expect(columns).to_contain_text("consultation/need_theme")
        expect(page.locator("#id_theme")).to_have_value("consultation/need_theme")  # guessed from the header
        expect(page.get_by_test_id("theme-values")).to_contain_text("social_cohesion")
        page.select_option("#id_place", "consultation/district")  # the district, more precise than the governorate
    else:
        expect(columns).to_contain_text("الحاجة الرئيسية")
        expect(page.locator("#id_place")).to_have_value("المحافظة")
        page.select_option("#id_place", "القضاء")  # the district, more precise than the governorate
        expect(page.get_by_test_id("theme-values")).to_have_count(0)  # every Arabic theme is known
    expect(columns).not_to_contain_text("Person 1")
    expect(columns).not_to_contain_text("مستجيب 1")
    fits(page, lang)
    shot(page, f"support-import-2-mapping-{lang}-{screen}")
    if lang == "en":
        page.get_by_test_id("theme-values").locator("select").select_option("dialogue")
    page.locator("[data-testid=mapping-form] button[type=submit]").click()

    expect(page.get_by_test_id("import-done")).to_be_visible()
    needs = page.get_by_test_id("imported-needs")
    if lang == "en":
        expect(needs).to_contain_text("Education and skills in Ramadi — 2 answers")
        expect(page.get_by_test_id("left-out")).to_contain_text("respondent/respondent_name")
    else:
        expect(needs).to_contain_text("تمكين الشباب في الموصل — إجابتان")
        expect(page.get_by_test_id("left-out")).to_contain_text("رقم الهاتف")
    fits(page, lang)
    shot(page, f"support-import-3-result-{lang}-{screen}")
    assert Need.objects.filter(owner=people["org"]).count() == 3
    assert ImportMapping.objects.filter(owner=people["org"]).count() == 1

    # The same form again: no mapping step, the counts are set again and nothing is duplicated.
    page.goto(f"/{lang}/support/needs/import/")
    expect(page.get_by_test_id("saved-mappings")).to_be_visible()
    page.set_input_files("[data-testid=needs-import-form] input[type=file]", str(DATA / FILES[lang]))
    page.select_option("#id_owner", str(people["org"].pk))
    page.locator("[data-testid=needs-import-form] button[type=submit]").click()
    expect(page.get_by_test_id("import-done")).to_be_visible()
    expect(page.get_by_test_id("change-mapping")).to_be_visible()
    assert Need.objects.filter(owner=people["org"]).count() == 3
