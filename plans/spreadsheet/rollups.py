"""The national overview and the coverage matrix as XLSX and CSV: the figures the pages show (the same
presenters over the same plans, those the reader may see), headers in the reader's language, one table per file.

XLSX sheets read right to left in Arabic; CSV is UTF-8 with a byte-order mark; no cell runs as a formula
(text is stored as text in XLSX, and `cells.formula_safe` guards every CSV cell)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from .cells import formula_safe
from .template import header_style, save_workbook


@dataclass
class Table:
    title: str  # the sheet's name
    headers: list[str]
    rows: list[list]
    widths: dict[int, int]  # column index (1-based) → width


def overview_table(context: dict) -> Table:
    """One row per governorate (a gap included), then the country's total: the overview page's figures."""
    from ..choices import PlanStatus

    statuses = PlanStatus.choices
    headers = [_("Governorate"), _("Code"), _("Plans"), _("Plans and their status"), _("Progress (%)"),
               _("Goals covered"), _("Delayed actions"), _("Overdue updates"), _("Not yet approved")] + [
        str(label) for _v, label in statuses]
    rows = []
    for row in context["rows"]:
        plans = "; ".join(f"{fig.plan.title} ({fig.plan.get_status_display()})" for fig in row.plans)
        # Plans not yet approved are listed apart, as on the page: never in the figures.
        pending = "; ".join(f"{plan.title} ({plan.get_status_display()})" for plan in row.pending)
        empty = _("No approved plan yet") if row.pending else _("No plan yet")
        rows.append([row.governorate.name, row.governorate.code, len(row.plans), plans or empty,
                     row.percent, row.goals_covered, row.delayed, row.overdue, pending]
                    + [row.by_status.get(value, 0) for value, _label in statuses])
    country = context.get("country")
    rows.append([country.name if country else _("Total"), country.code if country else "", context["plans"], "",
                 context["percent"], context["goals_covered"], context["totals"]["delayed"],
                 context["totals"]["overdue"], context.get("pending", 0)]
                + [context["status_totals"].get(value, 0) for value, _l in statuses])
    return Table(_("National overview")[:31], headers, rows, {1: 24, 4: 60, 9: 40})


def coverage_table(context: dict) -> Table:
    """One row per goal of the framework shown: how many actions serve it in each governorate, and in all."""
    framework, matrix = context.get("framework"), context.get("matrix")
    governorates = matrix["governorates"] if matrix else []
    headers = [_("Framework"), _("Goal number"), _("Goal")] + [g.name for g in governorates] + [_("All")]
    rows = []
    for row in (matrix["goals"] if matrix else []):
        rows.append([str(framework), row["path"], row["goal"].title] + [c["count"] for c in row["cells"]]
                    + [row["total"]])
    if matrix and matrix.get("pending_actions"):  # as the page says: counted apart, never in a cell
        rows.append([_("Actions of plans not yet approved (not counted above)"), "", ""]
                    + [""] * len(governorates) + [matrix["pending_actions"]])
    return Table(_("Coverage matrix")[:31], headers, rows, {1: 16, 2: 10, 3: 60})


def table_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = table.title
    ws.append(table.headers)
    for row in table.rows:
        ws.append(row)
    for row in ws.iter_rows(min_row=1):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a title that starts with = stays text
    for index in range(1, len(table.headers) + 1):
        ws.column_dimensions[get_column_letter(index)].width = table.widths.get(index, 14)
    ws.sheet_view.rightToLeft = bool(get_language_bidi())
    header_style(ws, len(table.headers))
    return save_workbook(wb)


def table_csv(table: Table) -> str:
    """Comma-separated, with a byte-order mark first: write it as UTF-8 (Excel then reads Arabic correctly)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in [table.headers, *table.rows]:
        writer.writerow([formula_safe("" if value is None else value) for value in row])
    return out.getvalue()
