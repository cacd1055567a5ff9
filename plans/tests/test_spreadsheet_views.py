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
