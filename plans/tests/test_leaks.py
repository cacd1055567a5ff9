"""What the plans tell an organisation about records it may not see: nothing (issue 11, items 2, 3 and 7).

Every test is written from the side that must not learn anything — a focal point of another governorate, an
organisation whose draft practice is not theirs to link — and checks that the legitimate owner, or a coordinator
who sees every plan, still gets the precise answer."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import OrganisationKind, Role
from accounts.services import add_membership
from core.actors import system
from places.models import Place
from plans import permissions, services, spreadsheet
from plans.models import Action, Plan
from plans.spreadsheet.cells import formula_safe
from plans.spreadsheet_jobs import run_import
from tests.factories import make_org, make_practice, make_user

from .test_spreadsheet import action, fill, to_bytes

pytestmark = pytest.mark.django_db

SYSTEM = system("tests")
REFUSED = "You cannot create a plan for this place and period."
DUPLICATE = "This place already has a plan for this period."
MARKER = "LEAK-MARKER-HIDDEN"
PERIOD = {"period_start": dt.date(2025, 1, 1), "period_end": dt.date(2025, 12, 31)}


def place(code):
    return Place.objects.get(code=code)


@pytest.fixture
def world(reference):
    """Two governorates' sub-committees, each with its focal point; a Nineveh council that is not the
    sub-committee's; a coordinator."""
    nineveh = make_org("Nineveh Sub-committee", kind=OrganisationKind.COMMITTEE, acronym="NSC",
                       place=place("IQ-NI"))
    anbar = make_org("Anbar Sub-committee", kind=OrganisationKind.COMMITTEE, acronym="ASC", place=place("IQ-AN"))
    council = make_org("Nineveh Council", kind=OrganisationKind.LOCAL_GOVERNMENT, place=place("IQ-NI"))
    return {
        "nineveh": nineveh, "anbar": anbar, "council": council,
        "focal": make_user("nineveh-focal", role=Role.LOCAL_FOCAL_POINT, organisation=nineveh),
        "anbar_focal": make_user("anbar-focal", role=Role.LOCAL_FOCAL_POINT, organisation=anbar),
        "coordinator": make_user("coordinator", role=Role.NATIONAL_COORDINATOR),
    }


def hidden_plan(owner, code, status="submitted"):
    """A plan whose title, summary and status carry the leak marker or must not be told."""
    plan = services.create_plan(actor=SYSTEM, title=f"{MARKER} plan title", summary=f"{MARKER} summary", lang="en",
                                place=place(code), owner=owner, **PERIOD)
    services.create_action(actor=SYSTEM, plan=plan, title=f"{MARKER} action")
    for step in {"draft": [], "submitted": ["submitted"], "approved": ["submitted", "approved"]}[status]:
        services.transition_plan(actor=SYSTEM, plan=plan, to_status=step)
    return plan


def assert_tells_nothing(text: str, plan=None) -> None:
    lowered = text.lower()
    assert MARKER.lower() not in lowered
    assert DUPLICATE.lower() not in lowered
    for word in ("submitted", "changes only while a draft", "may not change this plan"):
        assert word not in lowered
    if plan is not None:
        assert f"/plans/{plan.pk}/" not in text and f'"plan_id": {plan.pk}' not in text


def plan_form(**overrides):
    return {"title": "Our plan", "lang": "en", "period_start": "2025-01-01", "period_end": "2025-12-31",
            "frameworks": [], "summary": ""} | overrides


def refusal(exc: ValidationError) -> list[str]:
    return exc.message_dict.get("place", exc.messages)


# --- item 2: a focal point plans for its own places only ------------------------------------------------

def test_a_focal_point_creates_plans_only_for_its_own_places(world):
    focal, nineveh = world["focal"], world["nineveh"]
    with pytest.raises(ValidationError) as anbar:
        services.create_plan(actor=focal, title="Anbar, taken", lang="en", place=place("IQ-AN"), owner=nineveh,
                             **PERIOD)
    assert refusal(anbar.value) == [REFUSED]
    assert not Plan.objects.filter(place__code="IQ-AN").exists()  # Anbar's own plan is not blocked
    services.create_plan(actor=world["anbar_focal"], title="Anbar plan", lang="en", place=place("IQ-AN"),
                         owner=world["anbar"], **PERIOD)
    # its governorate, and a district under it
    mosul = Place.objects.filter(kind="district", parent__code="IQ-NI").first()
    services.create_plan(actor=focal, title="Nineveh plan", lang="en", place=place("IQ-NI"), owner=nineveh, **PERIOD)
    services.create_plan(actor=focal, title="District plan", lang="en", place=mosul, owner=nineveh, **PERIOD)
    # a coordinator plans anywhere
    services.create_plan(actor=world["coordinator"], title="Basra plan", lang="en", place=place("IQ-BA"),
                         owner=world["anbar"], **PERIOD)


def test_a_membership_scope_narrows_the_places_and_no_place_means_none(world):
    districts = list(Place.objects.filter(kind="district", parent__code="IQ-NI").order_by("name_en")[:2])
    scoped = make_user(role=None)
    add_membership(actor=SYSTEM, user=scoped, organisation=world["nineveh"], role=Role.LOCAL_FOCAL_POINT,
                   place=districts[0])
    assert permissions.planning_places(scoped) == {districts[0].pk} | set(
        Place.objects.filter(parent=districts[0]).values_list("pk", flat=True))
    with pytest.raises(ValidationError):
        services.create_plan(actor=scoped, title="Next district", lang="en", place=districts[1],
                             owner=world["nineveh"], **PERIOD)
    nowhere = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=make_org("Placeless committee"))
    assert permissions.planning_places(nowhere) == set()
    assert not permissions.can_create(nowhere, place=place("IQ-NI"))
    assert permissions.planning_places(world["coordinator"]) is None


def test_moving_a_plan_to_another_governorate_is_refused(world):
    plan = services.create_plan(actor=world["focal"], title="Ours", lang="en", place=place("IQ-NI"),
                                owner=world["nineveh"], **PERIOD)
    with pytest.raises(ValidationError) as exc:
        services.update_plan(actor=world["focal"], plan=plan, place=place("IQ-AN"))
    assert refusal(exc.value) == [REFUSED]
    services.update_plan(actor=world["focal"], plan=Plan.objects.get(pk=plan.pk), title="Ours, renamed")


def test_the_new_plan_form_offers_only_own_places_and_refuses_another_alike(client, world):
    client.force_login(world["focal"])
    page = client.get("/en/plans/new/").content.decode()
    assert f'value="{place("IQ-NI").pk}"' in page and f'value="{place("IQ-AN").pk}"' not in page
    response = client.post("/en/plans/new/", plan_form(place=place("IQ-AN").pk, owner=world["nineveh"].pk))
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert not Plan.objects.exists()


def test_a_clash_with_a_plan_the_focal_point_cannot_see_reads_like_a_place_it_may_not_plan_for(client, world):
    """The Nineveh council's plan is not the sub-committee's to see: the form says what it says for Anbar."""
    hidden = hidden_plan(world["council"], "IQ-NI")
    client.force_login(world["focal"])
    own_place = client.post("/en/plans/new/", plan_form(place=place("IQ-NI").pk, owner=world["nineveh"].pk))
    other_place = client.post("/en/plans/new/", plan_form(place=place("IQ-AN").pk, owner=world["nineveh"].pk))
    text = own_place.content.decode()
    assert REFUSED in text and REFUSED in other_place.content.decode()
    assert_tells_nothing(text, hidden)
    with pytest.raises(ValidationError) as exc:
        services.create_plan(actor=world["focal"], title="Ours", lang="en", place=place("IQ-NI"),
                             owner=world["nineveh"], **PERIOD)
    assert refusal(exc.value) == [REFUSED]
    assert Plan.objects.count() == 1
    # who sees every plan is told precisely
    client.force_login(world["coordinator"])
    precise = client.post("/en/plans/new/", plan_form(place=place("IQ-NI").pk, owner=world["nineveh"].pk))
    assert DUPLICATE in precise.content.decode()


def test_a_clash_with_its_own_plan_is_named_to_the_owner(world):
    services.create_plan(actor=world["focal"], title="Ours", lang="en", place=place("IQ-NI"), owner=world["nineveh"],
                         **PERIOD)
    with pytest.raises(ValidationError) as exc:
        services.create_plan(actor=world["focal"], title="Ours again", lang="en", place=place("IQ-NI"),
                             owner=world["nineveh"], **PERIOD)
    assert refusal(exc.value) == [DUPLICATE]


def _file(place_name, owner, practices=None):
    rows = [action("1", "Dialogues", practices=practices)] if practices is not None else [action("1", "Dialogues")]
    return to_bytes(fill({"place": place_name, "owner": owner, "frameworks": "euromed-cso-2017",
                          "title": "Imported plan"}, actions=rows))


def _messages(result) -> list[str]:
    return [e["message"] for e in result.get("errors", [])]


def test_an_import_for_another_governorates_plan_tells_nothing_of_it(world):
    hidden = hidden_plan(world["anbar"], "IQ-AN")
    before = Plan.objects.count()
    over_hidden = run_import(actor=world["focal"], file=_file("Anbar", "NSC"))
    assert over_hidden["status"] == "invalid"
    assert_tells_nothing(str(over_hidden), hidden)
    # the same words as for a governorate with no plan at all, which it may not plan for either
    hidden.delete()
    nothing_there = run_import(actor=world["focal"], file=_file("Anbar", "NSC"))
    assert _messages(over_hidden) == _messages(nothing_there) == [REFUSED]
    assert Plan.objects.count() == before - 1


def test_an_import_over_an_unseen_plan_of_its_own_governorate_tells_nothing(world):
    hidden = hidden_plan(world["council"], "IQ-NI", status="approved")
    result = run_import(actor=world["focal"], file=_file("Nineveh", "NSC"))
    assert _messages(result) == [REFUSED]
    assert_tells_nothing(str(result), hidden)
    assert "approved" not in str(result).lower()
    hidden.refresh_from_db()
    assert hidden.title == f"{MARKER} plan title" and hidden.actions.get().title == f"{MARKER} action"


def test_the_owner_still_hears_its_plans_status(world):
    plan = hidden_plan(world["anbar"], "IQ-AN")
    result = run_import(actor=world["anbar_focal"], file=_file("Anbar", "ASC"))
    assert result["status"] == "invalid"
    assert "Submitted" in _messages(result)[0] and "changes only while a draft" in _messages(result)[0]
    assert Plan.objects.get(pk=plan.pk).title == f"{MARKER} plan title"


# --- item 3: the practices an import or an action may link --------------------------------------------

@pytest.fixture
def practices(world):
    owner = make_user(role=Role.PARTNER, organisation=world["anbar"])
    return {
        "draft": make_practice(owner, name=f"{MARKER} draft practice"),
        "published": make_practice(owner, name="Youth councils that work", status="published"),
        "owner": owner,
    }


def test_an_import_resolves_only_practices_the_importer_may_see(world, practices):
    draft = practices["draft"]
    by_name = run_import(actor=world["focal"], file=_file("Nineveh", "NSC", practices=draft.name))
    by_id = run_import(actor=world["focal"], file=_file("Nineveh", "NSC", practices=str(draft.pk)))
    made_up = run_import(actor=world["focal"], file=_file("Nineveh", "NSC", practices="A practice nobody wrote"))
    absent_id = run_import(actor=world["focal"], file=_file("Nineveh", "NSC", practices="987654"))
    assert all(r["status"] == "invalid" for r in (by_name, by_id, made_up, absent_id))
    # hidden and absent read alike: the same message, apart from the value quoted back from the file
    assert (_messages(by_name)[0].replace(draft.name, "X") == _messages(made_up)[0].replace(
        "A practice nobody wrote", "X"))
    assert _messages(by_id)[0].replace(str(draft.pk), "N") == _messages(absent_id)[0].replace("987654", "N")
    assert not Plan.objects.exists() and not Action.practices.through.objects.exists()
    # a published practice of the other organisation resolves
    result = run_import(actor=world["focal"], file=_file("Nineveh", "NSC", practices=practices["published"].name))
    assert result["status"] == "imported"
    assert list(Action.objects.get().practices.all()) == [practices["published"]]


def test_the_practices_owner_links_its_own_draft(world, practices):
    focal = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=world["anbar"])
    result = run_import(actor=focal, file=_file("Anbar", "ASC", practices=practices["draft"].name))
    assert result["status"] == "imported"
    assert list(Action.objects.get().practices.all()) == [practices["draft"]]


def test_an_action_adapts_only_practices_its_writer_may_see(client, world, practices):
    plan = services.create_plan(actor=world["focal"], title="Ours", lang="en", place=place("IQ-NI"),
                                owner=world["nineveh"], **PERIOD)
    with pytest.raises(ValidationError):
        services.create_action(actor=world["focal"], plan=plan, title="Dialogues", practices=[practices["draft"]])
    mine = services.create_action(actor=world["focal"], plan=plan, title="Dialogues",
                                  practices=[practices["published"]])
    with pytest.raises(ValidationError):
        services.update_action(actor=world["focal"], action=mine, practices=[practices["draft"].pk])
    assert list(mine.practices.all()) == [practices["published"]]
    client.force_login(world["focal"])
    page = client.get(f"/en/plans/{plan.pk}/actions/new/").content.decode()
    assert practices["published"].name in page and MARKER not in page


# --- item 7: nothing a spreadsheet would run -----------------------------------------------------------

@pytest.mark.parametrize("value", [
    "=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1",
    "＝1+1", "＋1", "－1", "＠SUM(A1)",
    ";=1+1", ",=1+1", " =1+1", "; =1", ";;,=1", "；＝1", "\u3000＝1", ";＋1", ", @cmd",
])
def test_a_cell_that_would_start_a_formula_gets_an_apostrophe(value):
    assert formula_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Plan 2025", "a=b", "Youth; =not first", "ملخص", "", 5, None, "; plain"])
def test_other_cells_are_left_as_they_are(value):
    assert formula_safe(value) == value


def test_the_csv_export_neutralises_full_width_and_separated_formulas(world):
    plan = services.create_plan(actor=world["focal"], title="＝HYPERLINK(\"http://x\")", lang="en",
                                place=place("IQ-NI"), owner=world["nineveh"], **PERIOD)
    services.create_action(actor=world["focal"], plan=plan, title=";=cmd|' /C calc'!A0",
                           description="＠SUM(1)")
    rows = list(csv.reader(io.StringIO(spreadsheet.export_csv(plan).lstrip("\ufeff"))))
    cells = rows[1]
    assert "'＝HYPERLINK(\"http://x\")" in cells
    assert "';=cmd|' /C calc'!A0" in cells
    assert "'＠SUM(1)" in cells
