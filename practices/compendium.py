"""Parse the text of a good-practices compendium into structured practices.

A compendium is the text extracted from a PDF that describes good practices in preventing violent
extremism, one after another: a name line, ``Country:``, ``Organisation responsible:``, ``Period:``,
``Activity:``, then the ``Objectives``, ``Description`` and ``Beneficiaries`` blocks and finally
``GOAL n: title`` lines, each followed by numbered paragraphs ``(58) text``. English and Arabic
labels are understood, with the usual variants and the damage PDF extraction does to a layout
(running headers and footers, page numbers, hard wrapping, merged words, missing headings).

The module is pure Python on purpose: it is used by the importer, by the accuracy measurement and
by property tests, none of which should need Django to be configured.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from core.text import ARABIC_LETTERS, ascii_digits, strip_invisible

__all__ = [
    "ParsedGoal",
    "ParsedParagraph",
    "ParsedPractice",
    "normalise_text",
    "parse_compendium",
    "parse_period",
    "split_location",
]

# Canonical order of the fields of a practice; "goals" closes it.
HEADER_FIELDS = ("country", "organisation", "period", "activity")
BLOCK_FIELDS = ("objectives", "description", "beneficiaries")
TEXT_FIELDS = HEADER_FIELDS + BLOCK_FIELDS
_ORDER = {name: index for index, name in enumerate((*TEXT_FIELDS, "goals"))}

_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u202f\u2007\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\t"), " "
)

_SENTENCE_END = re.compile(r"[.!?؟:…][\"'”’»)\]]*$")
_STRONG_SENTENCE_END = re.compile(r"[.!?؟…][\"'”’»)\]]*$")
_BULLETS = "•●▪◦■□➢►-–—*·"
_STRONG_BULLETS = "•●▪◦■□➢►"

# English and Arabic labels, and the French, Spanish and German ones of compendia written in those languages.
_FIELD_LABELS = {
    "country": r"countr(?:ies|y)|city|البلد|الدولة|المدينة|pays|pa[ií]s(?:es)?|ville|ciudad|land|stadt",
    "organisation": (
        r"organi[sz]ations?\s+responsables?|organismo\s+responsable|organizaci[oó]n\s+responsable"
        r"|verantwortliche\s+organisation|tr[aä]ger(?:organisation)?"
        r"|(?:implementing\s+|responsible\s+|lead\s+)?organi[sz]ation(?:s|\s*\(s\))?(?:\s+responsible)?"
        r"|implementing\s+partners?"
        r"|ال(?:جهة|جهات|منظمة)\s+(?:المسؤولة|المسئولة|المنفذة)"
    ),
    "period": r"period|dates|date|duration|الفترة|المدة|التاريخ|p[ée]riode|dur[ée]e|per[ií]odo|zeitraum|dauer",
    "activity": r"activit(?:ies|y)|النشاط|الأنشطة|الانشطة|activit[ée]s?|actividad(?:es)?|aktivit[äa]t(?:en)?",
    # "Objectif 2:" is a goal, not the objectives heading.
    "objectives": r"(?:objectives?|الأهداف|الاهداف|objectifs?|objetivos?|ziele)(?!\s*[:：]?\s*\d)",
    "description": r"description|الوصف|descripci[oó]n|beschreibung",
    "beneficiaries": (
        r"target\s+group(?:s|\s*\(s\))?|beneficiar(?:ies|y)"
        r"|المستفيدون|المستفيدين|ال(?:فئة|فئات)\s+المستهدفة"
        r"|b[ée]n[ée]ficiaires|public\s+cible|beneficiarios|zielgruppen?|beg[üu]nstigte"
    ),
}
_LABEL_RE = re.compile(
    "^(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _FIELD_LABELS.items())
    # What follows a label: nothing, a space, a colon, or (glued) a capital or an Arabic letter; so
    # "DateSince 2004" is Date + Since, not Dates + ince.
    + r")(?=$|\s|[:：]|(?-i:[A-Z])|[\u0620-\u064A\u0671-\u06D3])",
    re.IGNORECASE,
)
_COLON = re.compile(r"\s*[:：]\s*")
# When an Arabic label is glued to the next word, these endings would instead make a longer word
# (الوصفية, البلدان, النشاطات...), so they do not count as a merged label.
_ARABIC_WORD = re.compile(r"[\u0620-\u064A\u0671-\u06D3]*")
_ARABIC_SUFFIXES = {"ي", "ية", "ة", "ات", "ان", "ين", "ون", "ها", "هم", "يا", "يات", "ه"}

_GOAL_WORD = r"(?P<kw>goal|الهدف|objectif|objetivo|ziel)\s*(?:رقم\s*)?(?P<num>\d{1,2})(?!\d)"
_GOAL_LINE = re.compile("^" + _GOAL_WORD + r"(?P<after>.*)$", re.IGNORECASE)
_GOAL_ANY = re.compile(r"(?<!\w)" + _GOAL_WORD, re.IGNORECASE)
_GOAL_SEPARATOR = re.compile(r"\s*[:：.\-–—]\s*")
_PARA_MARK = re.compile(r"[(（]\s*(\d{1,3})\s*[)）]|\)\s*(\d{1,3})\s*\(")
_PARA_LINE = re.compile(r"^(?:[(（]\s*\d{1,3}\s*[)）]|\)\s*\d{1,3}\s*\()")

_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.|pg\.?|صفحة|الصفحة)?\s*[-–—]?\s*\d{1,3}\s*(?:(?:/|of|من)\s*\d{1,4})?\s*[-–—]?$",
    re.IGNORECASE,
)
_TOC_LINE = re.compile(r"(?:\.{3,}|…{2,}|(?:\s\.){3,}|_{3,})\s*\d*\s*$|[\s.…]\d{1,3}$")
_NOISE_MAX_LENGTH = 80

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|21\d\d)(?!\d)")
_SHORT_RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–—/]\s*(\d\d)(?!\d)")
_ONGOING = re.compile(
    r"\b(?:since|from|ongoing|on-going|present|now|today|current(?:ly)?|continuing|continues|still"
    r"|depuis|en\s+cours|desde|en\s+curso|seit|laufend)\b"
    r"|منذ|مستمر|متواصل|حتى\s+الآن|حتى\s+اليوم|الآن|حاليا|(?:^|\s)من(?=\s)",
    re.IGNORECASE,
)
_OPEN_END = re.compile(r"\d{4}\s*[-–—]+\s*$")
_UNTIL = re.compile(r"\b(?:until|till|up\s+to)\b|حتى|لغاية", re.IGNORECASE)


@dataclass
class ParsedParagraph:
    number: int
    text: str


@dataclass
class ParsedGoal:
    number: int
    title: str | None
    paragraphs: list[ParsedParagraph] = field(default_factory=list)


@dataclass
class ParsedPractice:
    name: str | None = None
    country: str | None = None
    organisation: str | None = None
    period: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    ongoing: bool = False
    activity: str | None = None
    objectives: str | None = None
    description: str | None = None
    beneficiaries: str | None = None
    goals: list[ParsedGoal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "country": self.country,
            "organisation": self.organisation,
            "period": self.period,
            "start_year": self.start_year,
            "end_year": self.end_year,
            "ongoing": self.ongoing,
            "activity": self.activity,
            "objectives": self.objectives,
            "description": self.description,
            "beneficiaries": self.beneficiaries,
            "goals": [
                {
                    "number": goal.number,
                    "title": goal.title,
                    "paragraphs": [{"number": p.number, "text": p.text} for p in goal.paragraphs],
                }
                for goal in self.goals
            ],
            "warnings": list(self.warnings),
        }


# --------------------------------------------------------------------------------------------------
# Small helpers


def _is_arabic(char: str) -> bool:
    return bool(ARABIC_LETTERS.match(char))


def _to_int(digits: str) -> int:
    return int(ascii_digits(digits))


def _squash(text: str) -> str:
    return " ".join(text.split())


def normalise_text(text: str) -> list[str]:
    """Split extracted text into clean lines: BOM, soft hyphens and bidi marks gone, spaces squashed."""
    text = strip_invisible(text).translate(_SPACES)
    # splitlines() also breaks on \r, \f (pdftotext's page break), \v and the Unicode separators.
    return [_squash(line) for line in text.splitlines()]


@dataclass
class _Label:
    field: str
    strong: bool
    value: str


def _match_label(line: str) -> _Label | None:
    """Recognise a field label at the start of a line.

    A label followed by a colon, or alone on its line, is *strong*. A capitalised label followed by
    a capitalised value ("Beneficiaries Iraqi citizens") or glued to it ("DescriptionAl Mesalla")
    is *weak*: body text can look like that, so the caller only accepts it where the field is due.
    """
    match = _LABEL_RE.match(line)
    if not match:
        return None
    name = match.lastgroup or ""
    label = match.group(0)
    rest = line[match.end() :]
    if not rest.strip():
        # "Description" alone on its line is a heading; "organisations" alone is more likely the
        # last word of a wrapped sentence, so lower case only counts where the field is due.
        return _Label(name, not label[0].islower(), "")
    colon = _COLON.match(rest)
    if colon:
        return _Label(name, True, rest[colon.end() :].strip())
    first = label[0]
    if not (first.isupper() or _is_arabic(first)):
        return None
    if rest[0].isspace():
        value = rest.strip()
        head = value[0]
        if head.isupper() or head.isdigit() or _is_arabic(head) or head in '“"«':
            return _Label(name, False, value)
        return None
    head = rest[0]
    if head.isupper():
        return _Label(name, False, rest.strip())
    if _is_arabic(head) and _is_arabic(label[-1]):
        if _ARABIC_WORD.match(rest).group(0) in _ARABIC_SUFFIXES:
            return None
        return _Label(name, False, rest.strip())
    return None


def _plausible_weak(label: _Label) -> bool:
    """A weak country or period label carries a short value, not the rest of a sentence."""
    if label.strong or label.field not in ("country", "period"):
        return True
    return len(label.value) <= 60 and not re.search(r"[.!?؟;](?:\s|$)", label.value)


def _goal_line(line: str) -> re.Match[str] | None:
    match = _GOAL_LINE.match(line)
    if not match:
        return None
    after = match.group("after").lstrip()
    if match.group("kw") == "GOAL" or not after or after[0] in ":：.-–—" or _PARA_LINE.match(after):
        return match
    return None


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def _starts_paragraph(line: str) -> bool:
    stripped = line.lstrip("\"'“‘«(")
    if not stripped:
        return False
    head = stripped[0]
    return head.isupper() or head.isdigit() or _is_arabic(head) or line[0] in _BULLETS


def _paragraphs(lines: list[str]) -> str | None:
    """Join hard-wrapped lines with spaces and separate paragraphs with newlines."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if current and (
            line[0] in _STRONG_BULLETS or (_ends_sentence(current[-1]) and _starts_paragraph(line))
        ):
            paragraphs.append(" ".join(current))
            current = []
        current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs) or None


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


# --------------------------------------------------------------------------------------------------
# Periods


def parse_period(text: str | None) -> tuple[int | None, int | None, bool]:
    """Read (start_year, end_year, ongoing) from a period such as "2015-2017" or "Since 2004".

    A single year is a one-year practice; "since", "from", "ongoing", "present" and their Arabic
    equivalents leave the end open. Text without a recognisable year gives (None, None, False).
    """
    if not text:
        return None, None, False
    value = ascii_digits(text)
    years = [int(year) for year in _YEAR.findall(value)]
    if not years:
        return None, None, False
    if len(years) == 1:
        short = _SHORT_RANGE.search(value)
        if short:
            start = int(short.group(1))
            end = start // 100 * 100 + int(short.group(2))
            if end > start:
                return start, end, False
    if len(years) >= 2:
        return years[0], years[-1], False
    year = years[0]
    if _ONGOING.search(value) or _OPEN_END.search(value):
        return year, None, True
    if _UNTIL.search(value):
        return None, year, False
    return year, year, False


# --------------------------------------------------------------------------------------------------
# Places

_LOCATION_SEPARATORS = re.compile(r"\s*(?:[,،;؛/|()（）\[\]]|\s[-–—]\s)\s*")


def split_location(text: str | None) -> list[str]:
    """The places named on a Country line, in order: "Iraq, Tal Afar" → ["Iraq", "Tal Afar"];
    "Tal Afar (Iraq)" → ["Tal Afar", "Iraq"]; "العراق - تلعفر" → ["العراق", "تلعفر"]. Which one is the country
    and which a governorate or district is for the places data to say (practices.services)."""
    if not text:
        return []
    parts = [part.strip(" .:") for part in _LOCATION_SEPARATORS.split(_squash(text))]
    return [part for part in parts if part]


# --------------------------------------------------------------------------------------------------
# Running headers, footers and page numbers


def _noise_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.casefold())


def _is_structural(line: str) -> bool:
    return bool(_match_label(line) or _goal_line(line) or _PARA_LINE.match(line))


def _header_shaped(line: str) -> bool:
    """Could be a running header: short, not the middle of a sentence (lower-case start), not the
    end of one."""
    if len(line) > _NOISE_MAX_LENGTH or line[0].islower():
        return False
    return not _STRONG_SENTENCE_END.search(line) and line[-1] not in ",;:،؛"


def _context_key(line: str) -> str:
    label = _match_label(line)
    if label:
        return "<label:" + label.field + ">"
    return _noise_key(line)


def _varied_neighbours(before: int, after: int, seen: int) -> bool:
    """Neighbours that change as a running header's do: mostly on both sides, or on one side every
    time (a page break that keeps falling under the same heading still lands on new text)."""
    fewer, more = sorted((before, after))
    return 2 * fewer > seen or (more == seen and fewer >= 2)


def _numbered_like_pages(lines: list[str], keys: list[str | None], candidates: set[str]) -> set[str]:
    """Candidates whose number goes up at every occurrence ("OPEV | 12", "OPEV | 13"): footers."""
    numbers: dict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        if key in candidates and "#" in key:
            digits = re.findall(r"\d+", ascii_digits(lines[index]))
            numbers[key].append(int(digits[-1]))
    return {
        key
        for key, seen in numbers.items()
        if all(later > earlier for earlier, later in zip(seen, seen[1:], strict=False))
    }


def _embedded_in_text(lines: list[str], keys: list[str | None], headers: set[str]) -> set[str]:
    """Headers whose words also run inside the body text elsewhere: repeated content, not headers."""
    if not headers:
        return set()
    text = " ".join(line for line in lines if line)
    embedded: set[str] = set()
    for key in headers:
        if "#" in key:
            continue
        exact = [lines[index] for index, other in enumerate(keys) if other == key]
        if any(text.count(variant) > exact.count(variant) for variant in set(exact)):
            embedded.add(key)
    return embedded


def _running_headers(lines: list[str], keys: list[str | None], is_page: list[bool]) -> set[str]:
    """The keys of the lines that are running headers or footers.

    A candidate is a short line seen at least three times. A footer whose number goes up page after
    page ("OPEV | 12") is one outright. Where pages are numbered, any other candidate must be on
    half of them at least, right next to the page number on most, and not always beside the same
    line (a framework paragraph quoted by several practices repeats with its neighbours). Where
    they are not, it must be seen four times (or twice next to a page number), be clearly shorter
    than a full line of text, and have neighbours that differ from one occurrence to the next:
    what always follows "Beneficiaries" is content. Text that also runs inside the body
    elsewhere is never a header.
    """
    counts = Counter(key for key in keys if key)
    candidates = {key for key, seen in counts.items() if seen >= 3}
    if not candidates:
        return set()
    # Structural lines repeat legitimately ("Objectives", "Country: Iraq") and are never noise.
    for index, key in enumerate(keys):
        if key in candidates and _is_structural(lines[index]):
            keys[index] = None
    counts = Counter(key for key in keys if key in candidates)
    candidates = {key for key, seen in counts.items() if seen >= 3}
    numbered = _numbered_like_pages(lines, keys, candidates)
    marks = [is_page[i] or (keys[i] is not None and keys[i] in numbered) for i in range(len(lines))]
    pages = max(sum(is_page), max((counts[key] for key in numbered), default=0))
    filled = [index for index, line in enumerate(lines) if line]
    # A page holds a hundred lines at most, so a header is seen at least that often.
    least = max(3, len(filled) / 100, 0.5 * pages)
    others = {key for key in candidates - numbered if counts[key] >= least}
    if not others:
        return numbered

    near_page: Counter[str] = Counter()
    # Neighbours are recorded twice: as written, and with label lines standing for their field (so
    # that what always follows "Beneficiaries", or ends a wrapped "Organisation: ...", has one
    # context however many practices there are).
    before: dict[str, set[str | None]] = defaultdict(set)
    after: dict[str, set[str | None]] = defaultdict(set)
    raw_before: dict[str, set[str | None]] = defaultdict(set)
    raw_after: dict[str, set[str | None]] = defaultdict(set)
    for position, index in enumerate(filled):
        key = keys[index]
        if key not in others:
            continue
        # The nearest lines on each side that are neither page marks nor other candidates, and
        # whether a page mark came first.
        sides = []
        for step in (-1, 1):
            other = position + step
            touched_page = False
            while 0 <= other < len(filled):
                neighbour = filled[other]
                if marks[neighbour]:
                    touched_page = True
                elif keys[neighbour] not in candidates:
                    break
                other += step
            found = lines[filled[other]] if 0 <= other < len(filled) else None
            sides.append((touched_page, found))
        near_page[key] += sides[0][0] or sides[1][0]
        (_, previous), (_, following) = sides
        before[key].add(_context_key(previous) if previous else None)
        after[key].add(_context_key(following) if following else None)
        raw_before[key].add(_noise_key(previous) if previous else None)
        raw_after[key].add(_noise_key(following) if following else None)

    if pages >= 3:
        headers = {
            key
            for key in others
            if 2 * near_page[key] > counts[key] and min(len(raw_before[key]), len(raw_after[key])) > 1
        }
    else:
        lengths = sorted(len(lines[index]) for index in filled)
        full_line = lengths[int(0.95 * (len(lengths) - 1))]
        headers = {
            key
            for key in others
            if (counts[key] >= 4 or near_page[key] >= 2)
            and len(key) <= 0.8 * full_line
            and _varied_neighbours(len(before[key]), len(after[key]), counts[key])
        }
    headers -= _embedded_in_text(lines, keys, headers)
    return headers | numbered


def _strip_noise(lines: list[str]) -> list[str]:
    """Drop page numbers and running headers/footers, wherever they interrupt the text."""
    count = len(lines)
    is_page = [bool(line) and bool(_PAGE_NUMBER.match(line)) for line in lines]
    keys: list[str | None] = [None] * count
    for index, line in enumerate(lines):
        if line and not is_page[index] and _header_shaped(line):
            keys[index] = _noise_key(line)
    headers = _running_headers(lines, keys, is_page)
    noise = [is_page[i] or (keys[i] is not None and keys[i] in headers) for i in range(count)]
    if not any(noise):
        return lines

    out: list[str] = []
    index = 0
    while index < count:
        if not noise[index]:
            out.append(lines[index])
            index += 1
            continue
        blank_before = False
        while out and not out[-1]:
            out.pop()
            blank_before = True
        blank_after = False
        while index < count and (noise[index] or not lines[index]):
            blank_after = not noise[index]  # a blank line after the last noise line so far
            index += 1
        # A blank line on one side only is the document's own paragraph break next to the noise;
        # blanks on both sides are page-break padding, a break only if the sentence had ended.
        if out and (blank_before or blank_after):
            if blank_before != blank_after or _STRONG_SENTENCE_END.search(out[-1]):
                out.append("")
    return out


# --------------------------------------------------------------------------------------------------
# Collecting the lines of each practice


@dataclass
class _Entry:
    text: str
    inline: bool = False  # the value written on a label's own line, never a practice name


@dataclass
class _Draft:
    name: str | None
    current: str
    fields: dict[str, list[_Entry]] = field(default_factory=dict)
    labelled: set[str] = field(default_factory=set)
    goal_lines: list[str] = field(default_factory=list)

    def open(self, label: _Label) -> None:
        self.current = label.field
        self.labelled.add(label.field)
        entries = self.fields.setdefault(label.field, [])
        if label.value:
            entries.append(_Entry(label.value, inline=True))

    def container(self) -> list[_Entry]:
        return self.fields.setdefault(self.current, [])


def _valid_name(candidate: str, previous: str | None, in_preamble: bool) -> bool:
    if len(candidate) > 200 or _is_structural(candidate):
        return False
    head = candidate.lstrip("\"'“‘«")[:1]
    if not head or head.islower() or head in _BULLETS:
        return False
    if in_preamble and _TOC_LINE.search(candidate):
        return False
    # The last wrapped line of a paragraph ("reform.") is not a name.
    return not (candidate[-1] in ".,;" and previous is not None and previous and not _ends_sentence(previous))


def _take_name(draft: _Draft | None, preamble: list[str]) -> str | None:
    """Remove and return the line just before a practice's first label, when it can be a name."""
    if draft is None:
        entries = [_Entry(line) for line in preamble]
        source: list = preamble
    elif draft.current == "goals":
        entries = [_Entry(line) for line in draft.goal_lines]
        source = draft.goal_lines
    else:
        entries = draft.container()
        source = entries
    position = len(entries) - 1
    while position >= 0 and not entries[position].text:
        position -= 1
    if position < 0 or entries[position].inline:
        return None
    candidate = entries[position].text
    previous = entries[position - 1].text if position > 0 else None
    if candidate[:1].islower() and previous and not entries[position - 1].inline:
        # A name wrapped over two lines: "Community dialogue for" / "peace in Mosul".
        earlier = entries[position - 2].text if position > 1 else None
        if (
            len(previous) + len(candidate) <= 150
            and not _ends_sentence(previous)
            and _valid_name(previous, earlier, draft is None)
            and (not earlier or _ends_sentence(earlier) or _is_structural(earlier))
        ):
            del source[position - 1 : position + 1]
            return f"{previous} {candidate}"
    if not _valid_name(candidate, previous, draft is None):
        return None
    del source[position]
    return candidate


def _confirmed_start(anchor: _Label, labels: list[_Label | None], lines: list[str], index: int) -> bool:
    """A practice really starts at this label if another label follows within a few lines."""
    if not anchor.strong and (not anchor.value or not _plausible_weak(anchor)):
        return False
    window = 6 if anchor.strong else 4
    seen = 0
    position = index + 1
    while position < len(lines) and seen < window:
        if lines[position]:
            seen += 1
            other = labels[position]
            if other and other.field == anchor.field:
                return False  # the next practice's label, not this one's
            if other and (other.strong or other.value):
                # A weak label needs one of its own practice's later header labels, not the next
                # practice's country.
                if anchor.strong or (
                    other.field in HEADER_FIELDS and _ORDER[other.field] > _ORDER[anchor.field]
                ):
                    return True
            if anchor.strong and _goal_line(lines[position]):
                return True
        position += 1
    # At the very end of the document a label opens a (cut-off) practice; a weak one only right
    # under a line that stands on its own like a name.
    if position < len(lines) or seen >= window:
        return False
    return anchor.strong or _stands_alone_before(lines, index)


def _stands_alone_before(lines: list[str], index: int) -> bool:
    previous = lines[max(0, index - 3) : index]
    while previous and not previous[-1]:
        previous.pop()
    if not previous:
        return False
    name = previous.pop()
    before = previous[-1] if previous else ""
    return _valid_name(name, before or None, False) and (
        not before or _ends_sentence(before) or _is_structural(before)
    )


def _collect(lines: list[str]) -> list[_Draft]:
    labels = [_match_label(line) if line else None for line in lines]
    drafts: list[_Draft] = []
    preamble: list[str] = []
    draft: _Draft | None = None
    for index, line in enumerate(lines):
        if not line:
            if draft is None:
                preamble.append(line)
            elif draft.current == "goals":
                draft.goal_lines.append(line)
            else:
                draft.container().append(_Entry(line))
            continue
        label = labels[index]
        if label is not None:
            if label.field in HEADER_FIELDS:
                starts = draft is None or label.field in draft.labelled or draft.current not in HEADER_FIELDS
                if starts and _confirmed_start(label, labels, lines, index):
                    name = _take_name(draft, preamble)
                    draft = _Draft(name=name, current=label.field)
                    draft.open(label)
                    drafts.append(draft)
                    continue
            if draft is not None and label.field not in draft.labelled and _plausible_weak(label):
                if label.strong or _ORDER[label.field] > _ORDER[draft.current]:
                    draft.open(label)
                    continue
        if draft is None:
            preamble.append(line)
            continue
        if draft.current != "goals" and _goal_line(line):
            draft.current = "goals"
        if draft.current == "goals":
            draft.goal_lines.append(line)
        else:
            draft.container().append(_Entry(line))
    return drafts


# --------------------------------------------------------------------------------------------------
# Goals


def _sentence_ended(text: str, position: int) -> bool:
    return bool(_STRONG_SENTENCE_END.search(text[:position].rstrip()))


def _goal_title(text: str, start: int, end: int, stop: int, line_starts: list[int]) -> tuple[str | None, str]:
    """Split the text between "GOAL n:" and its first paragraph into the title and stray text.

    The title is the rest of the goal's line. It goes on to the next line only when it was wrapped:
    no sentence ended, and the next line starts in lower case, in Arabic (no case to tell), holds
    the first paragraph marker (goals run together in one paragraph), or is a short unfinished
    phrase just before that marker.
    """
    first = bisect_right(line_starts, start)
    breaks = [s for s in line_starts[first:] if s < end]
    bounds = [start, *breaks, end]
    pieces = [text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    title_parts = [pieces[0]] if pieces[0] else []
    stray: list[str] = []
    marker_follows = end < stop
    marker_mid_line = marker_follows and line_starts[bisect_right(line_starts, end) - 1] != end
    for index, piece in enumerate(pieces[1:], start=1):
        if not piece:
            continue
        last_before_marker = index == len(pieces) - 1 and marker_follows
        holds_marker = last_before_marker and marker_mid_line
        head = piece[0]
        continues = (
            head.islower()
            or head.isdigit()
            or _is_arabic(head)
            or holds_marker
            # A short capitalised remainder ("United Nations") right before the first paragraph.
            or (last_before_marker and len(piece) <= 60 and not _ends_sentence(piece))
        )
        if stray or not title_parts or _ends_sentence(title_parts[-1]) or not continues:
            stray.append(piece)
        else:
            title_parts.append(piece)
    return _squash(" ".join(title_parts)) or None, _squash(" ".join(stray))


def _parse_goals(lines: list[str], label: str) -> tuple[list[ParsedGoal], list[str]]:
    """Read goals and their numbered paragraphs from the goal lines, run together or not."""
    parts = [line for line in lines if line]
    if not parts:
        return [], []
    line_ends: dict[int, int] = {}
    offset = 0
    for part in parts:
        line_ends[offset] = offset + len(part)
        offset += len(part) + 1
    starts = line_ends.keys()
    line_starts = sorted(starts)
    text = " ".join(parts)

    markers: list[tuple[int, int, int]] = []  # (start, end of marker, goal number)
    for match in _GOAL_ANY.finditer(text):
        position = match.start()
        separator = _GOAL_SEPARATOR.match(text, match.end())
        if position in starts:
            if not _goal_line(text[position : line_ends[position]]):
                continue
        elif not separator or not (match.group("kw") == "GOAL" or _sentence_ended(text, position)):
            continue
        end = separator.end() if separator else match.end()
        markers.append((position, end, _to_int(match.group("num"))))

    goals: list[ParsedGoal] = []
    warnings: list[str] = []
    for index, (_start, end, number) in enumerate(markers):
        stop = markers[index + 1][0] if index + 1 < len(markers) else len(text)
        paragraph_marks: list[tuple[int, int, int]] = []
        for match in _PARA_MARK.finditer(text, end, stop):
            position = match.start()
            if paragraph_marks and not (position in starts or _sentence_ended(text, position)):
                continue
            digits = match.group(1) or match.group(2)
            paragraph_marks.append((position, match.end(), _to_int(digits)))
        title_end = paragraph_marks[0][0] if paragraph_marks else stop
        title, stray = _goal_title(text, end, title_end, stop, line_starts)
        goal = ParsedGoal(number=number, title=title)
        if stray:
            shown = stray if len(stray) <= 60 else stray[:57] + "..."
            warnings.append(f"{label}: goal {number} has text that is not a numbered paragraph: '{shown}'")
        for mark_index, (_p_start, p_end, p_number) in enumerate(paragraph_marks):
            p_stop = paragraph_marks[mark_index + 1][0] if mark_index + 1 < len(paragraph_marks) else stop
            goal.paragraphs.append(ParsedParagraph(number=p_number, text=_squash(text[p_end:p_stop])))
        if not goal.paragraphs:
            warnings.append(f"{label}: goal {number} has no numbered paragraphs")
        goals.append(goal)
    if not markers:
        warnings.append(f"{label}: the goal lines could not be read")
    return goals, warnings


# --------------------------------------------------------------------------------------------------
# Building practices


def _build(draft: _Draft, number: int, is_last: bool) -> ParsedPractice:
    practice = ParsedPractice(name=draft.name)
    label = f"practice '{draft.name}'" if draft.name else f"practice {number} (no name)"
    warnings: list[str] = []
    lines = {name: [entry.text for entry in draft.fields.get(name, [])] for name in TEXT_FIELDS}

    # Text after country/period (one line) or the organisation (one block) belongs to an Activity
    # whose label is missing.
    if "activity" not in draft.labelled:
        spill: list[str] = []
        for name in ("country", "organisation", "period"):
            blocks = _blocks(lines[name])
            if not blocks:
                continue
            keep = blocks[0] if name == "organisation" else blocks[0][:1]
            rest = blocks[0][len(keep) :] + [line for block in blocks[1:] for line in ["", *block]]
            if any(rest):
                lines[name] = keep
                spill.extend(["", *rest])
        if any(spill):
            lines["activity"] = spill
            warnings.append(
                f"{label}: the Activity label is missing; the unlabelled text was read as activity"
            )

    # A missing Objectives/Description heading leaves a blank line and an unlabelled block behind
    # the previous field: hand such blocks on to the fields whose heading is missing.
    chain = ("activity", "objectives", "description")
    for position, source in enumerate(chain):
        targets: list[str] = []
        for target in chain[position + 1 :]:
            if target in draft.labelled or lines[target]:
                break
            targets.append(target)
        blocks = _blocks(lines[source])
        if not targets or len(blocks) < 2:
            continue
        lines[source] = blocks[0]
        remaining = blocks[1:]
        for target_index, target in enumerate(targets):
            if not remaining:
                break
            if target_index == len(targets) - 1:
                taken, remaining = remaining, []
            else:
                taken, remaining = remaining[:1], remaining[1:]
            lines[target] = [line for block in taken for line in ["", *block]][1:]
            warnings.append(
                f"{label}: the {target.capitalize()} heading is missing; "
                f"the unlabelled text after {source.capitalize()} was read as {target}"
            )

    for name in ("country", "organisation", "period"):
        value = _squash(" ".join(lines[name]))
        setattr(practice, name, value or None)
    for name in ("activity", "objectives", "description", "beneficiaries"):
        setattr(practice, name, _paragraphs(lines[name]))

    if practice.period:
        start, end, ongoing = parse_period(practice.period)
        practice.start_year, practice.end_year, practice.ongoing = start, end, ongoing
        if start is None and end is None:
            warnings.append(f"{label}: the period '{practice.period}' has no year that could be read")
        elif start is not None and end is not None and end < start:
            warnings.append(f"{label}: the period '{practice.period}' ends before it starts")

    goals, goal_warnings = _parse_goals(draft.goal_lines, label)
    practice.goals = goals

    present = {name: getattr(practice, name) is not None for name in TEXT_FIELDS}
    present["goals"] = bool(goals)
    order = [*TEXT_FIELDS, "goals"]
    missing = [name for name in order if not present[name]]
    if practice.name is None:
        warnings.append(f"{label}: no name line was found before its first label")
    if is_last:
        last_present = max((i for i, name in enumerate(order) if present[name]), default=-1)
        tail = order[last_present + 1 :]
        if tail:
            warnings.append(f"{label} appears cut off at the end of the document: missing " + ", ".join(tail))
            missing = [name for name in missing if name not in tail]
    if "goals" in missing:
        warnings.append(f"{label} has no goals")
        missing.remove("goals")
    if missing:
        warnings.append(f"{label} is missing: " + ", ".join(missing))
    practice.warnings = warnings + goal_warnings
    return practice


def parse_compendium(text: str) -> list[ParsedPractice]:
    """Parse a whole compendium; text before the first practice (title, licence, contents) is ignored.

    Practices are returned in document order. Nothing found is silently dropped: a practice cut off
    by the end of the document or missing fields is returned with warnings saying what is missing.
    """
    lines = _strip_noise(normalise_text(text or ""))
    drafts = _collect(lines)
    return [_build(draft, number, number == len(drafts)) for number, draft in enumerate(drafts, start=1)]
