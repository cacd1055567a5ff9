"""Turn an uploaded document into plain text: .txt and .md (any usual encoding), .pdf and .docx.

`extract_text` is what importers call before parsing; it never guesses silently: text it cannot
trust raises `ExtractionError` with a sentence meant for the person who uploaded the file (the
caller prefixes the file name), and anything worth knowing but not fatal lands in `warnings`.
The upload size is the caller's business; what a file may unpack to is limited here, before parsing: a Word
file's parts (`core.containers.check_zip`), a PDF's streams while they are decoded, and the text either yields.
A PDF with Arabic-script text is read again through PDFium (`documents.pdf_layout`) for its lines in logical order,
its running headers and footers dropped. No Django.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

from core.containers import ContainerLimit, check_zip

__all__ = ["SUPPORTED_EXTENSIONS", "ExtractedText", "ExtractionError", "extract_text"]

SUPPORTED_EXTENSIONS = (".txt", ".md", ".pdf", ".docx")

_ARABIC = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LETTER = re.compile(r"[^\W\d_]")
_BOMS = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NOT_TEXT = "the file is not a text document (it looks like binary data)"

# What one document may unpack to. A compendium of a few hundred pages is a few MB of text and a few tens of MB
# of Word XML; these limits keep an import worker under a few hundred MB whatever the file holds.
MAX_DOCX_UNPACKED_BYTES = 100 * 2**20
MAX_DOCX_XML_BYTES = 20 * 2**20  # one XML part: parsed into a tree of several times its size
MAX_DOCX_RATIO = 100
MAX_PDF_STREAM_BYTES = 20 * 2**20  # one decoded PDF stream (a page's content, an image)
MAX_PDF_DECODING_BYTES = 60 * 2**20  # decoding work for one stream, filters chained
MAX_TEXT_CHARACTERS = 10 * 2**20  # text extracted from one document


@dataclass
class ExtractedText:
    text: str
    pages: int | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


class ExtractionError(Exception):
    """A document could not be turned into text; the message says why, in plain English."""


def extract_text(data: bytes, filename: str) -> ExtractedText:
    """Extract the text of `data`, read according to the extension of `filename`."""
    extension = _extension(filename)
    if extension not in SUPPORTED_EXTENSIONS:
        shown = f"'{extension}'" if extension else "(no extension)"
        raise ExtractionError(f"unsupported file type {shown}: use .txt, .md, .pdf or .docx")
    if not data or not data.strip():
        raise ExtractionError("the file is empty")
    if extension == ".pdf":
        return _extract_pdf(data)
    if extension == ".docx":
        return _extract_docx(data)
    text, encoding, warnings = _decode(data)
    text = _tidy(text)
    if not text.strip():
        raise ExtractionError("the file is empty")
    return ExtractedText(text=text, encoding=encoding, warnings=warnings)


def _extension(filename: str) -> str:
    # Browsers on Windows may send a full path; only the last component matters.
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    if "." not in name.strip("."):
        return ""
    return "." + name.rsplit(".", 1)[-1].lower()


def _tidy(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------------------------------
# Plain text


def _looks_like_text(text: str) -> bool:
    """Few control characters and mostly printable: what binary data decoded by force is not."""
    if not text:
        return False
    sample = text[:200_000]
    control = sum(
        1
        for char in sample
        if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") and char not in "\t\n\r\f\v"
    )
    replacement = sample.count("\ufffd")
    return (control + replacement) / len(sample) < 0.02


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 variant a BOM-less file is in, told by where its NUL bytes fall, if it is one."""
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    # Latin text has a NUL in every high byte; Arabic has them at least for spaces and newlines.
    if odd >= 8 * max(even, 1) and odd >= len(data) / 40:
        return "utf-16-le"
    if even >= 8 * max(odd, 1) and even >= len(data) / 40:
        return "utf-16-be"
    return None


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding, []
            except UnicodeDecodeError:
                text = data[len(bom) :].decode(encoding, errors="replace")
                if not _looks_like_text(text):
                    raise ExtractionError(_NOT_TEXT) from None
                return text, encoding, [f"some bytes are not valid {encoding.upper()} and were replaced"]

    utf16 = _utf16_without_bom(data)
    if utf16:
        text = data.decode(utf16, errors="replace")
        if _looks_like_text(text):
            warnings = (
                []
                if "\ufffd" not in text
                else [f"some bytes are not valid {utf16.upper()} and were replaced"]
            )
            return text, utf16, warnings

    if b"\x00" in data:
        # No text encoding in use here puts NUL bytes in a document, outside UTF-16/32.
        raise ExtractionError(_NOT_TEXT)

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _looks_like_text(text):
            raise ExtractionError(_NOT_TEXT)
        return text, "utf-8", []

    # Legacy Arabic files are nearly always Windows-1256; take it when it gives Arabic words.
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    if text and _looks_like_text(text):
        letters = _LETTER.findall(text)
        arabic = _ARABIC.findall(text)
        if letters and len(arabic) >= 0.3 * len(letters):
            return text, "cp1256", []

    best = from_bytes(data).best()
    if best is None:
        raise ExtractionError(_NOT_TEXT)
    text = str(best)
    if not _looks_like_text(text):
        raise ExtractionError(_NOT_TEXT)
    encoding = best.encoding
    return text, encoding, [f"the text encoding was guessed as {encoding}; check accented or Arabic letters"]


# --------------------------------------------------------------------------------------------------
# PDF


def _extract_pdf(data: bytes) -> ExtractedText:
    # The PDF header may be preceded by a little junk, which readers tolerate.
    if b"%PDF-" not in data[:1024]:
        raise ExtractionError("the file is named .pdf but is not a PDF")
    # pypdf and python-docx are slow to import and only needed for their own format.
    from pypdf import apply_configuration
    from pypdf.errors import LimitReachedError

    limits = {name: MAX_PDF_STREAM_BYTES for name in (
        "maximum_declared_stream_length", "array_based_stream_maximum_output_length", "jbig2_maximum_output_length",
        "lzw_maximum_output_length", "run_length_maximum_output_length", "zlib_maximum_output_length",
        "brotli_maximum_output_length", "image_maximum_buffer_size")}
    with apply_configuration(**limits, stream_decoding_work_maximum_length=MAX_PDF_DECODING_BYTES,
                             xfa_decoding_work_maximum_length=MAX_PDF_DECODING_BYTES):
        try:
            return _read_pdf(data)
        except LimitReachedError as error:
            raise ExtractionError(
                "the PDF holds a stream that unpacks past the limit "
                f"({MAX_PDF_STREAM_BYTES // 2**20} MB): it is refused as a compression bomb") from error


def _read_pdf(data: bytes) -> ExtractedText:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import LimitReachedError

    warnings: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # an unsupported cipher is still "encrypted" to the user
                opened = PasswordType.NOT_DECRYPTED
            if opened == PasswordType.NOT_DECRYPTED:
                raise ExtractionError("the PDF is encrypted")
            warnings.append("the PDF is protected against changes; its text was read anyway")
        pages = list(reader.pages)
    except (ExtractionError, LimitReachedError):
        raise
    except Exception as error:  # pypdf raises many kinds for damaged files
        raise ExtractionError(f"the PDF could not be read: {_reason(error)}") from error
    if not pages:
        raise ExtractionError("the PDF could not be read: it has no pages")

    texts: list[str] = []
    unreadable: list[int] = []
    blank: list[int] = []
    size = 0
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except LimitReachedError:
            raise
        except Exception:  # one damaged page should not lose the others
            unreadable.append(number)
            text = ""
        if not text.strip() and number not in unreadable:
            blank.append(number)
        texts.append(_tidy(text).strip("\n"))
        size += len(text)
        if size > MAX_TEXT_CHARACTERS:
            raise ExtractionError(_too_much_text())
    if not any(text.strip() for text in texts):
        if unreadable and not blank:
            raise ExtractionError("the PDF could not be read: no page could be decoded")
        raise ExtractionError("the PDF has no text layer (it is probably scanned images); run OCR first")
    if any(_ARABIC_SCRIPT.search(text) for text in texts):
        # pypdf gives right-to-left lines in visual order (the value before its label); PDFium's glyph positions,
        # read back into logical order, give them as written (docs/decisions/0009-arabic-pdf-extraction.md).
        texts = _logical_pages(data) or texts
    if unreadable:
        warnings.append(f"{_pages(unreadable)} could not be read")
    if blank:
        warnings.append(f"{_pages(blank)} no text (scanned or empty)")
    return ExtractedText(text="\n".join(texts) + "\n", pages=len(pages), warnings=warnings)


def _logical_pages(data: bytes) -> list[str] | None:
    """Each page's lines in logical order, its running headers, footers and page numbers left out; None when
    PDFium cannot read the file (pypdf's text is kept then). pypdf has read the same streams within the limits
    above before this runs."""
    import pypdfium2 as pdfium

    from documents.pdf_layout import pdf_page_lines, running_lines

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    try:
        pages = pdf_page_lines(document)
    finally:
        document.close()
    dropped = running_lines(pages)
    texts = ["\n".join(line for index, line in enumerate(lines) if index not in drop)
             for lines, drop in zip(pages, dropped, strict=True)]
    if sum(len(text) for text in texts) > MAX_TEXT_CHARACTERS:
        raise ExtractionError(_too_much_text())
    return texts


def _too_much_text() -> str:
    return (f"the document holds more than {MAX_TEXT_CHARACTERS // 2**20} million characters of text, far more "
            "than a compendium: split it into smaller files")


def _pages(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"page {numbers[0]} has"
    return "pages " + ", ".join(str(number) for number in numbers) + " have"


def _reason(error: Exception) -> str:
    reason = str(error).strip() or type(error).__name__
    return reason if len(reason) <= 200 else reason[:197] + "..."


# --------------------------------------------------------------------------------------------------
# Word


def _extract_docx(data: bytes) -> ExtractedText:
    not_word = "the file is named .docx but is not a Word document"
    try:
        check_zip(data, max_unpacked=MAX_DOCX_UNPACKED_BYTES, max_ratio=MAX_DOCX_RATIO, max_xml=MAX_DOCX_XML_BYTES)
    except ContainerLimit as limit:
        if limit.kind == "not_zip":
            raise ExtractionError(not_word) from None
        raise ExtractionError(f"the Word document is refused: {limit}") from None

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # KeyError, ValueError, lxml errors...
        raise ExtractionError(not_word) from error

    lines: list[str] = []

    def walk(container) -> None:
        for item in container.iter_inner_content():
            if isinstance(item, Paragraph):
                lines.append(item.text)
            elif isinstance(item, Table):
                seen: set = set()
                for row in item.rows:
                    for cell in row.cells:
                        # A merged cell is returned once per grid column it spans.
                        if cell._tc in seen:
                            continue
                        seen.add(cell._tc)
                        walk(cell)

    try:
        walk(document)
    except Exception as error:  # a malformed body is a broken document too
        raise ExtractionError(f"the Word document could not be read: {_reason(error)}") from error
    text = _tidy("\n".join(lines)).strip("\n")
    if len(text) > MAX_TEXT_CHARACTERS:
        raise ExtractionError(_too_much_text())
    if not text.strip():
        raise ExtractionError("the Word document contains no text")
    return ExtractedText(text=text + "\n")
