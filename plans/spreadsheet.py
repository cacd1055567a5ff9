"""Plans in Excel: the bilingual template, reading a filled workbook (everything validated before anything is
written), writing it in one transaction, and exporting a plan as XLSX (the same layout, so it imports again)
or CSV.

Decisions a reader of a filled file should know:
- A merged cell is an error naming its range: which row or column the value belongs to is a guess.
- A formula counts with the value Excel saved with it; a formula saved without a value (written by a program
  that does not compute) is an error at its cell.
- Dates typed as text are read day first (`1/3/2025` is 1 March 2025), as in Iraq; ISO `2025-03-01` always works.
- In numbers, `,` `٬` and spaces separate thousands; `.` and `٫` are the decimal mark.
- CSV exports are UTF-8 with a byte-order mark (Excel then opens Arabic correctly), comma-separated, one row per
  action with the plan's fields repeated on each row, so that the file filters and pivots as one table.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

from core.text import natural_key, normalize

from .choices import ActionStatus, Currency, Direction, Frequency, PartnerKind

TEMPLATE_VERSION = "wiqaya-plan-template/1"
MARKER_NAME = "WiqayaTemplate"
PLAN_SHEET, ACTIONS_SHEET, INDICATORS_SHEET, README_SHEET = "Plan", "Actions", "Indicators", "Read me - اقرأني"
MAX_ERRORS = 500
MAX_ROWS = 50_000  # per sheet; a plan has hundreds of actions, the import is measured at 10,000
MAX_UNPACKED_BYTES = 400 * 2**20  # what the workbook's parts may unpack to (a zip bomb stops here)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")
_INVISIBLE = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00a0"


@dataclass(frozen=True)
class Column:
    key: str
    en: str
    ar: str
    help_en: str
    help_ar: str
    required: bool = False
    width: int = 18

    @property
    def header(self) -> str:
        return f"{self.en} / {self.ar}"


# The Plan sheet: one label/value row per field.
PLAN_FIELDS = [
    Column("title", "Title", "العنوان", "The plan's title.", "عنوان الخطة.", required=True),
    Column("lang", "Language", "اللغة", "ar or en: the language the plan is written in.",
           "ar أو en: لغة كتابة الخطة."),
    Column("place", "Governorate or district", "المحافظة أو القضاء",
           "Name in Arabic or English, or its ISO / internal code (IQ-NI).",
           "الاسم بالعربية أو الإنكليزية، أو الرمز (IQ-NI).", required=True),
    Column("period_start", "Period start", "بداية الفترة", "A date: 2025-01-01 or 1/1/2025 (day first).",
           "تاريخ: 2025-01-01 أو 1/1/2025 (اليوم أولاً).", required=True),
    Column("period_end", "Period end", "نهاية الفترة", "A date, not before the start.",
           "تاريخ لا يسبق البداية.", required=True),
    Column("owner", "Owner organisation", "الجهة المالكة",
           "The sub-committee or local government writing the plan: name, other-language name or acronym.",
           "اللجنة الفرعية أو الحكومة المحلية التي تكتب الخطة: الاسم أو الاسم باللغة الأخرى أو الاختصار.",
           required=True),
    Column("frameworks", "Frameworks", "الأطر", "Framework slugs separated by ;  e.g. iraq-ns-2019; euromed-cso-2017",
           "معرّفات الأطر مفصولة بـ ; مثل iraq-ns-2019; euromed-cso-2017"),
    Column("is_public", "Public summary", "ملخص علني", "yes / no: readers see the summary once approved.",
           "نعم / لا: يرى القرّاء الملخص بعد الموافقة."),
    Column("summary", "Summary", "الملخص", "A short public summary.", "ملخص علني قصير."),
]

ACTION_COLUMNS = [
    Column("ref", "Number", "الرقم", "1, 2, 1.1 … the parent of 1.2 is 1.", "1، 2، 1.1 … الإجراء الأم لـ 1.2 هو 1.",
           required=True, width=10),
    Column("title", "Title", "العنوان", "What is done.", "ما الذي يُنفَّذ.", required=True, width=40),
    Column("title_alt", "Title in the other language", "العنوان باللغة الأخرى", "Optional.", "اختياري.", width=30),
    Column("description", "Description", "الوصف", "Optional.", "اختياري.", width=40),
    Column("lang", "Language", "اللغة", "ar or en; empty: the plan's language.", "ar أو en؛ فارغ: لغة الخطة.",
           width=10),
    Column("goals", "Goals", "الأهداف",
           "framework-slug:number separated by ; (euromed-cso-2017:2), or numbers of the plan's first framework.",
           "معرّف-الإطار:الرقم مفصولة بـ ; أو أرقام أهداف الإطار الأول للخطة.", width=28),
    Column("lead", "Lead organisation", "الجهة المنفّذة", "Name, other-language name or acronym.",
           "الاسم أو الاسم باللغة الأخرى أو الاختصار.", width=28),
    Column("partners", "Partners", "الشركاء",
           "Name (type); Name (type) — type: local government, central government, multilateral, civil society.",
           "الاسم (النوع)؛ الاسم (النوع) — النوع: حكومة محلية، حكومة مركزية، متعدد الأطراف، مجتمع مدني.",
           width=36),
    Column("district", "District", "القضاء", "Optional; a district of the plan's governorate.",
           "اختياري؛ قضاء من محافظة الخطة.", width=16),
    Column("start_date", "Start", "البداية", "A date.", "تاريخ.", width=12),
    Column("end_date", "End", "النهاية", "A date, not before the start.", "تاريخ لا يسبق البداية.", width=12),
    Column("budget", "Budget", "الميزانية", "A number, not negative; needs a currency.",
           "رقم غير سالب؛ يتطلب عملة.", width=14),
    Column("currency", "Currency", "العملة", "IQD or USD.", "IQD أو USD.", width=10),
    Column("funding_source", "Funding source", "مصدر التمويل", "Optional.", "اختياري.", width=20),
    Column("status", "Status", "الحالة", "planned, ongoing, delayed, done, cancelled.",
           "مخطط، جارٍ، متأخر، منجز، ملغى.", width=16),
    Column("practices", "Practices adapted", "الممارسات المعتمدة", "Optional: practice numbers or names, separated by ;",
           "اختياري: أرقام الممارسات أو أسماؤها مفصولة بـ ;", width=24),
]

INDICATOR_COLUMNS = [
    Column("action", "Action number", "رقم الإجراء", "A number from the Actions sheet.", "رقم من ورقة الإجراءات.",
           required=True, width=12),
    Column("name", "Indicator", "المؤشر", "What is measured.", "ما الذي يُقاس.", required=True, width=40),
    Column("unit", "Unit", "الوحدة", "people, sessions, % …", "أشخاص، جلسات، % …", width=12),
    Column("baseline", "Baseline", "خط الأساس", "A number; empty: 0.", "رقم؛ فارغ: 0.", width=12),
    Column("target", "Target", "الهدف", "A number.", "رقم.", required=True, width=12),
    Column("frequency", "Frequency", "التواتر", "monthly, quarterly, yearly, once.", "شهري، فصلي، سنوي، مرة واحدة.",
           width=14),
    Column("direction", "Direction", "الاتجاه", "increase, decrease, maintain.", "زيادة، نقصان، ثبات.", width=14),
    Column("by_sex_and_age", "Counted by sex and age group", "يُحسب حسب الجنس والفئة العمرية", "yes / no.",
           "نعم / لا.", width=16),
]

# Enumerations: value → (English, Arabic, other accepted words).
ENUMS: dict[str, dict[str, tuple[str, str, tuple[str, ...]]]] = {
    "lang": {"ar": ("Arabic", "عربي", ("العربية", "عربية", "arabic")),
             "en": ("English", "إنكليزي", ("الإنكليزية", "الإنجليزية", "انجليزي", "إنجليزي"))},
    "status": {
        ActionStatus.PLANNED: ("Planned", "مخطط", ("مخطط له", "planned")),
        ActionStatus.ONGOING: ("Ongoing", "جارٍ", ("جاري", "جار", "قيد التنفيذ", "in progress")),
        ActionStatus.DELAYED: ("Delayed", "متأخر", ("متاخر", "late")),
        ActionStatus.DONE: ("Done", "منجز", ("مكتمل", "completed", "complete")),
        ActionStatus.CANCELLED: ("Cancelled", "ملغى", ("ملغي", "canceled")),
    },
    "currency": {Currency.IQD: ("IQD", "دينار عراقي", ("دينار", "iraqi dinar")),
                 Currency.USD: ("USD", "دولار أمريكي", ("دولار", "us dollar", "$"))},
    "frequency": {
        Frequency.MONTHLY: ("Monthly", "شهري", ()),
        Frequency.QUARTERLY: ("Quarterly", "فصلي", ("ربع سنوي",)),
        Frequency.YEARLY: ("Yearly", "سنوي", ("annual", "annually")),
        Frequency.ONCE: ("Once", "مرة واحدة", ("once, at the end", "at the end")),
    },
    "direction": {
        Direction.INCREASE: ("Increase", "زيادة", ()),
        Direction.DECREASE: ("Decrease", "نقصان", ("خفض", "تخفيض")),
        Direction.MAINTAIN: ("Maintain", "ثبات", ("حفاظ", "المحافظة")),
    },
    "partner_kind": {
        PartnerKind.LOCAL_GOVERNMENT: ("Local government", "حكومة محلية", ("local", "محلي")),
        PartnerKind.CENTRAL_GOVERNMENT: ("Central government", "حكومة مركزية", ("central", "national", "مركزي")),
        PartnerKind.MULTILATERAL: ("Multilateral", "متعدد الأطراف", ("un", "international", "دولي")),
        PartnerKind.CIVIL_SOCIETY: ("Civil society", "مجتمع مدني", ("ngo", "cso", "منظمة مجتمع مدني")),
    },
    "yesno": {"yes": ("Yes", "نعم", ("y", "true", "1", "x", "ايوه")), "no": ("No", "لا", ("n", "false", "0"))},
}
# An organisation's kind gives its partner type when the file names none.
KIND_TO_PARTNER = {
    "local_government": PartnerKind.LOCAL_GOVERNMENT, "committee": PartnerKind.LOCAL_GOVERNMENT,
    "national_body": PartnerKind.CENTRAL_GOVERNMENT, "un_agency": PartnerKind.MULTILATERAL,
    "international_mission": PartnerKind.MULTILATERAL, "ngo": PartnerKind.CIVIL_SOCIETY,
    "network": PartnerKind.CIVIL_SOCIETY, "academic": PartnerKind.CIVIL_SOCIETY, "hub": PartnerKind.CIVIL_SOCIETY,
}


def enum_label(kind: str, value: str) -> str:
    en, ar, _aliases = ENUMS[kind][value]
    return f"{en} / {ar}"


def _enum_index(kind: str) -> dict[str, str]:
    index = {}
    for value, (en, ar, aliases) in ENUMS[kind].items():
        for word in (value, en, ar, f"{en} / {ar}", *aliases):
            index[normalize(word)] = str(value)
    return index


_ENUM_INDEX = {kind: _enum_index(kind) for kind in ENUMS}


# --- the template -----------------------------------------------------------------------------------------

def _header_style(ws, count: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill("solid", fgColor="DDE7F0")
    for cell in ws[1][:count]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 32


def _list_validation(ws, column_index: int, kind: str, rows: int = 10000) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    items = ",".join(enum_label(kind, v) for v in ENUMS[kind])
    letter = get_column_letter(column_index)
    validation = DataValidation(type="list", formula1=f'"{items}"', allow_blank=True, showErrorMessage=False)
    validation.add(f"{letter}2:{letter}{rows + 1}")
    ws.add_data_validation(validation)


def _table_sheet(wb, title: str, columns: list[Column], enums: dict[str, str]):
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    ws.append([c.header for c in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        if column.key in enums:
            _list_validation(ws, index, enums[column.key])
    ws.sheet_view.rightToLeft = True
    _header_style(ws, len(columns))
    return ws


def _build_workbook():
    """The empty template as an openpyxl Workbook (export fills it)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.workbook.defined_name import DefinedName

    wb = Workbook()
    plan = wb.active
    plan.title = PLAN_SHEET
    plan.append(["Field / الحقل", "Value / القيمة", "Help / مساعدة"])
    for column in PLAN_FIELDS:
        plan.append([column.header, None, f"{column.help_en} — {column.help_ar}"])
    plan.column_dimensions["A"].width = 36
    plan.column_dimensions["B"].width = 48
    plan.column_dimensions["C"].width = 70
    plan.sheet_view.rightToLeft = True
    _header_style(plan, 3)
    for key, kind in {"lang": "lang", "is_public": "yesno"}.items():
        row = 2 + [c.key for c in PLAN_FIELDS].index(key)
        from openpyxl.worksheet.datavalidation import DataValidation

        items = ",".join(enum_label(kind, v) for v in ENUMS[kind])
        validation = DataValidation(type="list", formula1=f'"{items}"', allow_blank=True, showErrorMessage=False)
        validation.add(f"B{row}")
        plan.add_data_validation(validation)
    for key in ("period_start", "period_end"):
        plan.cell(row=2 + [c.key for c in PLAN_FIELDS].index(key), column=2).number_format = "yyyy-mm-dd"

    _table_sheet(wb, ACTIONS_SHEET, ACTION_COLUMNS,
                 {"lang": "lang", "currency": "currency", "status": "status"})
    _table_sheet(wb, INDICATORS_SHEET, INDICATOR_COLUMNS,
                 {"frequency": "frequency", "direction": "direction", "by_sex_and_age": "yesno"})

    readme = wb.create_sheet(README_SHEET)
    readme.append([TEMPLATE_VERSION])
    readme.append(["Wiqaya — local action plan template", "وقاية — قالب خطة العمل المحلية"])
    readme.append(["Fill the Plan, Actions and Indicators sheets; keep the headers. Empty rows are skipped. "
                   "Nothing is imported unless the whole file is valid.",
                   "املأ أوراق الخطة والإجراءات والمؤشرات مع الإبقاء على العناوين. تُتجاهل الصفوف الفارغة. "
                   "لا يُستورد شيء ما لم يكن الملف كله صحيحاً."])
    readme.append([])
    readme.append(["Sheet / الورقة", "Column / العمود", "Required / مطلوب", "English", "العربية"])
    for sheet, columns in ((PLAN_SHEET, PLAN_FIELDS), (ACTIONS_SHEET, ACTION_COLUMNS),
                           (INDICATORS_SHEET, INDICATOR_COLUMNS)):
        for column in columns:
            readme.append([sheet, column.header, "✔" if column.required else "", column.help_en, column.help_ar])
    readme["A1"].font = Font(italic=True, color="888888")
    readme["A2"].font = Font(bold=True, size=14)
    for letter, width in zip("ABCDE", (14, 36, 12, 60, 60), strict=True):
        readme.column_dimensions[letter].width = width
    for row in readme.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.defined_names[MARKER_NAME] = DefinedName(MARKER_NAME, attr_text=f'"{TEMPLATE_VERSION}"')
    return wb


def _as_text(ws) -> None:
    """A text that starts with = stays text: an exported title never runs as a formula."""
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template_workbook() -> bytes:
    return _save(_build_workbook())


# --- reading ----------------------------------------------------------------------------------------------

@dataclass
class ActionData:
    row: int
    ref: str
    parent_ref: str | None
    fields: dict
    goals: list[int] = field(default_factory=list)
    partners: list[tuple] = field(default_factory=list)  # (Organisation, kind)
    practices: list[int] = field(default_factory=list)


@dataclass
class IndicatorData:
    row: int
    action_ref: str
    fields: dict


@dataclass
class PlanData:
    plan: dict  # title, lang, place, period_start, period_end, owner, is_public, summary
    frameworks: list
    actions: list[ActionData]
    indicators: list[IndicatorData]

    @property
    def counts(self) -> dict:
        return {"actions": len(self.actions), "indicators": len(self.indicators)}


class _Errors(list):
    """The error list, capped: past MAX_ERRORS one last entry says that more were left out."""

    def add(self, sheet, row, column, message) -> None:
        if len(self) < MAX_ERRORS:
            self.append({"sheet": sheet, "row": row, "column": column, "message": str(message)})
        elif len(self) == MAX_ERRORS:
            self.append({"sheet": "", "row": None, "column": None,
                         "message": _("Further errors were left out; correct these first.")})

    @property
    def full(self) -> bool:
        return len(self) > MAX_ERRORS


def clean_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    for ch in _INVISIBLE:
        text = text.replace(ch, " " if ch == "\u00a0" else "")
    return text.strip()


def parse_number(value) -> Decimal | None:
    """A number from a cell: real numbers, or text with Arabic-Indic / Persian digits, `٫` as decimal mark and
    `,` `٬` or spaces between thousands. None when empty; ValueError when it is no number."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ValueError(value)
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = clean_text(value).translate(_DIGITS)
    if not text:
        return None
    text = re.sub(r"[,\u066c\s'’]", "", text).replace("\u2212", "-")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
        raise ValueError(value)
    return Decimal(text)


_DATE_PATTERNS = [
    (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"), ("d", "m", "y")),
]


def parse_date(value) -> dt.date | None:
    """A date from a cell: a real date, an Excel serial number, or text (ISO first, else day first), with any
    digits. None when empty; ValueError when it is no date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        if not 1 <= value < 2958466:
            raise ValueError(value)
        result = from_excel(value)
        return result.date() if isinstance(result, dt.datetime) else result
    text = clean_text(value).translate(_DIGITS)
    if not text:
        return None
    text = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2})?$", "", text)  # a time of day after the date
    for pattern, order in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            return dt.date(parts["y"], parts["m"], parts["d"])
    if re.fullmatch(r"\d{5}", text):  # a serial number stored as text
        return parse_date(int(text))
    raise ValueError(value)


def parse_enum(kind: str, value) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    key = normalize(text)
    if key in _ENUM_INDEX[kind]:
        return _ENUM_INDEX[kind][key]
    for part in re.split(r"\s*/\s*", text):
        if normalize(part) in _ENUM_INDEX[kind]:
            return _ENUM_INDEX[kind][normalize(part)]
    raise ValueError(value)


def _split(text: str, separators: str = r"[;؛\n]") -> list[str]:
    return [p.strip() for p in re.split(separators, text) if p.strip()]


class _Lookups:
    """Every name a file may use, loaded once: no query per row."""

    def __init__(self):
        from accounts.models import Organisation
        from frameworks.models import Framework, Goal
        from places.models import Place

        self.orgs: dict[str, object] = {}
        for org in Organisation.objects.only("id", "name", "name_alt", "acronym", "kind", "key"):
            for name in (org.acronym, org.name_alt, org.name):  # the organisation's own name wins a clash
                if name:
                    self.orgs[natural_key(name)] = org
        self.places: dict[str, list] = defaultdict(list)
        self.places_by_id = {}
        for place in Place.objects.only("id", "code", "iso_code", "kind", "parent_id", "name_en", "name_ar",
                                        "aliases"):
            self.places_by_id[place.pk] = place
            for name in {place.name_en, place.name_ar, place.code, place.iso_code, *place.aliases} - {"", None}:
                self.places[natural_key(name)].append(place)
        self.frameworks = {}
        for framework in Framework.objects.only("id", "slug", "short_name"):
            self.frameworks[framework.slug.casefold()] = framework
            if framework.short_name:
                self.frameworks.setdefault(natural_key(framework.short_name), framework)
        self.goals: dict[tuple[int, str], int] = {}
        self.frameworks_with_goals = set()
        for goal_id, framework_id, number, parent_id in Goal.objects.values_list(
                "id", "framework_id", "number", "parent_id").order_by("parent_id", "position", "id"):
            key = (framework_id, number.translate(_DIGITS).strip().casefold())
            if parent_id is None or key not in self.goals:
                self.goals.setdefault(key, goal_id)
            self.frameworks_with_goals.add(framework_id)
        self._practices = None

    def organisation(self, name: str):
        return self.orgs.get(natural_key(name))

    def place(self, name: str, kinds: tuple[str, ...]):
        found = self.places.get(natural_key(name), [])
        for kind in kinds:
            for place in found:
                if place.kind == kind:
                    return place
        return None

    def framework(self, name: str):
        return self.frameworks.get(name.strip().casefold()) or self.frameworks.get(natural_key(name))

    def practices(self) -> tuple[dict, dict]:
        if self._practices is None:
            from practices.models import Practice

            by_id, by_name = {}, {}
            for pk, name in Practice.objects.values_list("id", "name"):
                by_id[pk] = pk
                by_name.setdefault(natural_key(name), pk)
            self._practices = (by_id, by_name)
        return self._practices

    def governorate_of(self, place):
        node = place
        while node is not None and node.kind not in {"governorate", "country"}:
            node = self.places_by_id.get(node.parent_id)
        return node if node is not None and node.kind == "governorate" else None


class TemplateError(Exception):
    """The file cannot be read as the template at all."""


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
_FORMULA_RE = re.compile(rb'<(?:\w+:)?c\s([^>]*)>\s*<(?:\w+:)?f[\s>/]')
_REF_ATTR = re.compile(rb'\br="([A-Z]+\d+)"')
_TYPE_ATTR = re.compile(rb'\bt="(\w+)"')


def _scan_sheet_xml(ws) -> tuple[list[str], set[str]]:
    """The merged ranges, and the cells holding a formula that may lack a saved value, of a read-only sheet,
    found in its XML (openpyxl's read-only mode reports neither)."""
    source = ws._get_source()  # the sheet's XML stream inside the archive
    try:
        data = source.read()
    finally:
        source.close()
    merges = [m.decode() for m in _MERGE_RE.findall(data)]
    formulas = set()
    for attrs in _FORMULA_RE.findall(data):
        ref, kind = _REF_ATTR.search(attrs), _TYPE_ATTR.search(attrs)
        # t="str": Excel computed a text, possibly empty ("" from =IF(…;"";…)), which is a value.
        if ref and not (kind and kind.group(1) == b"str"):
            formulas.add(ref.group(1).decode())
    return merges, formulas


def _header_index(columns: list[Column]) -> dict[str, str]:
    index = {}
    for column in columns:
        for word in (column.header, column.en, column.ar, column.key):
            index[normalize(word)] = column.key
    return index


def _match_header(text: str, index: dict[str, str]) -> str | None:
    key = normalize(clean_text(text))
    if key in index:
        return index[key]
    for part in re.split(r"\s*/\s*", clean_text(text)):
        if normalize(part) in index:
            return index[normalize(part)]
    return None


def _open(file):
    from openpyxl import load_workbook

    if isinstance(file, str | os.PathLike):
        file = Path(file).read_bytes()
    if isinstance(file, bytes | bytearray):
        file = io.BytesIO(file)
    try:
        if hasattr(file, "seek"):
            file.seek(0)
        if not zipfile.is_zipfile(file):
            raise TemplateError(_("This is not an Excel workbook (.xlsx); save the file as .xlsx and upload it again."))
        if hasattr(file, "seek"):
            file.seek(0)
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise TemplateError(_("The workbook unpacks to %(size)d MB, more than a plan needs (the limit is "
                                  "%(limit)d MB).") % {"size": unpacked // 2**20, "limit": MAX_UNPACKED_BYTES // 2**20})
        file.seek(0)
        return load_workbook(file, read_only=True, data_only=True)
    except TemplateError:
        raise
    except Exception as exc:  # a zip that is not a workbook, or a damaged one
        raise TemplateError(_("The workbook cannot be read (%(error)s); save it again as .xlsx.")
                            % {"error": exc.__class__.__name__}) from exc


def _find_sheet(wb, title: str):
    wanted = normalize(title)
    for name in wb.sheetnames:
        if normalize(name) == wanted or normalize(re.split(r"\s*[-/]\s*", name)[0]) == wanted:
            return wb[name]
    return None


class _Reader:
    def __init__(self, file, progress: Callable | None):
        self.errors = _Errors()
        self.progress = progress or (lambda done, total, message="": None)
        self.file = file

    # Cells ------------------------------------------------------------------------------------------------
    def _rows(self, ws, sheet: str, width: int):
        """(row number, [cell values]) for non-empty rows, with merged and formula cells reported."""
        merges, formulas = _scan_sheet_xml(ws)
        for ref in merges:
            first = ref.split(":")[0]
            row = int(re.sub(r"[A-Z]+", "", first))
            self.errors.add(sheet, row, re.sub(r"\d+", "", first), _(
                "Merged cells %(range)s: unmerge them and put the value in each row or column it belongs to.")
                % {"range": ref})
        ws.reset_dimensions()
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            values = list(values[:width]) + [None] * (width - len(values))
            for index, value in enumerate(values):
                if value is None and formulas and f"{_letter(index)}{number}" in formulas:
                    self.errors.add(sheet, number, _letter(index), _(
                        "A formula without a computed value: open the file in Excel or LibreOffice, save it, "
                        "or type the value."))
                elif isinstance(value, str) and value.startswith("#") and value.rstrip("!?/0").upper() in {
                        "#DIV", "#N/A", "#NAME", "#NULL", "#NUM", "#REF", "#VALUE"}:
                    self.errors.add(sheet, number, _letter(index),
                                    _("The formula gives the error %(value)s.") % {"value": value})
                    values[index] = None
            if any(clean_text(v) for v in values):
                yield number, values

    def _error(self, sheet, row, column, message, value=None):
        if value is not None:
            message = f"{message} ({_('value')}: “{clean_text(value)}”)"
        self.errors.add(sheet, row, column, message)

    # Sheets -----------------------------------------------------------------------------------------------
    def read(self):
        try:
            wb = _open(self.file)
        except TemplateError as exc:
            self.errors.add("", None, None, str(exc))
            return None
        try:
            return self._read(wb)
        finally:
            wb.close()

    def _read(self, wb):
        marker = wb.defined_names.get(MARKER_NAME) if hasattr(wb.defined_names, "get") else None
        if marker is not None and marker.attr_text.strip('"') != TEMPLATE_VERSION:
            self.errors.add("", None, None, _(
                "This file was made from another version of the plan template (%(version)s); download the "
                "template again and copy the rows into it.") % {"version": marker.attr_text.strip('"')})
            return None
        sheets = {name: _find_sheet(wb, name) for name in (PLAN_SHEET, ACTIONS_SHEET, INDICATORS_SHEET)}
        missing = [name for name, ws in sheets.items() if ws is None]
        if missing:
            self.errors.add("", None, None, _(
                "This is not the Wiqaya plan template: the sheet(s) %(sheets)s are missing. Download the template "
                "and fill it in.") % {"sheets": ", ".join(missing)})
            return None
        self.lookups = _Lookups()
        plan = self._read_plan(sheets[PLAN_SHEET])
        if plan is None:
            return None
        actions = self._read_table(sheets[ACTIONS_SHEET], ACTIONS_SHEET, ACTION_COLUMNS, self._action, plan)
        if actions is None:
            return None
        indicators = self._read_table(sheets[INDICATORS_SHEET], INDICATORS_SHEET, INDICATOR_COLUMNS,
                                      self._indicator, plan)
        if indicators is None:
            return None
        self._check_tree(actions, indicators)
        if self.errors:
            return None
        return PlanData(plan=plan["fields"], frameworks=plan["frameworks"], actions=actions, indicators=indicators)

    def _read_plan(self, ws):
        index = _header_index(PLAN_FIELDS)
        values, rows = {}, {}
        for number, (label, value, *_rest) in self._rows(ws, PLAN_SHEET, 3):
            key = _match_header(label, index)
            if key and key not in values:
                values[key], rows[key] = value, number
        missing = [c.header for c in PLAN_FIELDS if c.required and c.key not in rows]
        if missing:
            self.errors.add(PLAN_SHEET, None, "A", _(
                "This is not the Wiqaya plan template: the Plan sheet has no row for %(fields)s.")
                % {"fields": "; ".join(missing)})
            return None
        sheet = PLAN_SHEET
        fields: dict = {}
        for column in PLAN_FIELDS:
            raw, row = values.get(column.key), rows.get(column.key)
            if column.required and not clean_text(raw):
                self._error(sheet, row, "B", _("%(field)s is required.") % {"field": column.en})
                continue
            try:
                fields[column.key] = self._plan_value(column.key, raw, row)
            except ValueError:
                continue
        frameworks = fields.pop("frameworks", [])
        fields.setdefault("lang", "ar")
        if fields.get("lang") is None:
            fields["lang"] = "ar"
        fields["is_public"] = bool(fields.get("is_public"))
        fields["summary"] = fields.get("summary") or ""
        start, end = fields.get("period_start"), fields.get("period_end")
        if start and end and end < start:
            self._error(sheet, rows["period_end"], "B", _("The period ends before it starts."), values["period_end"])
        return {"fields": fields, "frameworks": frameworks, "rows": rows}

    def _plan_value(self, key, raw, row):
        sheet, text = PLAN_SHEET, clean_text(raw)
        try:
            if key == "title":
                if len(text) > 300:
                    self._error(sheet, row, "B", _("The title is longer than %(n)d characters.") % {"n": 300})
                    raise ValueError
                return text
            if key == "summary":
                return text
            if key in {"period_start", "period_end"}:
                try:
                    return parse_date(raw)
                except (ValueError, OverflowError):
                    self._error(sheet, row, "B", _("Not a date: write 2025-03-01 or 1/3/2025."), raw)
                    raise
            if key in {"lang", "is_public"}:
                try:
                    value = parse_enum("yesno" if key == "is_public" else "lang", raw)
                except ValueError:
                    self._error(sheet, row, "B", _("Unknown value: use one of the list."), raw)
                    raise
                return value == "yes" if key == "is_public" else value
            if key == "place":
                place = self.lookups.place(text, ("governorate", "district"))
                if place is None:
                    self._error(sheet, row, "B", _("No governorate or district has this name or code."), raw)
                    raise ValueError
                return place
            if key == "owner":
                org = self.lookups.organisation(text)
                if org is None:
                    self._error(sheet, row, "B", _("No organisation has this name or acronym."), raw)
                    raise ValueError
                return org
            if key == "frameworks":
                found = []
                for name in _split(text, r"[;؛,،\n]"):
                    framework = self.lookups.framework(name)
                    if framework is None:
                        self._error(sheet, row, "B", _("Unknown framework."), name)
                    elif framework not in found:
                        found.append(framework)
                return found
        except ValueError:
            raise
        return text

    def _read_table(self, ws, sheet, columns, parse_row, plan):
        index = _header_index(columns)
        positions: dict[str, int] = {}
        total = ws.max_row or 0  # from the sheet's stated size, read before it is reset
        rows = self._rows(ws, sheet, 40)
        header = None
        for number, values in rows:
            header = (number, values)
            break
        if header is not None:
            for i, value in enumerate(header[1]):
                key = _match_header(value, index) if clean_text(value) else None
                if key and key not in positions:
                    positions[key] = i
        missing = [c.header for c in columns if c.required and c.key not in positions]
        if header is None or missing:
            self.errors.add(sheet, header[0] if header else 1, None, _(
                "This is not the Wiqaya plan template: the %(sheet)s sheet lacks the column(s) %(columns)s.")
                % {"sheet": sheet, "columns": "; ".join(missing or [c.header for c in columns if c.required])})
            return None
        out = []
        for number, values in rows:
            if number > MAX_ROWS + 1:
                self.errors.add(sheet, number, None, _("More than %(n)d rows: split the plan, or remove rows that "
                                                       "only look empty.") % {"n": MAX_ROWS})
                break
            cells = {key: values[i] for key, i in positions.items()}
            item = parse_row(sheet, number, cells, positions, plan)
            if item is not None:
                out.append(item)
            if number % 500 == 0:
                self.progress(number, total, _("checking %(sheet)s, row %(row)d") % {"sheet": sheet, "row": number})
            if self.errors.full:
                break
        return out

    def _action(self, sheet, row, cells, positions, plan):
        col = {key: _letter(i) for key, i in positions.items()}
        ok = True
        fields: dict = {}

        def bad(key, message, value=None):
            nonlocal ok
            ok = False
            self._error(sheet, row, col.get(key), message, value)

        ref = clean_text(cells.get("ref")).translate(_DIGITS).replace(" ", "").rstrip(".")
        if not ref:
            bad("ref", _("The action number is required."))
        elif len(ref) > 20 or not re.fullmatch(r"\w+(\.\w+)*", ref):
            bad("ref", _("An action number is like 1, 2 or 1.2."), cells.get("ref"))
        title = clean_text(cells.get("title"))
        if not title:
            bad("title", _("The title is required."))
        for key, limit in (("title", 500), ("title_alt", 500), ("funding_source", 300)):
            text = clean_text(cells.get(key))
            if len(text) > limit:
                bad(key, _("Longer than %(n)d characters.") % {"n": limit})
            fields[key] = text
        fields["description"] = clean_text(cells.get("description"))
        for key, kind, default in (("lang", "lang", plan["fields"].get("lang", "ar")),
                                   ("status", "status", ActionStatus.PLANNED), ("currency", "currency", "")):
            try:
                fields[key] = parse_enum(kind, cells.get(key)) or default
            except ValueError:
                bad(key, _("Unknown value: use one of the list."), cells.get(key))
        for key in ("start_date", "end_date"):
            try:
                fields[key] = parse_date(cells.get(key))
            except (ValueError, OverflowError):
                fields[key] = None
                bad(key, _("Not a date: write 2025-03-01 or 1/3/2025."), cells.get(key))
        if fields["start_date"] and fields["end_date"] and fields["end_date"] < fields["start_date"]:
            bad("end_date", _("The action ends before it starts."), cells.get("end_date"))
        try:
            budget = parse_number(cells.get("budget"))
        except (ValueError, InvalidOperation):
            budget = None
            bad("budget", _("Not a number."), cells.get("budget"))
        if budget is not None:
            if budget < 0:
                bad("budget", _("A budget cannot be negative."), cells.get("budget"))
            elif budget >= Decimal("1e14"):
                bad("budget", _("The budget is too large."), cells.get("budget"))
            if not fields.get("currency"):
                bad("currency", _("Give the budget's currency (IQD or USD)."))
            budget = budget.quantize(Decimal("0.01"))
        fields["budget"] = budget
        lead = clean_text(cells.get("lead"))
        fields["lead"] = None
        if lead:
            fields["lead"] = self.lookups.organisation(lead)
            if fields["lead"] is None:
                bad("lead", _("No organisation has this name or acronym."), lead)
        district = clean_text(cells.get("district"))
        fields["district"] = None
        if district:
            place = self.lookups.place(district, ("district", "subdistrict"))
            plan_place = plan["fields"].get("place")
            if place is None:
                bad("district", _("No district has this name or code."), district)
            elif plan_place is not None and self.lookups.governorate_of(place) != self.lookups.governorate_of(
                    plan_place):
                bad("district", _("This district is not in the plan's governorate."), district)
            else:
                fields["district"] = place
        goals = self._goals(cells.get("goals"), plan, bad)
        partners = self._partners(cells.get("partners"), bad)
        practices = self._practices(cells.get("practices"), bad)
        if not ok:
            return None
        parent = ref.rsplit(".", 1)[0] if "." in ref else None
        fields["title"] = title
        return ActionData(row=row, ref=ref, parent_ref=parent, fields=fields, goals=goals, partners=partners,
                          practices=practices)

    def _goals(self, raw, plan, bad) -> list[int]:
        text = clean_text(raw).translate(_DIGITS)
        if not text:
            return []
        frameworks = plan["frameworks"]
        default = next((f for f in frameworks if f.pk in self.lookups.frameworks_with_goals), None)
        found = []
        for item in _split(text, r"[;؛,،\n]"):
            if ":" in item:
                slug, number = (p.strip() for p in item.rsplit(":", 1))
                framework = self.lookups.framework(slug)
                if framework is None:
                    bad("goals", _("Unknown framework."), slug)
                    continue
            else:
                number, framework = item, default
                if framework is None:
                    bad("goals", _("A goal number without a framework: write framework-slug:number, or give the "
                                   "plan a framework that has goals."), item)
                    continue
            goal = self.lookups.goals.get((framework.pk, number.casefold().removeprefix("goal").strip()))
            if goal is None:
                bad("goals", _("The framework %(framework)s has no goal numbered %(number)s.")
                    % {"framework": framework.slug, "number": number}, item)
            elif goal not in found:
                found.append(goal)
        return found

    def _partners(self, raw, bad) -> list[tuple]:
        found, seen = [], set()
        for item in _split(clean_text(raw)):
            match = re.fullmatch(r"(.*?)\s*[(（]([^()（）]*)[)）]\s*", item)
            name, kind_text = (match.group(1), match.group(2)) if match else (item, "")
            org = self.lookups.organisation(name)
            if org is None:
                bad("partners", _("No organisation has this name or acronym."), name)
                continue
            try:
                kind = parse_enum("partner_kind", kind_text) or KIND_TO_PARTNER.get(org.kind)
            except ValueError:
                bad("partners", _("Unknown partner type: local government, central government, multilateral or "
                                  "civil society."), kind_text)
                continue
            if kind is None:
                bad("partners", _("Give the partner's type in brackets, e.g. Name (civil society)."), name)
                continue
            if org.pk not in seen:
                seen.add(org.pk)
                found.append((org, kind))
        return found

    def _practices(self, raw, bad) -> list[int]:
        text = clean_text(raw)
        if not text:
            return []
        by_id, by_name = self.lookups.practices()
        found = []
        for item in _split(text, r"[;؛\n]"):
            digits = item.translate(_DIGITS).lstrip("#")
            pk = by_id.get(int(digits)) if digits.isdigit() else by_name.get(natural_key(item))
            if pk is None:
                bad("practices", _("No practice has this number or name."), item)
            elif pk not in found:
                found.append(pk)
        return found

    def _indicator(self, sheet, row, cells, positions, plan):
        col = {key: _letter(i) for key, i in positions.items()}
        ok = True

        def bad(key, message, value=None):
            nonlocal ok
            ok = False
            self._error(sheet, row, col.get(key), message, value)

        action = clean_text(cells.get("action")).translate(_DIGITS).replace(" ", "").rstrip(".")
        if not action:
            bad("action", _("The action number is required."))
        fields = {"name": clean_text(cells.get("name")), "unit": clean_text(cells.get("unit"))}
        if not fields["name"]:
            bad("name", _("The indicator is required."))
        elif len(fields["name"]) > 300:
            bad("name", _("Longer than %(n)d characters.") % {"n": 300})
        if len(fields["unit"]) > 60:
            bad("unit", _("Longer than %(n)d characters.") % {"n": 60})
        for key, default in (("baseline", Decimal(0)), ("target", None)):
            try:
                value = parse_number(cells.get(key))
            except (ValueError, InvalidOperation):
                bad(key, _("Not a number."), cells.get(key))
                continue
            if value is None and default is None:
                bad(key, _("The target is required."))
                continue
            value = default if value is None else value
            if abs(value) >= Decimal("1e12"):
                bad(key, _("The number is too large."), cells.get(key))
                continue
            fields[key] = value.quantize(Decimal("0.01"))
        for key, kind, default in (("frequency", "frequency", Frequency.QUARTERLY),
                                   ("direction", "direction", Direction.INCREASE),
                                   ("by_sex_and_age", "yesno", "no")):
            try:
                fields[key] = parse_enum(kind, cells.get(key)) or default
            except ValueError:
                bad(key, _("Unknown value: use one of the list."), cells.get(key))
        fields["by_sex_and_age"] = fields.get("by_sex_and_age") == "yes"
        if ok:
            baseline, target, direction = fields["baseline"], fields["target"], fields["direction"]
            if direction != Direction.MAINTAIN and target == baseline:
                bad("target", _("The target equals the baseline: choose the direction “maintain”."), cells.get("target"))
            elif direction == Direction.INCREASE and target < baseline:
                bad("target", _("For an increase, the target is above the baseline."), cells.get("target"))
            elif direction == Direction.DECREASE and target > baseline:
                bad("target", _("For a decrease, the target is below the baseline."), cells.get("target"))
        if not ok:
            return None
        return IndicatorData(row=row, action_ref=action, fields=fields)

    def _check_tree(self, actions, indicators) -> None:
        first_row: dict[str, int] = {}
        ref_col = _letter(0)
        for action in actions:
            if action.ref in first_row:
                self.errors.add(ACTIONS_SHEET, action.row, ref_col, _(
                    "The number %(ref)s is already used on row %(row)d.") % {"ref": action.ref,
                                                                               "row": first_row[action.ref]})
            else:
                first_row[action.ref] = action.row
        for action in actions:
            if action.parent_ref and action.parent_ref not in first_row:
                self.errors.add(ACTIONS_SHEET, action.row, ref_col, _(
                    "Action %(ref)s is part of action %(parent)s, which is not in the sheet.")
                    % {"ref": action.ref, "parent": action.parent_ref})
        for indicator in indicators:
            if indicator.action_ref and indicator.action_ref not in first_row:
                self.errors.add(INDICATORS_SHEET, indicator.row, "A", _(
                    "No action numbered %(ref)s in the Actions sheet.") % {"ref": indicator.action_ref})


def read_workbook(file, progress: Callable | None = None) -> tuple[PlanData | None, list[dict]]:
    """Read and check a filled template. Returns (data, []) when the whole file is valid, else (None, errors),
    each error a {sheet, row, column, message}. Writes nothing."""
    reader = _Reader(file, progress)
    data = reader.read()
    return (data if not reader.errors else None), list(reader.errors)


def format_error(error: dict) -> str:
    """sheet!row:column message (row and column left out when the error is about the whole file)."""
    where = error.get("sheet") or _("file")
    if error.get("row"):
        where += f"!{error['row']}"
    if error.get("column"):
        where += f":{error['column']}"
    return f"{where} {error['message']}"


# --- writing ----------------------------------------------------------------------------------------------

def import_plan(*, actor, data: PlanData, progress: Callable | None = None):
    """Write a checked file: create the plan for its place and period, or replace the content of the plan that
    exists (while it may be changed). One transaction; returns (plan, created)."""
    from .services import save_plan_content

    return save_plan_content(actor=actor, data=data, progress=progress)


# --- exporting --------------------------------------------------------------------------------------------

def _plan_content(plan):
    from .models import Action, ActionGoal, ActionPartner, Indicator

    actions = list(Action.objects.filter(plan=plan).select_related("lead", "district").order_by("position", "id"))
    goals = defaultdict(list)
    for action_id, slug, number in ActionGoal.objects.filter(action__plan=plan).order_by("goal__framework__slug", "goal__position", "goal_id").values_list(
            "action_id", "goal__framework__slug", "goal__number"):
        goals[action_id].append(f"{slug}:{number}")
    partners = defaultdict(list)
    for partner in ActionPartner.objects.filter(action__plan=plan).select_related("organisation"):
        partners[partner.action_id].append(f"{partner.organisation.name} ({enum_label('partner_kind', partner.kind)})")
    practices = defaultdict(list)
    through = Action.practices.through
    for action_id, practice_id in through.objects.filter(action__plan=plan).values_list("action_id", "practice_id"):
        practices[action_id].append(str(practice_id))
    indicators = list(Indicator.objects.filter(action__plan=plan).select_related("action").order_by(
        "action__position", "action_id", "position", "id"))
    return actions, goals, partners, practices, indicators


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _action_row(action, goals, partners, practices) -> dict:
    return {
        "ref": action.ref, "title": action.title, "title_alt": action.title_alt, "description": action.description,
        "lang": action.lang, "goals": "; ".join(goals[action.pk]), "lead": action.lead.name if action.lead else "",
        "partners": "; ".join(partners[action.pk]), "district": action.district.code if action.district else "",
        "start_date": action.start_date, "end_date": action.end_date, "budget": _number(action.budget),
        "currency": action.currency, "funding_source": action.funding_source,
        "status": enum_label("status", action.status), "practices": "; ".join(practices[action.pk]),
    }


def _plan_values(plan) -> dict:
    return {
        "title": plan.title, "lang": plan.lang, "place": plan.place.code, "period_start": plan.period_start,
        "period_end": plan.period_end, "owner": plan.owner.name,
        "frameworks": "; ".join(f.slug for f in _ordered_frameworks(plan)),
        "is_public": enum_label("yesno", "yes" if plan.is_public else "no"), "summary": plan.summary,
    }


def _ordered_frameworks(plan):
    """The plan's frameworks in the order they were linked (the first with goals reads bare goal numbers)."""
    through = type(plan).frameworks.through
    ids = list(through.objects.filter(plan=plan).order_by("id").values_list("framework_id", flat=True))
    by_id = {f.pk: f for f in plan.frameworks.all()}
    return [by_id[i] for i in ids if i in by_id]


def export_workbook(plan) -> bytes:
    wb = _build_workbook()
    ws = wb[PLAN_SHEET]
    values = _plan_values(plan)
    for offset, column in enumerate(PLAN_FIELDS):
        cell = ws.cell(row=2 + offset, column=2, value=values[column.key])
        if column.key in {"period_start", "period_end"}:
            cell.number_format = "yyyy-mm-dd"
    actions, goals, partners, practices, indicators = _plan_content(plan)
    sheet = wb[ACTIONS_SHEET]
    date_cols = {i + 1 for i, c in enumerate(ACTION_COLUMNS) if c.key in {"start_date", "end_date"}}
    # Rows are counted here: the sheet's max_row walks every cell, which is quadratic over 10,000 rows.
    for number, action in enumerate(actions, start=2):
        row = _action_row(action, goals, partners, practices)
        sheet.append([row[c.key] for c in ACTION_COLUMNS])
        for index in date_cols:
            sheet.cell(row=number, column=index).number_format = "yyyy-mm-dd"
        sheet.cell(row=number, column=1).number_format = "@"
    sheet = wb[INDICATORS_SHEET]
    for number, indicator in enumerate(indicators, start=2):
        sheet.append([indicator.action.ref, indicator.name, indicator.unit, _number(indicator.baseline),
                      _number(indicator.target), enum_label("frequency", indicator.frequency),
                      enum_label("direction", indicator.direction),
                      enum_label("yesno", "yes" if indicator.by_sex_and_age else "no")])
        sheet.cell(row=number, column=1).number_format = "@"
    for name in (PLAN_SHEET, ACTIONS_SHEET, INDICATORS_SHEET):
        _as_text(wb[name])
    return _save(wb)


CSV_PLAN_COLUMNS = [("plan_id", "Plan ID", "رقم الخطة"), ("plan_title", "Plan", "الخطة"),
                    ("plan_place", "Place", "المكان"), ("plan_period_start", "Period start", "بداية الفترة"),
                    ("plan_period_end", "Period end", "نهاية الفترة"), ("plan_owner", "Owner organisation", "الجهة المالكة"),
                    ("plan_status", "Plan status", "حالة الخطة")]


def _csv_safe(value):
    """Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def export_csv(plan) -> str:
    """One row per action, the plan's fields repeated on each row and the action's indicators in one column.
    Returned as text starting with a byte-order mark: write it as UTF-8 (Excel then reads Arabic correctly)."""
    actions, goals, partners, practices, indicators = _plan_content(plan)
    by_action = defaultdict(list)
    for indicator in indicators:
        unit = f" {indicator.unit}" if indicator.unit else ""
        by_action[indicator.action_id].append(
            f"{indicator.name}: {_number(indicator.baseline)} → {_number(indicator.target)}{unit} ({indicator.frequency})")
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f"{en} / {ar}" for _key, en, ar in CSV_PLAN_COLUMNS] + [c.header for c in ACTION_COLUMNS]
                    + ["Indicators / المؤشرات"])
    head = [plan.pk, plan.title, plan.place.code, plan.period_start.isoformat(), plan.period_end.isoformat(),
            plan.owner.name, plan.status]
    for action in actions:
        row = _action_row(action, goals, partners, practices)
        cells = []
        for column in ACTION_COLUMNS:
            value = row[column.key]
            cells.append(value.isoformat() if isinstance(value, dt.date) else "" if value is None else value)
        writer.writerow([_csv_safe(v) for v in head + cells + ["; ".join(by_action[action.pk])]])
    return out.getvalue()
