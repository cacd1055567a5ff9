"""A tiny PDF writer for tests: real, valid PDFs with a text layer, written byte by byte.

reportlab is not a dependency, and test PDFs should be generated, not stored. `make_pdf` writes one
page per entry: a string becomes lines of text, None a page with a drawing and no text at all.
Latin text uses the standard Helvetica font; any other text (Arabic) uses a Type0 font with
Identity-H encoding and a ToUnicode map, which is all a text extractor needs — no font program is
embedded, so such a page would show blank glyphs in a viewer but extracts exactly. Right-to-left
lines are stored in visual order, as PDF producers do.
"""

from __future__ import annotations

import io
import re


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _latin(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


class _Writer:
    def __init__(self) -> None:
        self.objects: list[bytes] = []

    def reserve(self) -> int:
        self.objects.append(b"")
        return len(self.objects)

    def set(self, number: int, body: bytes | str) -> None:
        self.objects[number - 1] = body.encode("latin-1") if isinstance(body, str) else body

    def add(self, body: bytes | str) -> int:
        number = self.reserve()
        self.set(number, body)
        return number

    def stream(self, content: bytes, extra: str = "") -> int:
        return self.add(
            b"<< /Length %d%s >>\nstream\n" % (len(content), extra.encode()) + content + b"\nendstream"
        )

    def output(self, root: int) -> bytes:
        out = io.BytesIO()
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, start=1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n" % (len(self.objects) + 1))
        out.write(b"0000000000 65535 f \n")
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % offset)
        out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(self.objects) + 1, root))
        out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
        return out.getvalue()


def _unicode_font(writer: _Writer, characters: list[str]) -> tuple[int, dict[str, int]]:
    codes = {char: index for index, char in enumerate(characters, start=1)}
    entries = "\n".join(f"<{code:04X}> <{ord(char):04X}>" for char, code in codes.items())
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{len(codes)} beginbfchar\n{entries}\nendbfchar\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    ).encode("ascii")
    to_unicode = writer.stream(cmap)
    descriptor = writer.add(
        "<< /Type /FontDescriptor /FontName /TestUnicode /Flags 32 /FontBBox [0 -200 1000 900] "
        "/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>"
    )
    cid_font = writer.add(
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestUnicode "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        f"/FontDescriptor {descriptor} 0 R /DW 500 /CIDToGIDMap /Identity >>"
    )
    font = writer.add(
        "<< /Type /Font /Subtype /Type0 /BaseFont /TestUnicode /Encoding /Identity-H "
        f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
    )
    return font, codes


def make_pdf(pages: list[str | None], *, font_size: int = 11) -> bytes:
    """A valid PDF with one page per entry (text, or None for a page without any text)."""
    writer = _Writer()
    catalog = writer.reserve()
    pages_object = writer.reserve()
    helvetica = writer.add(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    others = sorted({char for page in pages if page for char in page if char != "\n" and not _latin(char)})
    if others:
        # Latin characters may share the Unicode font when a line mixes scripts.
        others = sorted({char for page in pages if page for char in page if char != "\n"})
        unicode_font, codes = _unicode_font(writer, others)
    kids = []
    for page in pages:
        if page is None:
            content = b"0.5 w 72 72 m 300 300 l S 100 500 200 100 re f"
        else:
            parts = [f"BT {font_size + 3} TL 72 770 Td"]
            for line in page.split("\n"):
                if _latin(line):
                    parts.append(f"/F1 {font_size} Tf ({_escape(line)}) Tj T*")
                else:
                    if any("\u0590" <= char <= "\u08ff" for char in line):
                        # Glyphs of a right-to-left line are laid out from the left, as a typesetter
                        # draws them: the line reversed, its numbers still read left to right.
                        line = re.sub(r"[0-9\u0660-\u0669\u06F0-\u06F9]+", lambda m: m.group(0)[::-1], line[::-1])
                    hex_codes = "".join(f"{codes[char]:04X}" for char in line)
                    parts.append(f"/F2 {font_size} Tf <{hex_codes}> Tj T*")
            parts.append("ET")
            content = "\n".join(parts).encode("latin-1")
        stream = writer.stream(content)
        fonts = f"/F1 {helvetica} 0 R" + (f" /F2 {unicode_font} 0 R" if others else "")
        kids.append(
            writer.add(
                f"<< /Type /Page /Parent {pages_object} 0 R /MediaBox [0 0 595 842] "
                f"/Resources << /Font << {fonts} >> >> /Contents {stream} 0 R >>"
            )
        )
    writer.set(
        pages_object,
        f"<< /Type /Pages /Kids [{' '.join(f'{kid} 0 R' for kid in kids)}] /Count {len(kids)} >>",
    )
    writer.set(catalog, f"<< /Type /Catalog /Pages {pages_object} 0 R >>")
    return writer.output(catalog)


def encrypt_pdf(data: bytes, user_password: str, owner_password: str | None = None) -> bytes:
    """The same PDF encrypted with pypdf (RC4, which needs no extra library to open)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password, owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
