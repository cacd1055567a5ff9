"""The menu on every page: the Import item leads each role to the importers its permissions allow (a dropdown
when there are several), the API links sit in the account menu (and the footer), not in the main menu."""

from __future__ import annotations

import re

import pytest

from accounts.choices import OrganisationKind, Role
from config.context_processors import importers_for
from places.models import Place
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db


def _testids(user):
    return [i.testid for i in importers_for(user)]


def test_each_role_is_led_to_its_importers(reference):
    from django.contrib.auth.models import AnonymousUser

    committee = make_org("Nineveh committee", kind=OrganisationKind.COMMITTEE, place=Place.objects.get(code="IQ-NI"))
    national = make_org("National body", kind=OrganisationKind.NATIONAL_BODY)
    assert _testids(make_user(role=Role.PARTNER)) == ["import-compendium"]
    assert _testids(make_user(role=Role.LOCAL_FOCAL_POINT, organisation=committee)) == ["import-plan", "import-compendium"]
    assert _testids(make_user(role=Role.NATIONAL_COORDINATOR, organisation=national)) == [
        "import-compendium", "import-plan"]
    assert _testids(make_user(role=None)) == []  # an account with no organisation imports nothing
    assert _testids(AnonymousUser()) == []


def _nav(client, url="/en/practices/"):
    html = client.get(url).content.decode()
    return html, html[html.index('<ul class="navbar-nav me-auto">'):html.index('data-testid="account-area"')]


def test_the_menu_shows_one_link_or_a_dropdown(client, reference):
    partner = make_user(role=Role.PARTNER)
    client.force_login(partner)
    _html, nav = _nav(client)
    assert re.search(r'<a class="nav-link" href="/en/documents/import/" data-testid="nav-import"', nav)
    assert "dropdown" not in nav and "/api/docs/" not in nav

    coordinator = make_user(role=Role.NATIONAL_COORDINATOR, organisation=make_org(kind=OrganisationKind.NATIONAL_BODY))
    client.force_login(coordinator)
    _html, nav = _nav(client)
    assert 'data-testid="nav-import-menu"' in nav
    items = re.findall(r'<a class="dropdown-item" href="([^"]+)" data-testid="(import-[a-z]+)"', nav)
    assert items == [("/en/documents/import/", "import-compendium"), ("/en/plans/import/", "import-plan")]


def test_api_links_live_in_the_account_menu_and_the_footer(client, reference):
    html, nav = _nav(client)
    assert "/api/docs/" not in nav and 'data-testid="account-menu"' not in html and "nav-import" not in nav
    assert 'href="/api/docs/" data-testid="footer-api-docs"' in html
    client.force_login(make_user(role=Role.PARTNER))
    html, _nav_part = _nav(client)
    account = html[html.index('data-testid="account-menu"'):html.index("</nav>")]
    assert 'href="/en/accounts/tokens/" data-testid="account-token"' in account
    assert 'href="/api/docs/" data-testid="account-api-docs"' in account
    assert 'data-testid="menu-toggle"' in html and 'class="collapse navbar-collapse" id="main-menu"' in html


def test_the_filters_button_counts_what_is_set(client, reference):
    html = client.get("/en/practices/").content.decode()
    assert 'data-testid="filters-toggle" data-active="0">Filters (0 active)</button>' in html
    html = client.get("/en/practices/?q=radio&lang=en").content.decode()
    assert 'data-active="2">Filters (2 active)</button>' in html
    html = client.get("/ar/practices/?q=radio").content.decode()
    assert 'data-active="1">عوامل التصفية (واحد مفعّل)</button>' in html
