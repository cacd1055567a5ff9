"""Decompression bombs: a small upload that unpacks to hundreds of megabytes is refused before it is parsed,
and the importer's memory stays under a stated bound while it refuses it (the security findings, item 4)."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
import zlib

import pytest

from core.containers import ContainerLimit, check_zip
from documents.extraction import ExtractionError, extract_text

UNPACKED = 200 * 2**20  # what each bomb unpacks to
# The bound the import may use while refusing a bomb: the upload itself is a few hundred KB.
MEMORY_BOUND = 40 * 2**20


def _docx_bomb() -> bytes:
    """A Word file whose document.xml unpacks to 200 MB (it packs to about 200 KB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>')
            chunk = b"a" * 2**20
            for _ in range(UNPACKED // len(chunk)):
                member.write(chunk)
            member.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return buffer.getvalue()


def _pdf_bomb() -> bytes:
    """A one-page PDF whose content stream inflates to 200 MB of text operators."""
    compressor = zlib.compressobj(9)
    line = b"BT /F1 12 Tf 72 712 Td (Community dialogue) Tj ET\n"
    chunk = line * (2**20 // len(line))
    packed = b"".join(compressor.compress(chunk) for _ in range(UNPACKED // len(chunk))) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(packed)).encode() + b" /Filter /FlateDecode >>\nstream\n" + packed + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


@pytest.fixture(scope="module")
def docx_bomb():
    return _docx_bomb()


@pytest.fixture(scope="module")
def pdf_bomb():
    return _pdf_bomb()


def _peak(call) -> tuple[Exception | None, int]:
    tracemalloc.start()
    try:
        call()
    except Exception as exc:  # the refusal is what we measure
        error = exc
    else:
        error = None
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return error, peak


def test_a_word_bomb_is_refused_from_its_directory(docx_bomb):
    assert len(docx_bomb) < 2 * 2**20  # small to upload
    error, peak = _peak(lambda: extract_text(docx_bomb, "bomb.docx"))
    assert isinstance(error, ExtractionError)
    assert "refused" in str(error) and "MB" in str(error)
    assert peak < MEMORY_BOUND, f"{peak / 2**20:.0f} MB used while refusing a Word bomb"


def test_a_pdf_bomb_is_refused_while_its_stream_is_decoded(pdf_bomb):
    assert len(pdf_bomb) < 2 * 2**20
    error, peak = _peak(lambda: extract_text(pdf_bomb, "bomb.pdf"))
    assert isinstance(error, ExtractionError)
    assert "compression bomb" in str(error)
    # pypdf stops at the 20 MB stream limit; what it holds until then is the bound.
    assert peak < 3 * MEMORY_BOUND, f"{peak / 2**20:.0f} MB used while refusing a PDF bomb"


def test_the_zip_check_reads_only_the_directory():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("small.xml", "<a/>" * 10)
        archive.writestr("big.xml", "b" * (3 * 2**20))
    data = buffer.getvalue()
    assert check_zip(data, max_unpacked=10 * 2**20, max_ratio=10_000) == 40 + 3 * 2**20
    with pytest.raises(ContainerLimit) as ratio:
        check_zip(data, max_unpacked=10 * 2**20, max_ratio=100)
    assert ratio.value.kind == "ratio" and ratio.value.member == "big.xml"
    with pytest.raises(ContainerLimit) as unpacked:
        check_zip(data, max_unpacked=2**20, max_ratio=10_000)
    assert unpacked.value.kind == "unpacked"
    with pytest.raises(ContainerLimit) as xml:
        check_zip(data, max_unpacked=10 * 2**20, max_ratio=10_000, max_xml=2**20)
    assert xml.value.kind == "xml" and xml.value.member == "big.xml"
    with pytest.raises(ContainerLimit) as members:
        check_zip(data, max_unpacked=10 * 2**20, max_ratio=10_000, max_members=1)
    assert members.value.kind == "members"
    with pytest.raises(ContainerLimit) as not_zip:
        check_zip(b"plain text", max_unpacked=2**20)
    assert not_zip.value.kind == "not_zip"


def test_the_import_keeps_the_refusal_on_the_document(db, docx_bomb):
    from accounts.choices import Role
    from documents import services
    from documents.models import SourceDocument
    from tests.factories import make_org, make_user

    importer = make_user("bomb-importer", role=Role.PARTNER, organisation=make_org("Bomb NGO"))
    [document], _reports = services.prepare_uploads(actor=importer, files=[("bomb.docx", docx_bomb)])
    report = services.import_document(actor=importer, document=document)
    assert report.status == "failed" and "refused" in report.error
    assert SourceDocument.objects.get(pk=document.pk).status == "failed"
