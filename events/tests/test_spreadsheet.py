"""The recommendations spreadsheet: the template and its drop-downs, reading XLSX and CSV (bad rows named by row
and column), and exports that read back into the same recommendations."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from events import spreadsheet
from events.models import Recommendation
from events.services import imports
from events.tests.test_imports import DATA, GOOD, row, world  # noqa: F401  the shared fixture


def test_template_has_bilingual_headers_and_lists_for_its_drop_downs(reference):
    wb = load_workbook(io.BytesIO(spreadsheet.template_workbook()))
    assert wb.sheetnames == [spreadsheet.SHEET, spreadsheet.README_SHEET, spreadsheet.LISTS_SHEET]
    headers = [c.value for c in wb[spreadsheet.SHEET][1]]
    assert headers[:3] == ["External ID / المعرّف الخارجي", "Number / الرقم", "Recommendation / التوصية"]
    lists = wb[spreadsheet.LISTS_SHEET]
    columns = {lists.cell(1, i).value: [lists.cell(r, i).value for r in range(2, lists.max_row + 1)]
               for i in range(1, 5)}
    priorities, audiences, places, goals = columns.values()
    assert priorities[:3] == ["High / عالية", "Medium / متوسطة", "Low / منخفضة"]
    assert "Local governments / الحكومات المحلية" in audiences
    assert any(p and p.startswith("IQ-NI — ") for p in places)
    assert any(g and g.startswith("euromed-cso-2017:1 — ") for g in goals)
    ranges = {str(v.sqref).split(":")[0]: v.formula1 for v in wb[spreadsheet.SHEET].data_validations.dataValidation}
    assert ranges["J2"].endswith("$A$2:$A$4")  # priority
    assert "$D$2" in ranges["I2"]  # goals


def test_template_download_needs_a_login(client, world):  # noqa: F811
    assert client.get(reverse("events:import-template")).status_code == 302
    client.force_login(world.user)
    response = client.get(reverse("events:import-template"))
    assert response.status_code == 200 and response["Content-Type"] == spreadsheet.XLSX


@pytest.mark.parametrize("name, lead_column", [("recommendations-bad-row.xlsx", "H (Lead organisation)"),
                                               ("recommendations-bad-row.csv", "Lead organisation")])
def test_a_bad_row_is_named_and_nothing_is_written(world, name, lead_column):  # noqa: F811
    read = spreadsheet.read_file(name, (DATA / name).read_bytes())
    assert not read.errors and [r["row"] for r in read.rows] == [2, 3, 4]
    result = imports.import_recommendations(actor=world.user, event=world.event, rows=read.rows,
                                            columns=read.columns)
    assert result["status"] == "invalid"
    assert {e["row"] for e in result["errors"]} == {4}
    texts = [e["text"] for e in result["errors"]]
    assert f"row 4, column {lead_column}: No organisation in the directory has this name or acronym. " \
           "(value: “Nobody Known Here”)" in texts
    assert len(texts) == 4  # places, priority, due date, lead
    assert not Recommendation.objects.exists()
    good = imports.import_recommendations(actor=world.user, event=world.event, rows=read.rows[:2],
                                          columns=read.columns)
    assert good["status"] == "imported" and good["created"] == 2


def test_merged_cells_and_missing_headers_are_named(reference):
    wb = Workbook()
    ws = wb.active
    ws.append(["Recommendation", "Priority"])
    ws.append(["Do it", "High"])
    ws.merge_cells("A2:B2")
    out = io.BytesIO()
    wb.save(out)
    read = spreadsheet.read_file("m.xlsx", out.getvalue())
    assert read.errors[0]["text"].startswith("row 2, column A: Merged cells A2:B2")
    nothing = spreadsheet.read_file("x.csv", b"Title;Priority\nDo it;High\n")
    assert "no column “Recommendation / التوصية”" in nothing.errors[0]["message"]
    assert spreadsheet.read_file("x.xlsx", b"not a zip").errors[0]["message"].startswith("This is not an Excel")


def _roundtrip(world, export, name):  # noqa: F811
    read = spreadsheet.read_file(name, export)
    assert not read.errors
    return imports.import_recommendations(actor=world.user, event=world.event, rows=read.rows, columns=read.columns)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_exports_read_back_into_the_same_recommendations(world, language):  # noqa: F811
    rows = [*GOOD, row(text="=HYPERLINK(\"http://example.org\") is not a formula here", lead="NGO-N")]
    assert imports.import_recommendations(actor=world.user, event=world.event, rows=rows)["created"] == 3
    before = {r.pk: (r.text, r.priority, r.due_date, r.national, sorted(r.places.values_list("pk", flat=True)),
                     sorted(r.goals.values_list("pk", flat=True)),
                     sorted(r.owners.values_list("organisation_id", "role")))
              for r in Recommendation.objects.all()}
    with translation.override(language):
        xlsx = spreadsheet.export_workbook(world.event, world.user)
        csv_text = spreadsheet.export_csv(world.event, world.user)
        header = csv_text.lstrip("\ufeff").splitlines()[0]
        assert header.startswith("المعرّف الخارجي,الرقم,التوصية" if language == "ar" else "External ID,Number,")
        assert "'=HYPERLINK" in csv_text  # guarded in CSV
        sheet = load_workbook(io.BytesIO(xlsx))[spreadsheet.SHEET]
        assert sheet.sheet_view.rightToLeft is (language == "ar")
        texts = [c for c in sheet.iter_rows(min_row=2, values_only=True)]
        assert any(str(t[2]).startswith("=HYPERLINK") for t in texts)
        for data, name in ((xlsx, "e.xlsx"), (csv_text.encode("utf-8"), "e.csv")):
            result = _roundtrip(world, data, name)
            assert result["status"] == "imported", result
            assert (result["created"], result["updated"]) == (0, 3)
    after = {r.pk: (r.text, r.priority, r.due_date, r.national, sorted(r.places.values_list("pk", flat=True)),
                    sorted(r.goals.values_list("pk", flat=True)),
                    sorted(r.owners.values_list("organisation_id", "role")))
             for r in Recommendation.objects.all()}
    assert after == before


def test_export_pages_follow_the_events_visibility(client, world):  # noqa: F811
    imports.import_recommendations(actor=world.user, event=world.event, rows=GOOD)
    assert client.get(reverse("events:export", args=[world.event.pk])).status_code == 404
    client.force_login(world.user)
    response = client.get(reverse("events:export", args=[world.event.pk]))
    assert response.status_code == 200 and response["Content-Type"] == spreadsheet.XLSX
    csv_response = client.get(reverse("events:export-csv", args=[world.event.pk]))
    assert "Set up a standing prevention committee" in csv_response.content.decode("utf-8")
    client.force_login(world.outsider)
    assert client.get(reverse("events:export-csv", args=[world.event.pk])).status_code == 404


def test_command_export_then_import_updates(world, tmp_path):  # noqa: F811
    from django.core.management import call_command

    imports.import_recommendations(actor=world.user, event=world.event, rows=GOOD)
    target = tmp_path / "out.xlsx"
    call_command("events", "export", "--event", "EVT-2025-BGD", str(target))
    call_command("events", "import", str(target), "--event", "EVT-2025-BGD")
    assert Recommendation.objects.count() == 2


def test_exports_name_only_the_owners_the_reader_may_see(client, world):  # noqa: F811
    from events.services.events import publish_event
    from events.services.recommendations import publish_recommendation, set_owners
    from tests.factories import make_org

    secret = make_org("Quiet Partners Circle", proposed_by=world.convener)
    imports.import_recommendations(actor=world.user, event=world.event, rows=GOOD[:1])
    rec = Recommendation.objects.get()
    set_owners(actor=world.user, recommendation=rec, owners=[
        {"organisation": world.nineveh, "role": "lead", "is_public": True},
        {"organisation": world.youth, "role": "supporting", "is_public": False},
        {"organisation": secret, "role": "contributing", "is_public": True}])
    publish_event(actor=world.user, event=world.event, is_public=True)
    publish_recommendation(actor=world.user, recommendation=rec, is_public=True)
    inside = spreadsheet.export_rows(world.event, world.user)[0]
    assert (inside["lead"], inside["supporting"], inside["contributing"]) == (
        "Nineveh Governorate Office", "Peace Youth Network", "Quiet Partners Circle")
    public = client.get(reverse("events:export-csv", args=[world.event.pk])).content.decode("utf-8")
    assert "Nineveh Governorate Office" in public
    assert "Peace Youth Network" not in public and "Quiet Partners Circle" not in public
    # A convener of another organisation manages the recommendation: the private owner, not the proposal.
    world.event.conveners.add(world.other)
    other = spreadsheet.export_rows(world.event, world.outsider)[0]
    assert (other["supporting"], other["contributing"]) == ("Peace Youth Network", "")
    # Re-importing that export deletes no owner.
    read = spreadsheet.read_file("o.csv", spreadsheet.export_csv(world.event, world.outsider).encode("utf-8"))
    assert imports.import_recommendations(actor=world.outsider, event=world.event, rows=read.rows)["updated"] == 1
    assert rec.owners.count() == 3
