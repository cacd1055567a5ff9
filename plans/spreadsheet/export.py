"""A plan as XLSX (the template's layout, so that it imports again) or as CSV (one row per action)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict

from .cells import formula_safe
from .layout import ACTION_COLUMNS, ACTIONS_SHEET, INDICATORS_SHEET, PLAN_FIELDS, PLAN_SHEET, enum_label
from .template import as_text, build_workbook, save_workbook


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
    return save_workbook(wb)


CSV_PLAN_COLUMNS = [("plan_id", "Plan ID", "رقم الخطة"), ("plan_title", "Plan", "الخطة"),
                    ("plan_place", "Place", "المكان"), ("plan_period_start", "Period start", "بداية الفترة"),
                    ("plan_period_end", "Period end", "نهاية الفترة"), ("plan_owner", "Owner organisation", "الجهة المالكة"),
                    ("plan_status", "Plan status", "حالة الخطة")]


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
        writer.writerow([formula_safe(v) for v in head + cells + ["; ".join(by_action[action.pk])]])
    return out.getvalue()
