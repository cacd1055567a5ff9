"""Reading a filled template: every sheet, row and cell checked against the layout and the database's
names before anything is written; each bad input is named by sheet, row and column."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.text import natural_key

from ..choices import ActionStatus, Direction, Frequency
from . import layout
from .cells import (
    clean_text,
    header_index,
    match_header,
    parse_date,
    parse_enum,
    parse_number,
    split_list,
    western_digits,
)
from .data import ActionData, IndicatorData, PlanData
from .layout import (
    ACTION_COLUMNS,
    ACTIONS_SHEET,
    INDICATOR_COLUMNS,
    INDICATORS_SHEET,
    KIND_TO_PARTNER,
    MARKER_NAME,
    MAX_ERRORS,
    PLAN_FIELDS,
    PLAN_SHEET,
    TEMPLATE_VERSION,
)
from .lookups import Lookups
from .workbook import TemplateError, column_letter, find_sheet, open_workbook, scan_sheet_xml

SHEET_ORDER = {"": 0, PLAN_SHEET: 1, ACTIONS_SHEET: 2, INDICATORS_SHEET: 3}
SAMPLE = 12  # allowed values named in one message; the Lists sheet holds the rest


class _Errors(list):
    """The error list, capped: past MAX_ERRORS one last entry says that more were left out."""

    overflow = False

    def add(self, sheet, row, column, message) -> None:
        if len(self) < MAX_ERRORS:
            self.append({"sheet": sheet, "row": row, "column": column, "message": str(message)})
        else:
            self.overflow = True

    @property
    def full(self) -> bool:
        return self.overflow

    def in_order(self) -> list[dict]:
        """By sheet (the file first, then Plan, Actions, Indicators), row and column; the note that more were
        left out comes last."""
        def key(error):
            column = error["column"] or ""
            return (SHEET_ORDER.get(error["sheet"], len(SHEET_ORDER)), error["sheet"], error["row"] or 0,
                    len(column), column)

        ordered = sorted(self, key=key)
        if self.overflow:
            ordered.append({"sheet": "", "row": None, "column": None,
                            "message": _("Further errors were left out; correct these first.")})
        return ordered


def _sample(values) -> str:
    """Allowed values for a message: all of them, or the first few and "…"."""
    values = [str(v) for v in values]
    return "; ".join(values[:SAMPLE]) + ("; …" if len(values) > SAMPLE else "")


class _Reader:
    def __init__(self, file, progress: Callable | None, actor):
        self.actor = actor
        self.errors = _Errors()
        self.progress = progress or (lambda done, total, message="": None)
        self.file = file
        # Every action number and every indicator's action number, with its row, rows with other errors
        # included: a duplicate or a dangling reference is found whatever else is wrong on the row.
        self.action_refs: list[tuple[str, int]] = []
        self.indicator_refs: list[tuple[str, int, str | None]] = []

    # Cells ------------------------------------------------------------------------------------------------
    def _rows(self, ws, sheet: str, width: int):
        """(row number, [cell values]) for non-empty rows, with merged and formula cells reported."""
        merges, formulas = scan_sheet_xml(ws)
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
                if value is None and formulas and f"{column_letter(index)}{number}" in formulas:
                    self.errors.add(sheet, number, column_letter(index), _(
                        "A formula without a computed value: open the file in Excel or LibreOffice, save it, "
                        "or type the value."))
                elif isinstance(value, str) and value.startswith("#") and value.rstrip("!?/0").upper() in {
                        "#DIV", "#N/A", "#NAME", "#NULL", "#NUM", "#REF", "#VALUE"}:
                    self.errors.add(sheet, number, column_letter(index),
                                    _("The formula gives the error %(value)s.") % {"value": value})
                    values[index] = None
            if any(clean_text(v) for v in values):
                yield number, values

    @staticmethod
    def _unknown_value(kind: str) -> str:
        return _("Unknown value: use one of %(values)s.") % {
            "values": _sample(layout.enum_label(kind, v) for v in layout.ENUMS[kind])}

    def _unknown_framework(self) -> str:
        return _("Unknown framework: use one of %(values)s (the Lists sheet of the template names them all).") % {
            "values": _sample(str(f.short_name or f.slug) for f in self.lookups.framework_list)}

    def _error(self, sheet, row, column, message, value=None):
        if value is not None:
            message = f"{message} ({_('value')}: “{clean_text(value)}”)"
        self.errors.add(sheet, row, column, message)

    # Sheets -----------------------------------------------------------------------------------------------
    def read(self):
        try:
            wb = open_workbook(self.file)
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
        sheets = {name: find_sheet(wb, name) for name in (PLAN_SHEET, ACTIONS_SHEET, INDICATORS_SHEET)}
        missing = [name for name, ws in sheets.items() if ws is None]
        if missing:
            self.errors.add("", None, None, ngettext(
                "This is not the Wiqaya plan template: the sheet %(sheets)s is missing. Download the template "
                "and fill it in.",
                "This is not the Wiqaya plan template: the sheets %(sheets)s are missing. Download the template "
                "and fill it in.", len(missing)) % {"sheets": ", ".join(missing)})
            return None
        self.lookups = Lookups(self.actor)
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
        index = header_index(PLAN_FIELDS)
        values, rows = {}, {}
        for number, (label, value, *_rest) in self._rows(ws, PLAN_SHEET, 3):
            key = match_header(label, index)
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
                self._error(sheet, row, "B", _("%(field)s is required.") % {"field": column.label})
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
                kind = "yesno" if key == "is_public" else "lang"
                try:
                    value = parse_enum(kind, raw)
                except ValueError:
                    self._error(sheet, row, "B", self._unknown_value(kind), raw)
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
                for name in self._names(text, self.lookups.framework):
                    framework = self.lookups.framework(name)
                    if framework is None:
                        self._error(sheet, row, "B", self._unknown_framework(), name)
                    elif framework not in found:
                        found.append(framework)
                return found
        except ValueError:
            raise
        return text

    def _read_table(self, ws, sheet, columns, parse_row, plan):
        index = header_index(columns)
        positions: dict[str, int] = {}
        total = ws.max_row or 0  # from the sheet's stated size, read before it is reset
        rows = self._rows(ws, sheet, 40)
        header = None
        for number, values in rows:
            header = (number, values)
            break
        if header is not None:
            for i, value in enumerate(header[1]):
                key = match_header(value, index) if clean_text(value) else None
                if key and key not in positions:
                    positions[key] = i
        missing = [c.header for c in columns if c.required and c.key not in positions]
        if header is None or missing:
            missing = missing or [c.header for c in columns if c.required]
            self.errors.add(sheet, header[0] if header else 1, None, ngettext(
                "This is not the Wiqaya plan template: the %(sheet)s sheet lacks the column %(columns)s.",
                "This is not the Wiqaya plan template: the %(sheet)s sheet lacks the columns %(columns)s.",
                len(missing)) % {"sheet": sheet, "columns": "; ".join(missing)})
            return None
        out = []
        for number, values in rows:
            if number > layout.MAX_ROWS + 1:
                self.errors.add(sheet, number, None, _("More than %(n)d rows: split the plan, or remove rows that "
                                                       "only look empty.") % {"n": layout.MAX_ROWS})
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
        col = {key: column_letter(i) for key, i in positions.items()}
        ok = True
        fields: dict = {}

        def bad(key, message, value=None):
            nonlocal ok
            ok = False
            self._error(sheet, row, col.get(key), message, value)

        ref = western_digits(clean_text(cells.get("ref"))).replace(" ", "").rstrip(".")
        if not ref:
            bad("ref", _("The action number is required."))
        elif len(ref) > 20 or not re.fullmatch(r"\w+(\.\w+)*", ref):
            bad("ref", _("An action number is like 1, 2 or 1.2."), cells.get("ref"))
        else:
            self.action_refs.append((ref, row))
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
                bad(key, self._unknown_value(kind), cells.get(key))
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

    @staticmethod
    def _names(text: str, known: Callable) -> list[str]:
        """The items of a list cell: separated by ; or a line break, and by commas inside an item that is not a
        known name as a whole (a title may hold a comma). A drop-down label ("code — title") counts as its code."""
        items = []
        for part in split_list(text, r"[;؛\n]"):
            if re.search(r"\s[—–]\s", part):
                items.append(re.split(r"\s[—–]\s", part, maxsplit=1)[0].strip())
            elif known(part) is not None:
                items.append(part)
            else:
                items.extend(split_list(part, r"[,،]"))
        return items

    def _goals(self, raw, plan, bad) -> list[int]:
        text = western_digits(clean_text(raw))
        if not text:
            return []
        frameworks = plan["frameworks"]
        default = next((f for f in frameworks if f.pk in self.lookups.frameworks_with_goals), None)
        found = []
        for item in self._names(text, lambda _item: None):
            if ":" in item:
                slug, number = (p.strip() for p in item.rsplit(":", 1))
                framework = self.lookups.framework(slug)
                if framework is None:
                    bad("goals", self._unknown_framework(), slug)
                    continue
            else:
                number, framework = item, default
                if framework is None:
                    bad("goals", _("A goal number without a framework: pick the goal from the list (its code "
                                   "names the framework), or give the plan a framework that has goals."), item)
                    continue
            goal = self.lookups.goals.get((framework.pk, number.casefold().removeprefix("goal").strip()))
            if goal is None:
                numbers = self.lookups.goal_numbers.get(framework.pk)
                if numbers:
                    bad("goals", _("The framework %(framework)s has no goal numbered %(number)s; its goals are "
                                   "%(values)s (the Lists sheet of the template gives their titles).")
                        % {"framework": framework.short_name or framework.slug, "number": number,
                           "values": _sample(numbers)}, item)
                else:
                    bad("goals", _("The framework %(framework)s has no goals yet.")
                        % {"framework": framework.short_name or framework.slug}, item)
            elif goal not in found:
                found.append(goal)
        return found

    def _partners(self, raw, bad) -> list[tuple]:
        found, seen = [], set()
        for item in split_list(clean_text(raw)):
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
        for item in split_list(text, r"[;؛\n]"):
            digits = western_digits(item).lstrip("#")
            pk = by_id.get(int(digits)) if digits.isdigit() else by_name.get(natural_key(item))
            if pk is None:
                bad("practices", _("No practice has this number or name."), item)
            elif pk not in found:
                found.append(pk)
        return found

    def _indicator(self, sheet, row, cells, positions, plan):
        col = {key: column_letter(i) for key, i in positions.items()}
        ok = True

        def bad(key, message, value=None):
            nonlocal ok
            ok = False
            self._error(sheet, row, col.get(key), message, value)

        action = western_digits(clean_text(cells.get("action"))).replace(" ", "").rstrip(".")
        if not action:
            bad("action", _("The action number is required."))
        else:
            self.indicator_refs.append((action, row, col.get("action")))
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
                bad(key, self._unknown_value(kind), cells.get(key))
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
        """Each action number once; a sub-action's parent and each indicator's action in the Actions sheet. Both
        rows are named: the error sits on the later row and names the earlier one."""
        first_row: dict[str, int] = {}
        ref_col = column_letter(0)
        for ref, row in self.action_refs:
            if ref in first_row:
                self.errors.add(ACTIONS_SHEET, row, ref_col, _(
                    "The number %(ref)s is already used on row %(row)d: give each action its own number.")
                    % {"ref": ref, "row": first_row[ref]})
            else:
                first_row[ref] = row
        for action in actions:
            if action.parent_ref and action.parent_ref not in first_row:
                self.errors.add(ACTIONS_SHEET, action.row, ref_col, _(
                    "Action %(ref)s is part of action %(parent)s, which is not in the sheet.")
                    % {"ref": action.ref, "parent": action.parent_ref})
        for ref, row, column in self.indicator_refs:
            if ref not in first_row:
                if first_row:
                    message = _("No action numbered %(ref)s in the Actions sheet; its actions are numbered "
                                "%(values)s.") % {"ref": ref, "values": _sample(first_row)}
                else:
                    message = _("No action numbered %(ref)s: the Actions sheet has no action.") % {"ref": ref}
                self.errors.add(INDICATORS_SHEET, row, column or "A", message)


def read_workbook(file, progress: Callable | None = None, *, actor) -> tuple[PlanData | None, list[dict]]:
    """Read and check a filled template as `actor` would write it (the practices it names are those `actor` may
    see). Returns (data, []) when the whole file is valid, else (None, errors), each error a
    {sheet, row, column, message}. Writes nothing."""
    reader = _Reader(file, progress, actor)
    data = reader.read()
    return (data if not reader.errors else None), reader.errors.in_order()


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
    from ..services import save_plan_content

    return save_plan_content(actor=actor, data=data, progress=progress)
