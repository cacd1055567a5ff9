"""Importing an event's recommendations: rows checked whole before anything is written, every problem named by
row and column, re-imports that update and never duplicate or delete, the document import's preview and
confirmation, the pages and the command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.choices import OrganisationKind, Role
from core.jobs import execute
from core.models import AuditEntry, Job
from documents.models import SourceDocument
from events.choices import OwnerRole
from events.models import Event, Recommendation
from events.services import imports
from tests.factories import make_org, make_user

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def world(reference):
    convener = make_org("Roundtable Hub", kind=OrganisationKind.HUB)
    other = make_org("Another Association")
    nineveh = make_org("Nineveh Governorate Office", kind=OrganisationKind.LOCAL_GOVERNMENT, acronym="NGO-N")
    youth = make_org("Peace Youth Network", kind=OrganisationKind.NETWORK, name_alt="شبكة شباب السلام")
    user = make_user("convener", role=Role.HUB_EXPERT, organisation=convener)
    outsider = make_user("outsider", role=Role.LOCAL_FOCAL_POINT, organisation=other)
    event = Event.objects.create(reference="EVT-2025-BGD", title="Roundtable on local plans", lang="en",
                                 start_date=dt.date(2025, 3, 1), end_date=dt.date(2025, 3, 2))
    event.conveners.add(convener)
    second = Event.objects.create(reference="EVT-2025-NI", title="Workshop", start_date=dt.date(2025, 4, 1),
                                  end_date=dt.date(2025, 4, 1))
    second.conveners.add(convener)

    class World:
        pass

    w = World()
    w.convener, w.other, w.nineveh, w.youth = convener, other, nineveh, youth
    w.user, w.outsider, w.event, w.second = user, outsider, event, second
    return w


def row(**fields):
    base = {"external_id": "", "number": "", "text": "", "lang": "", "translation": "", "audience": "",
            "audiences": "", "places": "", "goals": "", "priority": "", "due_date": "", "done_when": "", "lead": "",
            "supporting": "", "contributing": ""}
    return base | fields


GOOD = [
    row(external_id="R-1", number="1", text="Set up a standing prevention committee in each governorate.",
        audience="For local governments", audiences="Local governments", places="IQ-NI; Baghdad",
        goals="euromed-cso-2017:1", priority="High", due_date="2026-06-30", done_when="A committee meets monthly.",
        lead="Nineveh Governorate Office", supporting="شبكة شباب السلام"),
    row(external_id="R-2", number="2", text="نشر خطة العمل المحلية وتقرير سنوي موجز.", places="national",
        goals="euromed-cso-2017:2 — a title", priority="منخفضة", due_date="31/12/2026", lead="NGO-N"),
]


def test_rows_are_written_with_their_owners_places_goals_and_dates(world):
    result = imports.import_recommendations(actor=world.user, event=world.event, rows=GOOD)
    assert result["status"] == "imported", result
    assert (result["created"], result["updated"]) == (2, 0)
    first = Recommendation.objects.get(external_id="R-1")
    assert first.event == world.event and first.number == "1" and first.lang == "en"
    assert first.priority == "high" and first.due_date == dt.date(2026, 6, 30)
    assert first.audience_heading == "For local governments" and first.audiences == ["local_governments"]
    assert sorted(p.code for p in first.places.all()) == sorted(["IQ-NI", "IQ-BG"]) or first.places.count() == 2
    assert [g.number for g in first.goals.all()] == ["1"]
    owners = {o.organisation.name: o.role for o in first.owners.select_related("organisation")}
    assert owners == {"Nineveh Governorate Office": OwnerRole.LEAD, "Peace Youth Network": OwnerRole.SUPPORTING}
    second = Recommendation.objects.get(external_id="R-2")
    assert second.lang == "ar" and second.national and second.priority == "low"
    assert second.due_date == dt.date(2026, 12, 31)
    assert AuditEntry.objects.filter(action="events.recommendation.import", object_id=str(world.event.pk)).count() == 1


def test_one_bad_row_writes_nothing_and_every_problem_names_its_row_and_column(world):
    rows = [*GOOD, row(row=7, external_id="R-3", text="", places="Atlantis", priority="urgent", due_date="someday",
                       lead="Nobody Known Here", goals="1")]
    result = imports.import_recommendations(actor=world.user, event=world.event, rows=rows)
    assert result["status"] == "invalid"
    texts = [e["text"] for e in result["errors"]]
    assert all(t.startswith("row 7, column ") for t in texts), texts
    columns = {e["column"] for e in result["errors"]}
    assert columns == {"Recommendation", "Places", "Priority", "Due", "Lead organisation", "Goals"}
    assert any("Atlantis" in t and "No governorate or district" in t for t in texts)
    assert Recommendation.objects.count() == 0


def test_a_repeated_external_id_is_named_with_the_earlier_row(world):
    rows = [row(external_id="X", text="First one."), row(external_id="X", text="Second one.")]
    result = imports.import_recommendations(actor=world.user, event=world.event, rows=rows)
    assert result["status"] == "invalid"
    assert result["errors"][0]["text"] == ("row 2, column External ID: This external ID is already used on row 1: "
                                           "give each recommendation its own.")
    assert not Recommendation.objects.exists()


def test_reimport_updates_instead_of_duplicating_and_deletes_nothing(world):
    imports.import_recommendations(actor=world.user, event=world.event, rows=GOOD)
    first = Recommendation.objects.get(external_id="R-1")
    again = [row(external_id="R-1", text="Set up a standing prevention committee in every governorate.",
                 places="Kirkuk", lead="Peace Youth Network", contributing="Another Association"),
             row(external_id="R-2", due_date="")]
    result = imports.import_recommendations(actor=world.user, event=world.event, rows=again)
    assert result["status"] == "imported", result
    assert (result["created"], result["updated"]) == (0, 2)
    assert Recommendation.objects.count() == 2
    first.refresh_from_db()
    assert first.text.endswith("every governorate.")
    # Empty cells keep what is stored; places and owners are added to, none removed.
    assert first.due_date == dt.date(2026, 6, 30) and first.priority == "high"
    assert first.places.count() == 3
    owners = {o.organisation.name: o.role for o in first.owners.select_related("organisation")}
    assert owners == {"Peace Youth Network": OwnerRole.LEAD, "Nineveh Governorate Office": OwnerRole.SUPPORTING,
                      "Another Association": OwnerRole.CONTRIBUTING}
    assert Recommendation.objects.get(external_id="R-2").due_date == dt.date(2026, 12, 31)


def test_an_external_id_of_another_events_recommendation_is_refused(world):
    imports.import_recommendations(actor=world.user, event=world.second, rows=[row(external_id="R-1", text="Other.")])
    result = imports.import_recommendations(actor=world.user, event=world.event, rows=GOOD)
    assert result["status"] == "invalid"
    assert result["errors"][0]["text"].startswith("row 1, column External ID: This external ID belongs to a "
                                                  "recommendation outside this event")
    assert Recommendation.objects.count() == 1


def test_an_external_id_taken_meanwhile_by_another_import_writes_nothing(world, monkeypatch):
    imports.import_recommendations(actor=world.user, event=world.second, rows=[row(external_id="R-2", text="Other.")])
    monkeypatch.setattr(imports._Checker, "existing", lambda self, rows: {})  # as if it came after the check
    result = imports.import_recommendations(actor=world.user, event=world.event, rows=GOOD)
    assert result["status"] == "invalid"
    assert result["errors"][-1]["text"].startswith("row 2, column External ID: ")  # the record service's refusal
    assert Recommendation.objects.count() == 1


def test_another_organisations_private_organisation_reads_as_unknown(world):
    secret = make_org("Quiet Partners Circle", proposed_by=world.other)
    hidden = imports.import_recommendations(actor=world.user, event=world.event,
                                            rows=[row(text="Do it.", lead="Quiet Partners Circle")])
    unknown = imports.import_recommendations(actor=world.user, event=world.event,
                                             rows=[row(text="Do it.", lead="Loud Partners Circle")])
    assert hidden["status"] == unknown["status"] == "invalid"
    assert hidden["errors"][0]["message"].replace("Quiet", "Loud") == unknown["errors"][0]["message"]
    assert "Quiet" not in unknown["errors"][0]["text"]
    # The organisation that proposed it names it like any other.
    world.event.conveners.add(world.other)
    done = imports.import_recommendations(actor=world.outsider, event=world.event,
                                          rows=[row(text="Do it.", lead="Quiet Partners Circle")])
    assert done["status"] == "imported"
    assert Recommendation.objects.get().owners.get().organisation == secret


def test_contact_details_in_the_text_are_refused_by_row(world):
    result = imports.import_recommendations(actor=world.user, event=world.event,
                                            rows=[row(text="Call +964 770 123 4567 to join.")])
    assert result["status"] == "invalid"
    assert result["errors"][0]["text"].startswith("row 1, column Recommendation: Rephrase this text without")
    assert not Recommendation.objects.exists()


def test_only_conveners_and_coordinators_import(world):
    with pytest.raises(PermissionDenied):
        imports.import_recommendations(actor=world.outsider, event=world.event, rows=GOOD)
    with pytest.raises(PermissionDenied):
        imports.start_spreadsheet_import(actor=world.outsider, event=world.event,
                                         file=SimpleUploadedFile("r.csv", b"Recommendation\nx\n"))


# --- the document import: preview, confirmation, re-import ----------------------------------------------------

def _run(job) -> Job:
    return execute(Job.objects.get(pk=job.pk))


@pytest.mark.parametrize("name, count, first", [
    ("statement-en.txt", 5, "Set up a standing prevention committee in each governorate"),
    ("statement-ar.docx", 4, "تشكيل لجنة دائمة للوقاية في كل محافظة"),
])
def test_a_document_is_previewed_then_written_once_and_updated_on_reimport(world, name, count, first):
    upload = SimpleUploadedFile(name, (DATA / name).read_bytes())
    preview = _run(imports.start_document_import(actor=world.user, event=world.event, file=upload))
    result = preview.result
    assert result["status"] == "preview", result
    assert len(result["preview"]) == count
    assert result["preview"][0]["text"].startswith(first)
    assert all(p["outcome"] == "create" for p in result["preview"])
    assert not Recommendation.objects.exists()  # nothing before the confirmation
    written = _run(imports.confirm_import(actor=world.user, job=preview))
    assert written.result["status"] == "imported" and written.result["created"] == count
    assert imports.confirm_import(actor=world.user, job=preview).pk == written.pk  # confirming twice: one write
    recs = list(Recommendation.objects.order_by("position"))
    assert len(recs) == count and all(r.external_id.startswith("doc-") for r in recs)
    assert recs[0].source_document is not None
    assert recs[0].source_document.sha256 == SourceDocument.objects.get().sha256
    # The same document again updates the same recommendations.
    again = _run(imports.start_document_import(actor=world.user, event=world.event,
                                               file=SimpleUploadedFile(name, (DATA / name).read_bytes())))
    assert all(p["outcome"] == "update" for p in again.result["preview"])
    rewritten = _run(imports.confirm_import(actor=world.user, job=again))
    assert (rewritten.result["created"], rewritten.result["updated"]) == (0, count)
    assert Recommendation.objects.count() == count


def test_a_pdf_statement_is_read_through_the_document_extraction(world):
    from documents.tests.pdfgen import make_pdf

    text = (DATA / "statement-en.txt").read_text(encoding="utf-8")
    pdf = make_pdf(["\n".join(line.strip() for line in text.splitlines())])
    preview = _run(imports.start_document_import(actor=world.user, event=world.event,
                                                 file=SimpleUploadedFile("statement.pdf", pdf)))
    assert preview.result["status"] == "preview", preview.result
    assert [p["number"] for p in preview.result["preview"]][:3] == ["1", "2", "3"]
    assert not Recommendation.objects.exists()


def test_a_document_without_text_lists_why_and_writes_nothing(world):
    preview = _run(imports.start_document_import(actor=world.user, event=world.event,
                                                 file=SimpleUploadedFile("empty.docx", b"PK not a word file")))
    assert preview.result["status"] == "invalid"
    assert preview.result["errors"][0]["text"].startswith("empty.docx: ")
    assert not Recommendation.objects.exists()


def test_a_file_of_the_wrong_kind_is_refused_before_a_job(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        imports.start_document_import(actor=world.user, event=world.event, file=SimpleUploadedFile("a.exe", b"MZ"))
    assert not Job.objects.exists()


def test_someone_else_cannot_confirm_a_preview(world):
    preview = _run(imports.start_document_import(
        actor=world.user, event=world.event,
        file=SimpleUploadedFile("s.txt", (DATA / "statement-en.txt").read_bytes())))
    with pytest.raises(PermissionDenied):
        imports.confirm_import(actor=world.outsider, job=preview)


# --- pages -----------------------------------------------------------------------------------------------------

def test_page_flow_upload_preview_confirm(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.user)
    page = client.get(reverse("events:import", args=[world.event.pk]))
    assert page.status_code == 200
    assert "This event has no recommendation yet." in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:import", args=[world.event.pk]), {
            "file": SimpleUploadedFile("statement-en.txt", (DATA / "statement-en.txt").read_bytes())})
    assert response.status_code == 302
    job_url = response["Location"]
    shown = client.get(job_url).content.decode()
    assert 'data-testid="import-found"' in shown and "5 recommendations found" in shown
    assert "Train the staff of the relevant ministries" in shown
    assert not Recommendation.objects.exists()
    partial = client.get(job_url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith("<div id=\"job-status\"") and "<html" not in partial
    preview = Job.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(reverse("events:import-confirm", args=[preview.pk]))
    assert confirmed.status_code == 302
    done = client.get(confirmed["Location"]).content.decode()
    assert 'data-testid="import-done"' in done and "5 recommendations added" in done
    assert Recommendation.objects.count() == 5
    assert client.get(job_url).content.decode().count('data-testid="import-confirmed"') == 1


def test_page_lists_every_bad_row(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:import", args=[world.event.pk]), {
            "file": SimpleUploadedFile("bad.csv", (DATA / "recommendations-bad-row.csv").read_bytes())})
    shown = client.get(response["Location"]).content.decode()
    assert 'data-testid="import-errors"' in shown and "Nobody Known Here" in shown
    assert 'data-testid="import-confirm"' not in shown


def test_pages_refuse_others(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:import", args=[world.event.pk]), {
            "file": SimpleUploadedFile("statement-en.txt", (DATA / "statement-en.txt").read_bytes())})
    job = Job.objects.get()
    client.force_login(world.outsider)
    assert client.get(reverse("events:import", args=[world.event.pk])).status_code == 404  # not visible
    world.event.is_public = True
    world.event.save()
    assert client.get(reverse("events:import", args=[world.event.pk])).status_code == 403
    assert client.get(reverse("events:import-job", args=[job.pk])).status_code == 404
    assert client.post(reverse("events:import-confirm", args=[job.pk])).status_code == 404
    assert not Recommendation.objects.exists()


def test_arabic_import_page(client, world):
    client.force_login(world.user)
    page = client.get(f"/ar/events/{world.event.pk}/import/")
    assert page.status_code == 200
    assert "استيراد التوصيات" in page.content.decode()


# --- the command ---------------------------------------------------------------------------------------------

def test_command_dry_run_writes_nothing_then_imports(world, capsys):
    path = str(DATA / "statement-ar.txt")
    call_command("events", "import", path, "--event", "EVT-2025-BGD", "--dry-run")
    assert not Recommendation.objects.exists()
    assert "4 found" in capsys.readouterr().err
    call_command("events", "import", path, "--event", "evt-2025-bgd", "--as", "convener")
    assert Recommendation.objects.count() == 4


def test_command_errors_are_one_line(world, capsys):
    with pytest.raises(CommandError) as bad:
        call_command("events", "import", str(DATA / "recommendations-bad-row.csv"), "--event", "EVT-2025-BGD")
    assert "nothing was imported" in str(bad.value)
    err = capsys.readouterr().err
    assert "row 4, column Lead organisation: No organisation in the directory" in err
    assert "Traceback" not in err
    with pytest.raises(CommandError, match="no event 'NOPE'"):
        call_command("events", "import", str(DATA / "statement-en.txt"), "--event", "NOPE")
    with pytest.raises(CommandError, match="that this user may see"):
        call_command("events", "import", str(DATA / "statement-en.txt"), "--event", "EVT-2025-BGD",
                     "--as", "outsider")
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("events", "import", "/no/such/file.txt", "--event", "EVT-2025-BGD")
