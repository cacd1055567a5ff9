"""The directory pages over the demo data set: the committee tree, the Strong Cities Network, the filters."""

import pytest
from django.test import Client

from accounts.models import Organisation, User
from demo.loader import load_demo
from places.models import Place

pytestmark = pytest.mark.django_db


def test_demo_directory(django_assert_max_num_queries):
    load_demo()
    client = Client()
    html = client.get("/en/directory/committees/").content.decode()
    for name in ("Baghdad Sub-committee", "Nineveh Sub-committee", "Al Anbar Sub-committee", "Basra Sub-committee",
                 "Diyala Sub-committee", "Salah ad Din Sub-committee", "Mosul District Sub-committee"):
        assert name in html, name
    network = Organisation.objects.get(name="Strong Cities Network")
    page = client.get(f"/ar/directory/networks/{network.pk}/").content.decode()
    assert page.count('data-testid="membership-row"') == 3  # members only, for a reader
    client.force_login(User.objects.get(username="coordinator"))
    with django_assert_max_num_queries(40):
        page = client.get(f"/ar/directory/networks/{network.pk}/").content.decode()
    assert page.count('data-testid="membership-row"') == 8
    anbar = Place.objects.get(code="IQ-AN")
    listing = client.get("/en/directory/", {"place": anbar.pk, "network": network.pk}).content.decode()
    assert "Fallujah Municipality" in listing and "Ramadi Municipality" in listing
    with django_assert_max_num_queries(25):
        assert client.get("/en/directory/").status_code == 200
    hub = Organisation.objects.get(name="MENA Regional Hub for Local Prevention")
    assert "Tikrit Municipality" in client.get(f"/en/directory/organisations/{hub.pk}/").content.decode()
