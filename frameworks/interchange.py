"""Frameworks as files: read and write a framework in compendium text, YAML or JSON.

Pure Python on purpose (no Django): the import service, the API and tests call it, and it can be tried on a
file from a shell. Every problem names where it is (line, and for YAML/JSON the key path) and what is wrong.

YAML and JSON share one schema (keys other than these are ignored with a warning)::

    slug, short_name, title_en, title_ar, year, status, description_en, description_ar, source,
    goals: [{number, title_en, title_ar, description_en, description_ar, aliases: [..],
             paragraphs: [{number, text, lang}], children: [goal, ...]}]

Compendium text is the shape the good-practices compendium cites goals in, one line per heading::

    FRAMEWORK: euromed-cso-2017          optional header, before the first goal; English labels fill the
    TITLE: Plan of Action …              English fields, Arabic labels (العنوان، الوصف…) the Arabic ones
    العنوان: خطة عمل …
    YEAR: 2017

    GOAL 2: Reinforce education …        "Goal 2 – title" and "الهدف ٢: عنوان" too (any digits)
    الهدف ٢: تعزيز التعليم …              the same goal again: its Arabic title
    DESCRIPTION: …                        الوصف: … for the Arabic description; ALIAS: another wording
    (58) Paragraph text that may wrap     a numbered paragraph; following lines continue it
    over several lines.
    (٥٩) نص الفقرة                         Arabic-Indic digits mark an Arabic paragraph
    GOAL 2.1: An objective under goal 2   nesting: the number is the path of sibling numbers

Nested goals are written with their path: ``GOAL 1.2`` is the goal numbered ``2`` under goal ``1``, so a goal's
own number never contains a dot. Lines starting with ``#`` are comments (a Markdown heading marker before
``GOAL`` is allowed); a line starting with ``\\`` is always continuation text (the backslash is dropped), which
is how an export keeps a description line such as "(1) first step" from being read as a paragraph.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import yaml

from core.text import arabic_digits, ascii_digits, detect_language, strip_invisible

__all__ = [
    "FORMATS",
    "FrameworkSpec",
    "GoalSpec",
    "InterchangeError",
    "ParagraphSpec",
    "Problem",
    "detect_format",
    "dump",
    "parse",
]

FORMATS = ("text", "yaml", "json")
_EXTENSIONS = {".txt": "text", ".md": "text", ".text": "text", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogue; the service translates it when it shows the problem."""
    return message


# --------------------------------------------------------------------------------------------------
# The parsed framework


@dataclass
class ParagraphSpec:
    number: int
    text: str
    lang: str = "en"

    def to_dict(self) -> dict:
        return {"number": self.number, "text": self.text, "lang": self.lang}


@dataclass
class GoalSpec:
    number: str
    title_en: str = ""
    title_ar: str = ""
    description_en: str = ""
    description_ar: str = ""
    aliases: list[str] = field(default_factory=list)
    paragraphs: list[ParagraphSpec] = field(default_factory=list)
    children: list[GoalSpec] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = {
            "number": self.number,
            "title_en": self.title_en,
            "title_ar": self.title_ar,
            "description_en": self.description_en,
            "description_ar": self.description_ar,
        }
        if self.aliases:
            data["aliases"] = list(self.aliases)
        data["paragraphs"] = [p.to_dict() for p in self.paragraphs]
        data["children"] = [c.to_dict() for c in self.children]
        return data


FRAMEWORK_FIELDS = (
    "slug", "short_name", "title_en", "title_ar", "year", "status", "description_en", "description_ar", "source",
)
GOAL_FIELDS = ("number", "title_en", "title_ar", "description_en", "description_ar", "aliases", "paragraphs",
               "children")


@dataclass
class FrameworkSpec:
    slug: str = ""
    short_name: str = ""
    title_en: str = ""
    title_ar: str = ""
    year: int | None = None
    status: str = ""
    description_en: str = ""
    description_ar: str = ""
    source: str = ""
    goals: list[GoalSpec] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = {name: getattr(self, name) for name in FRAMEWORK_FIELDS}
        data["goals"] = [g.to_dict() for g in self.goals]
        return data

    def walk(self):
        """(path, goal) for every goal, parents before children, in file order."""
        def visit(goals, prefix):
            for goal in goals:
                path = f"{prefix}.{goal.number}" if prefix else goal.number
                yield path, goal
                yield from visit(goal.children, path)

        yield from visit(self.goals, "")


# --------------------------------------------------------------------------------------------------
# Problems


@dataclass
class Problem:
    """One thing wrong (or worth a warning) in a file: where, and a message with %(name)s placeholders."""

    message: str
    params: dict = field(default_factory=dict)
    line: int | None = None
    key: str = ""

    @property
    def where(self) -> str:
        parts = []
        if self.line:
            parts.append(f"line {self.line}")
        if self.key:
            parts.append(self.key)
        return ", ".join(parts)

    def __str__(self) -> str:
        text = self.message % self.params if self.params else self.message
        return f"{self.where}: {text}" if self.where else text


class InterchangeError(ValueError):
    """The file cannot be read as a framework; `problems` says where and why (all found, up to a limit)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


_MAX_PROBLEMS = 30


# --------------------------------------------------------------------------------------------------
# Small helpers


def _squash(text: str) -> str:
    return " ".join(text.split())


def detect_format(data: str, filename: str = "") -> str:
    """text, yaml or json: from the file's extension, else from how the content starts."""
    name = (filename or "").lower()
    for extension, fmt in _EXTENSIONS.items():
        if name.endswith(extension):
            return fmt
    stripped = data.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        return "json"
    if re.search(r"^goals\s*:", stripped, re.MULTILINE):
        return "yaml"
    for line in stripped.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if _GOAL_HEADING.match(line) or _KEY_LINE.match(line):
            return "text"
        if re.match(r"^(?:slug|goals|title_en|title_ar|short_name|---)\s*:?", line):
            return "yaml"
        return "text"
    return "text"


def _decode(data: bytes | str) -> str:
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise InterchangeError(
                [Problem(gettext_noop("the file is not UTF-8 text (byte %(offset)s)."), {"offset": exc.start},
                         line=line)]
            ) from exc
    return data.lstrip("\ufeff")


def parse(data: bytes | str, *, filename: str = "", fmt: str | None = None) -> FrameworkSpec:
    """Read a framework from compendium text, YAML or JSON (chosen by `fmt`, else by the file name or content)."""
    text = _decode(data)
    fmt = fmt or detect_format(text, filename)
    if fmt == "text":
        return parse_text(text)
    if fmt == "yaml":
        return parse_yaml(text)
    if fmt == "json":
        return parse_json(text)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def dump(spec: FrameworkSpec, fmt: str) -> str:
    if fmt == "text":
        return dump_text(spec)
    if fmt == "yaml":
        return dump_yaml(spec)
    if fmt == "json":
        return dump_json(spec)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


# --------------------------------------------------------------------------------------------------
# Compendium text

_DIGIT = "0-9٠-٩۰-۹"
_SEGMENT = rf"(?:[{_DIGIT}]{{1,4}}[A-Za-z]?|[A-Za-z]{{1,4}})"
_GOAL_HEADING = re.compile(
    rf"^(?:#+\s*)?(?P<kw>(?i:goal)|الهدف)\s*(?:رقم\s*)?(?P<num>{_SEGMENT}(?:\.{_SEGMENT})*)(?P<rest>.*)$"
)
_HEADING_SEPARATOR = re.compile(r"^\s*(?:[:：\-–—]|\.(?=\s|$))\s*")
_PARAGRAPH = re.compile(
    rf"^(?:[(（]\s*(?P<a>[{_DIGIT}]{{1,3}})\s*[)）]|\)\s*(?P<b>[{_DIGIT}]{{1,3}})\s*\()\s*(?P<text>.*)$"
)

# Labels of the header (before the first goal) and of a goal; the label's language names the field's.
_HEADER_KEYS = {
    "framework": "slug", "slug": "slug", "الإطار": "slug",
    "title": "title_en", "العنوان": "title_ar",
    "short name": "short_name", "الاسم المختصر": "short_name",
    "year": "year", "السنة": "year",
    "status": "status", "الحالة": "status",
    "source": "source", "المصدر": "source",
    "description": "description_en", "الوصف": "description_ar",
}
_GOAL_KEYS = {
    "description": "description_en", "الوصف": "description_ar",
    "alias": "aliases", "تسمية أخرى": "aliases",
}
_KEY_LINE = re.compile(
    r"^(?P<key>(?i:framework|slug|title|short\s+name|year|status|source|description|alias)"
    r"|الإطار|العنوان|الاسم المختصر|السنة|الحالة|المصدر|الوصف|تسمية أخرى)\s*[:：]\s*(?P<value>.*)$"
)
# Multi-line values keep their line breaks; titles and paragraphs are wrapped prose, joined with spaces.
_MULTILINE = {"description_en", "description_ar", "source"}
_EXPORT_LABELS = {
    "slug": "FRAMEWORK", "title_en": "TITLE", "title_ar": "العنوان", "short_name": "SHORT NAME", "year": "YEAR",
    "status": "STATUS", "source": "SOURCE", "description_en": "DESCRIPTION", "description_ar": "الوصف",
}


def _heading(line: str) -> tuple[str, str, str] | None:
    """(language, number path, title) when the line is a goal heading, else None."""
    match = _GOAL_HEADING.match(line)
    if not match:
        return None
    kw, rest = match.group("kw"), match.group("rest")
    number = ascii_digits(match.group("num"))
    separator = _HEADING_SEPARATOR.match(rest)
    if separator:
        title = rest[separator.end():]
    elif not rest.strip():
        title = ""
    elif kw == "GOAL" and rest[:1].isspace() and number[:1].isdigit():
        # The compendium's capitalised form needs no colon: "GOAL 2 Reinforce education".
        title = rest
    else:
        return None
    return ("ar" if kw == "الهدف" else "en"), number, title.strip()


def _key(line: str, keys: dict) -> tuple[str, str] | None:
    match = _KEY_LINE.match(line)
    if not match:
        return None
    name = _squash(match.group("key")).lower()
    return (keys[name], match.group("value").strip()) if name in keys else None


class _TextReader:
    """Reads compendium text line by line, keeping which field the next wrapped line continues."""

    def __init__(self):
        self.spec = FrameworkSpec()
        self.problems: list[Problem] = []
        self.goals: dict[str, GoalSpec] = {}
        self.title_lines: dict[tuple[str, str], int] = {}
        self.paragraph_lines: dict[tuple[str, int], int] = {}
        self.target = None  # (object, attribute, multiline) the next continuation line belongs to
        self.pending: list[_PendingParagraph] = []  # paragraphs, settled (language, checks) at the end
        self.seen_header: set[str] = set()
        self.current_goal: GoalSpec | None = None
        self.current_path = ""
        self.repeated_titles: list[tuple[GoalSpec, str, str, _Sink, int]] = []

    def ignore_following(self) -> None:
        """Lines that continue something already reported or dropped go nowhere (and raise nothing new)."""
        self.target = (_Sink(), "text", False)

    def error(self, line: int, message: str, **params) -> None:
        self.problems.append(Problem(message, params, line=line))

    def warn(self, line: int, message: str, **params) -> None:
        self.spec.warnings.append(Problem(message, params, line=line))

    def continue_with(self, obj, attribute: str, multiline: bool) -> None:
        self.target = (obj, attribute, multiline)

    def append(self, text: str) -> None:
        obj, attribute, multiline = self.target
        current = getattr(obj, attribute)
        if isinstance(current, list):  # aliases: continue the last one
            current[-1] = f"{current[-1]} {text}".strip()
        elif multiline:
            setattr(obj, attribute, f"{current}\n{text}" if current or text else "")
        else:
            setattr(obj, attribute, f"{current} {text}".strip() if text else current)

    def read(self, text: str) -> FrameworkSpec:
        for number, raw in enumerate(text.splitlines(), start=1):
            self.line(number, strip_invisible(raw).rstrip())
            if len(self.problems) >= _MAX_PROBLEMS:
                break
        self.finish()
        self.spec.warnings.sort(key=lambda problem: problem.line or 0)
        if not self.problems and not self.spec.goals:
            self.problems.append(Problem(gettext_noop(
                "the text holds no goal: write one line per goal, such as “GOAL 1: title” or “الهدف ١: عنوان”."
            )))
        if self.problems:
            raise InterchangeError(self.problems)
        return self.spec

    def line(self, number: int, raw: str) -> None:
        stripped = raw.strip()
        if not stripped:
            # A blank line keeps a paragraph break inside a description; elsewhere it only separates.
            if self.target and self.target[2]:
                self.append("")
            return
        if stripped.startswith("\\"):
            self.continuation(number, stripped[1:])
            return
        heading = _heading(stripped)
        if heading:
            self.goal_heading(number, *heading)
            return
        if stripped.startswith("#"):
            return
        paragraph = _PARAGRAPH.match(stripped)
        if paragraph and self.goals:
            self.paragraph(number, paragraph)
            return
        key = _key(stripped, _GOAL_KEYS if self.goals else _HEADER_KEYS)
        if key:
            self.keyed(number, *key)
            return
        self.continuation(number, stripped)

    def continuation(self, number: int, text: str) -> None:
        if self.target is None:
            self.error(number, gettext_noop(
                "“%(text)s” comes before the first goal but is not a header field: start with a goal line "
                "such as “GOAL 1: title” (or “الهدف ١: عنوان”), or a field such as “TITLE: …” or “YEAR: 2017”."
            ), text=text[:60])
            return
        self.append(_squash(text) if not self.target[2] else text.strip())

    def keyed(self, number: int, name: str, value: str) -> None:
        if not self.goals:
            if name in self.seen_header:
                self.error(number, gettext_noop("the field “%(field)s” is given twice."), field=name)
                return
            self.seen_header.add(name)
            if name == "year":
                digits = ascii_digits(value)
                if not re.fullmatch(r"\d{4}", digits):
                    self.error(number, gettext_noop("the year must be four digits, such as 2017, not “%(value)s”."),
                               value=value)
                else:
                    self.spec.year = int(digits)
                self.ignore_following()
                return
            setattr(self.spec, name, value)
            self.continue_with(self.spec, name, name in _MULTILINE)
            return
        goal = self.current_goal
        if name == "aliases":
            goal.aliases.append(value)
            self.continue_with(goal, "aliases", False)
            return
        known = getattr(goal, name)
        if known and _squash(known) != _squash(value):
            self.warn(number, gettext_noop(
                "goal %(path)s already has a description; the first one is kept."
            ), path=self.current_path)
            self.ignore_following()
            return
        setattr(goal, name, value)
        self.continue_with(goal, name, True)

    def goal_heading(self, number: int, lang: str, path: str, title: str) -> None:
        segments = path.split(".")
        goal = self.goals.get(path)
        if goal is None:
            parent_path = ".".join(segments[:-1])
            if parent_path and parent_path not in self.goals:
                self.error(number, gettext_noop(
                    "goal %(path)s comes before goal %(parent)s, the goal it is nested under: write “GOAL "
                    "%(parent)s: …” first."
                ), path=path, parent=parent_path)
                self.ignore_following()
                return
            goal = GoalSpec(number=segments[-1])
            (self.goals[parent_path].children if parent_path else self.spec.goals).append(goal)
            self.goals[path] = goal
        attribute = f"title_{lang}"
        if getattr(goal, attribute):
            # Seen before: compare once its wrapped lines are read (in finish()).
            probe = _Sink(title)
            self.repeated_titles.append((goal, path, lang, probe, number))
            self.continue_with(probe, "text", False)
        else:
            setattr(goal, attribute, title)
            self.title_lines[(path, lang)] = number
            self.continue_with(goal, attribute, False)
        self.current_goal, self.current_path = goal, path

    def paragraph(self, number: int, match: re.Match) -> None:
        digits = match.group("a") or match.group("b")
        paragraph = ParagraphSpec(int(ascii_digits(digits)), match.group("text").strip())
        goal, path = self.current_goal, self.current_path
        first = next((p for p in goal.paragraphs if p.number == paragraph.number), None)
        if first is None:
            goal.paragraphs.append(paragraph)
            self.paragraph_lines[(path, paragraph.number)] = number
        self.pending.append(_PendingParagraph(paragraph, number, digits != ascii_digits(digits), path, first))
        self.continue_with(paragraph, "text", False)

    def finish(self) -> None:
        for item in self.pending:
            paragraph = item.paragraph
            if not paragraph.text:
                self.error(item.line, gettext_noop("paragraph (%(number)s) has no text."), number=paragraph.number)
            # Arabic-Indic digits say Arabic; with Western digits the text itself decides.
            paragraph.lang = "ar" if item.arabic_digits else detect_language(paragraph.text)
            first = item.duplicate_of
            if first is not None and paragraph.text and _squash(first.text).casefold() != _squash(
                paragraph.text
            ).casefold():
                # The compendium repeats a paragraph under several practices; it must say the same thing.
                self.warn(item.line, gettext_noop(
                    "paragraph (%(number)s) of goal %(path)s differs from the one on line %(first)s; the first "
                    "text is kept."
                ), number=paragraph.number, path=item.path, first=self.paragraph_lines[(item.path, paragraph.number)])
        for goal, path, lang, probe, number in self.repeated_titles:
            known = getattr(goal, f"title_{lang}")
            if probe.text and _squash(known).casefold() != _squash(probe.text).casefold():
                # The compendium cites goals with other wordings: keep the first, remember the other.
                if probe.text not in goal.aliases:
                    goal.aliases.append(probe.text)
                self.warn(number, gettext_noop(
                    "goal %(path)s is titled “%(title)s” here but “%(known)s” on line %(first)s; the first title "
                    "is kept and this one recorded as another wording."
                ), path=path, title=probe.text, known=known, first=self.title_lines[(path, lang)])
        for attribute in _MULTILINE:
            setattr(self.spec, attribute, getattr(self.spec, attribute).strip("\n"))
        for _path, goal in self.spec.walk():
            goal.description_en = goal.description_en.strip("\n")
            goal.description_ar = goal.description_ar.strip("\n")


@dataclass
class _Sink:
    text: str = ""


@dataclass
class _PendingParagraph:
    paragraph: ParagraphSpec
    line: int
    arabic_digits: bool
    path: str
    duplicate_of: ParagraphSpec | None


def parse_text(text: str) -> FrameworkSpec:
    return _TextReader().read(text)


def _one_line(text: str) -> str:
    return _squash(text or "")


def _structural(line: str) -> bool:
    """Would this line, at the start of a line, be read as something other than continuation text?"""
    stripped = line.strip()
    return bool(
        stripped.startswith(("#", "\\"))
        or _heading(stripped)
        or _PARAGRAPH.match(stripped)
        or _KEY_LINE.match(stripped)
    )


def _text_value(label: str, value: str, multiline: bool) -> list[str]:
    lines = value.split("\n") if multiline else [_one_line(value)]
    out = [f"{label}: {lines[0].strip()}"]
    for line in lines[1:]:
        line = line.strip()
        out.append(f"\\{line}" if line and _structural(line) else line)
    return out


def _arabic_number(path: str) -> str:
    return arabic_digits(path)


def dump_text(spec: FrameworkSpec) -> str:
    """Compendium text that `parse_text` reads back into the same framework (see the module's docstring)."""
    out = [
        "# Wiqaya framework, compendium text. One “GOAL n: title” line per goal (Arabic: “الهدف n: العنوان”);",
        "# a nested goal is numbered by its path: GOAL 1.2 is goal 2 under goal 1. Then “(58) text” paragraphs.",
    ]
    for name in FRAMEWORK_FIELDS:
        value = getattr(spec, name)
        if value in ("", None):
            continue
        out.extend(_text_value(_EXPORT_LABELS[name], str(value), name in _MULTILINE))
    for path, goal in spec.walk():
        out.append("")
        if goal.title_en or not goal.title_ar:
            out.append(f"GOAL {path}: {_one_line(goal.title_en)}".rstrip())
        if goal.title_ar:
            out.append(f"الهدف {_arabic_number(path)}: {_one_line(goal.title_ar)}")
        for alias in goal.aliases:
            out.append(f"ALIAS: {_one_line(alias)}")
        if goal.description_en:
            out.extend(_text_value("DESCRIPTION", goal.description_en, True))
        if goal.description_ar:
            out.extend(_text_value("الوصف", goal.description_ar, True))
        for paragraph in goal.paragraphs:
            number = str(paragraph.number)
            if paragraph.lang == "ar":
                number = _arabic_number(number)
            out.append(f"({number}) {_one_line(paragraph.text)}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------------
# YAML and JSON


def _line_map(text: str) -> dict[tuple, int]:
    """{key path: line number} for every key and item of a YAML (or JSON) document; empty when unreadable."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[tuple, int] = {}

    def visit(node, path):
        if node is None:
            return
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value
                lines[(*path, key)] = key_node.start_mark.line + 1
                visit(value_node, (*path, key))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                visit(item, (*path, index))

    visit(root, ())
    return lines


def _key_name(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Checker:
    """Turns loaded YAML/JSON into a FrameworkSpec, collecting every problem with its key path and line."""

    def __init__(self, lines: dict[tuple, int]):
        self.lines = lines
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def problem(self, path: tuple, message: str, **params) -> None:
        if len(self.problems) < _MAX_PROBLEMS:
            self.problems.append(Problem(message, params, line=self._line(path), key=_key_name(path)))

    def _line(self, path: tuple) -> int | None:
        while path not in self.lines:
            if not path:
                return None
            path = path[:-1]
        return self.lines[path]

    def mapping(self, value, path: tuple, known: tuple) -> dict | None:
        if not isinstance(value, dict):
            self.problem(path, gettext_noop("expected a mapping of keys (such as %(keys)s), found %(found)s."),
                         keys=", ".join(known[:3]), found=_kind(value))
            return None
        for key in value:
            if key not in known:
                self.warnings.append(Problem(gettext_noop("unknown key, ignored."), line=self._line((*path, key)),
                                             key=_key_name((*path, key))))
        return value

    def text(self, data: dict, key: str, path: tuple) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem((*path, key), gettext_noop("expected text, found %(found)s."), found=_kind(value))
            return ""
        return str(value).strip()

    def items(self, data: dict, key: str, path: tuple) -> list:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem((*path, key), gettext_noop("expected a list, found %(found)s."), found=_kind(value))
            return []
        return value

    def framework(self, data) -> FrameworkSpec:
        data = self.mapping(data, (), (*FRAMEWORK_FIELDS, "goals"))
        spec = FrameworkSpec()
        if data is None:
            return spec
        for name in FRAMEWORK_FIELDS:
            if name != "year":
                setattr(spec, name, self.text(data, name, ()))
        year = data.get("year")
        if year not in (None, ""):
            digits = ascii_digits(str(year)).strip()
            if isinstance(year, bool) or not re.fullmatch(r"\d{4}", digits):
                self.problem(("year",), gettext_noop("the year must be four digits, such as 2017, not “%(value)s”."),
                             value=year)
            else:
                spec.year = int(digits)
        spec.goals = self.goals(self.items(data, "goals", ()), ("goals",))
        if not spec.goals and not self.problems:
            self.problem(("goals",), gettext_noop("the framework has no goal: give at least one under “goals”."))
        return spec

    def goals(self, items: list, path: tuple) -> list[GoalSpec]:
        goals, numbers = [], {}
        for index, item in enumerate(items):
            where = (*path, index)
            data = self.mapping(item, where, GOAL_FIELDS)
            if data is None:
                continue
            number = self.text(data, "number", where)
            number = ascii_digits(number)
            if not number:
                self.problem((*where, "number"), gettext_noop("every goal needs a number."))
                continue
            if "." in number or any(c.isspace() for c in number):
                self.problem((*where, "number"), gettext_noop(
                    "“%(number)s”: a goal's number is its number among its siblings, without dots or spaces; nest "
                    "the goal under its parent in “children” (goal 2 under goal 1 is shown as 1.2)."
                ), number=number)
                continue
            if number in numbers:
                self.problem((*where, "number"), gettext_noop("goal number %(number)s is given twice here."),
                             number=number)
                continue
            goal = GoalSpec(number=number)
            numbers[number] = goal
            for name in ("title_en", "title_ar", "description_en", "description_ar"):
                setattr(goal, name, self.text(data, name, where))
            for alias_index, alias in enumerate(self.items(data, "aliases", where)):
                if not isinstance(alias, str) or not alias.strip():
                    self.problem((*where, "aliases", alias_index), gettext_noop("expected text, found %(found)s."),
                                 found=_kind(alias))
                else:
                    goal.aliases.append(alias.strip())
            goal.paragraphs = self.paragraphs(self.items(data, "paragraphs", where), (*where, "paragraphs"))
            goal.children = self.goals(self.items(data, "children", where), (*where, "children"))
            goals.append(goal)
        return goals

    def paragraphs(self, items: list, path: tuple) -> list[ParagraphSpec]:
        paragraphs, numbers = [], set()
        for index, item in enumerate(items):
            where = (*path, index)
            data = self.mapping(item, where, ("number", "text", "lang"))
            if data is None:
                continue
            raw = data.get("number")
            digits = ascii_digits(str(raw)).strip() if raw is not None and not isinstance(raw, bool) else ""
            if not digits.isdigit():
                self.problem((*where, "number"), gettext_noop("a paragraph's number must be a whole number, "
                                                              "such as 58, not “%(value)s”."), value=raw)
                continue
            number = int(digits)
            if number in numbers:
                self.problem((*where, "number"), gettext_noop("paragraph (%(number)s) is given twice in this goal."),
                             number=number)
                continue
            numbers.add(number)
            text = self.text(data, "text", where)
            if not text:
                self.problem((*where, "text"), gettext_noop("paragraph (%(number)s) has no text."), number=number)
                continue
            lang = self.text(data, "lang", where) or detect_language(text)
            if not re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?", lang):
                self.problem((*where, "lang"), gettext_noop("“%(value)s” is not a language code such as en or ar."),
                             value=lang)
                continue
            paragraphs.append(ParagraphSpec(number, text, lang))
        return paragraphs


def _kind(value) -> str:
    """How a wrong value is named in a message; the service translates the fixed names (param "found")."""
    if value is None:
        return gettext_noop("nothing")
    if isinstance(value, dict):
        return gettext_noop("a mapping")
    if isinstance(value, list):
        return gettext_noop("a list")
    if isinstance(value, bool):
        return gettext_noop("true/false")
    if isinstance(value, (int, float)):
        return str(value)
    return f"“{str(value)[:40]}”"


def _checked(data, lines: dict) -> FrameworkSpec:
    checker = _Checker(lines)
    spec = checker.framework(data)
    if checker.problems:
        raise InterchangeError(checker.problems)
    spec.warnings = checker.warnings
    return spec


def parse_yaml(text: str) -> FrameworkSpec:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise InterchangeError([Problem(gettext_noop("the YAML cannot be read: %(problem)s."), {"problem": problem},
                                        line=mark.line + 1 if mark else None)]) from exc
    return _checked(data, _line_map(text))


def parse_json(text: str) -> FrameworkSpec:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InterchangeError([Problem(gettext_noop("the JSON cannot be read: %(problem)s (column %(column)s)."),
                                        {"problem": exc.msg, "column": exc.colno}, line=exc.lineno)]) from exc
    return _checked(data, _line_map(text))


def dump_yaml(spec: FrameworkSpec) -> str:
    return yaml.safe_dump(spec.to_dict(), allow_unicode=True, sort_keys=False, width=110)


def dump_json(spec: FrameworkSpec) -> str:
    return json.dumps(spec.to_dict(), ensure_ascii=False, indent=2) + "\n"
