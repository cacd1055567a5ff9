"""Community needs from an assessment file: an XLSX or CSV exported from KoboToolbox or ActivityInfo, one row per
consultation answer, aggregated into one need per (place, theme) with the number of answers.

Reading (`read_table`): the workbook is opened through the plan importer's safe opening (`check_zip` caps what it
unpacks to before openpyxl sees it); a CSV is UTF-8 with or without BOM, delimited by ``;`` (KoboToolbox's default)
or ``,``. The first row holds the headers: question labels ("labels" export) or XML names such as
``group_x/question`` ("XML values" export), Kobo's metadata (``_id``, ``_uuid``, ``_submission_time``, ``_index``…),
and for a select_multiple question the space-separated codes plus one 0/1 column per option (``question/option``).

A column whose header names something personal (a phone, a respondent's name, GPS ``_geolocation``, the enumerator's
``username``…; `core.privacy.PERSON_WORDS` and the words below, in English and Arabic) is never read: its values
are dropped cell by cell as the file is read, and the result names the columns left out.

The form (`form_key`) is a hash of the sorted header names, so that the next export of the same form is recognised
and its saved mapping (`ImportMapping`) offered again. Its name comes from ``_xform_id_string``, else the sheet's
title (Kobo names the sheet after the form), else the file name.

The mapping says which column holds the place (a governorate or district, matched by Arabic, English or Kurdish
name or ISO code), the theme (a `Theme` code or label in either language, or the value→theme table the user fills
in), and optionally the groups affected, the severity (1–5) and a comment column. Comments are never copied — they
may hold personal details — only counted.

Severity of a need: with a severity column, the mean of its answers' severities, rounded half up; without one,
the share of the place's answers that name the theme: 50 % or more → 5, 35 % → 4, 20 % → 3, 10 % → 2, less → 1.

Every row is checked before anything is written (`check_rows`); a problem names the row as the spreadsheet
numbers it, the column's header and the value.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.privacy import PERSON_WORDS
from core.text import ascii_digits, natural_key

from .choices import AffectedGroup, Theme

EXTENSIONS = {".xlsx", ".csv"}
MAX_ROWS = 50_000
MAX_ERRORS = 500
MAX_COLUMNS = 2_000
SAMPLE_VALUES = 3
MAX_DISTINCT_VALUES = 200  # values offered in the value→theme table

ROLES = ("place", "theme", "groups", "severity", "description")
REQUIRED_ROLES = ("place", "theme")

# Words of a header that make a column personal, beyond core.privacy.PERSON_WORDS: who answered or collected it,
# how to reach them, where the device was (Kobo's metadata included).
EXTRA_PERSON_WORDS = {
    "name", "names", "respondent", "respondents", "interviewee", "enumerator", "interviewer", "username",
    "submitted", "geolocation", "geopoint", "geotrace", "geoshape", "altitude", "precision", "phonenumber",
    "deviceid", "simserial", "subscriberid", "signature", "contact", "audit",
}
# Arabic and Kurdish words (normalised: alef forms folded, taa marbuta as haa).
ARABIC_PERSON_WORDS = {
    "اسم", "الاسم", "هاتف", "الهاتف", "موبايل", "جوال", "الجوال", "المستجيب", "المستجيبه", "العمر", "عمر",
    "الجنس", "جنس", "العنوان", "عنوان", "بريد", "البريد", "الموقع الجغرافي", "احداثيات", "الاحداثيات",
    "هويه", "الهويه", "تولد", "المواليد", "الميلاد", "ناو", "ژمارەی", "تەلەفۆن",
}
# Words of PERSON_WORDS that, in a question's label, do not say it is about a person ("first priority", "national
# programme"); "first name" is still caught by "name".
AMBIGUOUS_WORDS = {"first", "last", "national"}
# Column names that are a name of a place, not of a person ("Governorate name").
PLACE_WORDS = {"governorate", "district", "province", "location", "place", "admin1", "admin2", "subdistrict",
               "محافظه", "المحافظه", "قضاء", "القضاء", "المنطقه", "الموقع", "ناحيه"}
FORM_ID_COLUMNS = ("_xform_id_string", "formhub/uuid")
GENERIC_SHEETS = {"sheet1", "sheet", "data", "ورقه1", "ورقه", "export"}
TRUE_VALUES = {"1", "true", "yes", "نعم", "بەڵێ", "x"}


_DIGIT_RUN = re.compile(r"\+?[0-9٠-٩][0-9٠-٩ ]{5,}[0-9٠-٩]")


class ImportFileError(Exception):
    """The file cannot be read as an assessment export at all."""


@dataclass
class Table:
    """What was read of a file: the headers (every one, personal ones included, for the form's key), the rows as
    (row number, {header: value}) without the personal columns, and the columns left out."""

    file_name: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]
    left_out: list[str]
    form_name: str
    sheet: str = ""

    @property
    def form_key(self) -> str:
        return form_key(self.headers)

    @property
    def columns(self) -> list[str]:
        """The headers the mapping may use: all but the personal ones."""
        return [h for h in self.headers if h not in self.left_out]

    def option_columns(self, question: str) -> list[str]:
        """The 0/1 columns of a select_multiple question (``question/option``)."""
        prefix = question + "/"
        return [h for h in self.columns if h.startswith(prefix) and "/" not in h[len(prefix):]]

    def samples(self, header: str) -> list[str]:
        """The first distinct values of a column, for the mapping step; runs of digits that could be a phone or
        an ID number are masked (a comment may hold one)."""
        values = []
        for _number, row in self.rows:
            value = _DIGIT_RUN.sub("…", row.get(header, ""))
            if value and value not in values:
                values.append(value)
            if len(values) >= SAMPLE_VALUES:
                break
        return values

    def distinct(self, header: str) -> list[str]:
        values: dict[str, str] = {}
        for _number, row in self.rows:
            value = row.get(header, "")
            if value and natural_key(value) not in values:
                values[natural_key(value)] = value
            if len(values) >= MAX_DISTINCT_VALUES:
                break
        return list(values.values())


def form_key(headers: list[str]) -> str:
    """The form's fingerprint: a hash of its sorted header names (64 hexadecimal digits)."""
    return hashlib.sha256("\n".join(sorted(h.strip() for h in headers)).encode("utf-8")).hexdigest()


def _header_words(header: str) -> set[str]:
    text = natural_key(header)
    parts = [p for p in re.split(r"[\s_]+", text) if p]
    return set(parts) | {"".join(parts)}


def is_personal(header: str) -> bool:
    """Whether a column's header says it holds something about a person (then it is never read)."""
    words = _header_words(header)
    person_words = (PERSON_WORDS - AMBIGUOUS_WORDS) | EXTRA_PERSON_WORDS | ARABIC_PERSON_WORDS
    if words & PLACE_WORDS and not words & (PERSON_WORDS - {"home", "address"}):
        return False  # "Governorate name", "اسم المحافظة"
    if words & person_words:
        return True
    joined = natural_key(header)
    return any(word in joined for word in ARABIC_PERSON_WORDS if " " in word)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _unique_headers(raw: list) -> list[str]:
    headers, seen = [], {}
    for index, value in enumerate(raw):
        name = _cell_text(value) or _("Column %(number)d") % {"number": index + 1}
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        headers.append(name)
    return headers


def _table_from_rows(file_name: str, rows, sheet: str = "") -> Table:
    iterator = iter(rows)
    header_row = None
    first_row_number = 1
    for header_row in iterator:  # the first row with anything in it holds the headers
        if any(_cell_text(v) for v in header_row):
            break
        first_row_number += 1
    else:
        raise ImportFileError(_("The file is empty: it has no header row."))
    if len(header_row) > MAX_COLUMNS:
        raise ImportFileError(_("The file has %(count)d columns, more than an assessment export has (the limit "
                                "is %(limit)d).") % {"count": len(header_row), "limit": MAX_COLUMNS})
    while header_row and not _cell_text(header_row[-1]):
        header_row = header_row[:-1]
    headers = _unique_headers(list(header_row))
    personal = [h for h in headers if is_personal(h)]
    kept = [(i, h) for i, h in enumerate(headers) if h not in personal]
    table_rows = []
    for offset, values in enumerate(iterator, start=1):
        number = first_row_number + offset
        values = list(values)
        # A personal column's value is never kept: only the kept positions are read out of the row.
        row = {h: _cell_text(values[i]) if i < len(values) else "" for i, h in kept}
        if not any(row.values()):
            continue
        if len(table_rows) >= MAX_ROWS:
            raise ImportFileError(_("The file has more than %(limit)d answers: split it.") % {"limit": MAX_ROWS})
        table_rows.append((number, row))
    return Table(file_name=file_name, headers=headers, rows=table_rows, left_out=personal,
                 form_name=_form_name(file_name, headers, table_rows, sheet), sheet=sheet)


def _form_name(file_name: str, headers: list[str], rows, sheet: str) -> str:
    for column in FORM_ID_COLUMNS:
        if column in headers:
            for _number, row in rows:
                if row.get(column):
                    return row[column][:300]
    if sheet and natural_key(sheet).replace(" ", "") not in GENERIC_SHEETS:
        return sheet[:300]
    stem = Path(file_name).stem
    # Kobo names its exports "<form title>_-_all_versions_-_labels_-_2025-01-31-10-00-00".
    stem = re.split(r"_-_", stem)[0]
    return stem.replace("_", " ").strip()[:300] or file_name[:300]


def _decode_csv(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("The CSV file is not in UTF-8: export it again as UTF-8 (KoboToolbox and "
                                "ActivityInfo do by default).")) from None


def _read_csv(file_name: str, data: bytes) -> Table:
    if data[:4] in (b"PK\x03\x04",) or b"\x00" in data[:1024]:
        raise ImportFileError(_("This is not a CSV text file."))
    text = _decode_csv(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    csv.field_size_limit(1_000_000)
    try:
        return _table_from_rows(file_name, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file cannot be read (%(error)s).") % {"error": exc}) from None


def _read_xlsx(file_name: str, data: bytes) -> Table:
    from plans.spreadsheet.workbook import TemplateError, open_workbook

    try:
        workbook = open_workbook(data)
    except TemplateError as exc:
        raise ImportFileError(str(exc)) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportFileError(_("The workbook has no sheet."))
        return _table_from_rows(file_name, sheet.iter_rows(values_only=True), sheet=sheet.title)
    finally:
        workbook.close()


def read_table(file_name: str, data: bytes) -> Table:
    """Read an assessment export (XLSX or CSV) without its personal columns. Raises ImportFileError."""
    extension = Path(file_name).suffix.lower()
    if extension not in EXTENSIONS:
        raise ImportFileError(_("“%(file)s” is not an XLSX or CSV file.") % {"file": file_name})
    if not data:
        raise ImportFileError(_("The file is empty."))
    if extension == ".csv":
        return _read_csv(file_name, data)
    return _read_xlsx(file_name, data)


# Other spellings assessment forms use for the themes and groups, matched besides the codes and the labels in
# English and Arabic (the labels themselves come from the catalogue; see `_labels`).
THEME_NAMES = {
    Theme.DIALOGUE: ("الحوار", "منع النزاعات", "dialogue"),
    Theme.GOVERNANCE: ("الحكم الرشيد", "سيادة القانون", "good governance"),
    Theme.COMMUNITY: ("المشاركة المجتمعية", "community engagement"),
    Theme.YOUTH: ("youth empowerment",),
    Theme.WOMEN: ("تمكين المرأة", "women's empowerment", "women empowerment"),
    Theme.EDUCATION: ("التعليم", "education"),
    Theme.EMPLOYMENT: ("سبل العيش", "فرص العمل", "livelihoods", "jobs"),
    Theme.COMMUNICATION: ("الاتصال الاستراتيجي", "strategic communication"),
    Theme.REINTEGRATION: ("العودة وإعادة التأهيل وإعادة الإدماج", "إعادة الإدماج", "reintegration"),
    Theme.RELIGIOUS: ("الخطاب الديني", "religious leaders"),
    Theme.CAPACITY: ("local capacity",),
    Theme.OTHER: ("غير ذلك",),
}
GROUP_NAMES = {
    AffectedGroup.WOMEN: ("المرأة",),
    AffectedGroup.RETURNEES: ("العائدين", "returnee"),
    AffectedGroup.DISPLACED: ("النازحين", "idp", "idps", "displaced"),
    AffectedGroup.DETAINEES: ("المحتجزون",),
    AffectedGroup.RELIGIOUS_LEADERS: ("القادة الدينيون",),
    AffectedGroup.TEACHERS: ("المعلمون والطلاب", "المعلمون"),
    AffectedGroup.WHOLE_COMMUNITY: ("المجتمع بأكمله",),
}


def theme_name(theme: str) -> str:
    """A theme's name in the active language."""
    return str(Theme(theme).label)


# --- matching values --------------------------------------------------------------------------------------------

_LABELS: dict[str, dict[str, str]] = {}


def _labels(choices, names) -> dict[str, str]:
    """natural key of a code, its English and its Arabic label and other names → the code (built once)."""
    if choices.__name__ in _LABELS:
        return _LABELS[choices.__name__]
    table = _LABELS[choices.__name__] = {}
    for value, label in choices.choices:
        for name in names.get(value, ()):
            table[natural_key(name)] = value
        table[natural_key(value)] = value
        table[natural_key(value.replace("_", " "))] = value
        with translation.override("en"):
            table[natural_key(str(label))] = value
        with translation.override("ar"):
            table[natural_key(str(label))] = value
    return table


def match_theme(value: str, table: dict[str, str] | None = None) -> str | None:
    """The theme a value names: by code or label in either language, else the user's value→theme table."""
    key = natural_key(value)
    chosen = {natural_key(k): v for k, v in (table or {}).items()}
    if chosen.get(key) in Theme.values:
        return chosen[key]
    return _labels(Theme, THEME_NAMES).get(key)


def match_group(value: str, table: dict[str, str] | None = None) -> str | None:
    """The group a select_multiple code or label names; "" when the user's table leaves it out; None if unknown."""
    key = natural_key(value)
    chosen = {natural_key(k): v for k, v in (table or {}).items()}
    if key in chosen and (chosen[key] in AffectedGroup.values or chosen[key] == ""):
        return chosen[key]
    return _labels(AffectedGroup, GROUP_NAMES).get(key)


class PlaceMatcher:
    """Names of places matched once per distinct value (places.queries.match_location)."""

    def __init__(self):
        self._cache: dict[str, object] = {}

    def __call__(self, value: str):
        key = natural_key(value)
        if key not in self._cache:
            from places.choices import PlaceKind
            from places.queries import find_place, match_location

            _country, place, rest = match_location([value])
            if place is None:  # an ISO code written in lower case, or a code with a space
                place = find_place(value.strip().upper(), PlaceKind.GOVERNORATE)
            self._cache[key] = place if place is not None and not rest else None
        return self._cache[key]


def _row_groups(table: Table, row: dict[str, str], column: str) -> list[str]:
    options = table.option_columns(column)
    if options:  # the 0/1 columns say which options were ticked, whatever the options' labels hold
        return [h[len(column) + 1:] for h in options if natural_key(row.get(h, "")) in TRUE_VALUES]
    return [part for part in re.split(r"[\s,;،]+", row.get(column, "")) if part]


def group_values(table: Table, column: str) -> list[str]:
    """The distinct codes of a groups column (or its options)."""
    options = table.option_columns(column)
    if options:
        return [h[len(column) + 1:] for h in options]
    seen: dict[str, str] = {}
    for _number, row in table.rows:
        for part in _row_groups(table, row, column):
            seen.setdefault(natural_key(part), part)
        if len(seen) >= MAX_DISTINCT_VALUES:
            break
    return list(seen.values())


def unmatched_themes(table: Table, column: str, chosen: dict | None = None) -> list[str]:
    return [v for v in table.distinct(column) if match_theme(v, chosen) is None] if column in table.columns else []


def unmatched_groups(table: Table, column: str, chosen: dict | None = None) -> list[str]:
    if not column or column not in table.columns:
        return []
    return [v for v in group_values(table, column) if match_group(v, chosen) is None]


# --- the mapping ------------------------------------------------------------------------------------------------

def guess_mapping(table: Table) -> dict:
    """A first guess of the columns, from their headers, for the mapping step."""
    hints = {
        "place": ("governorate", "district", "province", "location", "admin1", "admin2", "محافظه", "قضاء",
                  "الموقع", "parezga", "پارێزگا"),
        "theme": ("theme", "need", "priority", "topic", "issue", "موضوع", "الموضوع", "حاجه", "الحاجه", "الاولويه"),
        "groups": ("group", "groups", "affected", "الفئات", "الفئه", "المتاثره"),
        "severity": ("severity", "severe", "score", "urgency", "الشده", "شده", "الخطوره"),
        "description": ("comment", "comments", "remarks", "notes", "description", "ملاحظات", "تعليق", "وصف"),
    }
    guess = {role: "" for role in ROLES}
    for header in table.columns:
        if header.startswith("_") or "/" in header[1:] and header.rsplit("/", 1)[0] in table.columns:
            continue
        words = _header_words(header.rsplit("/", 1)[-1]) | {natural_key(header)}
        for role, role_hints in hints.items():
            if not guess[role] and any(h in words or h in natural_key(header) for h in role_hints):
                guess[role] = header
                break
    return guess


def clean_mapping(raw: dict) -> dict:
    """The mapping as stored: the five roles (header or "") and the two value tables."""
    mapping = {role: str(raw.get(role) or "") for role in ROLES}
    mapping["theme_values"] = {str(k): str(v) for k, v in (raw.get("theme_values") or {}).items()
                               if v in Theme.values}
    mapping["group_values"] = {str(k): str(v) for k, v in (raw.get("group_values") or {}).items()
                               if v in AffectedGroup.values or v == ""}
    return mapping


def mapping_problems(table: Table, mapping: dict) -> list[dict]:
    """What is wrong with a mapping for this file (a column missing or personal), before any row is read."""
    problems = []
    names = {"place": _("place"), "theme": _("theme"), "groups": _("groups affected"), "severity": _("severity"),
             "description": _("comment")}
    for role in ROLES:
        column = mapping.get(role) or ""
        if not column:
            if role in REQUIRED_ROLES:
                problems.append(_problem(None, "", _("Choose the column that holds the %(role)s.")
                                         % {"role": names[role]}))
            continue
        if column in table.left_out:
            problems.append(_problem(None, column, _("This column holds personal details and is never read: "
                                                     "choose another for the %(role)s.") % {"role": names[role]}))
        elif column not in table.columns:
            problems.append(_problem(None, column, _("The file has no such column (the %(role)s).")
                                     % {"role": names[role]}))
    used = [mapping.get(r) for r in ROLES if mapping.get(r)]
    if len(used) != len(set(used)):
        problems.append(_problem(None, "", _("A column may serve one purpose only.")))
    return problems


def _problem(row: int | None, column: str, message: str) -> dict:
    return {"row": row, "column": column, "message": message}


@dataclass
class Aggregate:
    place: object
    theme: str
    answers: int = 0
    groups: set = field(default_factory=set)
    severities: list = field(default_factory=list)
    comments: int = 0

    def severity(self, place_answers: int) -> int:
        if self.severities:
            mean = Decimal(sum(self.severities)) / Decimal(len(self.severities))
            return int(mean.quantize(Decimal("1"), rounding=ROUND_HALF_UP))
        share = self.answers / place_answers if place_answers else 0
        for threshold, level in ((0.5, 5), (0.35, 4), (0.2, 3), (0.1, 2)):
            if share >= threshold:
                return level
        return 1


def _severity(value: str) -> int | None:
    text = ascii_digits(value).strip()
    try:
        number = Decimal(text)
    except ArithmeticError:
        return None
    if number != number.to_integral_value() or not 1 <= number <= 5:
        return None
    return int(number)


def check_rows(table: Table, mapping: dict, progress=None) -> tuple[list[Aggregate], list[dict], dict]:
    """(aggregates, problems, place answer counts): every row checked; aggregates only mean something when there
    is no problem."""
    problems = mapping_problems(table, mapping)
    if problems:
        return [], problems, {}
    match_place = PlaceMatcher()
    place_col, theme_col = mapping["place"], mapping["theme"]
    groups_col, severity_col, comment_col = mapping.get("groups"), mapping.get("severity"), mapping.get("description")
    aggregates: dict[tuple, Aggregate] = {}
    per_place: dict[int, int] = {}
    total = len(table.rows)
    for done, (number, row) in enumerate(table.rows):
        if progress and done % 500 == 0:
            progress(done, total, _("checking row %(row)d") % {"row": number})
        row_problems = []
        place_value, theme_value = row.get(place_col, ""), row.get(theme_col, "")
        place = match_place(place_value) if place_value else None
        if not place_value:
            row_problems.append(_problem(number, place_col, _("the place is empty.")))
        elif place is None:
            row_problems.append(_problem(number, place_col, _("‘%(value)s’ is not a governorate or district we "
                                                              "know.") % {"value": place_value}))
        theme = match_theme(theme_value, mapping.get("theme_values")) if theme_value else None
        if not theme_value:
            row_problems.append(_problem(number, theme_col, _("the theme is empty.")))
        elif theme is None:
            row_problems.append(_problem(number, theme_col, _("‘%(value)s’ is not a theme: choose one for it in the "
                                                              "mapping.") % {"value": theme_value}))
        groups = set()
        if groups_col:
            for code in _row_groups(table, row, groups_col):
                group = match_group(code, mapping.get("group_values"))
                if group is None:
                    row_problems.append(_problem(number, groups_col, _("‘%(value)s’ is not a group we know: choose "
                                                                       "one for it in the mapping.") % {"value": code}))
                elif group:
                    groups.add(group)
        severity = None
        if severity_col and row.get(severity_col, ""):
            severity = _severity(row[severity_col])
            if severity is None:
                row_problems.append(_problem(number, severity_col, _("‘%(value)s’ is not a severity from 1 to 5.")
                                             % {"value": row[severity_col]}))
        if row_problems:
            problems.extend(row_problems)
            if len(problems) >= MAX_ERRORS:
                problems.append(_problem(None, "", _("More than %(limit)d problems: the rest of the file was not "
                                                     "checked.") % {"limit": MAX_ERRORS}))
                break
            continue
        aggregate = aggregates.setdefault((place.pk, theme), Aggregate(place=place, theme=theme))
        aggregate.answers += 1
        aggregate.groups |= groups
        if severity is not None:
            aggregate.severities.append(severity)
        if comment_col and row.get(comment_col, ""):
            aggregate.comments += 1
        per_place[place.pk] = per_place.get(place.pk, 0) + 1
    return list(aggregates.values()), problems, per_place


def import_key(key: str, place, theme: str) -> str:
    return f"{key}:{place.code}:{theme}"


def need_title(theme: str, place, answers: int) -> str:
    """“Youth empowerment in Mosul — 23 answers”, in the active language."""
    return ngettext("%(theme)s in %(place)s — %(count)d answer", "%(theme)s in %(place)s — %(count)d answers",
                    answers) % {"theme": theme_name(theme), "place": place.name, "count": answers}


UPLOAD_DIR = "support-imports"


def kept_upload(relative: str) -> bytes | None:
    """The bytes of an upload kept for the mapping step and the job (`services.imports.keep_upload`); None once the
    job has deleted it, or for a path outside the folder."""
    from django.conf import settings

    if not relative.startswith(UPLOAD_DIR + "/") or ".." in relative:
        return None
    path = Path(settings.MEDIA_ROOT) / relative
    return path.read_bytes() if path.is_file() else None


def mapping_for(user, owner, key: str):
    """The saved mapping of a form for an organisation, if the user acts for it (never another's)."""
    from .models import ImportMapping
    from .permissions import sees_all

    if owner is None or not (sees_all(user) or owner.pk in user.organisation_ids()):
        return None
    return ImportMapping.objects.filter(owner=owner, form_key=key).first()
