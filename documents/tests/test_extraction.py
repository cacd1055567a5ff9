"""Text extraction from uploaded .txt, .md, .pdf and .docx files, with the errors users will see."""

import codecs
import io
import random
import zipfile

import docx
import pytest
from pypdf import PdfReader

from documents.extraction import ExtractionError, extract_text
from documents.tests.pdfgen import encrypt_pdf, make_pdf
from practices.compendium import parse_compendium
from practices.tests.test_compendium import SEED, SEED_EXPECTED

ARABIC = "المسلة\nالبلد: العراق\nالفترة: منذ ٢٠٠٤\nتعمل المسلة على تدريب المدافعين عن حقوق الإنسان ونشر ثقافة اللاعنف.\n"
FRENCH = (
    "La société civile participe à l'éducation à la paix. Les réseaux de médiation ont été créés en 2015 "
    "à Tunis ; ils réunissent des élèves, des enseignants et des associations de quartier.\n"
) * 3


def error_of(data: bytes, filename: str) -> str:
    with pytest.raises(ExtractionError) as caught:
        extract_text(data, filename)
    return str(caught.value)


# --------------------------------------------------------------------------------------------------
# File types and empty files


@pytest.mark.parametrize("filename", ["notes.xyz", "archive.tar.gz", "picture.PNG"])
def test_unsupported_extension(filename):
    extension = "." + filename.rsplit(".", 1)[1].lower()
    assert error_of(b"data", filename) == f"unsupported file type '{extension}': use .txt, .md, .pdf or .docx"


def test_file_without_extension():
    assert error_of(b"data", "README") == "unsupported file type (no extension): use .txt, .md, .pdf or .docx"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
@pytest.mark.parametrize("filename", ["a.txt", "a.md", "a.pdf", "a.docx"])
def test_empty_file(data, filename):
    assert error_of(data, filename) == "the file is empty"


def test_text_file_holding_only_encoded_whitespace_is_empty():
    assert error_of(codecs.BOM_UTF16_LE + " \n ".encode("utf-16-le"), "a.txt") == "the file is empty"


def test_extension_is_case_insensitive_and_paths_are_ignored():
    assert extract_text(b"Hello\n", "C:\\Users\\me\\NOTES.TXT").text == "Hello\n"
    assert extract_text(b"# Title\n", "folder/readme.Md").text == "# Title\n"


# --------------------------------------------------------------------------------------------------
# Plain text encodings


def test_utf8_with_and_without_bom():
    plain = extract_text(ARABIC.encode("utf-8"), "a.txt")
    assert (plain.text, plain.encoding, plain.pages, plain.warnings) == (ARABIC, "utf-8", None, [])
    bom = extract_text(codecs.BOM_UTF8 + ARABIC.encode("utf-8"), "a.md")
    assert (bom.text, bom.encoding) == (ARABIC, "utf-8")


@pytest.mark.parametrize(
    ("bom", "codec"), [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
)
def test_utf16_with_bom(bom, codec):
    result = extract_text(bom + ARABIC.encode(codec), "a.txt")
    assert (result.text, result.encoding) == (ARABIC, codec)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [ARABIC, "Country: Iraq\nPeriod: 2015-2017\n"])
def test_utf16_without_bom_is_recognised_by_its_nul_bytes(codec, text):
    result = extract_text(text.encode(codec), "a.txt")
    assert (result.text, result.encoding) == (text, codec)


def test_windows_1256_arabic():
    text = ARABIC.replace("٢٠٠٤", "2004")  # Windows-1256 has no Arabic-Indic digits
    result = extract_text(text.encode("cp1256"), "a.txt")
    assert (result.text, result.encoding, result.warnings) == (text, "cp1256", [])


def test_latin_text_in_a_legacy_encoding_is_guessed_with_a_warning():
    result = extract_text(FRENCH.encode("cp1252"), "a.txt")
    assert result.text == FRENCH
    assert result.encoding == "cp1252"
    assert result.warnings and "guessed" in result.warnings[0]


def test_windows_line_endings_become_newlines():
    assert extract_text(b"one\r\ntwo\rthree\n", "a.txt").text == "one\ntwo\nthree\n"


@pytest.mark.parametrize(
    "data",
    [
        random.Random(0).randbytes(4096),
        bytes(byte for byte in random.Random(1).randbytes(4096) if byte),  # no NUL bytes at all
        b"\x89PNG\r\n\x1a\n" + bytes(300),
        bytes(range(256)) * 8,
        b"PK\x03\x04" + bytes(range(1, 32)) * 20,
    ],
)
def test_binary_data_is_refused(data):
    assert error_of(data, "data.txt") == "the file is not a text document (it looks like binary data)"


# --------------------------------------------------------------------------------------------------
# PDF


def test_generated_pdf_is_a_real_pdf():
    data = make_pdf(["Hello (world)\nSecond line", "Page two"])
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) == 2
    assert reader.pages[0].extract_text().splitlines() == ["Hello (world)", "Second line"]


def test_pdf_text_of_every_page():
    result = extract_text(make_pdf(["Country: Iraq\nPeriod: Since 2004", "Beneficiaries"]), "a.pdf")
    assert result.pages == 2
    assert result.text.splitlines() == ["Country: Iraq", "Period: Since 2004", "Beneficiaries"]
    assert result.encoding is None
    assert result.warnings == []


def test_arabic_pdf():
    result = extract_text(make_pdf([ARABIC.rstrip("\n")]), "a.pdf")
    assert result.text == ARABIC


def test_seed_compendium_through_a_pdf_parses_to_the_expected_practice():
    pages = SEED.split("\nGOAL 2")
    pdf = make_pdf([pages[0].rstrip("\n"), "GOAL 2" + pages[1].rstrip("\n")], font_size=6)
    extracted = extract_text(pdf, "compendium.pdf")
    assert extracted.pages == 2
    assert [p.to_dict() for p in parse_compendium(extracted.text)] == [SEED_EXPECTED]


def test_encrypted_pdf():
    data = encrypt_pdf(make_pdf(["Secret practices"]), "secret")
    assert error_of(data, "a.pdf") == "the PDF is encrypted"


def test_pdf_with_only_an_owner_password_is_read_with_a_warning():
    data = encrypt_pdf(make_pdf(["Open practices"]), "", "owner-secret")
    result = extract_text(data, "a.pdf")
    assert result.text.strip() == "Open practices"
    assert result.warnings == ["the PDF is protected against changes; its text was read anyway"]


def test_pdf_without_text_layer():
    assert error_of(make_pdf([None, None]), "scan.pdf") == (
        "the PDF has no text layer (it is probably scanned images); run OCR first"
    )


def test_pdf_with_some_pages_without_text():
    result = extract_text(make_pdf(["First page", None, "Third page", None]), "a.pdf")
    assert result.pages == 4
    assert result.text.split() == ["First", "page", "Third", "page"]
    assert result.warnings == ["pages 2, 4 have no text (scanned or empty)"]


def test_file_named_pdf_that_is_not_a_pdf():
    assert error_of(b"Just some text pretending.", "a.pdf") == "the file is named .pdf but is not a PDF"
    assert error_of(docx_bytes(["x"]), "a.pdf") == "the file is named .pdf but is not a PDF"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n" + random.Random(3).randbytes(600),
        make_pdf(["Cut in the middle"])[:200],
    ],
)
def test_corrupt_pdf(data):
    message = error_of(data, "broken.pdf")
    assert message.startswith("the PDF could not be read: ")
    assert len(message) > len("the PDF could not be read: ")


# --------------------------------------------------------------------------------------------------
# Word


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None, merge: bool = False) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
        if merge:
            grid.cell(0, 0).merge(grid.cell(0, 1))
        document.add_paragraph("After the table")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_and_tables_in_order_with_arabic():
    data = docx_bytes(
        ["Al Mesalla", "Country: Iraq", "المسلة", "البلد: العراق"],
        table=[["Period", "Since 2004"], ["الفترة", "منذ ٢٠٠٤"]],
    )
    result = extract_text(data, "practice.docx")
    assert result.text.splitlines() == [
        "Al Mesalla",
        "Country: Iraq",
        "المسلة",
        "البلد: العراق",
        "Period",
        "Since 2004",
        "الفترة",
        "منذ ٢٠٠٤",
        "After the table",
    ]
    assert (result.pages, result.encoding, result.warnings) == (None, None, [])


def test_docx_merged_cells_are_read_once():
    # Merging keeps both cells' paragraphs in the merged cell, which spans two grid columns.
    data = docx_bytes(["Before"], table=[["Merged", "and kept"], ["a", "b"]], merge=True)
    lines = extract_text(data, "a.docx").text.splitlines()
    assert lines == ["Before", "Merged", "and kept", "a", "b", "After the table"]


def test_docx_without_text():
    assert error_of(docx_bytes(["", "   "]), "a.docx") == "the Word document contains no text"


@pytest.mark.parametrize("kind", ["text", "zip", "pdf"])
def test_file_named_docx_that_is_not_a_word_document(kind):
    if kind == "text":
        data = b"plain words"
    elif kind == "pdf":
        data = make_pdf(["x"])
    else:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("hello.txt", "not a word document")
        data = out.getvalue()
    assert error_of(data, "a.docx") == "the file is named .docx but is not a Word document"
