"""Related records: the registry in core, its template tag, and its use by events on the plan page (actions) and the
support request page — neither of which imports events."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import connection
from django.http import HttpResponse
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, include, path, reverse

from core import links

ROOT = Path(__file__).resolve().parents[2]


# --- the registry ----------------------------------------------------------------------------------------------------

class Thing:
    """Stands for a model instance: `_meta.label_lower` and `pk` are all the registry reads."""

    class _meta:  # noqa: N801 - as Django names it
        label_lower = "tests.thing"

    def __init__(self, pk):
        self.pk = pk


@pytest.fixture
def registered():
    asked = []

    def one(user, obj):
        asked.append(("one", obj.pk))
        return [(f"Record {obj.pk}", f"/records/{obj.pk}/")] if obj.pk % 2 else []

    def many(user, objs):
        asked.append(("many", [o.pk for o in objs]))
        return {o.pk: [(f"Record {o.pk}", f"/records/{o.pk}/")] for o in objs if o.pk % 2}

    def other(user, obj):
        return [("Elsewhere", "/elsewhere/")] if user == "reader" else []

    links.register_related("tests.Thing", one, title="Records", many=many)
    links.register_related("tests.thing", other)
    links.register_related("tests.thing", other)  # again: replaced, not doubled
    yield asked
    links.unregister_related("tests.thing", one)
    links.unregister_related("tests.thing", other)


def test_related_gathers_every_registered_source_for_the_reader(registered):
    assert links.related("reader", Thing(3)) == [("Record 3", "/records/3/"), ("Elsewhere", "/elsewhere/")]
    assert links.related("someone", Thing(3)) == [("Record 3", "/records/3/")]
    assert links.related("someone", Thing(2)) == []
    assert links.related_groups("reader", Thing(2)) == [("", [("Elsewhere", "/elsewhere/")])]
    assert len(links.registered("tests.thing")) == 2
    assert links.related("reader", type("Other", (), {"_meta": type("M", (), {"label_lower": "x.y"}), "pk": 1})) == []


def test_attach_related_asks_a_source_once_for_a_whole_list(registered):
    things = links.attach_related("someone", [Thing(1), Thing(2), Thing(3)])
    assert registered == [("many", [1, 2, 3])]
    assert [t.related_groups for t in things] == [
        [("Records", [("Record 1", "/records/1/")])], [], [("Records", [("Record 3", "/records/3/")])]]
    assert links.attach_related("someone", []) == []


def test_the_tag_shows_attached_links_or_asks_for_one_record(registered):
    template = Template("{% load links %}{% related_links thing %}")
    listed = links.attach_related("someone", [Thing(1)])[0]
    html = template.render(Context({"thing": listed, "user": "someone"}))
    assert 'href="/records/1/"' in html and "<bdi>Record 1</bdi>" in html and "Records:" in html
    assert registered == [("many", [1])]
    html = template.render(Context({"thing": Thing(5), "user": "reader"}))
    assert 'href="/records/5/"' in html and 'href="/elsewhere/"' in html
    assert template.render(Context({"thing": Thing(4), "user": "someone"})).strip() == ""


def test_core_links_imports_no_app():
    source = (ROOT / "core" / "links.py").read_text(encoding="utf-8")
    for app in ("events", "plans", "support"):
        assert f"from {app}" not in source and f"import {app}" not in source


def test_plans_and_support_do_not_import_events():
    for app in ("plans", "support"):
        for file in (ROOT / app).rglob("*.py"):
            if "tests" in file.parts:
                continue
            text = file.read_text(encoding="utf-8")
            assert "from events" not in text and "import events" not in text, file


# --- events' registrations, on the pages ---------------------------------------------------------------------------

def _stub(request, pk):
    return HttpResponse(f"recommendation {pk}")


stub_patterns = ([path("recommendations/<int:pk>/", _stub, name="recommendation")], "events")


@pytest.fixture
def recommendation_urls(settings):
    """The recommendation page's address: the real one once the pages exist, else a stand-in for this test."""
    try:
        reverse("events:recommendation", args=[1])
    except NoReverseMatch:
        settings.ROOT_URLCONF = __name__


def _page_patterns():
    from config.urls import urlpatterns as base

    return [*base, path("events/", include(stub_patterns))]


def __getattr__(name):  # the stand-in URLconf is this module: its patterns are built on first use
    if name == "urlpatterns":
        return _page_patterns()
    raise AttributeError(name)


def test_events_registers_links_for_plan_actions_and_support_requests():
    from events import queries

    assert any(s.fn is queries.recommendations_of_action and s.many is queries.recommendations_for_actions
               for s in links.registered("plans.action"))
    assert any(s.fn is queries.recommendations_of_request for s in links.registered("support.supportrequest"))


@pytest.mark.django_db
def test_the_plan_page_shows_the_recommendation_an_action_carries(client, reference, recommendation_urls):
    from accounts.choices import Role
    from events.models import Recommendation, RecommendationAction
    from places.models import Place
    from tests.factories import make_org, make_plan, make_user

    org = make_org("Nineveh governorate office", place=Place.objects.get(code="IQ-NI"))
    focal = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=org)
    plan = make_plan(focal, place_code="IQ-NI", actions=2)
    first, second = plan.actions.order_by("pk")
    shown = Recommendation.objects.create(reference="EVT-2026-NIN-R01", text="افتحوا المراكز الشبابية مساءً",
                                          issued_on=dt.date(2026, 1, 1), is_public=True)
    hidden = Recommendation.objects.create(reference="EVT-2026-NIN-R02", text="A private one",
                                           issued_on=dt.date(2026, 1, 1), is_public=False)
    RecommendationAction.objects.create(recommendation=shown, action=first)
    RecommendationAction.objects.create(recommendation=hidden, action=second)
    client.force_login(focal)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert f'href="{reverse("events:recommendation", args=[shown.pk])}"' in html
    assert "EVT-2026-NIN-R01" in html and "Recommendations this action carries" in html
    assert "EVT-2026-NIN-R02" not in html  # not published, and the reader neither owns nor manages it
    # The links take one query for all the actions, not one per action.
    with CaptureQueriesContext(connection) as few:
        client.get(plan.get_absolute_url())
    for n in range(5):
        RecommendationAction.objects.create(recommendation=Recommendation.objects.create(
            reference=f"R-{n}", text="More", issued_on=dt.date(2026, 1, 1), is_public=True), action=second)
    with CaptureQueriesContext(connection) as more:
        client.get(plan.get_absolute_url())
    assert len(more.captured_queries) == len(few.captured_queries)


@pytest.mark.django_db
def test_the_support_request_page_shows_the_recommendations_from_it(client, reference, recommendation_urls):
    from events.models import Recommendation
    from support.tests.helpers import make_desk, make_request, move

    desk = make_desk()
    request = make_request(desk)
    move(request, "submitted", desk.focal_point)
    rec = Recommendation.objects.create(reference="REC-2026-0001", text="Train twenty youth workers",
                                        issued_on=dt.date(2026, 1, 1), support_request=request, steward=desk.hub,
                                        source_kind="support_request", is_public=False)
    client.force_login(desk.expert)  # the hub's expert: the hub keeps the recommendation
    response = client.get(request.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("events:recommendation", args=[rec.pk])}"' in html
    assert "Recommendations from this request" in html
    client.force_login(desk.focal_point)  # the requester: neither owner nor steward of an unpublished one
    html = client.get(request.get_absolute_url()).content.decode()
    assert "REC-2026-0001" not in html
