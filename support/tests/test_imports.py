"""Needs from an assessment file: KoboToolbox (labels XLSX, XML-values CSV, Arabic) and ActivityInfo exports,
the mapping remembered per organisation and form, re-imports that update counts, all-or-nothing checking,
personal columns never read, permissions, and the pages of the mapping step."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accounts.choices import Role
from core.models import AuditEntry, Job
from support import imports
from support.choices import NeedSource, NeedStatus
from support.models import ImportMapping, Need
from support.services.imports import import_needs, save_mapping
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"

LABELS_MAPPING = {"place": "District", "theme": "Main need of the community",
                  "groups": "Which groups are most affected?", "severity": "How severe is it (1-5)?",
                  "description": "Any other comments", "theme_values": {"Social cohesion": "dialogue"}}
XML_MAPPING = {"place": "consultation/district", "theme": "consultation/need_theme", "groups": "consultation/groups",
               "severity": "", "description": "consultation/comments",
               "theme_values": {"social_cohesion": "dialogue"}}
AR_MAPPING = {"place": "القضاء", "theme": "الحاجة الرئيسية", "groups": "الفئات المتأثرة", "severity": "شدة الحاجة",
              "description": "ملاحظات"}


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture
def world(reference):
    org = make_org("Nineveh sub-committee")
    focal = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=org)
    return {"org": org, "focal": focal}


def run(world, name, mapping, **kwargs):
    return import_needs(actor=world["focal"], owner=world["org"], file_name=name, data=read(name), mapping=mapping,
                        **kwargs)


def needs_by_title(owner):
    return {n.title: n for n in Need.objects.filter(owner=owner)}


def test_kobo_labels_export_becomes_one_need_per_place_and_theme(world):
    result = run(world, "kobo_labels.xlsx", LABELS_MAPPING)
    assert result["status"] == "imported", result.get("errors")
    assert (result["created"], result["updated"], result["answers"]) == (3, 0, 6)
    assert result["form_name"] == "Community consultation 2025"
    needs = needs_by_title(world["org"])
    assert set(needs) == {"Youth empowerment in Mosul — 3 answers", "Dialogue and conflict prevention in Mosul — 1 answer",
                          "Jobs and livelihoods in Sinjar — 2 answers"}
    youth = needs["Youth empowerment in Mosul — 3 answers"]
    assert (youth.mentions, youth.severity, youth.source, youth.status) == (3, 4, NeedSource.ASSESSMENT,
                                                                          NeedStatus.IDENTIFIED)  # (4+5+4)/3 → 4
    assert youth.groups == ["women", "youth"]  # the 0/1 option columns, by their labels
    assert youth.place.name_en == "Mosul" and youth.governorate.code == "IQ-NI"
    sinjar = needs["Jobs and livelihoods in Sinjar — 2 answers"]
    assert sinjar.severity == 5 and sinjar.groups == ["displaced", "women"]  # (5+4)/2 = 4.5 → 5, half up
    # Comments are counted, never copied: the phone number in one of them is nowhere on the need.
    assert [n["comments"] for n in result["needs"] if n["title"] == youth.title] == [2]
    assert all(n.description == "" for n in needs.values())
    entry = AuditEntry.objects.get(action="support.import_needs")
    assert entry.changes["created"] == 3 and entry.changes["answers"] == 6


def test_personal_columns_are_left_out_and_never_read(world, monkeypatch):
    table = imports.read_table("kobo_labels.xlsx", read("kobo_labels.xlsx"))
    assert table.left_out == ["username", "Name of respondent", "Respondent phone number", "_geolocation",
                              "_submitted_by"]
    assert all("Name of respondent" not in row and "_geolocation" not in row for _n, row in table.rows)
    assert not any("+964" in value for _n, row in table.rows for value in row.values())
    # The mapping step shows a column's first values with digit runs masked: a comment may hold a phone number.
    assert table.samples("Any other comments") == ["Young men have no club", "Call me on …"]
    result = run(world, "kobo_labels.xlsx", LABELS_MAPPING)
    assert result["left_out"] == table.left_out
    # A mapping cannot point at one either.
    bad = run(world, "kobo_labels.xlsx", LABELS_MAPPING | {"description": "Respondent phone number"})
    assert bad["status"] == "invalid"
    assert bad["errors"][0]["column"] == "Respondent phone number"
    assert "personal" in bad["errors"][0]["message"]


def test_kobo_xml_csv_with_semicolons_and_bom_and_share_based_severity(world):
    result = run(world, "kobo_xml.csv", XML_MAPPING)
    assert result["status"] == "imported", result.get("errors")
    assert result["form_name"] == "needs_assessment_anbar"  # from _xform_id_string
    assert "respondent/respondent_name" in result["left_out"] and "_location_latitude" in result["left_out"]
    needs = {(n.place.name_en, n.theme): n for n in Need.objects.filter(owner=world["org"])}
    assert set(needs) == {("Ramadi", "education"), ("Fallujah", "reintegration"), ("Fallujah", "dialogue")}
    # No severity column: the share of the place's answers — Ramadi 2/2 → 5, Fallujah 2/3 → 5, 1/3 → 3.
    assert needs[("Ramadi", "education")].severity == 5
    assert needs[("Fallujah", "reintegration")].severity == 5
    assert needs[("Fallujah", "dialogue")].severity == 3
    assert needs[("Fallujah", "reintegration")].groups == ["returnees", "youth"]


def test_arabic_headers_and_values(world):
    with translation.override("ar"):
        result = run(world, "kobo_ar.xlsx", AR_MAPPING)
    assert result["status"] == "imported", result.get("errors")
    assert result["left_out"] == ["اسم المستجيب", "رقم الهاتف", "_submitted_by"]
    needs = {(n.place.code, n.theme): n for n in Need.objects.filter(owner=world["org"])}
    youth = next(n for (code, theme), n in needs.items() if theme == "youth")
    assert youth.place.name_ar == "الموصل" and youth.mentions == 2 and youth.groups == ["women", "youth"]
    assert youth.title.startswith("تمكين الشباب في الموصل") and youth.lang == "ar"
    assert {n.theme for n in needs.values()} == {"youth", "dialogue", "employment"}
    hawija = next(n for n in needs.values() if n.theme == "employment")
    assert hawija.place.name_en == "Hawija" and hawija.groups == ["displaced", "youth"]


def test_activityinfo_export(world):
    mapping = {"place": "District", "theme": "Need theme", "severity": "Severity", "description": "Comments"}
    result = run(world, "activityinfo.xlsx", mapping)
    assert result["status"] == "imported", result.get("errors")
    assert result["left_out"] == [] and result["form_name"] == "Needs assessment"
    needs = {n.place.name_en: n for n in Need.objects.filter(owner=world["org"])}
    assert needs["Hawija"].mentions == 2 and needs["Hawija"].severity == 4  # (3+4)/2 = 3.5 → 4
    assert needs["Al-Zubair"].theme == "employment" and needs["Al-Zubair"].severity == 2


def test_reimport_updates_counts_without_duplicates_and_keeps_status(world):
    run(world, "kobo_xml.csv", XML_MAPPING)
    need = Need.objects.get(owner=world["org"], theme="education")
    Need.objects.filter(pk=need.pk).update(status=NeedStatus.VALIDATED)
    # The next export of the form: one more Ramadi education answer, one fewer Fallujah answer.
    text = read("kobo_xml.csv").decode("utf-8-sig").splitlines()
    text.append(text[1].replace("1000", "2000"))
    data = "\r\n".join(text[:4] + text[5:]).encode("utf-8-sig")
    result = import_needs(actor=world["focal"], owner=world["org"], file_name="kobo_xml.csv", data=data,
                          mapping=XML_MAPPING)
    assert result["status"] == "imported", result.get("errors")
    assert (result["created"], result["updated"]) == (0, 3)
    assert Need.objects.filter(owner=world["org"]).count() == 3
    need.refresh_from_db()
    assert need.mentions == 3 and need.status == NeedStatus.VALIDATED  # set from the new file, not added
    assert need.title == "Education and skills in Ramadi — 3 answers"
    assert Need.objects.get(owner=world["org"], theme="reintegration").mentions == 1


def test_a_title_someone_changed_is_kept_on_reimport(world):
    run(world, "kobo_xml.csv", XML_MAPPING)
    Need.objects.filter(owner=world["org"], theme="education").update(title="School reopening in Ramadi")
    run(world, "kobo_xml.csv", XML_MAPPING)
    assert Need.objects.get(owner=world["org"], theme="education").title == "School reopening in Ramadi"


def test_bad_file_names_every_bad_row_and_writes_nothing(world):
    result = run(world, "kobo_bad.csv", XML_MAPPING | {"severity": "consultation/severity"})
    assert result["status"] == "invalid"
    assert [(e["row"], e["column"]) for e in result["errors"]] == [
        (3, "consultation/district"), (4, "consultation/need_theme"), (5, "consultation/severity")]
    assert result["errors"][0]["message"] == "‘Mosul city’ is not a governorate or district we know."
    assert "‘9’ is not a severity from 1 to 5" in result["errors"][2]["message"]
    assert not Need.objects.exists() and not ImportMapping.objects.exists()


def test_an_unknown_theme_value_is_refused_until_mapped(world):
    result = run(world, "kobo_xml.csv", {**XML_MAPPING, "theme_values": {}})
    assert result["status"] == "invalid"
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(6, "consultation/need_theme")]
    table = imports.read_table("kobo_xml.csv", read("kobo_xml.csv"))
    assert imports.unmatched_themes(table, "consultation/need_theme") == ["social_cohesion"]


def test_the_mapping_is_remembered_per_organisation_and_form(world):
    run(world, "kobo_xml.csv", XML_MAPPING)
    table = imports.read_table("kobo_xml.csv", read("kobo_xml.csv"))
    saved = imports.mapping_for(world["focal"], world["org"], table.form_key)
    assert saved is not None and saved.columns["place"] == "consultation/district"
    assert saved.columns["theme_values"] == {"social_cohesion": "dialogue"}
    # The same form with its rows in another order, or another file name, is the same form.
    assert imports.read_table("other.csv", read("kobo_bad.csv")).form_key == table.form_key
    # Another organisation's member is not offered it, even for the same form.
    other = make_org("Anbar sub-committee")
    stranger = make_user(role=Role.LOCAL_FOCAL_POINT, organisation=other)
    assert imports.mapping_for(stranger, other, table.form_key) is None
    assert imports.mapping_for(stranger, world["org"], table.form_key) is None


def test_permissions(world):
    partner = make_user(role=Role.PARTNER, organisation=world["org"])
    with pytest.raises(PermissionDenied):
        import_needs(actor=partner, owner=world["org"], file_name="kobo_xml.csv", data=read("kobo_xml.csv"),
                     mapping=XML_MAPPING)
    other_focal = make_user(role=Role.LOCAL_FOCAL_POINT)
    with pytest.raises(PermissionDenied):  # not for another organisation
        import_needs(actor=other_focal, owner=world["org"], file_name="kobo_xml.csv", data=read("kobo_xml.csv"),
                     mapping=XML_MAPPING)
    with pytest.raises(PermissionDenied):
        save_mapping(actor=partner, owner=world["org"], form_key="x" * 64, form_name="f", columns=XML_MAPPING)
    assert not Need.objects.exists()
    coordinator = make_user(role=Role.NATIONAL_COORDINATOR)
    result = import_needs(actor=coordinator, owner=world["org"], file_name="kobo_xml.csv", data=read("kobo_xml.csv"),
                          mapping=XML_MAPPING)
    assert result["status"] == "imported"


def test_files_that_are_not_exports_are_refused(world):
    for name, data in [("x.csv", b""), ("x.xlsx", b"not a zip"), ("x.csv", "a,b\n".encode("utf-16")),
                       ("x.txt", b"a,b")]:
        result = import_needs(actor=world["focal"], owner=world["org"], file_name=name, data=data,
                              mapping=XML_MAPPING)
        assert result["status"] == "invalid" and result["errors"][0]["row"] is None, name
    assert not Need.objects.exists()


def test_places_by_arabic_english_kurdish_name_or_iso_code(world):
    match = imports.PlaceMatcher()
    assert {match(v).code for v in ("IQ-KI", "iq-ki", "Kirkuk", "كركوك", "کەرکووک")} == {"IQ-KI"}
    assert match("الموصل").name_en == "Mosul" and match("Mosul").kind == "district"
    assert match("Mosul city") is None and match("Tunisia, Basra") is None


def test_comma_csv_without_bom(world):
    data = read("kobo_xml.csv").decode("utf-8-sig").replace(";", ",").encode("utf-8")
    table = imports.read_table("kobo.csv", data)
    assert table.headers[2] == "consultation/governorate" and len(table.rows) == 5


# --- pages --------------------------------------------------------------------------------------------------------

def test_upload_then_mapping_step_then_job(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["focal"])
    page = client.get(reverse("support_import:upload"))
    assert page.status_code == 200 and b'data-testid="needs-import-form"' in page.content
    assert b'data-testid="empty"' in page.content  # no saved mapping yet
    response = client.post(reverse("support_import:upload"), {
        "file": SimpleUploadedFile("kobo_xml.csv", read("kobo_xml.csv")), "owner": world["org"].pk})
    assert response.status_code == 302 and "/map/" in response["Location"]
    page = client.get(response["Location"])
    content = page.content.decode()
    assert page.status_code == 200 and 'data-testid="file-columns"' in content
    assert "consultation/need_theme" in content and "Person 1" not in content  # personal values never shown
    assert 'data-testid="left-out"' in content and "respondent/respondent_name" in content
    assert 'data-testid="theme-values"' in content and "social_cohesion" in content  # the guessed theme column
    form = page.context["form"]
    theme_field = next(name for value, name in form.theme_fields if value == "social_cohesion")
    post = {"place": "consultation/district", "theme": "consultation/need_theme", "groups": "consultation/groups",
            "severity": "", "description": "consultation/comments"}
    refused = client.post(response["Location"], post)  # the value → theme table is not filled in
    assert refused.status_code == 200 and "Choose the theme this value means." in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(response["Location"], post | {theme_field: "dialogue"})
    job = Job.objects.get(kind="support.import_needs")
    assert done.status_code == 302 and done["Location"] == reverse("support_import:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "done" and job.result["status"] == "imported", job.result
    assert Need.objects.filter(owner=world["org"]).count() == 3
    assert not list((Path(settings.MEDIA_ROOT) / "support-imports").glob("*"))  # the upload is not kept
    result = client.get(done["Location"]).content.decode()
    assert 'data-testid="import-done"' in result and "Education and skills in Ramadi — 2 answers" in result
    assert 'data-testid="change-mapping"' in result
    # The next file of the form skips the mapping step.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("support_import:upload"), {
            "file": SimpleUploadedFile("kobo_xml_2.csv", read("kobo_xml.csv")), "owner": world["org"].pk})
    assert again.status_code == 302 and "/map/" not in again["Location"]
    assert Need.objects.filter(owner=world["org"]).count() == 3
    # …unless asked to choose the columns again.
    remap = client.post(reverse("support_import:upload"), {
        "file": SimpleUploadedFile("kobo_xml_3.csv", read("kobo_xml.csv")), "owner": world["org"].pk, "remap": "on"})
    assert "/map/" in remap["Location"]
    assert 'value="consultation/district" selected' in client.get(remap["Location"]).content.decode()


def test_arabic_mapping_page(client, world):
    client.force_login(world["focal"])
    response = client.post("/ar/support/needs/import/", {
        "file": SimpleUploadedFile("kobo_ar.xlsx", read("kobo_ar.xlsx")), "owner": world["org"].pk})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'lang="ar"' in page and "الحاجة الرئيسية" in page and "مستجيب 1" not in page
    assert 'data-testid="theme-values"' not in page  # every Arabic theme value is known


def test_pages_refuse_a_partner_and_hide_others_jobs(client, world, django_capture_on_commit_callbacks):
    client.force_login(make_user(role=Role.PARTNER))
    assert client.get(reverse("support_import:upload")).status_code == 403
    client.force_login(world["focal"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("support_import:upload"), {
            "file": SimpleUploadedFile("kobo_xml.csv", read("kobo_xml.csv")), "owner": world["org"].pk})
    assert client.get(reverse("support_import:mapping", args=["nope"])).status_code == 404
    job = Job.objects.create(kind="support.import_needs", created_by=world["focal"])
    client.force_login(make_user(role=Role.LOCAL_FOCAL_POINT))
    assert client.get(reverse("support_import:job", args=[job.pk])).status_code == 404


def test_the_upload_form_refuses_a_file_of_another_kind(client, world):
    client.force_login(world["focal"])
    response = client.post(reverse("support_import:upload"), {
        "file": SimpleUploadedFile("notes.pdf", b"%PDF-1.4"), "owner": world["org"].pk})
    assert response.status_code == 200 and "cannot be imported here" in response.content.decode()
    response = client.post(reverse("support_import:upload"), {
        "file": SimpleUploadedFile("fake.xlsx", b"a,b,c"), "owner": world["org"].pk})
    assert response.status_code == 200 and not Job.objects.exists()
    other = make_org("Someone else")
    response = client.post(reverse("support_import:upload"), {
        "file": SimpleUploadedFile("kobo_xml.csv", read("kobo_xml.csv")), "owner": other.pk})
    assert response.status_code == 200 and not Job.objects.exists()  # not one of the user's organisations


def test_the_command_imports_with_a_mapping_file(world, tmp_path, capsys):
    import json

    from django.core.management import CommandError, call_command

    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(XML_MAPPING), encoding="utf-8")
    call_command("import-needs", str(DATA / "kobo_xml.csv"), owner=world["org"].pk, mapping=str(mapping),
                 username=world["focal"].username)
    out = capsys.readouterr().out
    assert "5 answers: 3 needs created, 0 updated" in out and "respondent/respondent_name" in out
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(XML_MAPPING | {"severity": "consultation/severity"}), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import-needs", str(DATA / "kobo_bad.csv"), owner=world["org"].pk, mapping=str(bad))
    assert "row 3, column ‘consultation/district’: ‘Mosul city’" in capsys.readouterr().err
    assert Need.objects.filter(owner=world["org"]).count() == 3


def test_an_upload_left_in_the_mapping_step_is_deleted_after_a_day(world):
    import os
    import time

    from support.services.imports import keep_upload

    first = keep_upload(actor=world["focal"], owner=world["org"], file_name="a.csv", data=read("kobo_xml.csv"))
    path = Path(settings.MEDIA_ROOT) / first
    day_ago = time.time() - 25 * 3600
    os.utime(path, (day_ago, day_ago))
    second = keep_upload(actor=world["focal"], owner=world["org"], file_name="b.csv", data=read("kobo_xml.csv"))
    assert not path.exists() and imports.kept_upload(second) == read("kobo_xml.csv")
    assert imports.kept_upload("../secrets.csv") is None


def test_a_refused_file_shows_every_bad_row_on_the_job_page(client, world, django_capture_on_commit_callbacks):
    table = imports.read_table("kobo_bad.csv", read("kobo_bad.csv"))
    save_mapping(actor=world["focal"], owner=world["org"], form_key=table.form_key, form_name=table.form_name,
                 columns=XML_MAPPING | {"severity": "consultation/severity"})
    client.force_login(world["focal"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ar/support/needs/import/", {
            "file": SimpleUploadedFile("kobo_bad.csv", read("kobo_bad.csv")), "owner": world["org"].pk})
    assert "/map/" not in response["Location"]  # the saved mapping: no mapping step
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="import-errors"' in page
    errors = Job.objects.get(kind="support.import_needs").result["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        (3, "consultation/district"), (4, "consultation/need_theme"), (5, "consultation/severity")]
    assert "‘Mosul city’ ليست محافظة أو قضاءً نعرفه." in page  # in the language of the page that started it
    assert "consultation/severity" in page and not Need.objects.exists()
