"""Directory pages in English and Arabic: filters, detail, committee tree, network members and their forms."""

import re

import pytest
from django.test import Client

from directory.models import NetworkMembership
from places.models import Place

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'data-testid="organisation-row">\s*<td><a href="[^"]+" lang="\w+" dir="\w+">([^<]+)</a>', html)


def _get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def test_list_filters_by_governorate_including_districts(client, directory):
    nineveh = Place.objects.get(code="IQ-NI")
    names = _names(_get(client, "/en/directory/", place=nineveh.pk))
    assert set(names) == {"Nineveh Sub-committee", "Mosul District Sub-committee", "Mosul Municipality"}


def test_list_filters_by_type_network_and_text(client, directory):
    assert set(_names(_get(client, "/en/directory/", kind="local_government"))) == {
        "Mosul Municipality", "Basra Governorate Office"}
    # Anonymous readers see the network's members only; the candidate appears for a coordinator.
    assert _names(_get(client, "/en/directory/", network=directory["network"].pk)) == ["Mosul Municipality"]
    client.force_login(directory["coordinator"])
    assert set(_names(_get(client, "/en/directory/", network=directory["network"].pk))) == {
        "Mosul Municipality", "Basra Governorate Office"}
    assert _names(_get(client, "/en/directory/", q="scn")) == ["Strong Cities Network"]
    assert _names(_get(client, "/en/directory/", q="الموصل")) == ["Mosul Municipality"]


def test_list_counts_empty_state_and_htmx_partial(client, directory):
    response = _get(client, "/en/directory/")
    assert b"9 organisations" in response.content
    assert b'data-testid="kind-counts"' in response.content
    response = _get(client, "/en/directory/", q="no-such-organisation")
    assert b'data-testid="empty"' in response.content
    partial = client.get("/en/directory/", {"kind": "hub"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and b"MENA Regional Hub" in partial.content


def test_arabic_pages_are_right_to_left(client, directory):
    response = _get(client, "/ar/directory/", place=Place.objects.get(code="IQ-NI").pk)
    html = response.content.decode()
    assert 'dir="rtl"' in html.split(">", 2)[1]
    # In Arabic the Arabic name comes first, marked as Arabic.
    assert 'lang="ar" dir="rtl">بلدية الموصل</a>' in html
    detail = _get(client, f"/ar/directory/organisations/{directory['mosul'].pk}/").content.decode()
    assert '<h1 class="h2 text-start" lang="ar" dir="rtl" data-testid="name">بلدية الموصل</h1>' in detail
    assert 'lang="en" dir="ltr" data-testid="name-alt">Mosul Municipality' in detail


def test_detail_shows_parent_children_networks(client, directory):
    html = _get(client, f"/en/directory/organisations/{directory['nineveh_sub'].pk}/").content.decode()
    assert "National Committee" in html and "Mosul District Sub-committee" in html
    html = _get(client, f"/en/directory/organisations/{directory['mosul'].pk}/").content.decode()
    assert "Strong Cities Network" in html and "2020-03-15" in html
    network = _get(client, f"/en/directory/organisations/{directory['network'].pk}/").content.decode()
    assert "Mosul Municipality" in network and "Basra Governorate Office" not in network
    hub = _get(client, f"/en/directory/organisations/{directory['hub'].pk}/").content.decode()
    assert "Mosul Municipality" in hub and "Basra Governorate Office" not in hub
    assert client.get("/en/directory/organisations/999999/").status_code == 404


def test_committee_tree_grouped_by_governorate(client, directory):
    html = _get(client, "/en/directory/committees/").content.decode()
    assert html.count('data-testid="governorate-group"') == 2
    assert html.index("Nineveh") < html.index("Mosul District Sub-committee")
    assert _get(client, "/ar/directory/committees/").content.decode().count("نينوى") >= 1


def test_network_page_hides_candidates_from_readers(client, directory):
    url = f"/en/directory/networks/{directory['network'].pk}/"
    html = _get(client, url).content.decode()
    assert "Mosul Municipality" in html and "candidate-only-note" not in html and 'data-testid="add-form"' not in html
    client.force_login(directory["partner"])
    assert "candidate-only-note" not in _get(client, url).content.decode()
    client.force_login(directory["basra_user"])
    html = _get(client, url).content.decode()
    assert "candidate-only-note" in html and 'data-testid="status-form"' not in html
    assert client.get(f"/en/directory/networks/{directory['mosul'].pk}/").status_code == 404


def test_network_status_filter(client, directory):
    client.force_login(directory["coordinator"])
    html = _get(client, f"/en/directory/networks/{directory['network'].pk}/", status="candidate").content.decode()
    assert html.count('data-testid="membership-row"') == 1 and "Basra Governorate Office" in html


def test_coordinator_adds_and_moves_a_membership(client, directory):
    client.force_login(directory["coordinator"])
    network = directory["network"]
    html = _get(client, f"/en/directory/networks/{network.pk}/").content.decode()
    assert 'data-testid="add-form"' in html and 'data-testid="status-form"' in html
    response = client.post(f"/en/directory/networks/{network.pk}/members/add/", {
        "member": directory["ngo"].pk, "hub": directory["hub"].pk, "status": "candidate", "note": "new"},
        follow=True)
    assert b"was added" in response.content
    membership = NetworkMembership.objects.get(member=directory["ngo"])
    prefix = f"m{membership.pk}"
    response = client.post(f"/en/directory/memberships/{membership.pk}/status/", {
        f"{prefix}-status": "member", f"{prefix}-comment": "Welcomed at the summit", f"{prefix}-on": ""},
        follow=True)
    assert b"is now: Member" in response.content
    membership.refresh_from_db()
    assert membership.status == "member" and membership.member_since == membership.candidate_since  # both today
    response = client.post(f"/en/directory/memberships/{membership.pk}/status/", {
        f"{prefix}-status": "withdrawn", f"{prefix}-on": "2000-01-01"}, follow=True)
    assert b"cannot be dated before" in response.content
    response = client.post(f"/en/directory/memberships/{membership.pk}/status/", {
        f"{prefix}-status": "withdrawn"}, follow=True)
    assert b"is now: Withdrawn" in response.content
    response = client.post(f"/en/directory/memberships/{membership.pk}/status/", {f"{prefix}-status": "suspended"},
                           follow=True)
    assert b"not possible" in response.content


def test_others_may_not_post(client, directory):
    network = directory["network"]
    response = client.post(f"/en/directory/networks/{network.pk}/members/add/", {"member": directory["ngo"].pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(directory["partner"])
    assert client.post(f"/en/directory/networks/{network.pk}/members/add/",
                       {"member": directory["ngo"].pk}).status_code == 403
    candidate = directory["candidate"]
    assert client.post(f"/en/directory/memberships/{candidate.pk}/status/",
                       {f"m{candidate.pk}-status": "member"}).status_code == 404
    assert client.post(f"/en/directory/memberships/{directory['member'].pk}/status/",
                       {f"m{directory['member'].pk}-status": "suspended"}).status_code == 403
    client.force_login(directory["basra_user"])
    assert client.post(f"/en/directory/memberships/{candidate.pk}/status/",
                       {f"m{candidate.pk}-status": "member"}).status_code == 403
    candidate.refresh_from_db()
    assert candidate.status == "candidate"
    assert client.get(f"/en/directory/memberships/{candidate.pk}/status/").status_code == 405


@pytest.fixture
def client():
    return Client()
