"""The empty bilingual template workbook; the XLSX export fills the same workbook."""

from __future__ import annotations

import io

from .layout import (
    ACTION_COLUMNS,
    ACTIONS_SHEET,
    ENUMS,
    INDICATOR_COLUMNS,
    INDICATORS_SHEET,
    LISTS_SHEET,
    MARKER_NAME,
    PLAN_FIELDS,
    PLAN_SHEET,
    README_SHEET,
    TEMPLATE_VERSION,
    Column,
    enum_label,
)


def header_style(ws, count: int) -> None:
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
    header_style(ws, len(columns))
    return ws


def _range_validation(ws, cell_range: str, source: str) -> None:
    """A drop-down that offers the cells of `source` (another sheet's column) and still takes what is typed:
    several goals or frameworks go in one cell, separated by ;."""
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=False)
    validation.add(cell_range)
    ws.add_data_validation(validation)


def _lists_sheet(wb) -> None:
    """The Lists sheet: frameworks by name and goals as "code — title", in the active language, which the
    Frameworks cell of the Plan sheet and the Goals column of the Actions sheet offer as drop-downs."""
    from openpyxl.styles import Alignment

    from .lookups import choice_lists

    frameworks, goals = choice_lists()
    ws = wb.create_sheet(LISTS_SHEET)
    ws.append(["Frameworks / الأطر", "Goals (code — title) / الأهداف (الرمز — العنوان)"])
    for index in range(max(len(frameworks), len(goals))):
        ws.append([frameworks[index] if index < len(frameworks) else None,
                   goals[index] if index < len(goals) else None])
    ws.column_dimensions["A"].width = 60
    ws.column_dimensions["B"].width = 90
    ws.sheet_view.rightToLeft = True
    header_style(ws, 2)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top")
    as_text(ws)  # a title that starts with = is text, never a formula
    quoted = "'" + LISTS_SHEET.replace("'", "''") + "'"
    if frameworks:
        row = 2 + [c.key for c in PLAN_FIELDS].index("frameworks")
        _range_validation(wb[PLAN_SHEET], f"B{row}", f"{quoted}!$A$2:$A${len(frameworks) + 1}")
    if goals:
        from openpyxl.utils import get_column_letter

        letter = get_column_letter(1 + [c.key for c in ACTION_COLUMNS].index("goals"))
        _range_validation(wb[ACTIONS_SHEET], f"{letter}2:{letter}10001", f"{quoted}!$B$2:$B${len(goals) + 1}")


def build_workbook():
    """The empty template as an openpyxl Workbook (export fills it); its Lists sheet holds the frameworks and
    goals in the active language."""
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
    header_style(plan, 3)
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
    _lists_sheet(wb)
    wb.defined_names[MARKER_NAME] = DefinedName(MARKER_NAME, attr_text=f'"{TEMPLATE_VERSION}"')
    return wb


def as_text(ws) -> None:
    """A text that starts with = stays text: an exported title never runs as a formula."""
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def save_workbook(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template_workbook() -> bytes:
    return save_workbook(build_workbook())
