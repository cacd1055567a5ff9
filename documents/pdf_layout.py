"""The text of a right-to-left PDF in logical order: glyphs placed by position, lines put back into reading order.

A PDF holds glyphs where they are drawn, not text: a typesetter shapes an Arabic line and writes its glyphs in
visual order, left to right, and `pypdf` hands them back in that order (the value before its label, a year's
digits reversed where the producer wrote them glyph by glyph). Here PDFium (`pypdfium2`) gives each character and
its box; we group them into lines by baseline, sort each line by position (visual order), and undo the Unicode
bidirectional algorithm's reordering: resolve each character's embedding level from its class and its neighbours,
then apply rule L2 (reverse every run at or above each level, highest first), which maps the visual order back to
the logical one for the one- and two-level lines compendia hold, and mirror brackets in right-to-left runs.
Marks (shadda, vowels) stay on the letter they sit over. Where a line is right-to-left is told by its letters:
more Arabic-script letters than Latin ones. `docs/decisions/0009-arabic-pdf-extraction.md` records the choice and
its measurements.

`running_lines` finds the headers, footers and page numbers that repeat at the top or bottom of most pages, so the
caller can drop them before parsing. Pure Python apart from PDFium, no Django.
"""

from __future__ import annotations

import ctypes
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

__all__ = ["pdf_page_lines", "running_lines", "to_logical", "visual_line_is_rtl"]

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


def _kind(text: str) -> str:
    """The bidi class that matters here for a glyph's text: R (right-to-left letter), L, D (digit), S (separator
    inside a number: W4), E (terminator: %, currency), W (space), N (other neutral), M (mark)."""
    char = text[0]
    bidi = unicodedata.bidirectional(char)
    if bidi in ("R", "AL"):
        return "R"
    if bidi == "L":
        return "L"
    if bidi in ("EN", "AN"):
        return "D"
    if bidi == "NSM":
        return "M"
    if bidi in ("ES", "CS"):
        return "S"
    if bidi == "ET":
        return "E"
    if bidi == "WS" or char.isspace():
        return "W"
    return "N"


def visual_line_is_rtl(text: str) -> bool:
    """A line is right-to-left when Arabic-script letters outnumber Latin ones."""
    arabic = len(_ARABIC_SCRIPT.findall(text))
    latin = sum(1 for char in text if char.isalpha() and unicodedata.bidirectional(char) == "L")
    return arabic > latin


def _number_types(glyphs: list[str], kinds: list[str], rtl: bool) -> list[str]:
    """For each digit, "AN" (Arabic-Indic digits, or European ones after an Arabic letter: W2) or "EN"; "" for
    anything else. In a right-to-left line the letter before a number is the nearest one on its right."""
    types = [""] * len(kinds)
    for i, kind in enumerate(kinds):
        if kind != "D":
            continue
        if unicodedata.bidirectional(glyphs[i][0]) == "AN":
            types[i] = "AN"
            continue
        steps = (1,) if rtl else (-1, 1)
        types[i] = "EN"
        for step in steps:
            j = i + step
            while 0 <= j < len(kinds) and kinds[j] not in ("L", "R"):
                j += step
            if 0 <= j < len(kinds) and kinds[j] == "R":
                types[i] = "AN"
                break
            if 0 <= j < len(kinds):
                break
    return types


def _levels(glyphs: list[str], kinds: list[str], rtl: bool) -> list[int]:
    """Embedding levels of the glyphs of one line, read in visual order (the rules are symmetric enough that
    visual order gives the levels the logical order had): letters their own direction, digits an LTR island,
    separators inside a number with it, other neutrals the direction of strong neighbours that agree, else the
    line's."""
    n = len(kinds)
    resolved = list(kinds)
    numbers = _number_types(glyphs, kinds, rtl)
    for i, kind in enumerate(kinds):
        if kind == "S" and 0 < i < n - 1 and numbers[i - 1] and numbers[i - 1] == numbers[i + 1]:
            # W4: "+" and "-" join European digits only (2004-2010); ",", ".", ":" and "/" join either kind.
            if unicodedata.bidirectional(glyphs[i][0]) == "CS" or numbers[i - 1] == "EN":
                resolved[i] = "D"
        elif kind == "E" and ((i > 0 and numbers[i - 1] == "EN") or (i < n - 1 and numbers[i + 1] == "EN")):
            resolved[i] = "D"
    base = 1 if rtl else 0

    def strong(index: int, step: int) -> str:
        """The nearest letter or digit from `index` in direction `step`: L, R or D; the line's edge counts as its
        own direction."""
        index += step
        while 0 <= index < n:
            if resolved[index] in ("L", "R", "D"):
                return resolved[index]
            index += step
        return "R" if rtl else "L"

    levels = [base] * n
    for i, kind in enumerate(resolved):
        if kind == "R":
            levels[i] = 1
        elif kind == "L":
            levels[i] = 2 if rtl else 0
        elif kind == "D":
            if rtl:
                levels[i] = 2
            else:
                # A number among Arabic words in a left-to-right line sits inside their run (W2: AN, level 2).
                before, after = strong(i, -1), strong(i, 1)
                levels[i] = 2 if "R" in (before, after) and "L" not in (before, after) else 0
        elif kind == "M":
            levels[i] = levels[i - 1] if i else base
        else:
            before, after = strong(i, -1), strong(i, 1)
            if rtl:
                # Between Latin letters (or Latin and a number that follows it, W7), a neutral is Latin.
                latin = {before, after} <= {"L", "D"} and "L" in (before, after)
                levels[i] = 2 if latin else 1
            else:
                arabic = {before, after} <= {"R", "D"} and "R" in (before, after)
                levels[i] = 1 if arabic else 0
    # Marks follow their base; a run's trailing spaces take the line's level (L1) only at the edges.
    return levels


def to_logical(glyphs: list[str], rtl: bool) -> str:
    """The logical text of one line given its glyph texts in visual (left-to-right) order."""
    if not glyphs:
        return ""
    kinds = [_kind(text) for text in glyphs]
    levels = _levels(glyphs, kinds, rtl)
    order = list(range(len(glyphs)))
    for level in range(max(levels), 0, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return "".join(glyphs[i].translate(_MIRROR) if levels[i] % 2 else glyphs[i] for i in order)


# --------------------------------------------------------------------------------------------------
# Glyphs from PDFium


@dataclass
class _Glyph:
    text: str
    left: float
    right: float
    baseline: float
    size: float


def _page_glyphs(textpage) -> list[_Glyph]:
    import pypdfium2.raw as raw

    handle = textpage.raw
    glyphs: list[_Glyph] = []
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    loose = raw.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    previous_box = None
    for index in range(raw.FPDFText_CountChars(handle)):
        if raw.FPDFText_IsGenerated(handle, index):
            continue  # spaces and line breaks PDFium inferred: we infer our own from the positions
        code = raw.FPDFText_GetUnicode(handle, index)
        if not code or code in (0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        if char.isspace() or char in "\x02\u00ad":
            continue  # spaces are read from the gaps: producers also write zero-width ones inside words
        raw.FPDFText_GetCharBox(handle, index, left, right, bottom, top)
        if raw.FPDFText_GetLooseCharBox(handle, index, loose) and loose.right > loose.left:
            # The advance, not the ink: a narrow "1" beside a "2" leaves no gap a space could be read from.
            left.value, right.value = loose.left, loose.right
        raw.FPDFText_GetCharOrigin(handle, index, x, y)
        box = (round(left.value, 2), round(right.value, 2), round(y.value, 2))
        size = raw.FPDFText_GetFontSize(handle, index) or (top.value - bottom.value) or 10.0
        if glyphs and box == previous_box and not unicodedata.combining(char):
            glyphs[-1].text += char  # one glyph for several characters (a ligature such as لا): one unit
            continue
        previous_box = box
        glyphs.append(_Glyph(char, left.value, max(right.value, left.value), y.value, size))
    return glyphs


def _attach_marks(line: list[_Glyph]) -> list[_Glyph]:
    """Put each combining mark (shadda, a vowel) after the letter its box sits over."""
    bases = [g for g in line if not (unicodedata.combining(g.text[0]) or _kind(g.text) == "M")]
    kept = {id(g) for g in bases}
    for mark in (g for g in line if id(g) not in kept):
        centre = (mark.left + mark.right) / 2
        if bases:
            host = min(bases, key=lambda g: 0 if g.left <= centre <= g.right else
                       min(abs(g.left - centre), abs(g.right - centre)))
            host.text += mark.text
    return bases


def _lines(glyphs: list[_Glyph]) -> list[list[_Glyph]]:
    """Glyphs grouped by baseline (top of the page first), each line in visual order."""
    rows: list[list[_Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: -g.baseline):
        if rows and abs(rows[-1][0].baseline - glyph.baseline) <= 0.35 * max(glyph.size, 1.0):
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    return [sorted(_attach_marks(row), key=lambda g: (g.left + g.right) / 2) for row in rows]


def _cells(line: list[_Glyph]) -> list[list[_Glyph]]:
    """A line in visual order cut where two glyphs are more than one and a half font sizes apart."""
    cells: list[list[_Glyph]] = []
    for glyph in line:
        if cells and glyph.left - cells[-1][-1].right <= 1.5 * glyph.size:
            cells[-1].append(glyph)
        else:
            cells.append([glyph])
    return cells


def _with_spaces(line: list[_Glyph]) -> list[str]:
    """The glyph texts of a line with a space wherever the gap between two glyphs is a word's gap."""
    out: list[str] = []
    for index, glyph in enumerate(line):
        if glyph.text.isspace():
            if out and out[-1] != " ":
                out.append(" ")
            continue
        if index and out and out[-1] != " ":
            gap = glyph.left - line[index - 1].right
            if gap > 0.1 * glyph.size:
                out.append(" ")
        out.append(glyph.text)
    while out and out[-1] == " ":
        out.pop()
    return out


def pdf_page_lines(document) -> list[list[str]]:
    """Each page of an open `pypdfium2.PdfDocument` as its lines in logical order."""
    pages: list[list[str]] = []
    for page in document:
        textpage = page.get_textpage()
        try:
            lines = []
            for row in _lines(_page_glyphs(textpage)):
                rtl = visual_line_is_rtl("".join(g.text for g in row))
                # Cells of a table share a baseline but are paragraphs of their own (a number in the value cell
                # is not after the label's letters): wide gaps split the line, each part is put in order alone.
                parts = [to_logical(_with_spaces(cell), rtl).strip() for cell in _cells(row)]
                lines.append(" ".join(reversed(parts) if rtl else parts))
            pages.append(lines)
        finally:
            textpage.close()
            page.close()
    return pages


# --------------------------------------------------------------------------------------------------
# Running headers and footers

_RUNNING_MAX = 100  # a running line is short; a full line of text repeated at an edge is text
_EDGE = 3  # lines at the top and at the bottom of a page where headers and footers live
_NUMBER_ONLY = re.compile(r"^[\W_]*(?:page|p\.|صفحة|الصفحة)?[\W_]*\d{1,4}[\W_]*$", re.IGNORECASE)


def _shape(line: str) -> str:
    from core.text import ascii_digits

    return re.sub(r"\d+", "#", ascii_digits(line).casefold())


def running_lines(pages: list[list[str]]) -> list[set[int]]:
    """For each page, the indexes of its lines that are running headers, footers or page numbers: within the
    first or last few lines of the page, a line whose shape (digits aside) is found near the edge of most pages
    (at least half, and three pages at least), or a lone page number."""
    shapes: Counter[str] = Counter()
    for lines in pages:
        edge = {_shape(line) for line in lines[:_EDGE] + lines[-_EDGE:] if line}
        shapes.update(edge)
    needed = max(3, (len(pages) + 1) // 2)
    repeated = {shape for shape, count in shapes.items() if count >= needed}
    found: list[set[int]] = []
    for lines in pages:
        edge = set(range(min(_EDGE, len(lines)))) | set(range(max(0, len(lines) - _EDGE), len(lines)))
        drop = set()
        for index in sorted(edge):
            line = lines[index]
            if not line:
                continue
            if (len(pages) >= 3 and len(line) <= _RUNNING_MAX and _shape(line) in repeated) or (
                    _NUMBER_ONLY.match(line) and len(line) <= 20 and index in (0, len(lines) - 1)):
                drop.add(index)
        found.append(drop)
    return found
