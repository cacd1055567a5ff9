"""Importing compendium documents: the team's compendium fixture, idempotence, one transaction per file, every bad input."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from core.models import Job
from documents import services
from documents.models import SourceDocument
from frameworks.models import Paragraph
from practices.models import Practice
from practices.tests.compendium_fixture import COMPENDIUM, COMPENDIUM_PRACTICE
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db
# One practice in the layout of the reference seed, written by the team (practices/tests/data/).
SEED, EXPECTED = COMPENDIUM, COMPENDIUM_PRACTICE
NAME = EXPECTED["name"]

TWO_PRACTICES = """GOOD PRACTICES

Radio Salam
Country: Iraq
Organisation responsible: Voices of Nineveh
Period: 2015-2017
Activity: A weekly radio programme on coexistence.
Objectives
Giving young people a voice.
Description
Young presenters interviewed neighbours.
Beneficiaries
Listeners in Mosul
GOAL 8: Raise alternative narratives in social media and traditional media.
(120) Support alternative narratives.

Football for All
Country: Jordan
Organisation responsible: Sport Bridges
Period: Since 2016
Activity: Mixed teams of refugees and hosts.
Objectives
Building trust.
Description
Weekly matches and a season cup.
Beneficiaries
Boys and girls aged 10 to 16
GOAL 6: Reinforce the role of youth as actors for change.
(99) Involve young people.
"""


@pytest.fixture
def importer(reference):
    return make_user("importer", organisation=make_org("Importing NGO"))


def run(actor, *files):
    job = services.start_import(actor=actor, files=list(files))
    job.refresh_from_db()
    return job


def test_compendium_import_creates_one_draft_practice_with_goal_links(importer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = run(importer, (SEED.name, SEED.read_bytes()))
    job.refresh_from_db()
    # One step per file, then one per practice whose search vector the job computed.
    assert job.status == "done" and job.progress == job.total == 2
    [file] = job.result["files"]
    assert file["status"] == "imported" and [c["name"] for c in file["created"]] == [NAME]
    practice = Practice.objects.get()
    assert (practice.name, practice.location, practice.organisation_name, practice.period) == (
        NAME, "Iraq", "Basra Bridges Cultural Forum", "Since 2012")
    assert (practice.start_year, practice.end_year, practice.ongoing) == (2012, None, True)
    assert practice.status == "draft" and practice.source == "imported" and practice.lang == "en"
    assert practice.country.code == "IQ" and practice.owner.name == "Importing NGO"
    document = SourceDocument.objects.get()
    assert practice.source_document == document and document.status == "done"
    assert document.size == SEED.stat().st_size and len(document.sha256) == 64
    # The paragraphs the framework lacked come from a private document: proposals of the importing organisation.
    links = [(link.goal.number, [p.number for p in link.paragraphs(manager="with_proposals").all()])
             for link in practice.goal_links.all()]
    assert links == [("6", [101]), ("2", [61]), ("8", [124])] == EXPECTED["goals"]
    assert all(link.goal.framework.slug == "euromed-cso-2017" for link in practice.goal_links.all())
    paragraph = Paragraph.with_proposals.get(number=101)
    assert paragraph.text.startswith("Offer young people safe places")
    assert paragraph.proposed_by == practice.owner and not Paragraph.objects.filter(number=101).exists()


def test_same_file_again_creates_nothing_and_says_so(importer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(importer, (SEED.name, SEED.read_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        job = run(importer, ("copy.txt", SEED.read_bytes()))
    job.refresh_from_db()
    [file] = job.result["files"]
    assert file["status"] == "duplicate_file" and "already imported" in file["error"]
    assert Practice.objects.count() == 1 and SourceDocument.objects.count() == 1


def test_same_practice_in_another_file_is_a_duplicate(importer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(importer, (SEED.name, SEED.read_bytes()))
    changed = SEED.read_text() + "\n\n"  # other bytes, same practice
    with django_capture_on_commit_callbacks(execute=True):
        job = run(importer, ("edited.txt", changed.encode()))
    job.refresh_from_db()
    [file] = job.result["files"]
    assert file["status"] == "imported" and file["created"] == []
    assert [d["name"] for d in file["duplicates"]] == [NAME]
    assert Practice.objects.count() == 1


def test_a_failure_inside_a_file_writes_nothing_from_it(importer, monkeypatch):
    from practices import services as practice_services

    real = practice_services.import_parsed_practice
    calls = []

    def fail_on_second(**kwargs):
        calls.append(kwargs["parsed"].name)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(services, "import_parsed_practice", fail_on_second)
    document, _ = services.store_document(actor=importer, name="two.txt", data=TWO_PRACTICES.encode())
    report = services.import_document(actor=importer, document=document)
    assert calls == ["Radio Salam", "Football for All"]
    assert report.status == "failed" and "disk full" in report.error
    assert Practice.objects.count() == 0
    document.refresh_from_db()
    assert document.status == "failed" and "disk full" in document.error


def test_two_practices_and_a_new_framework_goal(importer):
    document, _ = services.store_document(actor=importer, name="two.txt", data=TWO_PRACTICES.encode())
    report = services.import_document(actor=importer, document=document)
    assert report.status == "imported" and len(report.created) == 2
    football = Practice.objects.get(name="Football for All")
    assert football.country.code == "JO" and football.ongoing
    assert [link.goal.number for link in football.goal_links.all()] == ["6"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n  ", "empty"),
        ("noise.txt", bytes(range(256)) * 40, "not a text document"),
        ("fake.pdf", b"this is not a pdf at all", "not a PDF"),
        ("fake.docx", b"plain words", "not a Word document"),
        ("table.xlsx", b"PK\x03\x04", "unsupported file type"),
        ("prose.txt", b"Just a letter to a friend, with no practice in it.", "no practice"),
    ],
)
def test_bad_files_fail_with_a_message_naming_the_problem(importer, name, data, message):
    to_import, refused = services.prepare_uploads(actor=importer, files=[(name, data)])
    reports = refused + [services.import_document(actor=importer, document=d) for d in to_import]
    [report] = reports
    assert report.status == "failed"
    assert message.lower() in report.error.lower()
    assert report.file == name
    assert Practice.objects.count() == 0


def test_too_large_file_is_refused_before_it_is_stored(importer, settings):
    settings.WIQAYA_MAX_IMPORT_BYTES = 1000
    _, [report] = services.prepare_uploads(actor=importer, files=[("big.txt", b"a" * 2000)])
    assert report.status == "failed" and "too large" in report.error
    assert SourceDocument.objects.count() == 0


@pytest.mark.parametrize("encoding", ["cp1256", "utf-16"])
def test_arabic_in_legacy_encodings(importer, encoding):
    text = "مبادرة الحوار\nالبلد: العراق\nالجهة المسؤولة: جمعية الأمل\nالفترة: منذ 2010\nالنشاط: جلسات حوار في الأحياء.\n"
    document, _ = services.store_document(actor=importer, name=f"ar-{encoding}.txt", data=text.encode(encoding))
    report = services.import_document(actor=importer, document=document)
    assert report.status == "imported", report.error
    practice = Practice.objects.get()
    assert practice.name == "مبادرة الحوار" and practice.lang == "ar" and practice.start_year == 2010
    assert practice.country.code == "IQ"


def test_import_page_runs_the_job_and_shows_the_result(client, importer, django_capture_on_commit_callbacks):
    client.force_login(importer)
    upload = io.BytesIO(SEED.read_bytes())
    upload.name = SEED.name
    bad = io.BytesIO(b"%PDF-nope")
    bad.name = "broken.pdf"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:import"), {"files": [upload, bad]})
    assert response.status_code == 302
    response = client.get(response["Location"])
    html = response.content.decode()
    job = Job.objects.get()
    assert job.status == "done"
    assert NAME in html and "broken.pdf" in html
    assert Practice.objects.filter(name=NAME).exists()


def test_import_page_requires_an_organisation(client, reference):
    client.force_login(make_user(role=None))
    assert client.get(reverse("documents:import")).status_code == 403


def test_other_users_cannot_see_an_import_job_or_download_the_document(client, importer):
    document, _ = services.store_document(actor=importer, name="two.txt", data=TWO_PRACTICES.encode())
    job = run(importer, ("seed.txt", SEED.read_bytes()))
    client.force_login(make_user(organisation=make_org("Importing NGO 2")))
    assert client.get(reverse("documents:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404
    client.force_login(importer)
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == TWO_PRACTICES.encode()


def test_import_command_reports_and_sets_exit_status(importer, tmp_path, capsys):
    importer.is_superuser = True
    importer.save()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"garbage")
    with pytest.raises(CommandError) as failed:
        call_command("import", str(SEED), str(bad))
    assert failed.value.returncode == 1
    out, err = capsys.readouterr()
    assert NAME in out and "bad.pdf: FAILED" in err and "not a PDF" in err
    call_command("import", str(SEED))
    out, _ = capsys.readouterr()
    assert "already imported" in out
    assert Practice.objects.count() == 1


def test_parse_command_prints_the_compendium_as_json(capsys, db):
    call_command("parse", str(SEED), "--json")
    [practice] = json.loads(capsys.readouterr().out)
    assert practice["name"] == NAME and practice["country"] == "Iraq"
    assert practice["organisation"] == "Basra Bridges Cultural Forum" and practice["period"] == "Since 2012"
    assert (practice["start_year"], practice["end_year"], practice["ongoing"]) == (2012, None, True)
    assert [g["number"] for g in practice["goals"]] == [6, 2, 8]
    assert [[p["number"] for p in g["paragraphs"]] for g in practice["goals"]] == [[101], [61], [124]]
    assert practice["warnings"] == []


def test_parse_command_fails_clearly_on_a_missing_file(tmp_path, db):
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("parse", str(tmp_path / "nope.txt"))


UNKNOWN_PLAN = """Village Water Committees
Country: Morocco
Organisation responsible: Atlas Villages Union
Period: 2013-2016
Activity: Shared management of wells by elected committees.
GOAL 4: Share water fairly between villages
(12) Set up joint committees for common resources.
"""


def test_goals_of_an_unknown_plan_create_a_framework_to_review(importer):
    from frameworks.models import Framework

    document, _ = services.store_document(actor=importer, name="atlas-plan.txt", data=UNKNOWN_PLAN.encode())
    report = services.import_document(actor=importer, document=document)
    assert report.status == "imported" and report.framework == "imported-atlas-plan"
    # A private document: the framework, goal and paragraph are proposals of the importing organisation.
    framework = Framework.with_proposals.get(slug="imported-atlas-plan")
    assert framework.status == "imported" and framework.proposed_by == document.organisation
    goal = framework.goals(manager="with_proposals").get(number="4")
    assert goal.title_en == "Share water fairly between villages"
    assert [p.number for p in goal.paragraphs(manager="with_proposals").all()] == [12]
    assert any("to review" in w for w in report.warnings)
    euromed_goal_4 = Framework.objects.get(slug="euromed-cso-2017").goals.get(number="4")
    assert not euromed_goal_4.practice_links.exists()


def test_compendium_is_filed_under_the_plan_it_cites(importer):
    document, _ = services.store_document(actor=importer, name=SEED.name, data=SEED.read_bytes())
    report = services.import_document(actor=importer, document=document)
    assert report.framework == "euromed-cso-2017"
    assert not any("match no known framework" in w for w in report.warnings)
