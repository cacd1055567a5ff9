"""Organisations and networks on the search page, in a real browser, at desktop and phone size, in English and
Arabic: the network comes first on its exact name in either language, its card names it in both languages and
says it is a network, the type facet offers organisations and networks; a place named in Kurdish finds the
organisation of that place.

Screenshots: test-artifacts/screenshots/48-search-organisation-<size>-<language>.png.
"""

import pytest
from playwright.sync_api import expect

from accounts.choices import OrganisationKind, Role
from directory import services as directory
from places.models import Place
from tests.factories import make_org, make_practice, make_user, reference_data

from .conftest import shot
from .test_journeys import check_page
from .test_phone import PHONE, fits

pytestmark = pytest.mark.browser


@pytest.fixture
def organisations(transactional_db, live_server, real_search_model):
    reference_data()
    scn = make_org("Strong Cities Network", kind=OrganisationKind.NETWORK, name_alt="شبكة المدن القوية",
                   acronym="SCN", website="https://scn.example.org")
    mosul = make_org("Mosul Municipality", kind=OrganisationKind.LOCAL_GOVERNMENT, name_alt="بلدية الموصل",
                     place=Place.objects.get(code="IQ-NI-D-MOSUL"), public_email="office@mosul.example.org")
    coordinator = make_user("coordinator", role=Role.NATIONAL_COORDINATOR)
    membership = directory.add_membership(actor=coordinator, network=scn, member=mosul)
    directory.change_status(actor=coordinator, membership=membership, status="member")
    author = make_user("author", role=Role.PARTNER)
    make_practice(author, status="published", name="City exchanges on prevention",
                  description="Our city joined the Strong Cities Network and takes part in its exchanges.")
    return scn, mosul


def search(page, words: str) -> None:
    page.get_by_test_id("search-input").fill(words)
    page.get_by_test_id("search-submit").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("search-input")).to_have_value(words)


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize(("lang", "query", "network_label"), [
    ("en", "Strong Cities Network", "Network"), ("ar", "شبكة المدن القوية", "شبكة")])
def test_a_network_is_found_by_name_and_shown_in_both_languages(page, organisations, size, lang, query,
                                                                network_label):
    scn, mosul = organisations
    if size == "phone":
        page.set_viewport_size(PHONE)
    page.goto(f"/{lang}/search/")
    search(page, query)
    first = page.get_by_test_id("search-hit").first
    expect(first).to_contain_text("Strong Cities Network")
    expect(first).to_contain_text("شبكة المدن القوية")
    expect(first.locator(".card-footer")).to_contain_text(network_label)
    assert first.locator("h2 a").get_attribute("href").endswith(f"/directory/organisations/{scn.pk}/")
    assert first.locator("mark").count() >= 1
    if size == "desktop":
        expect(page.get_by_test_id("facet-type")).to_contain_text(network_label)
        check_page(page, lang)
    else:
        fits(page, lang)
    shot(page, f"48-search-organisation-{size}-{lang}")

    # The organisation of a place named in Kurdish; its card lists its network and its office contact.
    search(page, "موسڵ")
    card = page.get_by_test_id("search-hit").filter(has_text="Mosul Municipality")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Organisation" if lang == "en" else "الجهة")
    expect(card.get_by_test_id("organisation-type")).to_have_text("Local government" if lang == "en" else "حكومة محلية")
    card.locator("h2 a").click()
    expect(page.get_by_test_id("name")).to_be_visible()
    assert page.url.endswith(f"/directory/organisations/{mosul.pk}/")
