"""Reading and writing frameworks as compendium text, YAML and JSON (pure Python: no database)."""

import json

import pytest
import yaml

from frameworks.interchange import (
    InterchangeError,
    detect_format,
    dump,
    parse,
    parse_json,
    parse_text,
    parse_yaml,
)

ENGLISH = """\
FRAMEWORK: euromed-cso-2017
TITLE: Plan of Action of the Euro-Mediterranean civil society
YEAR: 2017

GOAL 2: Reinforce education and community
resilience.
(58) Include in school curricula the teaching of
critical thinking and of the history of religions.
(59) Support teachers.
Goal 8 – Raise alternative narratives in social media.
(77) Train young journalists.
"""

ARABIC = """\
الهدف ٢: تعزيز التعليم والمرونة المجتمعية.
(٥٨) إدراج تعليم التفكير النقدي
في المناهج المدرسية.
الهدف رقم ٨: تقديم روايات بديلة.
)٧٧( تدريب الصحفيين الشباب.
"""


def test_english_compendium_text():
    spec = parse_text(ENGLISH)
    assert (spec.slug, spec.title_en, spec.year) == ("euromed-cso-2017", spec.title_en, 2017)
    assert [g.number for g in spec.goals] == ["2", "8"]
    goal = spec.goals[0]
    assert goal.title_en == "Reinforce education and community resilience."
    assert [(p.number, p.lang) for p in goal.paragraphs] == [(58, "en"), (59, "en")]
    assert goal.paragraphs[0].text == (
        "Include in school curricula the teaching of critical thinking and of the history of religions."
    )
    assert spec.goals[1].title_en == "Raise alternative narratives in social media."


def test_arabic_compendium_text_with_arabic_indic_digits():
    spec = parse_text(ARABIC)
    assert [g.number for g in spec.goals] == ["2", "8"]
    assert spec.goals[0].title_ar == "تعزيز التعليم والمرونة المجتمعية."
    assert spec.goals[0].title_en == ""
    paragraph = spec.goals[0].paragraphs[0]
    assert (paragraph.number, paragraph.lang, paragraph.text) == (58, "ar", "إدراج تعليم التفكير النقدي في المناهج المدرسية.")
    assert spec.goals[1].paragraphs[0].number == 77  # the reversed ")٧٧(" of right-to-left extraction


def test_eastern_arabic_digits_and_western_digits_with_arabic_text():
    spec = parse_text("الهدف ۳: عنوان\n(12) نص عربي بأرقام غربية\n")
    assert spec.goals[0].number == "3"
    assert spec.goals[0].paragraphs[0].lang == "ar"


def test_english_then_arabic_headings_fill_one_bilingual_goal():
    spec = parse_text("GOAL 1: Monitor the drivers\nالهدف ١: مراقبة العوامل\nGOAL 1.1: Collect data\n"
                      "الهدف ١.١: جمع البيانات\n(3) Gather figures.\n")
    assert len(spec.goals) == 1
    assert (spec.goals[0].title_en, spec.goals[0].title_ar) == ("Monitor the drivers", "مراقبة العوامل")
    child = spec.goals[0].children[0]
    assert (child.number, child.title_en, child.title_ar) == ("1", "Collect data", "جمع البيانات")
    assert child.paragraphs[0].number == 3


def test_nesting_three_deep_by_path():
    spec = parse_text("GOAL 1: Pillar\nGOAL 1.2: Objective\nGOAL 1.2.3: Sub-objective\n(9) Text.\nGOAL 2: Next\n")
    pillar = spec.goals[0]
    assert pillar.children[0].number == "2"
    assert pillar.children[0].children[0].number == "3"
    assert pillar.children[0].children[0].paragraphs[0].text == "Text."
    assert [path for path, _goal in spec.walk()] == ["1", "1.2", "1.2.3", "2"]


def test_repeated_goal_with_another_wording_is_kept_as_alias_with_a_warning():
    spec = parse_text("GOAL 2: Reinforce education\n(58) A.\nGOAL 2: Reinforce education and\nresilience\n(58) A.\n")
    goal = spec.goals[0]
    assert goal.title_en == "Reinforce education"
    assert goal.aliases == ["Reinforce education and resilience"]
    assert len(goal.paragraphs) == 1
    assert [w.line for w in spec.warnings] == [3]


def test_same_goal_cited_twice_with_same_title_merges_quietly():
    spec = parse_text("GOAL 2: Reinforce\neducation\n(58) A.\nGOAL 2: Reinforce\neducation\n(59) B.\n")
    assert spec.goals[0].title_en == "Reinforce education"
    assert [p.number for p in spec.goals[0].paragraphs] == [58, 59]
    assert spec.warnings == []


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Some preamble\nGOAL 1: x\n", 1, "before the first goal"),
        ("GOAL 1: x\nGOAL 3.1: y\n", 2, "comes before goal 3"),
        ("YEAR: twenty\nGOAL 1: x\n", 1, "four digits"),
        ("GOAL 1: x\n(4)\n", 2, "has no text"),
        ("TITLE: a\nTITLE: b\nGOAL 1: x\n", 2, "given twice"),
        ("# only a comment\n", None, "holds no goal"),
    ],
)
def test_text_errors_name_the_line(text, line, words):
    with pytest.raises(InterchangeError) as caught:
        parse_text(text)
    problem = caught.value.problems[0]
    assert problem.line == line
    assert words in str(problem)
    if line:
        assert str(problem).startswith(f"line {line}:")


def test_markdown_headings_and_comments():
    spec = parse("# My framework\n\n## GOAL 1: First\n(1) One.\n", filename="plan.md")
    assert spec.goals[0].title_en == "First"


def test_lowercase_goal_word_needs_a_separator():
    # "Goal 3 of the plan" inside a wrapped paragraph is not a heading.
    spec = parse_text("GOAL 1: First\n(1) As said in\nGoal 3 of the plan.\n")
    assert len(spec.goals) == 1
    assert spec.goals[0].paragraphs[0].text == "As said in Goal 3 of the plan."


YAML_DOC = """\
slug: iraq-ns-2019
title_en: National strategy
title_ar: الاستراتيجية الوطنية
year: 2019
goals:
  - number: 1
    title_en: Prevention
    title_ar: الوقاية
    paragraphs:
      - {number: 5, text: "Schools first."}
      - {number: ٦, text: "المدارس أولاً"}
    children:
      - number: 1
        title_en: Schools
        children:
          - number: 2
            title_en: Teachers
"""


def test_yaml_schema():
    spec = parse_yaml(YAML_DOC)
    assert (spec.slug, spec.year, spec.title_ar) == ("iraq-ns-2019", 2019, "الاستراتيجية الوطنية")
    goal = spec.goals[0]
    assert goal.number == "1"
    assert [(p.number, p.lang) for p in goal.paragraphs] == [(5, "en"), (6, "ar")]
    assert goal.children[0].children[0].title_en == "Teachers"


def test_json_schema_and_unknown_keys_warn():
    data = {"slug": "x", "goals": [{"number": "A", "title_en": "Alpha", "id": 3, "children": []}]}
    spec = parse_json(json.dumps(data))
    assert spec.goals[0].number == "A"
    assert [w.key for w in spec.warnings] == ["goals[0].id"]


@pytest.mark.parametrize(
    ("doc", "line", "key", "words"),
    [
        ("slug: x\ngoals:\n  - title_en: no number\n", 3, "goals[0].number", "needs a number"),
        ("slug: x\ngoals:\n  - number: 1\n    children:\n      - number: '1.2'\n", 5,
         "goals[0].children[0].number", "without dots"),
        ("slug: x\ngoals:\n  - number: 1\n  - number: 1\n", 4, "goals[1].number", "given twice"),
        ("slug: x\ngoals:\n  - number: 1\n    paragraphs:\n      - {number: x, text: a}\n", 5,
         "goals[0].paragraphs[0].number", "whole number"),
        ("slug: x\nyear: soon\ngoals:\n  - number: 1\n", 2, "year", "four digits"),
        ("slug: x\ngoals: {number: 1}\n", 2, "goals", "expected a list"),
        ("slug: x\ngoals: [\n", 3, "", "cannot be read"),
        ("- just\n- a list\n", 1, "", "expected a mapping"),
    ],
)
def test_yaml_errors_name_line_and_key(doc, line, key, words):
    with pytest.raises(InterchangeError) as caught:
        parse_yaml(doc)
    problem = caught.value.problems[0]
    assert (problem.line, problem.key) == (line, key)
    assert words in str(problem)


def test_json_syntax_error_names_the_line():
    with pytest.raises(InterchangeError) as caught:
        parse_json('{\n  "slug": "x",\n  "goals": [,]\n}')
    assert caught.value.problems[0].line == 3


def test_format_is_recognised():
    assert detect_format("anything", "plan.YML") == "yaml"
    assert detect_format('{"slug": "x"}') == "json"
    assert detect_format("GOAL 1: x") == "text"
    assert detect_format("الهدف ١: س") == "text"
    assert detect_format("slug: x\ngoals: []") == "yaml"


def test_bytes_must_be_utf8():
    with pytest.raises(InterchangeError) as caught:
        parse(b"GOAL 1: caf\xe9\n", filename="x.txt")
    assert "UTF-8" in str(caught.value)


def test_bom_is_ignored():
    assert parse("\ufeffGOAL 1: x\n".encode()).goals[0].title_en == "x"


TRICKY = """\
FRAMEWORK: tricky
TITLE: Tricky
العنوان: صعب
SHORT NAME: T
YEAR: 2020
STATUS: outline
SOURCE: Somewhere
second line of source
DESCRIPTION: First paragraph.

(1) a line that looks like a paragraph
GOAL 9: a line that looks like a goal

GOAL 1: One
الهدف ١: واحد
ALIAS: Uno
DESCRIPTION: Line one
# not a comment
الوصف: وصف
(1) English one.
(٢) عربي اثنان.
GOAL 1.1: Child
GOAL 1.1.1:
الهدف ١.١.١: حفيد
(3) Deep.
GOAL 2:
"""


@pytest.mark.parametrize("fmt", ["text", "yaml", "json"])
def test_round_trip(fmt):
    # Descriptions holding lines that look like headings or paragraphs survive the text format too.
    spec = parse_yaml(dump(parse_yaml(yaml.safe_dump({
        "slug": "tricky", "title_en": "Tricky", "title_ar": "صعب", "short_name": "T", "year": 2020,
        "status": "outline", "source": "Somewhere\nsecond line of source",
        "description_en": "First paragraph.\n\n(1) a line that looks like a paragraph\nGOAL 9: looks like a goal",
        "goals": [
            {"number": "1", "title_en": "One", "title_ar": "واحد", "aliases": ["Uno"],
             "description_en": "Line one\n# not a comment\nDESCRIPTION: not a key", "description_ar": "وصف",
             "paragraphs": [{"number": 1, "text": "English one.", "lang": "en"},
                            {"number": 2, "text": "عربي اثنان.", "lang": "ar"}],
             "children": [{"number": "1", "title_en": "Child", "children": [
                 {"number": "1", "title_ar": "حفيد", "paragraphs": [{"number": 3, "text": "Deep."}]}]}]},
            {"number": "2"},
        ],
    }, allow_unicode=True)), "yaml"))
    again = parse(dump(spec, fmt), fmt=fmt)
    assert again.to_dict() == spec.to_dict()


def test_text_export_shape():
    spec = parse_text(TRICKY)
    text = dump(spec, "text")
    assert "الهدف ١.١.١: حفيد" in text and "GOAL 1.1.1" not in text  # no English title: Arabic heading only
    assert "(٢) عربي اثنان." in text
    assert "\\(1) a line that looks like a paragraph" in text
    assert parse_text(text).to_dict() == spec.to_dict()
