"""The plan spreadsheet: template, reading (every bad input named by sheet, row and column, nothing written),
writing in one transaction, the XLSX round trip, CSV export, permissions and the `wiqaya plan` command."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from accounts.choices import OrganisationKind, Role
from core.actors import system
from core.models import AuditEntry
from frameworks.models import Goal
from places.models import Place
from plans import services, spreadsheet
from plans.models import Action, ActionGoal, ActionPartner, Indicator, Plan
from plans.spreadsheet_jobs import run_import
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db

PLAN_ROWS = {"title": 2, "lang": 3, "place": 4, "period_start": 5, "period_end": 6, "owner": 7, "frameworks": 8,
             "is_public": 9, "summary": 10}


@pytest.fixture
def world(reference):
    owner = make_org("Nineveh Prevention Sub-committee", kind=OrganisationKind.COMMITTEE, acronym="NPSC",
                     place=Place.objects.get(code="IQ-NI"),
                     name_alt="اللجنة الفرعية للوقاية في نينوى")
    partner = make_org("Voices of Nineveh", kind=OrganisationKind.NGO)
    council = make_org("Mosul District Council", kind=OrganisationKind.LOCAL_GOVERNMENT)
    focal = make_user("focal", role=Role.LOCAL_FOCAL_POINT, organisation=owner)
    return {"owner": owner, "partner": partner, "council": council, "focal": focal}


def fill(plan=None, actions=(), indicators=(), *, workbook=None) -> Workbook:
    """The template with the Plan sheet's values, then action and indicator rows appended as given."""
    wb = workbook or load_workbook(io.BytesIO(spreadsheet.template_workbook()))
    values = {"title": "خطة نينوى للوقاية 2025", "lang": "ar", "place": "Nineveh", "period_start": "2025-01-01",
              "period_end": "2025-12-31", "owner": "NPSC", "frameworks": "euromed-cso-2017; iraq-ns-2019",
              "is_public": "no", "summary": "ملخص"} | (plan or {})
    for key, value in values.items():
        wb["Plan"].cell(row=PLAN_ROWS[key], column=2, value=value)
    for row in actions:
        wb["Actions"].append(list(row))
    for row in indicators:
        wb["Indicators"].append(list(row))
    return wb


def action(ref, title, **kw):
    """An Actions row in template order."""
    keys = [c.key for c in spreadsheet.ACTION_COLUMNS]
    values = {"ref": ref, "title": title} | kw
    return [values.get(k) for k in keys]


def indicator(ref, name, **kw):
    keys = [c.key for c in spreadsheet.INDICATOR_COLUMNS]
    values = {"action": ref, "name": name, "target": 100} | kw
    return [values.get(k) for k in keys]


def to_bytes(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def sample(**plan) -> Workbook:
    return fill(plan, actions=[
        action("1", "حوارات مجتمعية", title_alt="Community dialogues", goals="2; euromed-cso-2017:7", lead="NPSC",
               partners="Voices of Nineveh (civil society); Mosul District Council (حكومة محلية)", district="Mosul",
               start_date=dt.date(2025, 2, 1), end_date="30/6/2025", budget="١٢٬٥٠٠٫٥", currency="IQD",
               status="جارٍ", funding_source="UNDP"),
        action("1.1", "جلسات للشباب", start_date="٢٠٢٥-٠٣-٠١", end_date=45900, status="planned"),
        action("2", "Radio programme", lang="en", budget=5000, currency="USD", status="Done / منجز"),
    ], indicators=[
        indicator("1", "عدد المشاركين", unit="شخص", baseline=0, target="٢٠٠", by_sex_and_age="نعم"),
        indicator("1.1", "Sessions held", baseline="0", target=12, frequency="Monthly / شهري"),
        indicator("2", "Episodes", target=24, direction="increase"),
    ])


def read(wb):
    return spreadsheet.read_workbook(to_bytes(wb) if isinstance(wb, Workbook) else wb, actor=system("tests"))


def counts():
    return (Plan.objects.count(), Action.objects.count(), Indicator.objects.count(), ActionGoal.objects.count(),
            ActionPartner.objects.count())


def content(plan) -> dict:
    """A plan's content without ids: what must be the same after a re-import."""
    plan.refresh_from_db()
    actions = []
    for a in Action.objects.filter(plan=plan).order_by("position"):
        actions.append((a.ref, a.parent.ref if a.parent else None, a.position, a.title, a.title_alt, a.lang,
                        a.lead_id, a.district_id, a.start_date, a.end_date, a.budget, a.currency, a.status,
                        a.funding_source, sorted(a.goal_links.values_list("goal_id", "source")),
                        sorted(a.partners.values_list("organisation_id", "kind")),
                        sorted(a.practices.values_list("pk", flat=True)),
                        [(i.name, i.unit, i.baseline, i.target, i.frequency, i.direction, i.by_sex_and_age)
                         for i in a.indicators.order_by("position")]))
    return {"title": plan.title, "place": plan.place_id, "period": (plan.period_start, plan.period_end),
            "owner": plan.owner_id, "frameworks": sorted(plan.frameworks.values_list("slug", flat=True)),
            "is_public": plan.is_public, "summary": plan.summary, "actions": actions}


def where(errors):
    return {(e["sheet"], e["row"], e["column"]) for e in errors}


# --- the template ----------------------------------------------------------------------------------------

def test_the_template_is_bilingual_frozen_right_to_left_with_lists_and_a_version_marker():
    wb = load_workbook(io.BytesIO(spreadsheet.template_workbook()))
    assert wb.sheetnames == ["Plan", "Actions", "Indicators", "Read me - اقرأني", "Lists - القوائم"]
    actions = wb["Actions"]
    assert actions["A1"].value == "Number / الرقم" and actions["B1"].value == "Title / العنوان"
    assert all(" / " in c.value for c in actions[1])
    assert all(" / " in c.value for c in wb["Indicators"][1])
    assert [wb["Plan"].cell(row=r, column=1).value for r in PLAN_ROWS.values()] == [
        c.header for c in spreadsheet.PLAN_FIELDS]
    for ws in (wb["Plan"], actions, wb["Indicators"]):
        assert ws.freeze_panes == "A2"
        assert ws.sheet_view.rightToLeft
    assert actions.column_dimensions["B"].width == 40
    lists = [dv.formula1 for dv in actions.data_validations.dataValidation]
    assert any("Ongoing / جارٍ" in f for f in lists) and any("IQD" in f for f in lists)
    assert wb["Read me - اقرأني"]["A1"].value == spreadsheet.TEMPLATE_VERSION
    assert wb.defined_names[spreadsheet.MARKER_NAME].attr_text == f'"{spreadsheet.TEMPLATE_VERSION}"'
    data, errors = read(wb)  # the empty template names no place: errors, not a crash
    assert data is None and {e["row"] for e in errors} >= {PLAN_ROWS["title"], PLAN_ROWS["place"]}


# --- reading good files ----------------------------------------------------------------------------------

def test_a_filled_file_is_read_with_arabic_digits_text_dates_serials_and_separators(world):
    data, errors = read(sample())
    assert errors == []
    assert data.plan["place"].code == "IQ-NI" and data.plan["owner"] == world["owner"]
    assert data.plan["period_start"] == dt.date(2025, 1, 1) and data.plan["period_end"] == dt.date(2025, 12, 31)
    assert [f.slug for f in data.frameworks] == ["euromed-cso-2017", "iraq-ns-2019"]
    first, sub, radio = data.actions
    assert first.fields["budget"] == Decimal("12500.50") and first.fields["currency"] == "IQD"
    assert first.fields["end_date"] == dt.date(2025, 6, 30) and first.fields["status"] == "ongoing"
    assert first.fields["district"].name_en == "Mosul"
    goals = Goal.objects.filter(framework__slug="euromed-cso-2017", parent=None)
    assert first.goals == [goals.get(number="2").pk, goals.get(number="7").pk]
    assert [(o, k) for o, k in first.partners] == [(world["partner"], "civil_society"),
                                                   (world["council"], "local_government")]
    assert sub.parent_ref == "1" and sub.fields["start_date"] == dt.date(2025, 3, 1)
    assert sub.fields["end_date"] == dt.date(2025, 8, 31)  # Excel serial 45900
    assert radio.fields["lang"] == "en" and radio.fields["status"] == "done"
    assert data.indicators[0].fields["target"] == Decimal("200.00") and data.indicators[0].fields["by_sex_and_age"]
    assert data.indicators[1].fields["frequency"] == "monthly"


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-03-01", dt.date(2025, 3, 1)), ("1/3/2025", dt.date(2025, 3, 1)), ("01.03.2025", dt.date(2025, 3, 1)),
    ("٢٠٢٥-٠٣-٠١", dt.date(2025, 3, 1)), ("۱/۳/۲۰۲۵", dt.date(2025, 3, 1)), ("2025/3/1", dt.date(2025, 3, 1)),
    (45717, dt.date(2025, 3, 1)), ("45717", dt.date(2025, 3, 1)), (dt.datetime(2025, 3, 1, 10), dt.date(2025, 3, 1)),
    ("2025-03-01 00:00:00", dt.date(2025, 3, 1)), (None, None), ("  ", None),
])
def test_dates(text, expected):
    assert spreadsheet.parse_date(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("١٢٣", Decimal(123)), ("١٬٢٣٤٫٥", Decimal("1234.5")), ("1,234.50", Decimal("1234.50")),
    ("۲۵۰۰", Decimal(2500)), (" 10 000 ", Decimal(10000)), (7, Decimal(7)), (2.5, Decimal("2.5")), ("", None),
])
def test_numbers(text, expected):
    assert spreadsheet.parse_number(text) == expected


def test_empty_and_whitespace_rows_are_skipped_and_text_is_trimmed(world):
    wb = fill({"title": "  Plan with gaps  "}, actions=[
        action(" 1 ", "  First  "), [None] * 16, ["  ", "\t", None], action("2", "Second")])
    wb["Indicators"].append([])
    wb["Indicators"].append(indicator("2", " Count "))
    data, errors = read(wb)
    assert errors == []
    assert data.plan["title"] == "Plan with gaps"
    assert [(a.ref, a.fields["title"], a.fields["position"] if "position" in a.fields else a.row) for a in data.actions] == [
        ("1", "First", 2), ("2", "Second", 5)]
    assert data.indicators[0].fields["name"] == "Count"


def test_sheets_may_be_found_by_english_name_and_headers_by_either_language(world):
    wb = sample()
    ws = wb["Actions"]
    ws["A1"], ws["B1"] = "الرقم", "Title"
    data, errors = read(wb)
    assert errors == [] and len(data.actions) == 3


# --- bad input: a clear error at its place, and nothing written -------------------------------------------

def assert_refused(wb_or_bytes, *expected, message=None):
    before = counts()
    data, errors = read(wb_or_bytes)
    assert data is None and errors
    found = where(errors)
    for place in expected:
        assert place in found, f"{place} not in {errors}"
    if message:
        assert any(re.search(message, e["message"]) for e in errors), errors
    result = run_import(actor=system("tests"), file=to_bytes(wb_or_bytes) if isinstance(wb_or_bytes, Workbook) else wb_or_bytes)
    assert result["status"] == "invalid"
    assert counts() == before
    return errors


def test_not_a_workbook_and_a_corrupt_zip_are_refused(world):
    errors = assert_refused(b"title,place\nplan,Nineveh\n", ("", None, None), message="not an Excel workbook")
    assert len(errors) == 1
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    assert_refused(data.getvalue(), ("", None, None), message="cannot be read")
    truncated = to_bytes(sample())[:3000]
    assert_refused(truncated, ("", None, None))


def test_limits_on_rows_and_on_what_the_file_unpacks_to(world, monkeypatch):
    monkeypatch.setattr(spreadsheet.layout, "MAX_ROWS", 2)
    assert_refused(fill(actions=[action(str(i), "x") for i in range(1, 5)]), ("Actions", 4, None),
                   message="More than 2 rows")
    monkeypatch.setattr(spreadsheet.layout, "MAX_UNPACKED_BYTES", 1000)
    assert_refused(sample(), ("", None, None), message="unpacks to")


def test_a_workbook_bomb_is_refused_from_its_directory(world):
    """A workbook whose sheet unpacks to 200 MB of repeated XML (it packs to about 200 KB) is refused before
    openpyxl opens it, and the refusal costs almost no memory."""
    import tracemalloc

    bomb = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(to_bytes(sample()))) as source, \
            zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            if item.filename == "xl/worksheets/sheet2.xml":
                with target.open(item.filename, "w", force_zip64=True) as member:
                    for _ in range(200):
                        member.write(b"<row/>" * (2**20 // 6))
            else:
                target.writestr(item, source.read(item.filename))
    assert len(bomb.getvalue()) < 2 * 2**20
    tracemalloc.start()
    try:
        assert_refused(bomb.getvalue(), ("", None, None), message="compression bomb|unpacks to")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 2**20, f"{peak / 2**20:.0f} MB used while refusing a workbook bomb"


def test_the_wrong_template_gives_one_clear_error(world):
    wb = Workbook()
    wb.active.append(["Name", "Budget"])
    errors = assert_refused(wb, ("", None, None), message="not the Wiqaya plan template")
    assert len(errors) == 1 and "Plan, Actions, Indicators" in errors[0]["message"]
    wb = sample()
    wb["Actions"]["B1"] = "Something else"
    errors = assert_refused(wb, ("Actions", 1, None), message="lacks the column")
    assert "Title / العنوان" in errors[0]["message"]


def test_another_template_version_is_recognised(world):
    from openpyxl.workbook.defined_name import DefinedName

    wb = sample()
    del wb.defined_names[spreadsheet.MARKER_NAME]
    wb.defined_names[spreadsheet.MARKER_NAME] = DefinedName(spreadsheet.MARKER_NAME, attr_text='"wiqaya-plan-template/0"')
    assert_refused(wb, ("", None, None), message="another version")


def test_merged_cells_are_an_error_naming_the_range(world):
    wb = sample()
    wb["Actions"].merge_cells("B2:B3")
    errors = assert_refused(wb, ("Actions", 2, "B"), message="B2:B3")
    assert len([e for e in errors if "Merged" in e["message"]]) == 1


def patch_sheet(raw: bytes, change) -> bytes:
    """The workbook with the Actions sheet's XML passed through `change`, as another program would write it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            zout.writestr(item, change(body) if item.filename == "xl/worksheets/sheet2.xml" else body)
    return out.getvalue()


def test_a_formula_without_a_saved_value_is_an_error_at_its_cell_and_one_with_a_value_counts(world):
    wb = sample()
    wb["Actions"]["L4"] = "=2*2500"
    assert_refused(wb, ("Actions", 4, "L"), message="formula")
    # A file saved by Excel keeps the computed value beside the formula: that value is read.
    saved = patch_sheet(to_bytes(wb), lambda xml: re.sub(rb"<f>2\*2500</f><v\s*/?>(</v>)?",
                                                          b"<f>2*2500</f><v>5000</v>", xml))
    data, errors = read(saved)
    assert errors == [] and data.actions[2].fields["budget"] == Decimal(5000)
    # A formula whose computed text is empty (=IF(…,"",…), saved with t="str") is an empty cell, not an error.
    wb = sample()
    wb["Actions"]["D4"] = '=IF(1,"","x")'
    saved = patch_sheet(to_bytes(wb), lambda xml: xml.replace(b'<c r="D4">', b'<c r="D4" t="str">'))
    data, errors = read(saved)
    assert errors == [] and data.actions[2].fields["description"] == ""


@pytest.mark.parametrize(("row", "column", "message"), [
    (action("1", "x", lead="Nobody Foundation"), "G", "Nobody Foundation"),
    (action("1", "x", goals="euromed-cso-2017:99"), "F", "no goal numbered 99"),
    (action("1", "x", goals="no-such-framework:1"), "F", "no-such-framework"),
    (action("1", "x", district="Atlantis"), "I", "Atlantis"),
    (action("1", "x", district="Karkh"), "I", "not in the plan's governorate"),
    (action("1", "x", partners="Voices of Nineveh (friends)"), "H", "friends"),
    (action("1", "x", partners="Ghost Org (civil society)"), "H", "Ghost Org"),
    (action("1", "x", start_date="2025-05-01", end_date="2025-04-01"), "K", "ends before it starts"),
    (action("1", "x", budget=-5, currency="IQD"), "L", "negative"),
    (action("1", "x", budget=1000), "M", "currency"),
    (action("1", "x", budget="lots", currency="IQD"), "L", "lots"),
    (action("1", "x", start_date="next spring"), "J", "next spring"),
    (action("1", "x", start_date="31/02/2025"), "J", "31/02/2025"),
    (action("1", "x", status="finished-ish"), "O", "finished-ish"),
    (action("1", "x", practices="99999"), "P", "99999"),
    (action("1", None), "B", "title is required"),
    (action("1.2.", "x"), "A", "not in the sheet"),
])
def test_bad_action_cells(world, row, column, message):
    wb = fill(actions=[row])
    assert_refused(wb, ("Actions", 2, column), message=message)


def test_unknown_place_owner_framework_and_bad_period(world):
    wb = fill({"place": "Gotham", "owner": "Unknown Committee", "frameworks": "nonsense-2030",
               "period_start": "2025-12-31", "period_end": "2025-01-01"}, actions=[action("1", "x")])
    errors = assert_refused(wb, ("Plan", 4, "B"), ("Plan", 7, "B"), ("Plan", 8, "B"), ("Plan", 6, "B"))
    assert any("Gotham" in e["message"] for e in errors)
    assert any("Unknown Committee" in e["message"] for e in errors)
    assert any("nonsense-2030" in e["message"] for e in errors)


def test_tree_errors_duplicates_missing_parents_and_unknown_actions(world):
    wb = fill(actions=[action("1", "a"), action("1", "b"), action("3.1", "c")],
              indicators=[indicator("7", "n"), indicator("1", "m", baseline=5, target=5)])
    errors = assert_refused(wb, ("Actions", 3, "A"), ("Actions", 4, "A"), ("Indicators", 2, "A"),
                            ("Indicators", 3, "E"))
    messages = " ".join(e["message"] for e in errors)
    assert "already used on row 2" in messages and "3.1" in messages and "maintain" in messages


def test_bare_goal_numbers_need_a_framework_with_goals(world):
    wb = fill({"frameworks": "iraq-ns-2019"}, actions=[action("1", "x", goals="2")])
    assert_refused(wb, ("Actions", 2, "F"), message="without a framework")


# --- writing ---------------------------------------------------------------------------------------------

def test_import_creates_the_plan_then_a_reimport_changes_nothing(world):
    plan, created = spreadsheet.import_plan(actor=world["focal"], data=read(sample())[0])
    assert created and plan.owner == world["owner"] and plan.created_by == world["focal"]
    assert Action.objects.filter(plan=plan).count() == 3
    sub = Action.objects.get(plan=plan, ref="1.1")
    assert sub.parent.ref == "1" and sub.plan_id == plan.pk
    assert set(ActionGoal.objects.filter(action__plan=plan).values_list("source", flat=True)) == {"imported"}
    entry = AuditEntry.objects.filter(action="plan.import").latest("pk")
    assert entry.changes["actions_created"] == 3 and entry.changes["indicators"] == 3
    before, snapshot = counts(), content(plan)
    again, created = spreadsheet.import_plan(actor=world["focal"], data=read(sample())[0])
    assert not created and again.pk == plan.pk
    assert counts() == before and content(plan) == snapshot


def test_export_round_trip_gives_the_same_plan(world):
    from practices.models import Practice

    practice = Practice.objects.create(name="Youth councils", lang="en", status="published")
    wb = sample()
    if practice:
        wb["Actions"]["P2"] = str(practice.pk)
    plan, _ = spreadsheet.import_plan(actor=world["focal"], data=read(wb)[0])
    snapshot, before = content(plan), counts()
    exported = spreadsheet.export_workbook(plan)
    data, errors = read(exported)
    assert errors == []
    again, created = spreadsheet.import_plan(actor=world["focal"], data=data)
    assert not created and again.pk == plan.pk and counts() == before and content(plan) == snapshot
    # and into a fresh database state: deleting the plan and importing the export recreates it
    Plan.objects.filter(pk=plan.pk).delete()
    fresh, created = spreadsheet.import_plan(actor=world["focal"], data=read(exported)[0])
    assert created
    assert {k: v for k, v in content(fresh).items()} == snapshot


def test_a_reimport_replaces_actions_by_number_and_keeps_entered_goal_links(world):
    plan, _ = spreadsheet.import_plan(actor=world["focal"], data=read(sample())[0])
    first = Action.objects.get(plan=plan, ref="1")
    link = first.goal_links.first()
    ActionGoal.objects.filter(pk=link.pk).update(source="entered")
    wb = fill(actions=[action("1", "حوارات مجتمعية (معدّلة)", goals="2; euromed-cso-2017:7"), action("3", "New")],
              indicators=[indicator("3", "x")])
    again, created = spreadsheet.import_plan(actor=world["focal"], data=read(wb)[0])
    assert not created
    assert sorted(Action.objects.filter(plan=plan).values_list("ref", flat=True)) == ["1", "3"]
    assert Action.objects.get(plan=plan, ref="1").pk == first.pk  # matched by number, not recreated
    assert ActionGoal.objects.get(pk=link.pk).source == "entered"
    assert Indicator.objects.filter(action__plan=plan).count() == 1
    assert again.import_counts == {"actions_created": 1, "actions_updated": 1, "actions_unchanged": 0, "actions_removed": 2,
                                        "indicators": 1, "goal_links": 2, "partners": 0}


def test_an_error_in_the_middle_of_writing_leaves_nothing(world, monkeypatch):
    before = counts()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Indicator.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        spreadsheet.import_plan(actor=world["focal"], data=read(sample())[0])
    assert counts() == before and not AuditEntry.objects.filter(action="plan.import").exists()


def test_the_plan_is_checked_again_when_written(world):
    """A file valid on its own can still clash with the database: the service's checks answer."""
    data = read(sample())[0]
    plan, _ = spreadsheet.import_plan(actor=system("tests"), data=data)
    services.transition_plan(actor=system("tests"), plan=plan, to_status="submitted")
    before = counts()
    with pytest.raises(PermissionDenied, match="changes only while a draft"):
        spreadsheet.import_plan(actor=world["focal"], data=read(sample())[0])
    assert counts() == before
    result = run_import(actor=world["focal"], file=to_bytes(sample()))
    assert result["status"] == "invalid" and "draft" in result["errors"][0]["message"]


# --- permissions -----------------------------------------------------------------------------------------

def test_a_focal_point_cannot_import_another_organisations_plan(world):
    spreadsheet.import_plan(actor=world["focal"], data=read(sample())[0])
    other = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=make_org("Anbar Sub-committee"))
    before = counts()
    with pytest.raises(PermissionDenied):
        spreadsheet.import_plan(actor=other, data=read(sample(title="Taken over"))[0])
    with pytest.raises(PermissionDenied):  # nor create one for an organisation that is not theirs
        spreadsheet.import_plan(actor=other, data=read(sample(period_start="2026-01-01", period_end="2026-12-31"))[0])
    assert counts() == before


def test_a_partner_cannot_import_and_a_coordinator_can(world):
    partner = make_user(role=Role.PARTNER, organisation=world["owner"])
    with pytest.raises(PermissionDenied):
        spreadsheet.import_plan(actor=partner, data=read(sample())[0])
    assert Plan.objects.count() == 0
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    plan, created = spreadsheet.import_plan(actor=coordinator, data=read(sample())[0])
    assert created and plan.owner == world["owner"]


# --- CSV -------------------------------------------------------------------------------------------------

def test_csv_export_is_utf8_with_bom_one_row_per_action(world):
    wb = sample(title='=HYPERLINK("x")')
    wb["Plan"]["B2"].data_type = "s"  # typed as text, as Excel keeps a title that starts with '=
    plan, _ = spreadsheet.import_plan(actor=system("tests"), data=read(wb)[0])
    text = spreadsheet.export_csv(plan)
    assert text.startswith("\ufeff")
    import csv

    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "Plan ID / رقم الخطة" and len(rows) == 4
    assert rows[1][1].startswith("'=")  # never a live formula in Excel
    assert "حوارات مجتمعية" in text and "IQ-NI" in rows[1][2]
    wb = load_workbook(io.BytesIO(spreadsheet.export_workbook(plan)))
    assert wb["Plan"]["B2"].value == '=HYPERLINK("x")' and wb["Plan"]["B2"].data_type == "s"


# --- the command -----------------------------------------------------------------------------------------

def test_command_import_and_export(world, tmp_path, capsys):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(to_bytes(sample()))
    out, err = io.StringIO(), io.StringIO()
    call_command("plan", "import", str(path), "--as", "focal", stdout=out, stderr=err)
    plan = Plan.objects.get()
    assert out.getvalue().strip() == str(plan.pk) and "created plan" in err.getvalue()
    csv_out = io.StringIO()
    call_command("plan", "export", str(plan.pk), "--format", "csv", stdout=csv_out, stderr=io.StringIO())
    assert csv_out.getvalue().startswith("\ufeff") and "حوارات مجتمعية" in csv_out.getvalue()
    target = tmp_path / "out.xlsx"
    call_command("plan", "export", str(plan.pk), "--format", "xlsx", "--output", str(target), stderr=io.StringIO())
    assert read(target.read_bytes())[1] == []


def test_command_prints_errors_as_sheet_row_column_and_fails(world, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(to_bytes(fill(actions=[action("1", "x", lead="Nobody Foundation", budget=5)])))
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("plan", "import", str(path), stdout=io.StringIO(), stderr=err)
    assert caught.value.returncode == 1
    lines = err.getvalue().splitlines()
    assert any(line.startswith("Actions!2:G ") and "Nobody Foundation" in line for line in lines)
    assert any(line.startswith("Actions!2:M ") for line in lines)
    assert Plan.objects.count() == 0


def test_command_export_as_a_user_who_may_not_see_the_plan(world):
    plan, _ = spreadsheet.import_plan(actor=system("tests"), data=read(sample())[0])
    make_user("outsider", role=Role.PARTNER)
    with pytest.raises(CommandError, match="may see"):
        call_command("plan", "export", str(plan.pk), "--format", "csv", "--as", "outsider", stdout=io.StringIO())


# --- size ------------------------------------------------------------------------------------------------

def big_workbook(n: int, word: str = "Action") -> bytes:
    """n actions (a tenth of them sub-actions) with goals, partners and an indicator each."""
    wb = fill()
    ws, ind = wb["Actions"], wb["Indicators"]
    for i in range(1, n + 1):
        ref = f"{(i + 9) // 10}" if i % 10 == 1 else f"{(i + 9) // 10}.{i % 10 or 10}"
        ws.append(action(ref, f"{word} {i}", goals="2; euromed-cso-2017:7", lead="NPSC",
                         partners="Voices of Nineveh (civil society)", start_date="2025-02-01",
                         end_date="2025-06-30", budget=f"{i},000", currency="IQD", status="ongoing"))
        ind.append(indicator(ref, f"Indicator {i}", target=i + 1))
    return to_bytes(wb)


def test_2000_rows_import_and_export_in_work_that_grows_with_the_rows_only(world, monkeypatch):
    """10,000 rows are timed with `wiqaya plan import` (see README); the suite counts the work for 2,000:
    database queries (a few per new row, a fixed number for an unchanged file or an export) and reads of
    the sheet's `max_row`, which walks every cell (the export was quadratic once, reading it per row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from openpyxl.worksheet.worksheet import Worksheet

    max_row_reads = []
    real_max_row = Worksheet.max_row
    monkeypatch.setattr(Worksheet, "max_row", property(lambda ws: max_row_reads.append(1) or real_max_row.fget(ws)))
    data = big_workbook(2000)
    with CaptureQueriesContext(connection) as queries:
        result = run_import(actor=world["focal"], file=data)
    assert result["status"] == "imported", result.get("errors", [])[:3]
    assert result["counts"]["actions_created"] == 2000
    assert Indicator.objects.count() == 2000 and ActionGoal.objects.count() == 4000
    assert len(queries) <= 3 * 2000, len(queries)  # measured: 4,114, about 2 per row (an action, its indicator)
    assert len(max_row_reads) <= 10, len(max_row_reads)
    with CaptureQueriesContext(connection) as queries:
        again = run_import(actor=world["focal"], file=data)
    assert again["counts"]["actions_unchanged"] == 2000 and Action.objects.count() == 2000
    assert len(queries) <= 100, len(queries)  # measured: 64 (44 for 200 rows): batches, nothing per row
    max_row_reads.clear()
    with CaptureQueriesContext(connection) as queries:
        exported = spreadsheet.export_workbook(Plan.objects.get())
    assert len(queries) <= 20, len(queries)  # measured: 10, whatever the size
    assert len(max_row_reads) <= 10, len(max_row_reads)  # measured: 4 (it was one per row, 2,000, once)
    assert run_import(actor=world["focal"], file=exported)["counts"]["actions_unchanged"] == 2000


# --- monitoring data in exports ----------------------------------------------------------------------------

def _reported(world):
    """The sample plan, approved, with two progress updates on its indicator counted by sex and age group (the
    owner reports them) and none on the others."""
    from plans.services import add_progress, transition_plan

    plan, _ = spreadsheet.import_plan(actor=world["focal"], data=read(sample())[0])
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    transition_plan(actor=world["focal"], plan=plan, to_status="submitted")
    transition_plan(actor=coordinator, plan=plan, to_status="approved")
    people = Indicator.objects.get(action__plan=plan, name="عدد المشاركين")
    add_progress(actor=world["focal"], indicator=people, date=dt.date(2025, 3, 15), value=53, narrative="=first",
                 counts={("female", "0-14"): 3, ("female", "15-24"): 30, ("male", "15-24"): 20})
    add_progress(actor=world["focal"], indicator=people, date=dt.date(2025, 6, 20), value=120,
                 counts={("female", "15-24"): 60, ("male", "15-24"): 60})
    plan.refresh_from_db()
    return plan, coordinator


def _progress_sheet(data: bytes):
    ws = load_workbook(io.BytesIO(data))["Progress"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = rows[0]
    return ws, header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


FEMALE_CHILD, FEMALE_YOUTH, MALE_YOUTH = ("Female, under 15 / إناث، دون 15", "Female, 15–24 / إناث، 15–24",
                                          "Male, 15–24 / ذكور، 15–24")


def test_the_export_carries_every_progress_update_with_its_counts(world):
    plan, _coordinator = _reported(world)
    data = spreadsheet.export_workbook(plan, recipient=world["focal"])
    ws, header, rows = _progress_sheet(data)
    assert load_workbook(io.BytesIO(data)).sheetnames == ["Plan", "Actions", "Indicators", "Progress", "Read me - اقرأني",
                                                               "Lists - القوائم"]
    assert header[:6] == ["Action number / رقم الإجراء", "Indicator / المؤشر", "Date / التاريخ", "Value / القيمة",
                          "Narrative / السرد", "Reported by / الجهة المُبلِّغة"]
    assert len(header) == 6 + 8 and ws.sheet_view.rightToLeft
    assert [(r["Action number / رقم الإجراء"], r["Date / التاريخ"].date(), r["Value / القيمة"]) for r in rows] == [
        ("1", dt.date(2025, 3, 15), 53), ("1", dt.date(2025, 6, 20), 120)]
    first = rows[0]
    assert first["Indicator / المؤشر"] == "عدد المشاركين"
    assert first["Reported by / الجهة المُبلِّغة"] == "Nineveh Prevention Sub-committee"
    assert first["Narrative / السرد"] == "=first" and ws["E2"].data_type == "s"  # text, never a formula
    # The reporting organisation's own export: every count as entered, zeros where nobody was counted.
    assert (first[FEMALE_CHILD], first[FEMALE_YOUTH], first[MALE_YOUTH]) == (3, 30, 20)
    assert first["Male, 60 and over / ذكور، 60 فأكثر"] == 0


def test_counts_of_small_groups_are_hidden_when_the_export_reaches_another_organisation(world):
    plan, coordinator = _reported(world)
    for recipient in (coordinator, None):
        _ws, _header, rows = _progress_sheet(spreadsheet.export_workbook(plan, recipient=recipient))
        first, second = rows
        # 3 is under the minimum cell size; 20, the next smallest, is hidden too so the value cannot give it away.
        assert (first[FEMALE_CHILD], first[FEMALE_YOUTH], first[MALE_YOUTH]) == ("hidden / مخفي", 30, "hidden / مخفي")
        assert (second[FEMALE_YOUTH], second[MALE_YOUTH]) == (60, 60)
        assert first["Value / القيمة"] == 53


def test_an_export_with_progress_imports_again_and_leaves_progress_alone(world):
    from plans.models import ProgressCount, ProgressUpdate

    plan, _coordinator = _reported(world)
    exported = spreadsheet.export_workbook(plan, recipient=world["focal"])
    snapshot, before = content(plan), counts()
    updates = list(ProgressUpdate.objects.values_list("pk", "value", "date"))
    data, errors = read(exported)
    assert errors == [] and data.counts == {"actions": 3, "indicators": 3}
    # Importing needs a plan its owner may change: the same file as a new draft elsewhere.
    Plan.objects.filter(pk=plan.pk).delete()
    fresh, created = spreadsheet.import_plan(actor=world["focal"], data=data)
    assert created and counts() == before
    assert {k: v for k, v in content(fresh).items() if k != "status"} == snapshot
    assert ProgressUpdate.objects.count() == 0 and ProgressCount.objects.count() == 0  # progress is not imported
    assert len(updates) == 2


def test_csv_statuses_are_words_in_the_active_language_with_latest_values(world):
    import csv

    from django.utils import translation

    plan, _coordinator = _reported(world)
    rows = list(csv.reader(io.StringIO(spreadsheet.export_csv(plan).lstrip("\ufeff"))))
    header, first, second, third = rows
    status_col = header.index("Plan status / حالة الخطة")
    action_status = header.index("Status / الحالة")
    latest, last = header.index("Latest values / آخر القيم"), header.index("Last reported / آخر تحديث")
    assert [r[status_col] for r in rows[1:]] == ["Approved"] * 3
    assert [r[action_status] for r in rows[1:]] == ["Ongoing", "Planned", "Done"]
    assert first[latest] == "عدد المشاركين: 120 شخص (2025-06-20)" and first[last] == "2025-06-20"
    assert second[latest] == "Sessions held: no update yet" and second[last] == ""
    assert "(Monthly)" in second[header.index("Indicators / المؤشرات")]
    with translation.override("ar"):
        arabic = list(csv.reader(io.StringIO(spreadsheet.export_csv(plan).lstrip("\ufeff"))))
        approved, ongoing = str(translation.gettext("Approved")), str(translation.gettext("Ongoing"))
    assert approved != "Approved" and arabic[1][status_col] == approved and arabic[1][action_status] == ongoing
    assert "approved" not in {r[status_col] for r in arabic[1:]}
