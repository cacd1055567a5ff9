"""Recommendations in a spreadsheet: the bilingual template (with a Lists sheet for its drop-downs), reading a
filled XLSX or CSV file into rows for `events.services.imports.import_recommendations`, and exporting an event's
recommendations as XLSX or CSV in the same columns, so that an export imports again.

Decisions a reader of a filled file should know:
- One sheet (or one CSV table), one row per recommendation, headers in the first row, in English, Arabic or both
  ("Recommendation / التوصية"); columns may come in any order, unknown columns are left alone.
- The "External ID" column makes a re-import update the recommendation instead of adding another; an export
  fills it (with the recommendation's reference where it was never imported).
- Lists in one cell (audiences, places, goals, supporting and contributing organisations) are separated by `;`.
  A drop-down label ("code — title") counts as its code.
- A merged cell, or a formula saved without a value, is an error at its cell (`plans.spreadsheet.workbook`).
- A CSV cell that a spreadsheet would run as a formula starts with an apostrophe in an export
  (`plans.spreadsheet.cells.formula_safe`); the reader takes that apostrophe off again. An XLSX export stores such
  text as text.
- Exports carry headers in the reader's language (right to left in Arabic); CSV is UTF-8 with a byte-order mark.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.text import normalize
from plans.spreadsheet.cells import FORMULA_SIGNS, clean_text, formula_safe
from plans.spreadsheet.layout import LABEL_DASH
from plans.spreadsheet.template import as_text, header_style, save_workbook
from plans.spreadsheet.workbook import TemplateError, column_letter, open_workbook, scan_sheet_xml

from .choices import Audience, Priority

TEMPLATE_VERSION = "wiqaya-recommendations-template/1"
MARKER_NAME = "WiqayaRecommendationsTemplate"
SHEET = "Recommendations"
LISTS_SHEET = "Lists - القوائم"
README_SHEET = "Read me - اقرأني"
EXTENSIONS = {".xlsx", ".xlsm", ".csv"}
MAX_ROWS = 5_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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

    @property
    def label(self) -> str:
        """The column's name in the active language: what a message names."""
        return self.ar if (get_language() or "en").startswith("ar") else self.en


COLUMNS = [
    Column("external_id", "External ID", "المعرّف الخارجي",
           "Your identifier of the recommendation: a re-import with the same one updates it instead of adding "
           "another. An export fills it.",
           "معرّفك للتوصية: إعادة الاستيراد بالمعرّف نفسه تحدّثها بدلاً من إضافة توصية أخرى. التصدير يملؤه.",
           width=22),
    Column("number", "Number", "الرقم", "As written in the source: 1, 2.1, ١, أولاً.",
           "كما ورد في المصدر: 1، 2.1، ١، أولاً.", width=10),
    Column("text", "Recommendation", "التوصية", "The recommendation, in its own language.",
           "نص التوصية بلغتها الأصلية.", required=True, width=60),
    Column("lang", "Language", "اللغة", "ar or en; empty: read from the text.", "ar أو en؛ فارغ: تُستنتج من النص.",
           width=10),
    Column("translation", "Translation", "الترجمة", "Optional: the text in the other language.",
           "اختياري: النص باللغة الأخرى.", width=50),
    Column("audience", "Heading", "العنوان الذي تندرج تحته",
           "The heading it sits under in the source (For local governments …).",
           "العنوان الذي تندرج تحته في المصدر (على المستوى الوطني …).", width=28),
    Column("audiences", "Addressed to", "الجهات المخاطَبة", "Pick from the list; for several, separate with ;",
           "اختر من القائمة؛ وللأكثر من واحدة افصل بـ ;", width=28),
    Column("places", "Places", "الأماكن",
           "Governorates (name or code IQ-NI), separated by ;, or “national”.",
           "المحافظات (الاسم أو الرمز IQ-NI) مفصولة بـ ; أو «وطني».", width=28),
    Column("goals", "Goals", "الأهداف", "Pick a goal from the list (code — title); for several, separate the codes with ;",
           "اختر هدفاً من القائمة (الرمز — العنوان)؛ وللأكثر من هدف افصل الرموز بـ ;", width=28),
    Column("priority", "Priority", "الأولوية", "high, medium or low; empty: medium.", "عالية أو متوسطة أو منخفضة؛ فارغ: متوسطة.",
           width=12),
    Column("due_date", "Due", "موعد الإنجاز", "A date: 2026-06-30 or 30/6/2026 (day first).",
           "تاريخ: 2026-06-30 أو 30/6/2026 (اليوم أولاً).", width=12),
    Column("done_when", "Done when", "تُعدّ منجزة عندما", "One sentence that says how anyone can tell it is done.",
           "جملة واحدة تبيّن كيف يُعرف أنها أُنجزت.", width=40),
    Column("lead", "Lead organisation", "الجهة القائدة", "One organisation of the directory: name, other-language name or acronym.",
           "جهة واحدة من الدليل: الاسم أو الاسم باللغة الأخرى أو الاختصار.", width=28),
    Column("supporting", "Supporting organisations", "الجهات الداعمة", "Organisations of the directory, separated by ;",
           "جهات من الدليل مفصولة بـ ;", width=28),
    Column("contributing", "Contributing organisations", "الجهات المساهمة", "Organisations of the directory, separated by ;",
           "جهات من الدليل مفصولة بـ ;", width=28),
]
BY_KEY = {c.key: c for c in COLUMNS}
LIST_COLUMNS = ("audiences", "places", "goals", "supporting", "contributing")

# Enumerations: value → (English, Arabic, other accepted words).
PRIORITY_WORDS = {
    Priority.HIGH: ("High", "عالية", ("مرتفعة", "عالي", "high priority")),
    Priority.MEDIUM: ("Medium", "متوسطة", ("متوسط", "normal")),
    Priority.LOW: ("Low", "منخفضة", ("منخفض", "low priority")),
}
AUDIENCE_WORDS = {
    Audience.LOCAL_GOVERNMENTS: ("Local governments", "الحكومات المحلية", ("local government", "محلي")),
    Audience.NATIONAL_BODIES: ("National bodies", "الجهات الوطنية", ("national", "central government", "وطني",
                                                                      "الحكومة المركزية")),
    Audience.PARTNERS: ("Partners and donors", "الشركاء والمانحون", ("partners", "donors", "الشركاء", "المانحون")),
    Audience.CIVIL_SOCIETY: ("Civil society and communities", "المجتمع المدني والمجتمعات المحلية",
                             ("civil society", "communities", "المجتمع المدني")),
}
LANG_WORDS = {"ar": ("Arabic", "عربي", ("العربية", "عربية")),
              "en": ("English", "إنكليزي", ("الإنكليزية", "الإنجليزية", "إنجليزي", "انجليزي"))}
NATIONAL_WORDS = {normalize(w) for w in ("national", "nationwide", "Iraq", "وطني", "وطنية", "العراق", "IQ",
                                         "على المستوى الوطني")}


def _index(words: dict) -> dict[str, str]:
    index = {}
    for value, (en, ar, aliases) in words.items():
        for word in (str(value), en, ar, f"{en} / {ar}", *aliases):
            index[normalize(word)] = str(value)
    return index


ENUM_INDEX = {"priority": _index(PRIORITY_WORDS), "audiences": _index(AUDIENCE_WORDS), "lang": _index(LANG_WORDS)}
ENUM_WORDS = {"priority": PRIORITY_WORDS, "audiences": AUDIENCE_WORDS, "lang": LANG_WORDS}


def enum_value(kind: str, text: str) -> str | None:
    """The stored value a cell names, in either language, as a code or a bilingual label; None when unknown."""
    text = clean_text(text)
    if not text:
        return None
    found = ENUM_INDEX[kind].get(normalize(text))
    if found is None:
        for part in re.split(r"\s*/\s*", text):
            found = found or ENUM_INDEX[kind].get(normalize(part))
    return found


def enum_label(kind: str, value: str, bilingual: bool = False) -> str:
    en, ar, _aliases = ENUM_WORDS[kind][value]
    if bilingual:
        return f"{en} / {ar}"
    return ar if (get_language() or "en").startswith("ar") else en


def split_cell(text) -> list[str]:
    """The items of a list cell, separated by ; ؛ or a line break; a drop-down label counts as its code."""
    items = []
    for part in re.split(r"[;؛\n]", clean_text(text)):
        part = part.strip()
        if not part:
            continue
        if re.search(r"\s[—–]\s", part):
            part = re.split(r"\s[—–]\s", part, maxsplit=1)[0].strip()
        items.append(part)
    return items


# --- the template ----------------------------------------------------------------------------------------------

def governorate_labels() -> list[str]:
    from places.models import Place

    places = Place.objects.filter(kind="governorate").only("code", "iso_code", "name_en", "name_ar")
    return [f"{p.iso_code or p.code}{LABEL_DASH}{p.name}" for p in places.order_by("code")]


def _validation(ws, cell_range: str, source: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=False)
    validation.add(cell_range)
    ws.add_data_validation(validation)


def _lists_sheet(wb, ws) -> None:
    """Priorities, audiences, governorates and goals ("code — title"), in the active language, which the table's
    drop-downs offer."""
    from openpyxl.utils import get_column_letter

    from plans.spreadsheet.lookups import choice_lists

    _frameworks, goals = choice_lists()
    lists = {
        "priority": [enum_label("priority", v, bilingual=True) for v in PRIORITY_WORDS],
        "audiences": [enum_label("audiences", v, bilingual=True) for v in AUDIENCE_WORDS],
        "places": governorate_labels(),
        "goals": goals,
    }
    sheet = wb.create_sheet(LISTS_SHEET)
    sheet.append(["Priority / الأولوية", "Addressed to / الجهات المخاطَبة", "Governorates / المحافظات",
                  "Goals (code — title) / الأهداف (الرمز — العنوان)"])
    longest = max(len(v) for v in lists.values())
    for index in range(longest):
        sheet.append([values[index] if index < len(values) else None for values in lists.values()])
    for letter, width in zip("ABCD", (18, 36, 36, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.sheet_view.rightToLeft = True
    header_style(sheet, 4)
    as_text(sheet)
    quoted = "'" + LISTS_SHEET.replace("'", "''") + "'"
    keys = [c.key for c in COLUMNS]
    for source_letter, (key, values) in zip("ABCD", lists.items(), strict=True):
        if not values:
            continue
        letter = get_column_letter(1 + keys.index(key))
        _validation(ws, f"{letter}2:{letter}{MAX_ROWS + 1}",
                    f"{quoted}!${source_letter}$2:${source_letter}${len(values) + 1}")
    letter = get_column_letter(1 + keys.index("lang"))
    _validation(ws, f"{letter}2:{letter}{MAX_ROWS + 1}",
                '"' + ",".join(enum_label("lang", v, bilingual=True) for v in LANG_WORDS) + '"')


def build_workbook(headers: list[str] | None = None, *, lists: bool = True, right_to_left: bool = True):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.workbook.defined_name import DefinedName

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(headers or [c.header for c in COLUMNS])
    for index, column in enumerate(COLUMNS):
        ws.column_dimensions[column_letter(index)].width = column.width
    ws.sheet_view.rightToLeft = right_to_left
    header_style(ws, len(COLUMNS))
    if lists:
        readme = wb.create_sheet(README_SHEET)
        readme.append([TEMPLATE_VERSION])
        readme.append(["Wiqaya — recommendations template", "وقاية — قالب التوصيات"])
        readme.append(["One row per recommendation; keep the headers. Empty rows are skipped. Nothing is imported "
                       "unless the whole file is valid, and an import never deletes anything.",
                       "صف واحد لكل توصية مع الإبقاء على العناوين. تُتجاهل الصفوف الفارغة. لا يُستورد شيء ما لم "
                       "يكن الملف كله صحيحاً، والاستيراد لا يحذف شيئاً."])
        readme.append([])
        readme.append(["Column / العمود", "Required / مطلوب", "English", "العربية"])
        for column in COLUMNS:
            readme.append([column.header, "✔" if column.required else "", column.help_en, column.help_ar])
        readme["A1"].font = Font(italic=True, color="888888")
        readme["A2"].font = Font(bold=True, size=14)
        for letter, width in zip("ABCD", (36, 12, 60, 60), strict=True):
            readme.column_dimensions[letter].width = width
        for row in readme.iter_rows(min_row=3):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        _lists_sheet(wb, ws)
    wb.defined_names[MARKER_NAME] = DefinedName(MARKER_NAME, attr_text=f'"{TEMPLATE_VERSION}"')
    return wb


def template_workbook() -> bytes:
    """The empty template: bilingual headers, a Read me sheet and the Lists sheet of the drop-downs."""
    return save_workbook(build_workbook())


# --- reading ---------------------------------------------------------------------------------------------------

def _header_index() -> dict[str, str]:
    index = {}
    for column in COLUMNS:
        for word in (column.header, column.en, column.ar, column.key):
            index[normalize(word)] = column.key
    return index


HEADER_INDEX = _header_index()


def _match_header(text) -> str | None:
    text = clean_text(text)
    key = HEADER_INDEX.get(normalize(text))
    if key is None:
        for part in re.split(r"\s*/\s*", text):
            key = key or HEADER_INDEX.get(normalize(part))
    return key


def _unguard(value):
    """A text an export guarded with an apostrophe (formula_safe) reads as it was written."""
    if isinstance(value, str) and value.startswith("'") and formula_safe(value[1:]) != value[1:]:
        return value[1:]
    return value


@dataclass
class ReadFile:
    rows: list[dict]
    errors: list[dict]
    columns: dict[str, str]  # key → "C (Recommendation)": what a message names


def format_problem(problem: dict) -> str:
    """ "row N, column X: problem", as every list of import problems says it."""
    row, column, message = problem.get("row"), problem.get("column"), problem.get("message", "")
    if row and column:
        return _("row %(row)s, column %(column)s: %(message)s") % {"row": row, "column": column, "message": message}
    if row:
        return _("row %(row)s: %(message)s") % {"row": row, "message": message}
    if column:
        return _("column %(column)s: %(message)s") % {"column": column, "message": message}
    return str(message)


def _problem(row, column, message) -> dict:
    problem = {"row": row, "column": column or "", "message": str(message)}
    problem["text"] = format_problem(problem)
    return problem


def _read_table(table: list[tuple[int, list]], errors: list[dict], letters: bool) -> ReadFile:
    """Rows as {"row": number, key: value} from (row number, cells) pairs, the first being the headers."""
    if not table:
        errors.append(_problem(None, "", _("The file holds no row: fill in the template and upload it again.")))
        return ReadFile([], errors, {})
    header_row, header = table[0]
    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        key = _match_header(value) if clean_text(value) else None
        if key and key not in positions:
            positions[key] = index
    columns = {}
    for key, index in positions.items():
        label = BY_KEY[key].label
        columns[key] = f"{column_letter(index)} ({label})" if letters else label
    if "text" not in positions:
        errors.append(_problem(header_row, "", _(
            "This is not the recommendations template: no column “%(column)s” in the first row. Download the "
            "template and fill it in.") % {"column": BY_KEY["text"].header}))
        return ReadFile([], errors, columns)
    rows = []
    for number, values in table[1:]:
        if len(rows) >= MAX_ROWS:
            errors.append(_problem(number, "", _("More than %(n)d rows: split the file.") % {"n": MAX_ROWS}))
            break
        row = {"row": number}
        for key, index in positions.items():
            value = values[index] if index < len(values) else None
            row[key] = _unguard(value)
        rows.append(row)
    return ReadFile(rows, errors, columns)


def _xlsx_table(data: bytes, errors: list[dict]) -> list[tuple[int, list]]:
    from plans.spreadsheet.workbook import find_sheet

    wb = open_workbook(data)
    try:
        ws = find_sheet(wb, SHEET) or wb.worksheets[0]
        merges, formulas = scan_sheet_xml(ws)
        for ref in merges:
            first = ref.split(":")[0]
            errors.append(_problem(int(re.sub(r"[A-Z]+", "", first)), re.sub(r"\d+", "", first), _(
                "Merged cells %(range)s: unmerge them and put the value in each row it belongs to.")
                % {"range": ref}))
        ws.reset_dimensions()
        table = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            values = list(values[:40])
            for index, value in enumerate(values):
                if value is None and f"{column_letter(index)}{number}" in formulas:
                    errors.append(_problem(number, column_letter(index), _(
                        "A formula without a computed value: open the file in Excel or LibreOffice, save it, or "
                        "type the value.")))
            if any(clean_text(v) for v in values):
                table.append((number, values))
            if number > MAX_ROWS + 10:
                break
        return table
    finally:
        wb.close()


def _csv_table(data: bytes) -> list[tuple[int, list]]:
    for encoding in ("utf-8-sig", "cp1256"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1256 decodes nearly anything
        raise TemplateError(_("The CSV file is not text in UTF-8 or Arabic Windows encoding."))
    if "\x00" in text:
        raise TemplateError(_("This is not a CSV file (it holds binary data)."))
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    table = []
    for number, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if any(clean_text(v) for v in values):
            table.append((number, values))
        if number > MAX_ROWS + 10:
            break
    return table


def read_file(name: str, data: bytes) -> ReadFile:
    """Read an uploaded XLSX or CSV file into rows for `import_recommendations`: each a dict with "row" (its
    number in the file) and the raw value of each known column. Checks only the file's shape (headers, merged
    cells, formulas without a value); the values are checked by the import. Writes nothing."""
    errors: list[dict] = []
    extension = Path(name).suffix.lower()
    try:
        if extension == ".csv":
            return _read_table(_csv_table(data), errors, letters=False)
        if extension in {".xlsx", ".xlsm"}:
            return _read_table(_xlsx_table(data, errors), errors, letters=True)
    except TemplateError as exc:
        return ReadFile([], [_problem(None, "", str(exc))], {})
    return ReadFile([], [_problem(None, "", _("“%(file)s” is not an XLSX or CSV file.") % {"file": Path(name).name})],
                    {})


# --- exporting -------------------------------------------------------------------------------------------------

def _owner_names(recommendation, role: str, user, named: set[int]) -> list[str]:
    """The owners of one role that `user` may read by name: those named in public, all of them for those who
    manage the recommendation or belong to the owner; never an organisation the user may not see (another
    organisation's proposal)."""
    from . import permissions

    may_see_private = permissions.manages(user, recommendation)
    own = set(user.organisation_ids()) if getattr(user, "is_authenticated", False) else set()
    shown = []
    for owner in recommendation.owners.all():
        if owner.role != role or owner.organisation_id not in named:
            continue
        if owner.is_public or may_see_private or owner.organisation_id in own:
            shown.append(owner.organisation.name)
    return shown


def _visible_organisations(user, ids: set[int]) -> set[int]:
    from accounts.models import Organisation
    from directory.permissions import organisations_visible_to

    found = organisations_visible_to(user, Organisation.with_proposals.filter(pk__in=ids))
    return set(found.values_list("pk", flat=True))


def export_rows(event, user) -> list[dict]:
    """The recommendations of an event that `user` may see, as rows the reader reads back: an owner not named in
    public only for those who manage the recommendation or belong to it."""
    from . import permissions
    from .models import Recommendation

    queryset = permissions.recommendations_visible_to(user, Recommendation.objects.filter(event=event))
    queryset = queryset.select_related("event").prefetch_related(
        "places", "goals__framework", "owners__organisation").order_by("position", "pk")
    recommendations = list(queryset)
    named = _visible_organisations(user, {o.organisation_id for r in recommendations for o in r.owners.all()})
    rows = []
    for rec in recommendations:
        places = sorted(p.iso_code or p.code for p in rec.places.all())
        if rec.national:
            places.insert(0, "national")
        rows.append({
            "external_id": rec.external_id or rec.reference,
            "number": rec.number,
            "text": rec.text,
            "lang": rec.lang,
            "translation": rec.translation,
            "audience": rec.audience_heading,
            "audiences": "; ".join(enum_label("audiences", a) for a in rec.audiences if a in AUDIENCE_WORDS),
            "places": "; ".join(places),
            "goals": "; ".join(sorted(f"{g.framework.slug}:{g.number}" for g in rec.goals.all())),
            "priority": enum_label("priority", rec.priority) if rec.priority in PRIORITY_WORDS else rec.priority,
            "due_date": rec.due_date.isoformat() if rec.due_date else "",
            "done_when": rec.done_when,
            "lead": "; ".join(_owner_names(rec, "lead", user, named)),
            "supporting": "; ".join(_owner_names(rec, "supporting", user, named)),
            "contributing": "; ".join(_owner_names(rec, "contributing", user, named)),
        })
    return rows


def _headers() -> list[str]:
    return [c.label for c in COLUMNS]


def export_workbook(event, user) -> bytes:
    """The event's recommendations in the template's columns, headers in the reader's language."""
    arabic = (get_language() or "en").startswith("ar")
    wb = build_workbook(_headers(), lists=False, right_to_left=arabic)
    ws = wb[SHEET]
    for row in export_rows(event, user):
        ws.append([row[c.key] or None for c in COLUMNS])
    as_text(ws)
    return save_workbook(wb)


def export_csv(event, user) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(_headers())
    for row in export_rows(event, user):
        writer.writerow([formula_safe(row[c.key]) for c in COLUMNS])
    return out.getvalue()


__all__ = ["COLUMNS", "EXTENSIONS", "FORMULA_SIGNS", "ReadFile", "XLSX", "enum_value", "export_csv",
           "export_rows", "export_workbook", "format_problem", "read_file", "split_cell", "template_workbook"]
