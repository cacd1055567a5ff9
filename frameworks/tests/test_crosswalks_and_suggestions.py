"""Crosswalks between frameworks and goal suggestions on practices, with the real multilingual model."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.choices import Role
from core.actors import system
from core.models import AuditEntry
from frameworks.models import Crosswalk, Framework, Goal, GoalSuggestion
from frameworks.queries import goals_serving
from frameworks.services import decide_crosswalk, link_goals, suggest_crosswalks
from practices.models import Practice
from practices.services import decide_goal_suggestion, suggest_goals
from tests.factories import make_org, make_practice, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(reference):
    return make_user("coord", role=Role.NATIONAL_COORDINATOR)


def goal(slug, number):
    return Goal.objects.get(framework__slug=slug, number=number)


def test_suggested_crosswalks_pair_youth_with_youth(coordinator):
    euromed, un = Framework.objects.get(slug="euromed-cso-2017"), Framework.objects.get(slug="un-pve-2015")
    links = suggest_crosswalks(actor=coordinator, source=euromed, target=un)
    assert links and all(link.status == "suggested" for link in links)
    youth = [link.target.number for link in links if link.source.number == "6"]
    assert youth and youth[0] == "4", youth  # "role of youth" → "Empowering youth" first
    gender = [link.target.number for link in links if link.source.number == "5"]
    assert "5" in gender  # gender justice → gender equality and empowering women
    assert AuditEntry.objects.filter(action="crosswalk.suggest").count() == 1


def test_decisions_are_kept_and_never_resuggested(coordinator):
    euromed, un = Framework.objects.get(slug="euromed-cso-2017"), Framework.objects.get(slug="un-pve-2015")
    first = suggest_crosswalks(actor=coordinator, source=euromed, target=un)
    rejected, confirmed = first[0], first[1]
    decide_crosswalk(actor=coordinator, crosswalk=rejected, confirm=False)
    decide_crosswalk(actor=coordinator, crosswalk=confirmed, confirm=True, relation="broader")
    suggest_crosswalks(actor=coordinator, source=euromed, target=un)
    rejected.refresh_from_db()
    confirmed.refresh_from_db()
    assert rejected.status == "rejected" and rejected.decided_by == coordinator
    assert (confirmed.status, confirmed.relation) == ("confirmed", "broader")


def test_only_coordinators_decide(reference):
    partner = make_user()
    euromed, un = Framework.objects.get(slug="euromed-cso-2017"), Framework.objects.get(slug="un-pve-2015")
    with pytest.raises(PermissionDenied):
        suggest_crosswalks(actor=partner, source=euromed, target=un)
    link = Crosswalk.objects.create(source=goal("euromed-cso-2017", "6"), target=goal("un-pve-2015", "4"))
    with pytest.raises(PermissionDenied):
        decide_crosswalk(actor=partner, crosswalk=link, confirm=True)


def test_practice_is_listed_under_confirmed_linked_goals_only(coordinator, client):
    partner = make_user()
    youth_euromed, youth_un = goal("euromed-cso-2017", "6"), goal("un-pve-2015", "4")
    practice = make_practice(partner, status="published", goals=[youth_euromed], name="Youth councils")
    link = Crosswalk.objects.create(source=youth_euromed, target=youth_un)  # suggested only
    listed = client.get("/en/practices/", {"goal": youth_un.pk}).context["page"]
    assert list(listed) == []
    decide_crosswalk(actor=coordinator, crosswalk=link, confirm=True)
    assert youth_euromed.pk in goals_serving(youth_un)
    listed = client.get("/en/practices/", {"goal": youth_un.pk}).context["page"]
    assert [p.pk for p in listed] == [practice.pk]


def test_crosswalk_page_shows_suggestions_to_coordinators_and_confirmed_links_to_readers(coordinator, client):
    link_goals(actor=coordinator, source=goal("euromed-cso-2017", "6"), target=goal("un-pve-2015", "4"),
               relation="equivalent")
    Crosswalk.objects.create(source=goal("euromed-cso-2017", "8"), target=goal("un-pve-2015", "7"))
    url = reverse("crosswalks:list") + "?source=euromed-cso-2017&target=un-pve-2015"
    html = client.get(url).content.decode()
    assert html.count('data-testid="crosswalk"') == 1 and "Empowering youth" in html
    client.force_login(coordinator)
    html = client.get(url).content.decode()
    assert html.count('data-testid="crosswalk"') == 2
    response = client.post(reverse("crosswalks:suggest"), {"source": "euromed-cso-2017", "target": "un-pve-2015"})
    assert response.status_code == 302 and Crosswalk.objects.filter(status="suggested").count() > 1
    client.force_login(make_user())
    assert client.post(reverse("crosswalks:suggest"), {"source": "euromed-cso-2017",
                                                       "target": "un-pve-2015"}).status_code == 403
    assert client.get(reverse("crosswalks:list"), {"source": "x"}).status_code == 200


@pytest.fixture
def youth_practice(reference):
    owner = make_user("owner", organisation=make_org("Youth Org"))
    practice = make_practice(
        owner, name="Student debate clubs",
        activity="Secondary-school students in Basra debate local issues with municipal officials every month.",
        description="Young people lead the clubs, choose topics and present proposals to the city council. "
                    "Graduates take vocational training courses and apprenticeships that lead to jobs.",
        beneficiaries="Students aged 14 to 18",
    )
    return owner, practice


def test_goal_suggestions_for_a_practice_are_kept_with_who_and_when(youth_practice):
    owner, practice = youth_practice
    un = Framework.objects.get(slug="un-pve-2015")
    suggestions = suggest_goals(actor=owner, practice=practice, framework=un)
    assert suggestions and suggestions[0].goal.number == "4"  # empowering youth
    assert all(0 <= s.confidence <= 1 and s.reason for s in suggestions)
    top = suggestions[0]
    decide_goal_suggestion(actor=owner, suggestion=top, accept=True)
    top.refresh_from_db()
    assert top.status == "accepted" and top.decided_by == owner and top.decided_at
    link = practice.goal_links.get(goal=top.goal)
    assert link.source == "suggested"
    other = suggestions[1]
    decide_goal_suggestion(actor=owner, suggestion=other, accept=False)
    assert not practice.goal_links.filter(goal=other.goal).exists()
    again = suggest_goals(actor=owner, practice=practice, framework=un)
    assert top.goal not in [s.goal for s in again]  # an accepted goal is linked, not suggested again
    assert GoalSuggestion.objects.get(pk=other.pk).status == "rejected"  # a decision stands


def test_arabic_practice_gets_english_goals(reference):
    owner = make_user(organisation=make_org("Women Org"))
    practice = make_practice(
        owner, name="وسيطات السلام", lang="ar",
        activity="تدريب النساء في الأحياء على الوساطة في النزاعات المحلية وإشراكهن في مجالس المصالحة.",
        description="تقود النساء جلسات حوار بين العائلات وتشارك في اتخاذ القرار المحلي.",
    )
    suggestions = suggest_goals(actor=owner, practice=practice, framework=Framework.objects.get(slug="un-pve-2015"))
    assert suggestions[0].goal.number in {"1", "3", "5"}, [(s.goal.number, s.confidence) for s in suggestions]
    assert "5" in [s.goal.number for s in suggestions]


def test_suggestions_need_change_permission(youth_practice):
    _owner, practice = youth_practice
    un = Framework.objects.get(slug="un-pve-2015")
    with pytest.raises(PermissionDenied):
        suggest_goals(actor=make_user(organisation=make_org("Youth Org 2")), practice=practice, framework=un)
    with pytest.raises(PermissionDenied):
        suggest_goals(actor=AnonymousUser(), practice=practice, framework=un)


def test_suggestion_panel_on_the_practice_page(youth_practice, client):
    owner, practice = youth_practice
    un = Framework.objects.get(slug="un-pve-2015")
    client.force_login(owner)
    detail = client.get(practice.get_absolute_url()).content.decode()
    assert 'data-testid="goal-suggestions"' in detail
    panel = client.post(reverse("practices:suggestions", args=[practice.pk]), {"framework": un.pk},
                        headers={"HX-Request": "true"})
    html = panel.content.decode()
    assert panel.status_code == 200 and "<html" not in html and "Empowering youth" in html
    suggestion = GoalSuggestion.objects.filter(object_id=practice.pk).order_by("-confidence").first()
    decided = client.post(reverse("practices:suggestion-decide", args=[practice.pk, suggestion.pk]),
                          {"decision": "accept"}, headers={"HX-Request": "true"})
    assert decided["HX-Refresh"] == "true"
    assert Practice.objects.get(pk=practice.pk).goal_links.filter(goal=suggestion.goal).exists()
    client.force_login(make_user(organisation=make_org("Youth Org 3")))
    assert client.post(reverse("practices:suggestions", args=[practice.pk]), {"framework": un.pk}).status_code == 404


def test_coverage_columns_link_to_the_practices_behind_them(coordinator, client):
    from practices.queries import coverage

    partner = make_user()
    youth_euromed, youth_un = goal("euromed-cso-2017", "6"), goal("un-pve-2015", "4")
    direct = make_practice(partner, status="published", goals=[youth_un], name="Direct")
    via = make_practice(partner, status="published", goals=[youth_euromed], name="Via")
    link_goals(actor=coordinator, source=youth_euromed, target=youth_un, relation="equivalent")
    row = next(r for r in coverage(youth_un.framework, practices=Practice.objects.all()) if r.goal.pk == youth_un.pk)
    assert (row.direct, row.via, row.total) == (1, 1, 2)

    def listed(**params):
        return [p.pk for p in client.get("/en/practices/", {"goal": youth_un.pk, **params}).context["page"]]

    assert listed(through="direct") == [direct.pk]
    assert listed(through="crosswalks") == [via.pk]
    assert sorted(listed()) == sorted([direct.pk, via.pk])


def test_goal_suggestions_through_the_api(youth_practice):
    from rest_framework.test import APIClient

    owner, practice = youth_practice
    api = APIClient()
    api.force_authenticate(owner)
    url = f"/api/v1/practices/{practice.pk}/"
    response = api.post(url + "suggest-goals/", {"framework": "un-pve-2015", "top": 2}, format="json")
    assert response.status_code == 200, response.content
    rows = response.json()
    assert len(rows) == 2 and rows[0]["number"] == "4" and rows[0]["status"] == "pending"
    decided = api.post(url + "decide-suggestion/", {"suggestion": rows[0]["id"], "decision": "accept"}, format="json")
    assert decided.status_code == 200 and decided.json()["status"] == "accepted"
    numbers = [link["number"] for link in api.get(url).json()["goal_links"]]
    assert "4" in numbers
    again = api.post(url + "decide-suggestion/", {"suggestion": rows[0]["id"], "decision": "reject"}, format="json")
    assert again.status_code == 400
    assert api.post(url + "suggest-goals/", {"framework": "nope"}, format="json").status_code == 400
    stranger = APIClient()
    stranger.force_authenticate(make_user(organisation=make_org("Youth Org 9")))
    assert stranger.post(url + "suggest-goals/", {"framework": "un-pve-2015"}, format="json").status_code == 404


def test_loading_the_shipped_definitions_again_keeps_edits_and_fills_blanks(reference):
    from frameworks.services import load_definitions

    youth = goal("un-pve-2015", "4")
    shipped_description = youth.description_en
    assert shipped_description
    youth.title_ar = "تمكين الشباب"
    youth.description_en = "Edited by a coordinator."
    youth.save()
    other = goal("un-pve-2015", "3")
    other.description_ar = ""
    other.save()
    load_definitions(actor=system("tests"))
    youth.refresh_from_db()
    other.refresh_from_db()
    assert (youth.title_ar, youth.description_en) == ("تمكين الشباب", "Edited by a coordinator.")
    assert other.description_ar  # a blank field gets the shipped text
    assert Goal.objects.filter(framework__slug="un-pve-2015", parent=None).count() == 7
