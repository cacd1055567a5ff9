"""A plan as XLSX (the template's layout, so that it imports again, with a Progress sheet that the import leaves
alone) or as CSV (one row per action, statuses in words in the active language, each indicator's latest value)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict

from django.utils.translation import gettext as _

from .cells import formula_safe
from .layout import (
    ACTION_COLUMNS,
    ACTIONS_SHEET,
    COUNT_COLUMNS,
    HIDDEN_COUNT,
    INDICATORS_SHEET,
    PLAN_FIELDS,
    PLAN_SHEET,
    PROGRESS_COLUMNS,
    PROGRESS_SHEET,
    README_SHEET,
    enum_label,
)
from .template import as_text, build_workbook, header_style, save_workbook


def _plan_content(plan):
    from ..models import Action, ActionGoal, ActionPartner, Indicator

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
    from ..queries import indicators_with_latest

    indicators = list(indicators_with_latest(Indicator.objects.filter(action__plan=plan)).select_related(
        "action").order_by("action__position", "action_id", "position", "id"))
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


def progress_rows(plan, recipient=None) -> list[list]:
    """The Progress sheet's rows: one per progress update of the plan, in the order of actions and indicators,
    oldest first, with its sex × age group counts. Counts are people: unless `recipient` belongs to the
    organisation that reported the update, small groups are hidden by `core.privacy.suppress_small` (the file
    may travel further than the reader). Three queries, whatever the number of updates."""
    from core.privacy import suppress_small

    from ..models import ProgressUpdate

    own = recipient.organisation_ids() if getattr(recipient, "is_authenticated", False) else set()
    updates = ProgressUpdate.objects.filter(indicator__action__plan=plan).select_related(
        "indicator__action", "organisation").prefetch_related("counts").order_by(
        "indicator__action__position", "indicator__action_id", "indicator__position", "indicator_id", "date", "id")
    rows = []
    for update in updates:
        raw = {f"{c.sex}:{c.age_group}": c.count for c in update.counts.all()}
        if not raw:  # not broken down: empty cells, not zeros
            counts = [None] * len(COUNT_COLUMNS)
        elif update.organisation_id in own:
            counts = [raw.get(c.key, 0) for c in COUNT_COLUMNS]
        else:
            cells = suppress_small({c.key: raw.get(c.key, 0) for c in COUNT_COLUMNS})
            counts = [HIDDEN_COUNT if cells[c.key] is None else cells[c.key] for c in COUNT_COLUMNS]
        rows.append([update.indicator.action.ref, update.indicator.name, update.date, _number(update.value),
                     update.narrative, update.organisation.name if update.organisation else ""] + counts)
    return rows


def _progress_sheet(wb, plan, recipient) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(PROGRESS_SHEET, index=wb.sheetnames.index(README_SHEET))
    columns = PROGRESS_COLUMNS + COUNT_COLUMNS
    ws.append([c.header for c in columns])
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.sheet_view.rightToLeft = True
    header_style(ws, len(columns))
    for number, row in enumerate(progress_rows(plan, recipient), start=2):
        ws.append(row)
        ws.cell(row=number, column=1).number_format = "@"
        ws.cell(row=number, column=3).number_format = "yyyy-mm-dd"
    as_text(ws)
    readme = wb[README_SHEET]
    readme.insert_rows(4)
    readme["A4"] = ("The Progress sheet lists the plan's progress updates with their counts by sex and age group, "
                    "for reading: importing the file leaves progress unchanged. A count of a small group is hidden "
                    "unless you belong to the organisation that reported it.")
    readme["B4"] = ("تعرض ورقة التقدم تحديثات تقدم الخطة مع أعدادها حسب الجنس والفئة العمرية، للقراءة فقط: "
                    "استيراد الملف لا يغيّر التقدم. يُخفى عدد الفئة الصغيرة ما لم تكن من الجهة التي أبلغت عنه.")
    for cell in readme[4]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def export_workbook(plan, *, recipient=None) -> bytes:
    """The plan in the template's layout, and its progress updates on a Progress sheet (`progress_rows`:
    small groups hidden unless `recipient` belongs to the reporting organisation; None hides them all)."""
    wb = build_workbook()
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
        as_text(wb[name])
    _progress_sheet(wb, plan, recipient)
    return save_workbook(wb)


CSV_PLAN_COLUMNS = [("plan_id", "Plan ID", "رقم الخطة"), ("plan_title", "Plan", "الخطة"),
                    ("plan_place", "Place", "المكان"), ("plan_period_start", "Period start", "بداية الفترة"),
                    ("plan_period_end", "Period end", "نهاية الفترة"), ("plan_owner", "Owner organisation", "الجهة المالكة"),
                    ("plan_status", "Plan status", "حالة الخطة")]
CSV_TAIL_COLUMNS = [("indicators", "Indicators", "المؤشرات"), ("latest", "Latest values", "آخر القيم"),
                    ("last_reported", "Last reported", "آخر تحديث")]


def _text(value):
    return value.isoformat() if isinstance(value, dt.date) else "" if value is None else value


def export_csv(plan) -> str:
    """One row per action, the plan's fields repeated on each row, then the action's indicators, the latest value
    of each (with its date) and the date of the action's latest update. Statuses and frequencies are words in
    the active language (the request's), not codes. Returned as text starting with a byte-order mark: write it
    as UTF-8 (Excel then reads Arabic correctly)."""
    from ..choices import ActionStatus, Frequency, PlanStatus

    actions, goals, partners, practices, indicators = _plan_content(plan)
    by_action, latest, last_date = defaultdict(list), defaultdict(list), {}
    for indicator in indicators:
        unit = f" {indicator.unit}" if indicator.unit else ""
        by_action[indicator.action_id].append(
            f"{indicator.name}: {_number(indicator.baseline)} → {_number(indicator.target)}{unit} "
            f"({Frequency(indicator.frequency).label})")
        if indicator.latest_date is not None:
            latest[indicator.action_id].append(
                f"{indicator.name}: {_number(indicator.latest_value)}{unit} ({indicator.latest_date.isoformat()})")
            last_date[indicator.action_id] = max(indicator.latest_date, last_date.get(indicator.action_id, dt.date.min))
        else:
            latest[indicator.action_id].append(f"{indicator.name}: {_('no update yet')}")
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f"{en} / {ar}" for _key, en, ar in CSV_PLAN_COLUMNS] + [c.header for c in ACTION_COLUMNS]
                    + [f"{en} / {ar}" for _key, en, ar in CSV_TAIL_COLUMNS])
    head = [plan.pk, plan.title, plan.place.code, plan.period_start.isoformat(), plan.period_end.isoformat(),
            plan.owner.name, str(PlanStatus(plan.status).label)]
    for action in actions:
        row = _action_row(action, goals, partners, practices)
        row["status"] = str(ActionStatus(action.status).label)
        cells = [_text(row[column.key]) for column in ACTION_COLUMNS]
        tail = ["; ".join(by_action[action.pk]), "; ".join(latest[action.pk]), _text(last_date.get(action.pk))]
        writer.writerow([formula_safe(v) for v in head + cells + tail])
    return out.getvalue()
