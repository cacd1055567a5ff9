"""What changed in a practice since it was last sent for review: what each submission keeps, the diff (plain
Python), and the panel on the page for its organisation and reviewers."""

import re

import pytest
from django.utils import translation

from accounts.choices import Role
from frameworks.models import Goal
from practices.models import Practice, ReviewStep
from practices.review import compare, shown
from practices.services import transition_practice, update_practice
from tests.factories import make_org, make_practice, make_user

pytestmark = pytest.mark.django_db

OLD = {"name": "Youth radio", "location": "Basra", "organisation_name": "Tigris Peace Network", "period": "2020–2023",
       "activity": "A weekly programme.", "objectives": "", "description": "Volunteers produce it.",
       "beneficiaries": "Listeners", "goals": [3], "goal_labels": {"3": "EMCSO 2"}, "lang": "en"}


def test_no_change():
    assert compare(OLD, dict(OLD)) == []
    assert compare(OLD, {**OLD, "activity": "A weekly programme.  "}) == []  # spaces around are not a change


def test_changed_text_and_goals_in_the_order_of_the_page():
    new = {**OLD, "activity": "A daily programme.", "objectives": "Local voices.", "goals": [3, 7],
           "goal_labels": {"3": "EMCSO 2", "7": "EMCSO 6"}, "name": "Youth radio for peace"}
    changes = compare(OLD, new)
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("name", "Youth radio", "Youth radio for peace"), ("activity", "A weekly programme.", "A daily programme."),
        ("objectives", "", "Local voices."), ("goals", [3], [3, 7])]
    with translation.override("en"):
        rows = shown(changes, OLD, new, goals={7: "NS 6"})
    assert [(r["label"], r["old"], r["new"], r["text"]) for r in rows] == [
        ("Name", "Youth radio", "Youth radio for peace", True),
        ("Activity", "A weekly programme.", "A daily programme.", True),
        ("Objectives", "—", "Local voices.", True),
        ("Goals served", "EMCSO 2", "EMCSO 2, NS 6", False)]
    with translation.override("ar"):
        assert shown(changes, OLD, new)[1]["label"] == "النشاط"


@pytest.fixture
def people(reference):
    ngo = make_org("Peace Builders Baghdad")
    return {"owner": make_user("owner", organisation=ngo),
            "other": make_user("other", organisation=make_org("Peace Builders Basra")),
            "coordinator": make_user("coord", role=Role.NATIONAL_COORDINATOR)}


def test_a_second_submission_shows_what_changed(people, client):
    owner, coordinator = people["owner"], people["coordinator"]
    goal = Goal.objects.filter(framework__slug="euromed-cso-2017", parent=None).order_by("position").first()
    practice = make_practice(owner, status="in_review", name="Youth radio", activity="A weekly programme.",
                             goals=[goal])
    first = ReviewStep.objects.get(practice=practice, to_status="in_review")
    assert first.content["activity"] == "A weekly programme." and first.content["goals"] == [goal.pk]
    client.force_login(coordinator)
    html = client.get(f"/en/practices/{practice.pk}/").content.decode()
    assert "This is the practice's first submission: there is nothing to compare with." in html

    transition_practice(actor=coordinator, practice=practice, to_status="draft", comment="Say how often.")
    practice = Practice.objects.get(pk=practice.pk)
    update_practice(actor=owner, practice=practice, goals=[goal], activity="A daily programme, every evening.")
    transition_practice(actor=owner, practice=Practice.objects.get(pk=practice.pk), to_status="in_review")
    html = client.get(f"/en/practices/{practice.pk}/").content.decode()
    panel = html.split('data-testid="changes"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'data-testid="diff-old">([^<]*)</del>', panel) == ["A weekly programme."]
    assert re.findall(r'data-testid="diff-new">([^<]*)</ins>', panel) == ["A daily programme, every evening."]
    # Its organisation sees it too; another organisation does not see the practice in review at all.
    client.force_login(owner)
    assert 'data-testid="changes"' in client.get(f"/en/practices/{practice.pk}/").content.decode()
    client.force_login(people["other"])
    assert client.get(f"/en/practices/{practice.pk}/").status_code == 404
    # Other moves keep nothing.
    assert ReviewStep.objects.get(practice=practice, to_status="draft", from_status="in_review").content is None
