"""Words for people, in a browser: an organisation's office contact and its counts as links (followed to the
filtered list), and a queued import that says where it stands in the queue — at desktop size and at 390×844, in
English and Arabic.

Screenshots go to test-artifacts/screenshots/w<step>-<what>-<size>-<language>.png.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD
from .conftest import shot as save_shot

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def shot(page, name: str):
    page.mouse.move(0, 0)
    return save_shot(page, name)


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"the page is {width} px wide"


@pytest.fixture
def world(transactional_db, live_server):
    from accounts.choices import OrganisationKind, Role
    from accounts.models import User
    from accounts.services import add_membership
    from core.actors import system
    from core.models import Job
    from places.models import Place
    from places.services import load_reference_places
    from tests.factories import make_org, make_practice

    load_reference_places(actor=system("tests"))
    from frameworks.services import load_definitions

    load_definitions(actor=system("tests"))
    org = make_org("Tigris Youth Forum", name_alt="منتدى شباب دجلة", kind=OrganisationKind.NGO,
                   place=Place.objects.get(code="IQ-NI"), public_email="office@tigris-youth.example.org",
                   public_phone="+964 60 555 0142", website="https://tigris-youth.example.org/")
    partner = User.objects.create_user(username="words-partner", password=PASSWORD)
    add_membership(actor=system("tests"), user=partner, organisation=org, role=Role.PARTNER)
    for name in ("Youth dialogue circles", "Football for peace", "Radio drama for tolerance"):
        make_practice(partner, status="published", organisation=org, name=name)
    make_practice(partner, status="published", name="Another organisation's practice")
    jobs = [Job.objects.create(kind="import_documents", created_by=partner, total=1,
                               message="waiting for the worker") for _ in range(2)]
    return {"org": org, "partner": partner, "jobs": jobs}


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_organisation_shows_its_office_contact_and_its_counts_lead_to_its_records(page, world, lang, size):
    page.set_viewport_size(SIZES[size])
    org = world["org"]
    page.goto(f"/{lang}/directory/organisations/{org.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    email = page.get_by_test_id("contact-email").locator("a")
    expect(email).to_have_attribute("href", "mailto:office@tigris-youth.example.org")
    expect(page.get_by_test_id("contact-phone").locator("a")).to_have_text("+964 60 555 0142")
    expect(page.get_by_test_id("contact-email")).to_be_visible()
    # The address reads left to right inside an Arabic page.
    assert email.evaluate("e => getComputedStyle(e).direction") == "ltr"
    count = page.get_by_test_id("count-practices")
    expect(count).to_have_text("3 practices" if lang == "en" else "3 ممارسات")
    no_sideways_scroll(page)
    shot(page, f"w1-organisation-contact-{size}-{lang}")

    count.click()
    expect(page).to_have_url(re.compile(rf"/{lang}/practices/\?organisation={org.pk}$"))
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert all(name in text for name in ("Youth dialogue circles", "Football for peace", "Radio drama"))
    assert "Another organisation's practice" not in text
    shot(page, f"w2-organisation-practices-{size}-{lang}")

    page.goto(f"/{lang}/directory/?q=Tigris")
    expect(page.get_by_test_id("organisation-row").get_by_test_id("contact")).to_contain_text(
        "office@tigris-youth.example.org")
    page.get_by_test_id("kind-count").first.click()
    expect(page).to_have_url(re.compile(r"kind=ngo"))
    expect(page.get_by_test_id("organisation-row")).to_have_count(1)
    shot(page, f"w3-directory-contact-{size}-{lang}")


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_queued_import_says_where_it_stands_in_the_queue(page, world, lang, size):
    page.set_viewport_size(SIZES[size])
    page.goto(f"/{lang}/accounts/login/")
    page.fill("#id_username", world["partner"].username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    first, second = world["jobs"]
    page.goto(f"/{lang}/documents/import/{second.pk}/")
    outcome = page.get_by_test_id("job-outcome")
    expected = {"en": "it will start once the job queued before it is done (position 2 in the queue).",
                "ar": "سيبدأ بعد انتهاء المهمة السابقة في الدور (رقمه 2 في الدور)."}[lang]
    expect(outcome).to_contain_text(expected)
    expect(outcome).not_to_contain_text("waiting for the worker")
    no_sideways_scroll(page)
    shot(page, f"w4-queued-import-{size}-{lang}")
    page.goto(f"/{lang}/documents/import/{first.pk}/")
    expect(page.get_by_test_id("job-outcome")).to_contain_text(
        {"en": "it will start in a few seconds.", "ar": "سيبدأ خلال ثوانٍ."}[lang])
