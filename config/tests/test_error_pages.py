"""A 403 says why and links back to where the reader was; a 405 says which methods the address takes. Both
languages; the API keeps its JSON answers."""

import pytest

from accounts.choices import OrganisationKind, Role
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db

WHY = {"en": "You may not add members to networks.", "ar": "لا يحق لك إضافة أعضاء إلى الشبكات."}
BACK = {"en": "Back to the previous page", "ar": "العودة إلى الصفحة السابقة"}
DIRECTORY = {"en": "Back to the directory", "ar": "العودة إلى الدليل"}


@pytest.fixture
def network():
    return make_org("Strong Cities Network", kind=OrganisationKind.NETWORK)


def _back_link(page: str) -> str:
    start = page.index('data-testid="back-link"')
    return page[page.rindex("<a", 0, start):page.index("</a>", start) + 4]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_403_says_why_and_links_back_to_the_page_the_reader_came_from(client, network, lang):
    client.force_login(make_user(role=Role.PARTNER))
    came_from = f"http://testserver/{lang}/directory/networks/{network.pk}/"
    response = client.post(f"/{lang}/directory/networks/{network.pk}/members/add/", {}, HTTP_REFERER=came_from)
    assert response.status_code == 403
    page = response.content.decode()
    assert WHY[lang] in page
    link = _back_link(page)
    assert f'href="{came_from}"' in link and BACK[lang] in link


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_403_without_a_page_of_this_site_to_go_back_to_links_to_the_sections_list(client, network, lang):
    client.force_login(make_user(role=Role.PARTNER))
    url = f"/{lang}/directory/networks/{network.pk}/members/add/"
    for referer in ({}, {"HTTP_REFERER": "https://elsewhere.example/x"}):
        response = client.post(url, {}, **referer)
        assert response.status_code == 403
        link = _back_link(response.content.decode())
        assert f'href="/{lang}/directory/"' in link and DIRECTORY[lang] in link
        assert "elsewhere" not in response.content.decode()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_405_page_names_the_method_it_takes(client, network, lang):
    client.force_login(make_user(role=Role.PARTNER))
    response = client.get(f"/{lang}/directory/networks/{network.pk}/members/add/")
    assert response.status_code == 405 and response["Allow"] == "POST"
    page = response.content.decode()
    assert f'<html lang="{lang}"' in page
    words = {"en": "This address does not take a GET request.", "ar": "لا يقبل هذا العنوان طلب GET."}
    assert words[lang] in page and '<bdi dir="ltr">POST</bdi>' in page
    assert 'data-testid="back-link"' in page


def test_the_api_keeps_its_json_405(client):
    response = client.post("/api/v1/places/", {})
    assert response.status_code in (403, 405)
    assert response["Content-Type"].startswith("application/json")
