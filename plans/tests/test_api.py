"""The plans API: summary versus full plans, actions hidden from summary readers, transitions and progress
updates through the services, the overview and the coverage matrix."""

import pytest
from rest_framework.test import APIClient

from accounts.choices import OrganisationKind, Role
from places.models import Place
from plans import services
from tests.factories import make_org, make_plan, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference):
    focal = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=make_org("Anbar sub-committee",
                                                                          kind=OrganisationKind.COMMITTEE,
                                                                          place=Place.objects.get(code="IQ-AN")))
    public = make_plan(focal, place_code="IQ-AN", status="in_implementation", actions=1, summary="Public summary",
                       title="Anbar plan")
    services.set_public(actor=focal, plan=public, is_public=True)
    action = public.actions.get()
    services.set_action_status(actor=focal, action=action, status="ongoing")
    action.title = "secret-action-title"
    action.save()
    private = make_plan(focal, place_code="IQ-AN", year=2030, title="Private plan")
    return {"focal": focal, "public": public, "private": private, "action": action}


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_an_anonymous_reader_gets_the_public_summary_only(world):
    response = _client().get("/api/v1/plans/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["title"] for r in rows] == ["Anbar plan"]
    assert rows[0]["detail"] is False and rows[0]["actions"] == [] and rows[0]["summary"] == "Public summary"
    assert _client().get(f"/api/v1/plans/{world['private'].pk}/").status_code == 404
    actions = _client().get("/api/v1/actions/").json()
    assert actions["count"] == 0 and "secret-action-title" not in str(actions)
    assert _client().get(f"/api/v1/actions/{world['action'].pk}/").status_code == 404


def test_the_owner_sees_both_plans_in_full(world):
    rows = _client(world["focal"]).get("/api/v1/plans/").json()["results"]
    assert {r["title"]: r["detail"] for r in rows} == {"Anbar plan": True, "Private plan": True}
    actions = _client(world["focal"]).get(f"/api/v1/actions/?plan={world['public'].pk}").json()["results"]
    assert [a["title"] for a in actions] == ["secret-action-title"]
    assert actions[0]["indicators"][0]["target"] == "10.00"


def test_transitions_go_through_the_services(world):
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    plan = world["private"]
    url = f"/api/v1/plans/{plan.pk}/transition/"
    assert _client(world["focal"]).post(url, {"to_status": "approved"}, format="json").status_code == 400
    assert _client(world["focal"]).post(url, {"to_status": "submitted"}, format="json").status_code == 200
    assert _client(world["focal"]).post(url, {"to_status": "approved"}, format="json").status_code == 403
    answer = _client(coordinator).post(url, {"to_status": "changes_requested"}, format="json")
    assert answer.status_code == 400 and "comment" in answer.json()
    answer = _client(coordinator).post(url, {"to_status": "approved", "comment": "Good"}, format="json")
    assert answer.status_code == 200 and answer.json()["status"] == "approved"


def test_progress_updates_belong_to_their_organisation(world):
    indicator = world["action"].indicators.get()
    partner_org = make_org("Partner NGO")
    world["action"].partners.create(organisation=partner_org, kind="civil_society")
    partner, stranger = make_user(organisation=partner_org), make_user()
    payload = {"indicator": indicator.pk, "date": "2025-03-01", "value": "4", "narrative": "Two sessions"}
    created = _client(partner).post("/api/v1/progress-updates/", payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["organisation"] == partner_org.pk
    # A stranger cannot even name the indicator, and sees no update.
    assert _client(stranger).post("/api/v1/progress-updates/", payload, format="json").status_code == 400
    assert _client(stranger).get("/api/v1/progress-updates/").json()["count"] == 0
    # One value per indicator per reporting period (quarterly here): the second one names the first one's date.
    again = _client(world["focal"]).post("/api/v1/progress-updates/", payload | {"date": "2025-02-10"}, format="json")
    assert again.status_code == 400 and "2025-03-01" in again.json()["date"][0]
    mine = _client(world["focal"]).post("/api/v1/progress-updates/", payload | {"value": "5", "date": "2025-04-01"},
                                        format="json").json()
    url = f"/api/v1/progress-updates/{mine['id']}/"
    assert _client(partner).patch(url, {"value": "1"}, format="json").status_code == 403
    assert _client(world["focal"]).patch(url, {"value": "6"}, format="json").json()["value"] == "6.00"
    assert _client(partner).delete(url).status_code == 403


def test_overview_and_coverage(world):
    overview = _client().get("/api/v1/plans/overview/").json()
    anbar = next(g for g in overview["governorates"] if g["governorate"] == "IQ-AN")
    assert overview["plans"] == 1 and anbar["plans"] == [world["public"].pk]
    assert len(overview["governorates"]) == 19
    coverage = _client().get("/api/v1/plans/coverage/?framework=euromed-cso-2017").json()
    column = coverage["governorates"].index("IQ-AN")
    assert coverage["goals"][0]["counts"][column] == 1
    assert _client().get("/api/v1/plans/coverage/?framework=nope").status_code == 400


def test_the_plan_list_counts_people_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    from tests.factories import make_plan as plan_for

    client = _client(world["focal"])
    client.get("/api/v1/plans/")  # warm
    with django_assert_max_num_queries(30) as few:
        client.get("/api/v1/plans/")
    for n in range(4):
        plan_for(world["focal"], place_code="IQ-AN", year=2040 + 3 * n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = client.get("/api/v1/plans/").json()["results"]
    assert len(rows) == 6 and all(len(r["people_reached"]) == 8 for r in rows)


def test_plan_and_action_lists_filter_through_the_pages_filtersets(world):
    focal, public, private = world["focal"], world["public"], world["private"]
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    basra_focal = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=make_org(
        "Basra sub-committee", kind=OrganisationKind.COMMITTEE, place=Place.objects.get(code="IQ-BA")))
    other = make_plan(basra_focal, place_code="IQ-BA", title="Basra plan", actions=2)
    client = _client(coordinator)

    def titles(query):
        response = client.get(f"/api/v1/plans/?{query}")
        assert response.status_code == 200, response.content
        return sorted(r["title"] for r in response.json()["results"])

    anbar, basra = public.governorate_id, other.governorate_id
    assert titles(f"governorate={anbar}") == ["Anbar plan", "Private plan"]
    assert titles(f"governorate={basra}") == ["Basra plan"]
    assert titles("status=in_implementation") == ["Anbar plan"]
    assert titles(f"governorate={anbar}&status=draft") == ["Private plan"]
    # Parameters the API did not have before, from PlanFilterSet: search words, year, owner, framework.
    assert titles("q=basra") == ["Basra plan"]
    assert titles("year=2030") == ["Private plan"]
    assert titles(f"owner={focal.memberships.get().organisation_id}") == ["Anbar plan", "Private plan"]
    assert client.get("/api/v1/plans/?status=no-such-status").status_code == 400

    def action_plans(query, user=coordinator):
        response = _client(user).get(f"/api/v1/actions/?{query}")
        assert response.status_code == 200, response.content
        return sorted(a["plan"] for a in response.json()["results"])

    assert action_plans(f"plan={other.pk}") == [other.pk, other.pk]
    assert action_plans(f"governorate={anbar}") == [public.pk, private.pk]
    assert action_plans("status=ongoing") == [public.pk]
    goal = world["action"].goals.get()
    assert action_plans(f"goal={goal.pk}&governorate={basra}") == [other.pk, other.pk]
    # A plan the reader may not see in full lists no action, whatever the filter.
    assert action_plans(f"plan={other.pk}", user=focal) == []


def test_plans_actions_and_updates_carry_id_url_and_display(world):
    client = _client(world["focal"])
    plan = client.get(f"/api/v1/plans/{world['public'].pk}/").json()
    assert plan["id"] == world["public"].pk and plan["display"] == "Anbar plan"
    assert plan["url"].endswith(f"/api/v1/plans/{world['public'].pk}/")
    action = client.get("/api/v1/actions/", {"plan": world["public"].pk}).json()["results"][0]
    assert action["id"] == world["action"].pk and action["display"] == f"1 {world['action'].title}"
    assert action["url"].endswith(f"/api/v1/actions/{world['action'].pk}/")
    indicator = world["action"].indicators.get()
    created = client.post("/api/v1/progress-updates/", {"indicator": indicator.pk, "date": "2025-03-01",
                                                        "value": "4"}, format="json").json()
    assert created["url"].endswith(f"/api/v1/progress-updates/{created['id']}/")
    assert created["display"] == f"{indicator.name}: 4.00 (2025-03-01)"
