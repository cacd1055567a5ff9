"""The Excel pages: template download, upload → background job → result (errors table or the plan), exports."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import Role
from core.actors import system
from core.models import Job
from plans import spreadsheet
from plans.models import Action, Plan
from tests.factories import make_org, make_user

from .test_spreadsheet import action, fill, read, sample, to_bytes
from .test_spreadsheet import world as world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_the_template_is_for_anyone_logged_in(client, world):
    response = client.get(reverse("plans:template"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(make_user(role=Role.PARTNER))
    response = client.get(reverse("plans:template"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="wiqaya-plan-template.xlsx"'
    assert load_workbook(io.BytesIO(response.content)).sheetnames[:3] == ["Plan", "Actions", "Indicators"]


def test_only_those_who_may_create_plans_see_the_upload_page(client, world):
    client.force_login(make_user(role=Role.PARTNER))
    assert client.get(reverse("plans:import")).status_code == 403
    client.force_login(world["focal"])
    response = client.get(reverse("plans:import"))
    assert response.status_code == 200 and b'data-testid="plan-import-form"' in response.content
    client.force_login(make_user(role=Role.NATIONAL_COORDINATOR))
    assert client.get(reverse("plans:import")).status_code == 200


def test_upload_runs_the_job_and_links_the_plan(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["focal"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:import"), {"file": SimpleUploadedFile("plan.xlsx", to_bytes(sample()))})
    job = Job.objects.get(kind="plan_import")
    assert response.status_code == 302 and response["Location"] == reverse("plans:import-job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "done", job.error
    plan = Plan.objects.get()
    assert job.result["plan_id"] == plan.pk and job.result["created"] is True
    assert not list((Path(settings.MEDIA_ROOT) / "plan-imports").glob("*"))  # the upload is not kept once read
    page = client.get(response["Location"])
    assert page.status_code == 200 and b'data-testid="import-done"' in page.content
    assert b'data-testid="plan-link"' in page.content
    assert "hx-get" not in page.content.decode()  # finished: no more polling
    # the HTMX partial alone
    partial = client.get(response["Location"], headers={"HX-Request": "true"})
    assert partial.status_code == 200 and b"<html" not in partial.content


def test_an_invalid_upload_lists_errors_by_sheet_row_and_column(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["focal"])
    bad = to_bytes(fill(actions=[action("1", "x", lead="Nobody Foundation")]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:import"), {"file": SimpleUploadedFile("plan.xlsx", bad)})
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="import-errors"' in page
    assert "<td><bdi>Actions</bdi></td><td>2</td><td>G</td>" in page and "Nobody Foundation" in page
    assert Plan.objects.count() == 0 and Action.objects.count() == 0


def test_a_running_job_polls(client, world):
    client.force_login(world["focal"])
    response = client.post(reverse("plans:import"), {"file": SimpleUploadedFile("plan.xlsx", to_bytes(sample()))})
    page = client.get(response["Location"]).content.decode()  # not run: no on-commit in this test
    assert 'hx-trigger="every 1s"' in page


def test_wrong_file_types_are_refused_on_the_form(client, world):
    client.force_login(world["focal"])
    response = client.post(reverse("plans:import"), {"file": SimpleUploadedFile("plan.csv", b"a,b\n")})
    assert response.status_code == 200 and "xlsx" in response.content.decode() and not Job.objects.exists()


def test_someone_elses_import_job_is_not_found(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["focal"])
    response = client.post(reverse("plans:import"), {"file": SimpleUploadedFile("plan.xlsx", to_bytes(sample()))})
    client.force_login(make_user(role=Role.LOCAL_FOCAL_POINT))
    assert client.get(response["Location"]).status_code == 404


def test_exports_answer_404_for_a_plan_the_user_may_not_see(client, world):
    plan, _ = spreadsheet.import_plan(actor=system("tests"), data=read(sample())[0])
    xlsx, csv = reverse("plans:export-xlsx", args=[plan.pk]), reverse("plans:export-csv", args=[plan.pk])
    assert client.get(xlsx).status_code == 302  # to the login page
    client.force_login(make_user(role=Role.LOCAL_FOCAL_POINT, organisation=make_org("Basra Sub-committee")))
    assert client.get(xlsx).status_code == 404 and client.get(csv).status_code == 404
    client.force_login(world["focal"])
    response = client.get(xlsx)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert read(response.content)[1] == []
    response = client.get(csv)
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    assert "حوارات مجتمعية" in response.content.decode("utf-8-sig")
    client.force_login(make_user(role=Role.NATIONAL_COORDINATOR))
    assert client.get(csv).status_code == 200
    # a partner organisation of one of the plan's actions sees it, so may export it
    client.force_login(make_user(role=Role.PARTNER, organisation=world["partner"]))
    assert client.get(csv).status_code == 200


def test_the_plan_pages_link_the_import_and_the_exports(client, world):
    plan, _ = spreadsheet.import_plan(actor=system("tests"), data=read(sample())[0])
    client.force_login(world["focal"])
    assert b'data-testid="import-plan"' in client.get(reverse("plans:list")).content
    page = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("plans:export-xlsx", args=[plan.pk]) in page and reverse("plans:export-csv", args=[plan.pk]) in page


def test_the_pages_in_arabic_and_the_size_limit(client, world, settings):
    client.force_login(world["focal"])
    page = client.get("/ar/plans/import/")
    assert page.status_code == 200 and 'dir="rtl"' in page.content.decode()
    settings.WIQAYA_MAX_IMPORT_BYTES = 100
    response = client.post(reverse("plans:import"), {"file": SimpleUploadedFile("plan.xlsx", to_bytes(sample()))})
    assert response.status_code == 200 and not Job.objects.exists()
    assert "plan.xlsx:" in response.content.decode()  # the form names the file it refuses


# --- the plan's monitoring data through the pages ----------------------------------------------------------

def test_the_xlsx_export_hides_small_groups_unless_the_reader_reported_them(client, world):
    from .test_spreadsheet import FEMALE_CHILD, _progress_sheet, _reported

    plan, coordinator = _reported(world)
    url = reverse("plans:export-xlsx", args=[plan.pk])
    client.force_login(world["focal"])
    _ws, _header, rows = _progress_sheet(client.get(url).content)
    assert rows[0][FEMALE_CHILD] == 3
    client.force_login(coordinator)
    _ws, _header, rows = _progress_sheet(client.get(url).content)
    assert rows[0][FEMALE_CHILD] == "hidden / مخفي"


def test_the_csv_export_speaks_the_language_of_the_request(client, world):
    import csv

    from .test_spreadsheet import _reported

    plan, _coordinator = _reported(world)
    client.force_login(world["focal"])
    for prefix, approved in (("/en/", "Approved"), ("/ar/", "معتمدة")):
        url = reverse("plans:export-csv", args=[plan.pk]).replace("/en/", prefix)
        rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
        assert rows[1][rows[0].index("Plan status / حالة الخطة")] == approved, prefix


# --- the national overview and the coverage matrix as files -------------------------------------------------

@pytest.fixture
def rollup(reference):
    from places.models import Place
    from tests.factories import make_plan

    nineveh = make_org("Nineveh PVE Sub-committee", kind="committee", place=Place.objects.get(code="IQ-NI"))
    basra = make_org("Basra PVE Sub-committee", kind="committee", place=Place.objects.get(code="IQ-BA"))
    focal = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=nineveh)
    other = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=basra)
    public = make_plan(focal, place_code="IQ-NI", status="approved", actions=2, title="=HYPERLINK(\"x\") Nineveh",
                       is_public=True)
    hidden = make_plan(other, place_code="IQ-BA", status="draft", actions=3, title="Basra draft plan")
    return {"public": public, "hidden": hidden, "focal": focal, "other": other}


def _csv(response):
    import csv

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    return ws, [[c.value for c in row] for row in ws.iter_rows()]


def _page_rows(html: str, pattern: str) -> dict:
    import re

    return {m.group(1): m.groupdict() for m in re.finditer(pattern, html)}


def test_the_overview_exports_the_figures_its_page_shows_to_the_same_reader(client, rollup):
    import re

    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    for who in (coordinator, None):
        client.logout()
        if who:
            client.force_login(who)
        page = client.get(reverse("plans:overview")).content.decode()
        shown = {m.group(1): (int(m.group(2)), m.group(3)) for m in re.finditer(
            r'data-governorate="([A-Z-]+)" data-plans="(\d+)" data-pending="\d+" data-goals="\d+" data-delayed="\d+" '
            r'data-overdue="\d+" data-percent="(\d*)"', page)}
        rows = _csv(client.get(reverse("plans:overview-export-csv")))
        header, body, total = rows[0], rows[1:-1], rows[-1]
        assert header[:3] == ["Governorate", "Code", "Plans"]
        exported = {r[1]: (int(r[2]), r[4]) for r in body}
        assert exported == shown and len(body) == 19
        # Figures count approved plans only (the draft is listed apart, to those who may see it).
        assert total[2] == "1"
        text = "\n".join(",".join(r) for r in rows)
        assert ("Basra draft plan" in text) == bool(who)  # listed apart, under "Not yet approved"
        assert header[8] == "Not yet approved"
        nineveh = next(r for r in body if r[1] == "IQ-NI")
        assert nineveh[3].startswith("'=HYPERLINK")  # formula-safe
        ws, xrows = _xlsx(client.get(reverse("plans:overview-export-xlsx")))
        assert xrows[0][:3] == ["Governorate", "Code", "Plans"] and not ws.sheet_view.rightToLeft
        assert {r[1]: r[2] for r in xrows[1:-1]} == {code: n for code, (n, _p) in shown.items()}
        cell = next(row for row in ws.iter_rows(min_row=2) if row[1].value == "IQ-NI")[3]
        assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"  # text, not a formula


def test_the_overview_export_in_arabic_reads_right_to_left(client, rollup):
    from django.utils import translation

    client.force_login(make_user(role=Role.NATIONAL_COORDINATOR))
    ws, rows = _xlsx(client.get(reverse("plans:overview-export-xlsx").replace("/en/", "/ar/")))
    with translation.override("ar"):
        governorate, plans = translation.gettext("Governorate"), translation.gettext("Plans")
    assert rows[0][0] == governorate == "المحافظة" and rows[0][2] == plans
    assert ws.sheet_view.rightToLeft
    assert "نينوى" in {r[0] for r in rows[1:]}
    rows = _csv(client.get(reverse("plans:overview-export-csv").replace("/en/", "/ar/")))
    assert rows[0][0] == "المحافظة"


def test_the_coverage_matrix_exports_its_cells_for_the_framework_asked(client, rollup):
    import re

    from frameworks.models import Goal

    client.force_login(make_user(role=Role.NATIONAL_COORDINATOR))
    query = {"framework": "euromed-cso-2017"}
    page = client.get(reverse("plans:coverage"), query).content.decode()
    assert reverse("plans:coverage-export-xlsx") + "?framework=euromed-cso-2017" in page
    assert reverse("plans:coverage-export-csv") + "?framework=euromed-cso-2017" in page
    totals = [int(t) for t in re.findall(r'data-testid="matrix-row" data-path="[^"]*" data-total="(\d+)"', page)]
    rows = _csv(client.get(reverse("plans:coverage-export-csv"), query))
    header, body, pending = rows[0], rows[1:-1], rows[-1]
    assert header[:3] == ["Framework", "Goal number", "Goal"] and header[-1] == "All"
    assert len(header) == 3 + 19 + 1
    assert len(body) == Goal.objects.filter(framework__slug="euromed-cso-2017").count()
    # Cells count approved plans only (Nineveh's 2 actions); Basra's draft's 3 are counted apart, as on the page.
    assert [int(r[-1]) for r in body] == totals and sum(totals) == 2
    assert pending[0].startswith("Actions of plans not yet approved") and pending[-1] == "3"
    nineveh = next(i for i, h in enumerate(header) if h.startswith("Nineveh"))
    basra = next(i for i, h in enumerate(header) if h.startswith("Basra"))
    assert (body[0][nineveh], body[0][basra]) == ("2", "0")
    ws, xrows = _xlsx(client.get(reverse("plans:coverage-export-xlsx"), query))
    assert [r[-1] for r in xrows[1:-1]] == totals
    # An anonymous reader's file counts the public plan only, as the page does.
    client.logout()
    rows = _csv(client.get(reverse("plans:coverage-export-csv"), query))
    assert (rows[1][nineveh], rows[1][basra], rows[1][-1]) == ("2", "0", "2")
    # Another framework: its goals.
    rows = _csv(client.get(reverse("plans:coverage-export-csv"), {"framework": "un-pve-2015"}))
    assert len(rows) - 1 == Goal.objects.filter(framework__slug="un-pve-2015").count()
    assert {r[0] for r in rows[1:]} == {str(Goal.objects.filter(framework__slug="un-pve-2015").first().framework)}


def test_the_overview_links_its_exports(client, rollup):
    page = client.get(reverse("plans:overview")).content.decode()
    assert reverse("plans:overview-export-xlsx") in page and reverse("plans:overview-export-csv") in page
