"""The open-data page in a real browser, in English and Arabic, on a desktop and on a phone: the package's date,
licence, size and download button, each table with its fields in the reader's language; nothing scrolls sideways.

Screenshots go to test-artifacts/screenshots/opendata-<size>-<language>.png."""

import datetime as dt

import pytest

from .conftest import shot

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
WIDTH = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@pytest.fixture
def package(transactional_db, live_server):
    from accounts.choices import Role
    from dashboards import opendata
    from tests.factories import make_practice, make_user, reference_data

    reference_data()
    author = make_user(role=Role.PARTNER)
    make_practice(author, status="published", name="نوادي الحوار في المدارس", lang="ar")
    make_practice(author, status="published", name="Dialogue clubs in schools", lang="en")
    return opendata.publish_package(actor=opendata.system("browser test"), today=dt.date(2026, 12, 7))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("lang", "heading", "field"), [("en", "Open data", "The practice's name."),
                                                        ("ar", "البيانات المفتوحة", "اسم الممارسة.")])
def test_the_open_data_page(page, package, size, lang, heading, field):
    page.set_viewport_size(SIZES[size])
    page.goto(f"/{lang}/open-data/")
    assert page.locator("h1").inner_text() == heading
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.get_by_test_id("download").get_attribute("href") == f"/{lang}/open-data/{package.name}"
    practices = page.locator('[data-table="practices"]')
    assert field in practices.inner_text()
    assert page.locator("[data-table]").count() == 10
    scroll, client = page.evaluate(WIDTH)
    assert scroll <= client, f"the page scrolls sideways ({scroll} > {client})"
    shot(page, f"opendata-{size}-{lang}")
    with page.expect_download() as download:
        page.get_by_test_id("download").click()
    assert download.value.suggested_filename == package.name
