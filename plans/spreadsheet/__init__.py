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
- A CSV cell that a spreadsheet would run as a formula (= + - @, their full-width forms, a tab or line break first,
  or any of these after leading spaces, `;` or `,`) starts with an apostrophe (`cells.formula_safe`).
- The "Practices adapted" column names only practices the importer may see; a hidden one reads as absent.
- An XLSX export adds a Progress sheet (one row per progress update: action number, indicator, date, value,
  narrative, reporting organisation, then one column per sex × age group). The import leaves that sheet alone:
  progress is reported on the plan page, not imported. Counts are of people: unless the one who exports belongs
  to the organisation that reported the update, small groups read "hidden" (`core.privacy.suppress_small`, with
  its complementary cell), since a file travels further than its first reader.
- A CSV export shows plan and action statuses and indicator frequencies as words in the active language (the
  request's), and per action the latest value of each of its indicators with its date ("Sessions: 7 (2025-03-01)"
  or "no update yet") and the date of the action's latest update: one row per action stays one row per action.
- The national overview and the coverage matrix export as one table each (`rollups`), XLSX or CSV, with the
  figures their pages show to the same reader, headers in the reader's language, right to left in Arabic.

The package's parts, in the order a file goes through them: `layout` (sheets, columns, enumerations, limits),
`template` (the empty workbook), `workbook` (opening an upload safely), `cells` (one cell's value), `lookups`
(the names a file may use), `reader` (the whole file checked; `import_plan` writes it through
`plans.services.save_plan_content`), `data` (what a read file holds), `export` (a plan as XLSX and CSV) and `rollups` (the overview and the coverage
matrix as XLSX and CSV).
"""

from .cells import clean_text, parse_date, parse_enum, parse_number
from .data import ActionData, IndicatorData, PlanData
from .export import export_csv, export_workbook
from .layout import (
    ACTION_COLUMNS,
    ACTIONS_SHEET,
    INDICATOR_COLUMNS,
    INDICATORS_SHEET,
    MARKER_NAME,
    PLAN_FIELDS,
    PLAN_SHEET,
    TEMPLATE_VERSION,
    Column,
    enum_label,
)
from .reader import format_error, import_plan, read_workbook
from .rollups import coverage_table, overview_table, table_csv, table_xlsx
from .template import template_workbook
from .workbook import TemplateError

__all__ = [
    "ACTION_COLUMNS", "ACTIONS_SHEET", "INDICATOR_COLUMNS", "INDICATORS_SHEET", "MARKER_NAME", "PLAN_FIELDS",
    "PLAN_SHEET", "TEMPLATE_VERSION", "ActionData", "Column", "IndicatorData", "PlanData", "TemplateError",
    "clean_text", "enum_label", "export_csv", "export_workbook", "format_error", "import_plan", "parse_date",
    "parse_enum", "parse_number", "read_workbook", "template_workbook", "coverage_table", "overview_table",
    "table_csv", "table_xlsx",
]
