"""The diff of two submissions (plans.review.compare and shown_changes): plain Python over the contents the submit
service keeps, with the cases a review meets — an action retitled, renumbered, redated, given another lead or
goals; indicators whose target or frequency changed; actions and indicators added and removed; a re-import that
wrote the indicators afresh (new ids) but changed nothing."""

from __future__ import annotations

import copy

from django.utils import translation

from plans.review import compare, shown_changes


def action(pk, ref, title, *, indicators=(), **fields):
    return {
        "id": pk, "ref": ref, "title": title, "title_alt": "", "lang": "en", "start_date": "2025-03-01",
        "end_date": "2025-12-31", "lead": None, "lead_name": "", "goals": [], "goal_labels": {},
        "indicators": list(indicators), **fields,
    }


def indicator(pk, name, baseline="0.00", target="10.00", frequency="quarterly", unit=""):
    return {"id": pk, "name": name, "unit": unit, "baseline": baseline, "target": target, "frequency": frequency}


BEFORE = {"version": 1, "actions": [
    action(1, "1", "Youth dialogue circles", indicators=[indicator(11, "Sessions held", target="12.00")]),
    action(2, "2", "Training of imams", lead=7, lead_name="Nineveh Endowments", goals=[3],
           goal_labels={"3": "EMCSO 2"}, indicators=[indicator(21, "Imams trained", target="40.00")]),
    action(3, "3", "Radio programme", indicators=[]),
]}


def after(mutate) -> dict:
    content = copy.deepcopy(BEFORE)
    mutate(content["actions"])
    return content


def test_identical_contents_have_no_change():
    assert compare(BEFORE, copy.deepcopy(BEFORE)) == []


def test_a_changed_title_and_end_date_of_action_2():
    def edit(actions):
        actions[1]["title"] = "Training of imams and preachers"
        actions[1]["end_date"] = "2026-06-30"

    diff = compare(BEFORE, after(edit))
    assert [(d.kind, d.item["ref"]) for d in diff] == [("changed", "2")]
    assert [(c.field, c.old, c.new) for c in diff[0].changes] == [
        ("title", "Training of imams", "Training of imams and preachers"),
        ("end_date", "2025-12-31", "2026-06-30"),
    ]
    assert diff[0].indicators == []


def test_a_target_raised_and_a_frequency_changed():
    def edit(actions):
        actions[1]["indicators"][0]["target"] = "60"
        actions[1]["indicators"][0]["frequency"] = "monthly"

    diff = compare(BEFORE, after(edit))
    assert len(diff) == 1 and diff[0].changes == []
    [ind] = diff[0].indicators
    assert ind.kind == "changed" and ind.item["name"] == "Imams trained"
    assert [(c.field, c.old, c.new) for c in ind.changes] == [("target", "40.00", "60"), ("frequency", "quarterly",
                                                                                          "monthly")]


def test_the_same_number_written_differently_is_no_change():
    def edit(actions):
        actions[0]["indicators"][0]["target"] = "12"
        actions[0]["indicators"][0]["baseline"] = "0"

    assert compare(BEFORE, after(edit)) == []


def test_actions_added_and_removed_with_their_indicators():
    def edit(actions):
        del actions[2]
        actions.append(action(4, "4", "Sports league", indicators=[indicator(41, "Teams formed")]))

    diff = compare(BEFORE, after(edit))
    assert [(d.kind, d.item["ref"]) for d in diff] == [("added", "4"), ("removed", "3")]
    assert [(i.kind, i.item["name"]) for i in diff[0].indicators] == [("added", "Teams formed")]


def test_an_indicator_added_and_one_removed_in_the_same_action():
    def edit(actions):
        actions[0]["indicators"] = [indicator(12, "Participants, of whom women")]

    diff = compare(BEFORE, after(edit))
    assert [(i.kind, i.item["name"]) for i in diff[0].indicators] == [
        ("changed", "Participants, of whom women")]  # matched by position: its name changed
    assert [(c.field, c.old, c.new) for c in diff[0].indicators[0].changes][0] == (
        "name", "Sessions held", "Participants, of whom women")


def test_a_renumbered_action_is_matched_by_its_id():
    def edit(actions):
        actions[2]["ref"] = "2.1"

    diff = compare(BEFORE, after(edit))
    assert [(d.kind, [(c.field, c.old, c.new) for c in d.changes]) for d in diff] == [
        ("changed", [("ref", "3", "2.1")])]


def test_a_reimport_with_new_indicator_ids_matches_by_name():
    def edit(actions):
        for a in actions:
            for i in a["indicators"]:
                i["id"] += 100

    assert compare(BEFORE, after(edit)) == []


def test_an_action_recreated_under_the_same_number_is_matched_by_number():
    def edit(actions):
        actions[0]["id"] = 99
        actions[0]["title"] = "Youth dialogue circles in Mosul"

    diff = compare(BEFORE, after(edit))
    assert [(d.kind, d.item["ref"]) for d in diff] == [("changed", "1")]


def test_lead_and_goals_compare_by_id_and_show_current_names():
    def edit(actions):
        actions[1]["lead"] = 8
        actions[1]["lead_name"] = "Mosul University"
        actions[1]["goals"] = [3, 5]
        actions[1]["goal_labels"] = {"3": "EMCSO 2", "5": "EMCSO 4"}

    new = after(edit)
    diff = compare(BEFORE, new)
    assert [c.field for c in diff[0].changes] == ["lead", "goals"]
    with translation.override("en"):
        rows = shown_changes(diff, BEFORE, organisations={7: "Nineveh Endowments (renamed)"}, goals={5: "NS 4"})
    [row] = rows
    assert (row["kind"], row["ref"], row["title"]) == ("changed", "2", "Training of imams")
    shown = {c.label: (c.old, c.new) for c in row["changes"]}
    # A current name where the organisation or goal still exists; the kept one otherwise.
    assert shown["Lead organisation"] == ("Nineveh Endowments (renamed)", "Mosul University")
    assert shown["Goals served"] == ("EMCSO 2", "EMCSO 2, NS 4")


def test_values_read_in_the_readers_language():
    def edit(actions):
        actions[1]["end_date"] = "2026-06-30"
        actions[1]["indicators"][0]["target"] = "60.50"
        actions[1]["indicators"][0]["frequency"] = "monthly"

    diff = compare(BEFORE, after(edit))
    with translation.override("en"):
        [row] = shown_changes(diff, BEFORE)
        assert [(c.label, c.old, c.new) for c in row["changes"]] == [("End", "31 Dec 2025", "30 Jun 2026")]
        assert [(c.label, c.old, c.new) for c in row["indicators"][0]["changes"]] == [
            ("Target", "40", "60.50"), ("Frequency", "Quarterly", "Monthly")]
    with translation.override("ar"):
        [row] = shown_changes(diff, BEFORE)
        [end] = row["changes"]
        assert end.label == "النهاية" and end.new == "30 يونيو 2026"
        frequency = row["indicators"][0]["changes"][1]
        assert (frequency.old, frequency.new) == ("ربع سنوي", "شهري")


def test_empty_values_read_as_a_dash_and_titles_keep_their_language():
    def edit(actions):
        actions[2]["start_date"] = None
        actions[2]["title"] = "برنامج إذاعي"
        actions[2]["lang"] = "ar"

    diff = compare(BEFORE, after(edit))
    with translation.override("en"):
        [row] = shown_changes(diff, BEFORE)
    changes = {c.label: c for c in row["changes"]}
    assert (changes["Start"].old, changes["Start"].new) == ("1 Mar 2025", "—")
    assert changes["Title"].lang == "ar" and changes["Start"].lang == ""
    assert row["dir"] == "rtl"


def test_nothing_to_compare_with():
    assert compare(None, BEFORE)[0].kind == "added"
    assert [d.kind for d in compare(BEFORE, None)] == ["removed", "removed", "removed"]
