"""The plan template offers goals and frameworks by name, and its errors help: sorted by sheet and row, naming the
allowed values, catching duplicate action numbers and indicators that point to no action."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from plans import spreadsheet
from plans.models import ActionGoal
from plans.spreadsheet_jobs import run_import

from . import test_spreadsheet as base
from .test_spreadsheet import action, fill, indicator, read, to_bytes

world = base.world  # the same owner, partner and focal point as the spreadsheet tests

pytestmark = pytest.mark.django_db

LISTS = "Lists - القوائم"


def _template(lang):
    with translation.override(lang):
        return load_workbook(io.BytesIO(spreadsheet.template_workbook()))


def _column(ws, index):
    return [row[index] for row in ws.iter_rows(min_row=2, values_only=True) if row[index]]


def test_the_goal_drop_down_offers_code_and_title_in_the_downloaders_language(reference):
    english, arabic = _template("en"), _template("ar")
    goals_en, goals_ar = _column(english[LISTS], 1), _column(arabic[LISTS], 1)
    assert "euromed-cso-2017:2 — Reinforce education and community resilience." in goals_en
    assert "euromed-cso-2017:2 — تعزيز التعليم والمرونة المجتمعية." in goals_ar
    assert goals_en.index("euromed-cso-2017:2 — Reinforce education and community resilience.") == \
        goals_en.index(next(g for g in goals_en if g.startswith("euromed-cso-2017:1 "))) + 1
    assert "Euro-Med CSO PoA 2017 — Plan of Action of the Euro-Mediterranean civil society to prevent all forms " \
           "of violent extremism" in _column(english[LISTS], 0)
    # The Goals column of the Actions sheet and the Frameworks cell of the Plan sheet offer these lists.
    goals_list = [dv for dv in english["Actions"].data_validations.dataValidation if "F2" in str(dv.sqref)]
    assert goals_list and goals_list[0].formula1 == f"'{LISTS}'!$B$2:$B${len(goals_en) + 1}"
    frameworks_list = [dv for dv in english["Plan"].data_validations.dataValidation if str(dv.sqref) == "B8"]
    assert frameworks_list and frameworks_list[0].formula1.startswith(f"'{LISTS}'!$A$2")
    assert not goals_list[0].showErrorMessage  # several goals may still be typed into one cell


def test_goals_and_frameworks_picked_from_the_lists_import(world):
    wb = _template("ar")
    goals = _column(wb[LISTS], 1)
    frameworks = _column(wb[LISTS], 0)
    picked = next(g for g in goals if g.startswith("euromed-cso-2017:7 "))
    un = next(f for f in frameworks if f.startswith("UN PVE PoA 2015 — "))
    wb = fill({"frameworks": f"{un}; iraq-ns-2019"}, actions=[
        action("1", "حوار", goals=picked),
        action("2", "برنامج", goals=f"{next(g for g in goals if g.startswith('un-pve-2015:3 '))}; 1"),
    ], workbook=wb)
    result = run_import(actor=world["focal"], file=to_bytes(wb))
    assert result["status"] == "imported", result.get("errors")
    codes = sorted(f"{slug}:{n}" for slug, n in ActionGoal.objects.values_list("goal__framework__slug",
                                                                             "goal__number"))
    assert codes == ["euromed-cso-2017:7", "un-pve-2015:1", "un-pve-2015:3"]


def test_errors_come_sorted_by_sheet_and_row_and_name_the_allowed_values(world):
    wb = fill({"frameworks": "nonsense-2030"},
              actions=[action("1", "a", status="finished-ish"), action("2", "b", goals="euromed-cso-2017:99")],
              indicators=[indicator("1", "n", frequency="sometimes")])
    data, errors = read(wb)
    assert data is None
    order = [(e["sheet"], e["row"]) for e in errors]
    assert order == sorted(order, key=lambda w: (["Plan", "Actions", "Indicators"].index(w[0]), w[1]))
    messages = {(e["sheet"], e["row"]): e["message"] for e in errors}
    assert "Euro-Med CSO PoA 2017" in messages[("Plan", 8)] and "Lists sheet" in messages[("Plan", 8)]
    assert "Planned / مخطط" in messages[("Actions", 2)] and "Cancelled / ملغى" in messages[("Actions", 2)]
    assert "its goals are 1; 2; 3" in messages[("Actions", 3)]
    assert "Monthly / شهري" in messages[("Indicators", 2)]


def test_duplicate_action_numbers_and_dangling_indicators_name_both_rows(world):
    # Row 2 has another error (a bad date): its number still counts, for duplicates and for indicators.
    wb = fill(actions=[action("1", "a", start_date="next spring"), action("2", "b"), action("1", "c")],
              indicators=[indicator("1", "n"), indicator("9", "m", target="lots")])
    data, errors = read(wb)
    assert data is None
    duplicate = [e for e in errors if e["sheet"] == "Actions" and e["row"] == 4]
    assert duplicate and "already used on row 2" in duplicate[0]["message"]
    dangling = [e for e in errors if e["sheet"] == "Indicators" and e["row"] == 3 and e["column"] == "A"]
    assert dangling and "No action numbered 9" in dangling[0]["message"] and "1; 2" in dangling[0]["message"]
    assert not [e for e in errors if e["sheet"] == "Indicators" and e["row"] == 2]


def test_the_messages_read_in_arabic_too(world):
    wb = fill(actions=[action("1", "a", status="finished-ish")], indicators=[indicator("4", "n")])
    with translation.override("ar"):
        _data, errors = read(wb)
    text = " ".join(e["message"] for e in errors)
    assert "استخدم إحدى القيم" in text and "Planned / مخطط" in text and "لا إجراء برقم 4" in text
