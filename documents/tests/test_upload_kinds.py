"""A file of the wrong kind is refused by the import form, with its name and the kinds allowed, before any job is
queued; the other files of the same upload are not imported either (the person corrects the list first)."""

import io

import pytest
from django.urls import reverse

from core.models import Job
from documents.models import SourceDocument
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer(reference):
    return make_user("kind-importer", organisation=make_org("Kind NGO"))


def named(name: str, content: bytes) -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


@pytest.mark.parametrize(("name", "content", "says"), [
    ("budget.xlsx", b"PK\x03\x04 a workbook", "is a \u2068.xlsx\u2069 file, which cannot be imported here"),
    ("scan.pdf", b"\x89PNG\r\n\x1a\n a picture", "is named \u2068.pdf\u2069 but its content is not a \u2068.pdf\u2069 file"),
    ("letter.docx", b"%PDF-1.4 a pdf", "is named \u2068.docx\u2069 but its content is not a \u2068.docx\u2069 file"),
    ("notes.txt", b"\xff\xd8\xff\xe0 a photo", "is named \u2068.txt\u2069 but its content is not text"),
])
def test_wrong_kind_is_refused_in_the_form_and_nothing_is_queued(client, importer, name, content, says):
    client.force_login(importer)
    good = named("good.txt", b"Practice\nCountry: Iraq\n")
    response = client.post(reverse("documents:import"), {"files": [good, named(name, content)]})
    assert response.status_code == 200
    assert not Job.objects.exists() and not SourceDocument.objects.exists()
    html = response.content.decode()
    assert f"\u2068{name}\u2069" in html and says in html
    assert "use \u2068.docx, .md, .pdf, .txt\u2069" in html
    assert 'data-testid="error-summary"' in html and 'href="#id_files"' in html and "Nothing was imported:" in html


def test_wrong_kind_is_named_in_arabic(client, importer):
    client.force_login(importer)
    response = client.post("/ar" + reverse("documents:import")[3:], {"files": [named("budget.xls", b"\xd0\xcf")]})
    html = response.content.decode()
    assert "الملف “\u2068budget.xls\u2069” من نوع \u2068.xls\u2069، ولا يمكن استيراده هنا" in html
    assert not Job.objects.exists()
