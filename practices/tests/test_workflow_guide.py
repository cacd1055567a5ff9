"""The practice page says who acts next in the review workflow and what the reader may do, per status and per role,
from the workflow's transitions and the permission tables (practices.workflow)."""

import pytest

from accounts.choices import Role
from practices.models import Practice
from practices.workflow import workflow_guide
from tests.factories import make_org, make_practice, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    ngo = make_org("Peace Builders Baghdad")
    return {
        "owner": make_user("owner", organisation=ngo),
        "other": make_user("other", organisation=make_org("Peace Builders Basra")),
        "coordinator": make_user("coord", role=Role.NATIONAL_COORDINATOR),
        "expert": make_user("expert", role=Role.HUB_EXPERT),
    }


def guide(user, practice):
    return workflow_guide(user, Practice.objects.get(pk=practice.pk))["guide"]


def labels(group):
    return [w["label"] for w in group.who]


def test_a_draft_waits_for_its_organisation(people):
    practice = make_practice(people["owner"], name="Youth radio")
    g = guide(people["owner"], practice)
    assert g.lead.yours and g.lead.moves == ["Submit for review"]
    assert g.yours == ["Submit for review", "Edit the practice"]
    assert [w["name"] for w in g.editors] == ["Peace Builders Baghdad"]
    g = guide(people["coordinator"], practice)
    assert not g.lead.yours and labels(g.lead) == ["the practice's organisation"] and g.yours == []


def test_in_review_waits_for_a_reviewer_and_the_organisation_may_withdraw(people):
    practice = make_practice(people["owner"], status="in_review")
    g = guide(people["owner"], practice)
    assert not g.lead.yours
    assert labels(g.lead) == ["a reviewer (a national coordinator or a hub expert)"]
    assert g.lead.moves == ["Publish", "Return to draft"]
    assert [(labels(o), o.moves, o.yours) for o in g.others] == [
        (["the practice's organisation"], ["Return to draft"], True)]
    assert g.yours == ["Return to draft"]  # it edits no more until it is back to a draft
    for reviewer in ("coordinator", "expert"):
        g = guide(people[reviewer], practice)
        assert g.lead.yours and g.yours == ["Publish", "Return to draft", "Edit the practice"]


def test_published_waits_for_nobody(people):
    practice = make_practice(people["owner"], status="published")
    g = guide(people["owner"], practice)
    assert g.lead is None and not g.final
    assert [(labels(o), o.moves) for o in g.others] == [
        (["the practice's organisation", "a reviewer (a national coordinator or a hub expert)"], ["Unpublish"])]
    assert g.yours == ["Unpublish"]
    assert guide(people["other"], practice).yours == []


def test_the_panel_on_the_page_for_those_who_take_part_in_the_review(people, client):
    practice = make_practice(people["owner"], status="in_review")
    client.force_login(people["owner"])
    html = client.get(f"/en/practices/{practice.pk}/").content.decode()
    panel = html.split('data-testid="workflow-guide"', 1)[1].split("</section>", 1)[0]
    assert "Waiting for a reviewer (a national coordinator or a hub expert):" in panel
    assert "You may:" in panel and "Return to draft" in panel
    client.force_login(people["coordinator"])
    html = client.get(f"/ar/practices/{practice.pk}/").content.decode()
    panel = html.split('data-testid="workflow-guide"', 1)[1].split("</section>", 1)[0]
    assert "دورك:" in panel and "ماذا بعد" in panel
    # A reader of the published library sees no review panel.
    published = make_practice(people["owner"], status="published")
    client.logout()
    assert 'data-testid="workflow-guide"' not in client.get(f"/en/practices/{published.pk}/").content.decode()
