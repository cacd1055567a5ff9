"""Find the recommendations in an outcome statement, a final communiqué or a press release (issue 15, point 7).

    parse_recommendations(text) -> [{"number", "text", "audience", "warnings"}, ...]

Real statements lay recommendations out in many ways: "1." / "1-" / "1)" / "(1)", a number alone on its line,
Arabic-Indic digits ("١-"), letters ("a."), dotted numbers ("2.1"), bullets, ordinal words ("أولاً:",
"First, …", "التوصية الأولى:"), one recommendation a line after a lead-in ("أبرزها:"), several run together in
one paragraph ("1 – … 2 – …"), grouped under who should act ("For local governments", "على المستوى الوطني"), and
lists cut off where a page or an excerpt ends. The parser reads the text line by line:

1. every line is classified: an item marker (with its number as written), a heading, prose, or blank;
2. items of one marker family form a list; a heading between two items keeps the list going (and names the
   audience when it says who should act), prose ends it; lines after an item belong to it (hard line breaks are
   joined with one space) until the next item, a heading or a paragraph that is not followed by another item;
3. a paragraph holding a run of markers ("(1) … (2) …", "First, … Second, …", "− …; − …") is split into items;
4. the list after the recommendations heading ("Recommendations", "التوصيات", "Outcome", "خرج المشاركون
   بالتوصيات التالية:") is taken; without such a heading, the longest list.

Nothing is invented: the text of each item is the document's words, its marker removed. No Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.text import ascii_digits, strip_invisible

__all__ = ["describe_recommendation", "parse_recommendations"]

# --- patterns -----------------------------------------------------------------------------------------------

DIGIT = "[0-9\u0660-\u0669\u06f0-\u06f9]"
DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphen, dashes and the minus sign, as a character class body
TERMINAL_PUNCTUATION = ".!?;:؟؛。)»”\"'"

# "1. text", "1- text", "1 – text", "1) text", "(1) text", "٦ - text"; the punctuation is followed by a space
# (so that dates such as "2016-04-15" are not items).
NUMBERED_ITEM = re.compile(
    rf"^\(?(?P<num>{DIGIT}{{1,3}})\s*(?:[.){DASH}]\)?\s+|\)\s*)(?P<rest>\S.*)$"
)
# "(1) text" with or without a space after the parenthesis.
PARENTHESISED_ITEM = re.compile(rf"^\((?P<num>{DIGIT}{{1,3}})\)\s*(?P<rest>\S.*)$")
# "2.1 text", "1.5.2 ACTION ITEM: text" — dotted numbers need no punctuation after them.
DOTTED_ITEM = re.compile(rf"^(?P<num>{DIGIT}{{1,3}}(?:\.{DIGIT}{{1,3}})+)\.?\s+(?P<rest>\S.*)$")
# "7 -" alone on its line: the text follows on the next lines.
NUMBER_ALONE = re.compile(rf"^\(?(?P<num>{DIGIT}{{1,3}})\s*[.){DASH}]\)?$")
# "a. text", "b) text", "(c) text", "(أ) text".
LETTER_ITEM = re.compile(r"^\(?(?P<num>[a-z])[.)]\s+(?P<rest>\S.*)$")
ARABIC_LETTER_ITEM = re.compile(r"^\((?P<num>[أبجدهوزحطيكلمنسعفصقرشت])\)\s*(?P<rest>\S.*)$")
# Bullets: •, -, *, ▪, –, —, − and friends, with the text after them.
BULLET_ITEM = re.compile(rf"^[•●▪■◦‣∙·*►✓{DASH}]+\s*(?P<rest>[^\s\d{DASH}].*)$")
# Ordinal words: "First, …", "Secondly: …", "أولاً: …", "ثانيًا - …".
ENGLISH_ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth")
ORDINAL_ITEM_EN = re.compile(rf"^(?P<num>(?:{'|'.join(ENGLISH_ORDINALS)})(?:ly)?)\s*[,:.{DASH}]\s+(?P<rest>\S.*)$")
ARABIC_ORDINAL_STEMS = ("أول", "ثاني", "ثالث", "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع", "عاشر")
ARABIC_ORDINAL = rf"(?:{'|'.join(ARABIC_ORDINAL_STEMS)})(?:اً|ًا|ا)"
ORDINAL_ITEM_AR = re.compile(rf"^(?P<num>{ARABIC_ORDINAL})\s*[:：{DASH}]\s*(?P<rest>\S.*)$")
# "التوصية الأولى: …", "Recommendation 3: …": a label with its number.
ARABIC_FEMININE_ORDINALS = (
    "الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة", "الثامنة", "التاسعة", "العاشرة",
)
LABELLED_ITEM_AR = re.compile(rf"^التوصية\s+(?P<num>{'|'.join(ARABIC_FEMININE_ORDINALS)})\s*[:：{DASH}]\s*(?P<rest>\S.*)$")
LABELLED_ITEM_EN = re.compile(rf"^Recommendation\s+(?P<num>{DIGIT}{{1,3}})\s*[:.{DASH}]\s*(?P<rest>\S.*)$", re.I)
# A label between the number and the text: "1.6 RECOMMENDATION: …", "1.5.2 ACTION ITEM: …".
ITEM_LABEL = re.compile(r"^(?:RECOMMENDATION|ACTION ITEM|Recommendation|Action item)\s*:\s*")

# Markers inside a paragraph: "1 – … 2 – …", "(1) … (2) …", "1) … 2) …".
INLINE_NUMBER = re.compile(rf"(?:(?<=\s)|^)\(?(?P<num>{DIGIT}{{1,2}})\s*(?:[){DASH}]|\))\s+|\((?P<pnum>{DIGIT}{{1,2}})\)\s*")
INLINE_ORDINAL_EN = re.compile(rf"(?:(?<=\s)|^)(?P<num>(?:{'|'.join(ENGLISH_ORDINALS)})(?:ly)?),\s+")
INLINE_ORDINAL_AR = re.compile(rf"(?:(?<=\s)|^)(?P<num>{ARABIC_ORDINAL})\s*[:：]\s*")
INLINE_BULLET = re.compile(r"(?:(?<=\s)|^)[•▪−]\s+")

# Where the recommendations start: a heading, or a lead-in sentence that ends with a colon.
RECOMMENDATIONS_HEADING = re.compile(
    r"\b(?:key\s+)?recommendations?\b|\boutcomes?\b|\brecommandations?\b|التوصيات|توصيات|بالتوصيات|"
    r"خرج المشاركون|خلص المشاركون|أوصى المشاركون|يوصي المؤتمر|أوصى المؤتمر",
    re.I,
)
# A lead-in after which plain lines (no marker) are the recommendations: "…, أبرزها:", "the following:".
PLAIN_LIST_LEAD_IN = re.compile(
    r"(?:following|as follows|include|أبرزها|أهمها|كالتالي|كالآتي|يلي|الآتية|التالية|الآتي|التالي)\s*[:：]\s*$", re.I
)

# Headings that say who should act: the audience of the items under them.
AUDIENCE_WORDS = re.compile(
    r"\b(?:governments?|government's|ministr(?:y|ies)|authorit(?:y|ies)|municipal\w*|cities|mayors|"
    r"local (?:governments?|authorities|councils?|leaders)|national (?:governments?|authorities|bodies)|"
    r"member states|states|donors|partners|civil society|law enforcement|police|communit(?:y|ies)|parliaments?|"
    r"united nations|un agencies|agencies|organi[sz]ations|ngos|religious leaders|schools|universities|"
    r"pouvoirs publics|autorités|collectivités|gouvernements?|états|société civile|bailleurs|communes)\b|"
    r"-focused\b|"
    r"الحكومة|الحكومات|للحكومات|للحكومة|الوزارات|وزارة|السلطات|البلديات|المجالس|المحافظات|المجتمع المدني|"
    r"الجهات المانحة|المانحين|الشركاء|الأمم المتحدة|الدول الأعضاء|المؤسسات الدينية|الشرطة|الأجهزة الأمنية|"
    r"على المستوى (?:الوطني|المحلي|الإقليمي|الدولي)|على الصعيد (?:الوطني|المحلي|الإقليمي|الدولي)",
    re.I,
)
# One recommendation a line with no marker at all: lines that recommend, call, urge or request.
RECOMMENDING = re.compile(
    r"\b(?:recommend\w*|urge[sd]?|calls? (?:on|upon|for)|we (?:call|request|ask|suggest|encourage|urge)|"
    r"requests?|invites?|encourages?|should)\b|"
    r"يوصي|توصي|أوصى|أوصت|يدعو|ندعو|دعا|يطالب|نطالب|يناشد|ضرورة",
    re.I,
)
MIN_PLAIN_ITEM_WORDS = 6
THEMATIC_HEADING = re.compile(r"^(?:في مجال|في ما يخص|فيما يخص|بشأن|على صعيد)\b")

WORD = re.compile(r"\S+")
MAX_HEADING_WORDS = 10
MAX_ITEM_PARAGRAPHS = 3  # paragraphs an item may hold after its first line

CUT_OFF_WARNING = "the text ends in the middle of this item: the list may be cut off here"
GAP_WARNING = "numbered {number} after {previous}: an item may be missing"


# --- lines and items ----------------------------------------------------------------------------------------

@dataclass
class Marker:
    family: str  # "number", "letter", "bullet", "ordinal"
    number: str | None
    rest: str  # the line's text after the marker ("" when the text is on the next lines)


@dataclass
class Item:
    number: str | None
    parts: list[str]
    audience: str | None
    line: int
    last_line: int
    family: str
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return _join(self.parts)


@dataclass
class Block:
    family: str
    start: int
    items: list[Item] = field(default_factory=list)


def parse_recommendations(text: str) -> list[dict]:
    """The recommendations of `text`, in order, each `{"number", "text", "audience", "warnings"}`."""
    lines = _lines(text)
    blocks = _blocks(lines)
    chosen = _choose(blocks, lines)
    items = [item for block in chosen for item in block.items if item.text]
    _warn(items, lines)
    return [
        {"number": item.number, "text": item.text, "audience": item.audience, "warnings": item.warnings}
        for item in items
    ]


def _lines(text: str) -> list[str]:
    text = strip_invisible(text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    return [line.strip() for line in text.split("\n")]


def _join(parts: list[str]) -> str:
    return " ".join(WORD.findall(" ".join(parts)))


def _marker(line: str) -> Marker | None:
    """The list marker a line starts with, or None."""
    for family, pattern in (
        ("ordinal", LABELLED_ITEM_AR),
        ("number", LABELLED_ITEM_EN),
        ("number", DOTTED_ITEM),
        ("number", PARENTHESISED_ITEM),
        ("number", NUMBERED_ITEM),
        ("letter", LETTER_ITEM),
        ("letter", ARABIC_LETTER_ITEM),
        ("ordinal", ORDINAL_ITEM_EN),
        ("ordinal", ORDINAL_ITEM_AR),
        ("bullet", BULLET_ITEM),
    ):
        match = pattern.match(line)
        if match:
            number = match.groupdict().get("num")
            rest = ITEM_LABEL.sub("", match.group("rest")).strip()
            if pattern is DOTTED_ITEM and _is_heading_like(rest) and len(WORD.findall(rest)) <= 4:
                return None  # "8.2 Recommendations" is a section heading
            return Marker(family, number, rest)
    match = NUMBER_ALONE.match(line)
    if match:
        return Marker("number", match.group("num"), "")
    return None


def _is_heading_like(text: str) -> bool:
    """Short, and not a sentence: no full stop at its end (a colon is allowed)."""
    words = WORD.findall(text)
    if not words or len(words) > MAX_HEADING_WORDS:
        return False
    return text.rstrip().endswith((":", "：")) or not text.rstrip().endswith(tuple(TERMINAL_PUNCTUATION))


def _next_nonblank(lines: list[str], index: int) -> int | None:
    for j in range(index + 1, len(lines)):
        if lines[j]:
            return j
    return None


def _audience(heading: str) -> str | None:
    """The heading as the audience of the items under it, when it names who should act."""
    text = heading
    marker = _marker(text)
    if marker and marker.rest:
        text = marker.rest
    text = text.strip().rstrip(":：").strip()
    if not text or THEMATIC_HEADING.match(text) or not AUDIENCE_WORDS.search(text):
        return None
    return text


def _blocks(lines: list[str]) -> list[Block]:
    """Every list in the text, in order."""
    blocks: list[Block] = []
    block: Block | None = None
    item: Item | None = None
    audience: str | None = None
    blank_since_item = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            blank_since_item = item is not None
            i += 1
            continue
        marker = _marker(line)
        following = _next_nonblank(lines, i)
        next_marker = _marker(lines[following]) if following is not None else None
        if marker and marker.rest and _is_heading_like(marker.rest) and next_marker and (
            next_marker.family != marker.family and (block is None or block.family != marker.family)
        ):
            marker = None  # "أولاً: في مجال التعليم" above a bulleted list is a heading, not an item
        if marker:
            if block is None or block.family != marker.family:
                block = Block(marker.family, i)
                blocks.append(block)
            parts = [marker.rest] if marker.rest else []
            last = i
            if not marker.rest and following is not None and not _marker(lines[following]):
                parts.append(lines[following])  # "7 -" alone: the text is the next line
                last = following
                i = following
            item = Item(marker.number, parts, audience, i, last, marker.family)
            block.items.append(item)
            blank_since_item = False
            i += 1
            continue
        inline = _split_inline(line)
        if inline:
            block = Block("inline", i, [Item(n, [t], audience, i, i, "inline") for n, t in inline])
            blocks.append(block)
            item, block, blank_since_item = None, None, False
            i += 1
            continue
        broken_line = item is not None and not blank_since_item and not item.text.endswith(tuple(TERMINAL_PUNCTUATION))
        if block is not None and not broken_line and _is_heading_like(line) and (
            _headings_then_item(lines, i + 1, block.family)
        ):
            audience = _audience(line)  # a heading inside the list ("A. Setting the policy framework"): it goes on
            item, blank_since_item = None, False
            i += 1
            continue
        if item is not None and block is not None:
            if not blank_since_item or _paragraphs_then_item(lines, i, block.family):
                item.parts.append(line)  # a broken line, or a paragraph of this item before the next one
                item.last_line = i
                i += 1
                continue
        # prose or a heading before a list: it ends the list in progress
        block, item, blank_since_item = None, None, False
        audience = _audience(line) if next_marker and _is_heading_like(line) else None
        if PLAIN_LIST_LEAD_IN.search(line):
            plain = _plain_lines(lines, i + 1)
            if plain:
                blocks.append(Block("plain", i + 1, [Item(None, [lines[j]], audience, j, j, "plain") for j in plain]))
                i = plain[-1] + 1
                continue
        i += 1
    return blocks


def _headings_then_item(lines: list[str], index: int, family: str) -> bool:
    """Whether the lines from `index` on are headings (or none) up to the next item, of `family`."""
    for j in range(index, len(lines)):
        if not lines[j]:
            continue
        marker = _marker(lines[j])
        if marker:
            return marker.family == family
        if not _is_heading_like(lines[j]):
            return False
    return False


def _paragraphs_then_item(lines: list[str], index: int, family: str) -> bool:
    """Whether a few paragraphs from `index` on lead to the next item of `family` (they belong to the item above)."""
    paragraphs = 0
    for j in range(index, len(lines)):
        if not lines[j]:
            continue
        marker = _marker(lines[j])
        if marker:
            return marker.family == family
        paragraphs += 1
        if paragraphs > MAX_ITEM_PARAGRAPHS:
            return False
    return False


def _plain_lines(lines: list[str], start: int) -> list[int]:
    """After a lead-in ("أبرزها:"), the lines up to the next blank line, when there are two or more."""
    found = []
    for j in range(start, len(lines)):
        if not lines[j]:
            break
        if _marker(lines[j]):
            return []
        found.append(j)
    return found if len(found) >= 2 else []


def _split_inline(line: str) -> list[tuple[str | None, str]]:
    """A paragraph holding a run of markers, as (number, text) pairs; [] when it holds none."""
    for pattern, kind in (
        (INLINE_NUMBER, "number"),
        (INLINE_ORDINAL_EN, "ordinal_en"),
        (INLINE_ORDINAL_AR, "ordinal_ar"),
        (INLINE_BULLET, "bullet"),
    ):
        matches = list(pattern.finditer(line))
        run = _consecutive(matches, kind)
        if len(run) >= 2:
            pieces = []
            for k, match in enumerate(run):
                end = run[k + 1].start() if k + 1 < len(run) else len(line)
                number = None if kind == "bullet" else (match.group("num") or match.groupdict().get("pnum"))
                pieces.append((number, line[match.end():end].strip()))
            return pieces
    return []


def _consecutive(matches: list[re.Match], kind: str) -> list[re.Match]:
    """The longest run of markers numbered 1, 2, 3 … (First, Second …); every bullet for bullets."""
    if kind == "bullet":
        return matches
    best: list[re.Match] = []
    for start, first in enumerate(matches):
        if _ordinal_value(first, kind) != 1:
            continue
        run = [first]
        for match in matches[start + 1:]:
            if _ordinal_value(match, kind) == _ordinal_value(run[-1], kind) + 1:
                run.append(match)
        if len(run) > len(best):
            best = run
    return best


def _ordinal_value(match: re.Match, kind: str) -> int:
    number = match.group("num") or match.groupdict().get("pnum") or ""
    if kind == "number":
        return int(ascii_digits(number))
    if kind == "ordinal_en":
        return next(k for k, word in enumerate(ENGLISH_ORDINALS, 1) if number.startswith(word))
    return next(k for k, stem in enumerate(ARABIC_ORDINAL_STEMS, 1) if number.startswith(stem))


def _recommending_lines(lines: list[str]) -> list[Block]:
    """Runs of three or more consecutive sentences, most of which recommend: one recommendation a line."""
    runs, run = [], []
    for j, line in enumerate(lines + [""]):
        is_sentence = len(WORD.findall(line)) >= MIN_PLAIN_ITEM_WORDS and not _marker(line) and (
            line.endswith(tuple(TERMINAL_PUNCTUATION)) or j == len(lines) - 1
        )
        if is_sentence:
            run.append(j)
            continue
        if len(run) >= 3 and sum(bool(RECOMMENDING.search(lines[k])) for k in run) * 2 >= len(run):
            runs.append(Block("plain", run[0], [Item(None, [lines[k]], None, k, k, "plain") for k in run]))
        run = []
    return runs


def _choose(blocks: list[Block], lines: list[str]) -> list[Block]:
    """The list after the recommendations heading, or else the longest list."""
    blocks = [b for b in blocks if any(item.text for item in b.items)]
    if not any(len(b.items) >= 2 for b in blocks):
        blocks += _recommending_lines(lines)
    if not blocks:
        return []
    for index, line in enumerate(lines):
        if RECOMMENDATIONS_HEADING.search(line) and (_is_heading_like(line) or line.rstrip().endswith((":", "："))):
            after = [b for b in blocks if b.start > index]
            if after:
                return [after[0]]
    longest = max(blocks, key=lambda b: (len(b.items), -b.start))
    return [longest]


def _warn(items: list[Item], lines: list[str]) -> None:
    if not items:
        return
    last = items[-1]
    rest_of_text = any(lines[j] for j in range(last.last_line + 1, len(lines)))
    if not rest_of_text and not last.text.rstrip().endswith(tuple(TERMINAL_PUNCTUATION)):
        last.warnings.append(CUT_OFF_WARNING)
    previous = None
    for item in items:
        value = _integer(item.number)
        if value is not None and previous is not None and value not in (previous + 1, 1):
            item.warnings.append(GAP_WARNING.format(number=item.number, previous=previous))
        previous = value if value is not None else previous


def _integer(number: str | None) -> int | None:
    if number is None:
        return None
    digits = ascii_digits(number)
    return int(digits) if digits.isdigit() else None


def describe_recommendation(item: dict) -> list[str]:
    """Readable lines for one recommendation (`wiqaya parse FILE --recommendations`): the text with its number
    as written, then its audience and warnings."""
    lines = [f"[{item['number']}] {item['text']}" if item.get("number") else item["text"]]
    if item.get("audience"):
        lines.append(f"audience: {item['audience']}")
    lines.extend(f"warning: {warning}" for warning in item.get("warnings") or [])
    return lines
