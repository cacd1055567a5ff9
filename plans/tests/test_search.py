"""Plans and actions in the one search: a plan is found by its public-summary words by whoever may see its
summary; an action only by those who see its plan in full; entries follow every write."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.choices import OrganisationKind, Role
from places.models import Place
from plans import services
from plans.spreadsheet_jobs import run_import
from search.engine import search
from search.models import SearchEntry
from tests.factories import make_org, make_plan, make_user

from .test_spreadsheet import sample, to_bytes, world  # noqa: F401  (the spreadsheet test's fixture)

pytestmark = pytest.mark.django_db


def _found(user, query, kind):
    return {hit.object_id for hit in search(user, query, kinds=[kind]).hits}


@pytest.fixture
def plans(reference):
    own = make_org("Wasit sub-committee", kind=OrganisationKind.COMMITTEE, place=Place.objects.get(code="IQ-WA"))
    focal = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=own)
    plan = make_plan(focal, place_code="IQ-WA", actions=0,
                     title="Wasit riverside cohesion plan", summary="Neighbourhood cohesion along the river")
    action = services.create_action(actor=focal, plan=plan, title="Zither workshops for teenagers",
                                    description="Music circles that bring rival quarters together")
    services.transition_plan(actor=focal, plan=plan, to_status="submitted")
    services.transition_plan(actor=make_user(role=Role.NATIONAL_COORDINATOR), plan=plan, to_status="approved")
    services.set_public(actor=focal, plan=plan, is_public=True)
    return {"focal": focal, "plan": plan, "action": action}


def test_a_public_plan_is_found_by_its_summary_words_but_its_actions_are_not(plans):
    reader = AnonymousUser()
    assert _found(reader, "riverside cohesion", "plan") == {plans["plan"].pk}
    assert _found(reader, "zither workshops", "action") == set()
    hits = search(plans["focal"], "zither workshops", kinds=["action"]).hits
    assert [h.object_id for h in hits] == [plans["action"].pk]
    assert hits[0].url.endswith(f"/plans/{plans['plan'].pk}/#action-{plans['action'].pk}")
    stranger = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=make_org("Maysan sub-committee"))
    assert _found(stranger, "zither workshops", "action") == set()
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    assert _found(coordinator, "zither workshops", "action") == {plans["action"].pk}


def test_a_private_plan_is_not_found_by_readers(plans):
    services.set_public(actor=plans["focal"], plan=plans["plan"], is_public=False)
    assert _found(AnonymousUser(), "riverside cohesion", "plan") == set()
    assert _found(plans["focal"], "riverside cohesion", "plan") == {plans["plan"].pk}


def test_entries_follow_edits_and_deletions(reference):
    focal = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=make_org("Muthanna sub-committee",
                                                                             place=Place.objects.get(code="IQ-MU")))
    plan = make_plan(focal, place_code="IQ-MU", actions=0)
    top = services.create_action(actor=focal, plan=plan, title="Falconry heritage days")
    sub = services.create_action(actor=focal, plan=plan, title="Oud lessons in schools", parent=top)
    services.update_action(actor=focal, action=sub, title="Calligraphy lessons in schools")
    assert _found(focal, "calligraphy", "action") == {sub.pk}
    assert _found(focal, "oud", "action") == set()
    services.delete_action(actor=focal, action=top)  # its sub-action goes with it
    assert not SearchEntry.objects.filter(kind="action").exists()
    services.delete_plan(actor=focal, plan=plan)
    assert not SearchEntry.objects.filter(kind="plan", object_id=plan.pk).exists()


def test_a_spreadsheet_import_indexes_its_actions_with_vectors(world):  # noqa: F811
    result = run_import(actor=world["focal"], file=io.BytesIO(to_bytes(sample())))
    assert result["status"] == "imported"
    entries = SearchEntry.objects.filter(kind="action")
    assert entries.count() == 3 and not entries.filter(embedding=None).exists()
    assert _found(world["focal"], "Radio programme", "action")
    assert _found(world["focal"], "حوارات مجتمعية", "action")


def test_a_reimport_rewrites_only_the_entries_of_changed_actions(world):  # noqa: F811
    from .test_spreadsheet import action, fill

    run_import(actor=world["focal"], file=io.BytesIO(to_bytes(sample())))
    before = dict(SearchEntry.objects.filter(kind="action").values_list("object_id", "seq"))
    run_import(actor=world["focal"], file=io.BytesIO(to_bytes(sample())))
    assert dict(SearchEntry.objects.filter(kind="action").values_list("object_id", "seq")) == before
    changed = fill(actions=[action("1", "حوارات مجتمعية"), action("1.1", "Lute lessons for the young"),
                            action("2", "Radio programme", lang="en")])
    run_import(actor=world["focal"], file=io.BytesIO(to_bytes(changed)))
    after = dict(SearchEntry.objects.filter(kind="action").values_list("object_id", "seq"))
    assert sorted(after) == sorted(before) and sum(after[k] != before[k] for k in after) >= 1
    assert _found(world["focal"], "lute lessons", "action")
    assert not SearchEntry.objects.filter(kind="action", embedding=None).exists()
