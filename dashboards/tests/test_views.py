"""The dashboard pages: who may open which (403 with the usual page otherwise) and what a page shows — the map, a
card per panel with its chart data and its table twin, the period chooser, the as-of line, the breadcrumbs."""

import json
import re

import pytest
from django.utils.translation import override

from accounts.choices import OrganisationKind, Role
from places.models import Place
from tests.factories import make_org, make_user, reference_data

from .samples import use_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(monkeypatch):
    reference_data()
    use_sample(monkeypatch)
    nineveh = Place.objects.get(code="IQ-NI")
    committee = make_org("Nineveh sub-committee", kind=OrganisationKind.COMMITTEE, place=nineveh)
    return {
        "coordinator": make_user("coord", role=Role.NATIONAL_COORDINATOR,
                                 organisation=make_org("Committee", kind=OrganisationKind.NATIONAL_BODY)),
        "focal": make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=committee),
        "partner": make_user("partner", role=Role.PARTNER),
        "nineveh": nineveh,
    }


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(("who", "url", "status"), [
    ("coordinator", "/en/dashboards/national/", 200),
    ("focal", "/en/dashboards/national/", 403),
    ("partner", "/en/dashboards/national/", 403),
    (None, "/en/dashboards/national/", 302),  # to the login page
    ("coordinator", "/en/dashboards/place/IQ-BG/", 200),
    ("focal", "/en/dashboards/place/IQ-NI/", 200),
    ("focal", "/en/dashboards/place/IQ-BG/", 403),
    ("partner", "/en/dashboards/place/IQ-NI/", 403),
    (None, "/en/dashboards/place/IQ-NI/", 302),
    (None, "/en/dashboards/public/", 200),
    (None, "/en/dashboards/public/IQ-BG/", 200),
    ("partner", "/en/dashboards/public/", 200),
    (None, "/en/dashboards/", 200),
    (None, "/en/dashboards/public/NOWHERE/", 404),
    ("coordinator", "/en/dashboards/place/IQ/", 404),  # the country is the national dashboard
])
def test_who_may_open_which_dashboard(client, people, who, url, status):
    response = _get(client, people.get(who), url)
    assert response.status_code == status
    if status == 302:
        assert "/accounts/login/" in response["Location"]
    if status == 403:
        assert b'data-testid="refusal-reason"' in response.content  # the usual 403 page, with its reason


def test_a_focal_point_opens_the_districts_of_the_governorate_it_plans_for(client, people):
    district = people["nineveh"].children.first()
    assert _get(client, people["focal"], f"/en/dashboards/place/{district.code}/").status_code == 200


def test_the_national_page_shows_every_panel_with_its_chart_and_table_twin(client, people):
    html = _get(client, people["coordinator"], "/en/dashboards/national/").content.decode()
    assert 'data-testid="as-of"' in html and "Figures as of 7 December 2026, 21:40" in html
    panels = re.findall(r'data-panel="([a-z_]+)"', html)
    assert panels == ["plans_by_status", "actions_by_status", "progress_by_goal", "coverage", "events_held"]
    # A chart: its canvas and the JSON charts.js draws, the same numbers as the table twin.
    data = json.loads(re.search(r'<script id="chart-data-actions_by_status" type="application/json">(.*?)</script>',
                                html, re.S).group(1))
    assert data["datasets"][0]["data"] == [27, 14, 3]
    assert 'data-chart="chart-data-actions_by_status"' in html
    twin = html.split('data-panel="actions_by_status"')[1].split("</section>")[0]
    assert re.findall(r'data-value-kind="number"><bdi>(\d+)</bdi>', twin) == ["27", "14", "3"]
    # The coverage panel is a table only, "no data" apart from 0.
    coverage = html.split('data-panel="coverage"')[1].split("</section>")[0]
    assert "<canvas" not in coverage
    assert '<td class="text-end" data-value-kind="no_data"><bdi>no data</bdi>' in coverage
    assert '<td class="text-end" data-value-kind="number"><bdi>0</bdi>' in coverage
    # An empty panel says what would fill it and draws nothing.
    empty = html.split('data-panel="events_held"')[1].split("</section>")[0]
    assert "Events appear here once their minutes are approved." in empty and "<canvas" not in empty
    # A percent panel writes its unit.
    assert "62.5%" in html
    # Governorates link down to their own dashboards.
    assert 'href="/en/dashboards/place/IQ-BG/"' in html
    # No inline script: only JSON data blocks and files.
    assert not re.search(r"<script(?![^>]*(src=|application/json))", html)


def test_the_map_has_the_19_governorates_and_a_legend(client, people):
    html = _get(client, people["coordinator"], "/en/dashboards/national/").content.decode()
    box = html.split('data-testid="map"')[1].split("</figure>")[0]
    assert len(re.findall(r'<path d="[^"]+"[^>]*data-code="IQ-[A-Z-]+"', box)) == 19
    assert len(re.findall(r'data-label="IQ-', box)) == 19
    assert 'dir="ltr"' in box and "<text" not in box
    legend = box.split('data-testid="map-legend"')[1]
    assert 'data-legend="no_data"' in legend and 'data-legend="zero"' in legend
    assert 'data-legend="hidden"' not in legend  # nothing is hidden from a coordinator
    # The map's own table twin: a row per governorate, with what the map writes on it.
    table = box.split('data-testid="map-table"')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + 19
    assert re.search(r'<bdi lang="en">Baghdad</bdi></a></th><td class="text-end">\d+</td>', table)
    # The measure chooser: another measure, kept with the period.
    html = _get(client, None, "/en/dashboards/national/?measure=progress&period=2026").content.decode()
    assert 'data-measure="progress"' in html
    assert '<option value="2026" selected>' in html
    assert '<input type="hidden" name="measure" value="progress">' in html


def test_the_public_page_hides_small_groups_as_less_than_k(client, people):
    html = _get(client, None, "/en/dashboards/public/").content.decode()
    assert 'data-testid="hidden-note"' in html
    twin = html.split('data-panel="actions_by_status"')[1].split("</section>")[0]
    assert '<td class="text-end" data-value-kind="hidden"><bdi>&lt; 5</bdi></td>' in twin
    chart = json.loads(re.search(r'id="chart-data-actions_by_status" type="application/json">(.*?)</script>',
                                 html, re.S).group(1))
    assert chart["datasets"][0]["data"] == [27, 14, None]  # a hidden group is drawn as no bar
    legend = html.split('data-testid="map-legend"')[1].split("</ul>")[0]
    assert 'data-legend="hidden"' in legend and "&lt; 5" in legend
    # Its governorates link to their public pages, never to the restricted ones.
    assert 'href="/en/dashboards/public/IQ-BG/"' in html and "/dashboards/place/" not in html


def test_breadcrumbs_run_from_the_country_down_to_the_district(client, people):
    district = people["nineveh"].children.order_by("name_en").first()
    html = _get(client, people["coordinator"], f"/en/dashboards/place/{district.code}/").content.decode()
    crumbs = html.split('data-testid="breadcrumbs"')[1].split("</ol>")[0]
    assert 'href="/en/dashboards/national/"' in crumbs and 'href="/en/dashboards/place/IQ-NI/"' in crumbs
    assert f"<bdi>{district.name_en}</bdi>" in crumbs
    # A district has no smaller areas: the map says so instead of drawing.
    assert 'data-testid="map-message"' in html
    # A focal point's country crumb leads to the index, not to the national dashboard it may not open.
    client.logout()
    html = _get(client, people["focal"], "/en/dashboards/place/IQ-NI/").content.decode()
    crumbs = html.split('data-testid="breadcrumbs"')[1].split("</ol>")[0]
    assert "/dashboards/national/" not in crumbs


def test_an_unknown_period_is_said(client, people, monkeypatch):
    html = _get(client, people["coordinator"], "/en/dashboards/national/?period=1999-Q9").content.decode()
    assert 'data-testid="period-unknown"' in html and "1999-Q9" in html


def test_the_index_lists_what_each_reader_may_open(client, people):
    html = _get(client, None, "/en/dashboards/").content.decode()
    assert 'data-testid="dashboard-public"' in html and 'data-testid="dashboard-national"' not in html
    assert 'data-testid="index-open-data"' in html
    html = _get(client, people["coordinator"], "/en/dashboards/").content.decode()
    assert 'data-testid="dashboard-national"' in html
    client.logout()
    html = _get(client, people["focal"], "/en/dashboards/").content.decode()
    assert 'data-testid="dashboard-national"' not in html
    assert re.findall(r'data-testid="dashboard-place" data-code="([A-Z-]+)"', html) == ["IQ-NI"]
    client.logout()
    html = _get(client, people["coordinator"], "/en/dashboards/").content.decode()
    assert len(re.findall(r'data-testid="dashboard-place"', html)) == 19


def test_the_menu_and_footer_link_dashboards_and_open_data(client, people):
    html = _get(client, None, "/en/dashboards/").content.decode()
    assert re.search(r'href="/en/dashboards/" data-testid="nav-dashboards"', html)
    assert 'data-testid="footer-open-data"' in html


def test_the_arabic_page_is_in_arabic(client, people):
    with override("ar"):
        html = _get(client, people["coordinator"], "/ar/dashboards/national/").content.decode()
    assert 'dir="rtl"' in html
    for english in ("Figures as of", "The figures as a table", "no data", "Map of the governorates", "Period"):
        assert english not in html, english
    assert "لا بيانات" in html


def test_the_pages_lay_out_what_build_counts(client):
    """Without the hand-made dashboard: the real `dashboards.data.build`, its panel keys and its map."""
    from tests.factories import make_plan

    reference_data()
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR,
                            organisation=make_org(kind=OrganisationKind.NATIONAL_BODY))
    make_plan(coordinator, place_code="IQ-BG", status="approved", actions=2)
    html = _get(client, coordinator, "/en/dashboards/national/").content.decode()
    panels = set(re.findall(r'data-panel="([a-z_]+)"', html))
    assert {"plans_by_status", "actions_by_status", "progress_by_goal", "coverage", "indicators_behind",
            "overdue_updates", "needs_by_severity", "requests_by_stage", "service_levels",
            "recommendations_by_response", "recommendations_by_status", "events_held",
            "participation_by_type"} <= panels
    box = html.split('data-testid="map"')[1].split("</figure>")[0]
    assert len(re.findall(r'<path d="[^"]+"[^>]*data-code="IQ-', box)) == 19
    assert re.search(r'data-label="IQ-BG".*?<span class="dash-map-value" data-value-of="IQ-BG">1</span>', box, re.S)
    public = _get(client, None, "/en/dashboards/public/IQ-BG/").content.decode()
    assert 'data-testid="hidden-note"' in public
