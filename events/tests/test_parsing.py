"""events.parsing.parse_recommendations on short team-written examples, one per layout, in Arabic and English,
and `wiqaya parse FILE --recommendations`."""

import io
import json

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from events.parsing import CUT_OFF_WARNING, parse_recommendations


def _numbers(found):
    return [item["number"] for item in found]


def _texts(found):
    return [item["text"] for item in found]


def test_numbered_with_dots_and_a_preamble_and_a_signature():
    text = (
        "Baghdad roundtable on local prevention plans\n"
        "Thirty participants from twelve organisations met on 3 May.\n\n"
        "Recommendations\n"
        "1. Each governorate should appoint a prevention focal point.\n"
        "2. Local plans should be reviewed every six months.\n"
        "3. The hub should publish a yearly summary.\n\n"
        "Contact: the hub secretariat\n"
        "###"
    )
    found = parse_recommendations(text)
    assert _numbers(found) == ["1", "2", "3"]
    assert _texts(found) == [
        "Each governorate should appoint a prevention focal point.",
        "Local plans should be reviewed every six months.",
        "The hub should publish a yearly summary.",
    ]
    assert all(item["audience"] is None and item["warnings"] == [] for item in found)


def test_dash_and_parenthesis_markers_in_arabic():
    text = "التوصيات:\n1- تشكيل لجنة محلية للوقاية.\n2- عقد لقاء فصلي مع الشباب.\n3) نشر تقرير سنوي للمتابعة."
    found = parse_recommendations(text)
    assert _numbers(found) == ["1", "2", "3"]
    assert found[0]["text"] == "تشكيل لجنة محلية للوقاية."
    assert found[2]["text"] == "نشر تقرير سنوي للمتابعة."


def test_parenthesised_numbers():
    text = "Outcome\n(1) Train teachers in dialogue skills.\n(2) Open youth centres in each district."
    assert _numbers(parse_recommendations(text)) == ["1", "2"]


def test_arabic_indic_digits_keep_their_script():
    text = "خرج المشاركون بالتوصيات التالية:\n١- دعم المبادرات الشبابية.\n٢- إشراك النساء في لجان السلام.\n٣. متابعة التنفيذ كل ستة أشهر."
    found = parse_recommendations(text)
    assert _numbers(found) == ["١", "٢", "٣"]
    assert found[1]["text"] == "إشراك النساء في لجان السلام."


def test_bullets_of_every_kind_have_no_number():
    text = "Key recommendations\n• Fund local peace committees.\n- Publish budgets.\n* Train the police.\n▪ Meet yearly.\n– Report back."
    found = parse_recommendations(text)
    assert len(found) == 5
    assert _numbers(found) == [None] * 5
    assert found[4]["text"] == "Report back."


def test_arabic_ordinal_words():
    text = "التوصيات\nأولاً: إعداد خطة محلية لكل قضاء.\nثانياً: تدريب موظفي البلديات.\nثالثاً: إشراك منظمات المجتمع المدني في المتابعة."
    found = parse_recommendations(text)
    assert _numbers(found) == ["أولاً", "ثانياً", "ثالثاً"]
    assert found[2]["text"] == "إشراك منظمات المجتمع المدني في المتابعة."


def test_english_ordinal_words_run_together_in_one_paragraph():
    text = (
        "The workshop agreed on three steps. First, map the risks in each district. Second, agree on a lead "
        "agency. Third, report progress to the governor every quarter."
    )
    found = parse_recommendations(text)
    assert _numbers(found) == ["First", "Second", "Third"]
    assert _texts(found)[1] == "agree on a lead agency."


def test_grouped_under_who_should_act_in_english():
    text = (
        "Recommendations\n\n"
        "For local governments\n"
        "1. Set up a prevention desk.\n"
        "2. Share data with partners.\n\n"
        "To the national government:\n"
        "3. Fund the local desks.\n"
    )
    found = parse_recommendations(text)
    assert _numbers(found) == ["1", "2", "3"]
    assert [item["audience"] for item in found] == [
        "For local governments", "For local governments", "To the national government",
    ]


def test_grouped_under_who_should_act_in_arabic_with_ordinal_headings():
    text = (
        "التوصيات\n"
        "أولاً: للحكومات المحلية\n"
        "- إنشاء وحدة للوقاية في كل محافظة.\n"
        "- نشر خطط العمل المحلية.\n"
        "ثانياً: على المستوى الوطني\n"
        "- تخصيص موازنة سنوية للوقاية.\n"
    )
    found = parse_recommendations(text)
    assert _texts(found) == ["إنشاء وحدة للوقاية في كل محافظة.", "نشر خطط العمل المحلية.", "تخصيص موازنة سنوية للوقاية."]
    assert [item["audience"] for item in found] == ["للحكومات المحلية", "للحكومات المحلية", "على المستوى الوطني"]
    assert _numbers(found) == [None, None, None]


def test_a_thematic_heading_is_not_an_audience():
    text = "Recommendations\nEducation\n- Revise the civics curriculum.\n- Train school counsellors.\n"
    found = parse_recommendations(text)
    assert len(found) == 2
    assert [item["audience"] for item in found] == [None, None]


def test_run_together_numbers_in_one_paragraph():
    text = "وأكد البيان الختامي على ما يلي: (1) دعم المجالس المحلية. (2) تمكين الشباب. (3) متابعة التنفيذ."
    found = parse_recommendations(text)
    assert _numbers(found) == ["1", "2", "3"]
    assert _texts(found) == ["دعم المجالس المحلية.", "تمكين الشباب.", "متابعة التنفيذ."]


def test_hard_line_breaks_inside_one_item_are_joined_with_one_space():
    text = (
        "Recommendations\n"
        "1. Municipal councils should publish their prevention\n"
        "   budgets and the results of each project\n"
        "   every year.\n"
        "2. Donors should fund three-year programmes."
    )
    found = parse_recommendations(text)
    assert found[0]["text"] == (
        "Municipal councils should publish their prevention budgets and the results of each project every year."
    )
    assert len(found) == 2


def test_a_list_cut_off_is_kept_with_a_warning():
    text = "Recommendations\n1. Open a youth centre in Mosul.\n2. Train twenty mediators in Tal Af"
    found = parse_recommendations(text)
    assert _texts(found) == ["Open a youth centre in Mosul.", "Train twenty mediators in Tal Af"]
    assert found[0]["warnings"] == []
    assert found[1]["warnings"] == [CUT_OFF_WARNING]


def test_a_missing_number_is_reported():
    found = parse_recommendations("Recommendations\n1. One thing.\n2. Another.\n4. A fourth.")
    assert found[2]["warnings"] == ["numbered 4 after 2: an item may be missing"]


def test_a_number_alone_on_its_line_takes_the_next_line_as_its_text():
    text = "يوصي المؤتمر بما يلي:\n\n1 -\n\nيدعو الدول الأعضاء إلى تبادل الخبرات.\n\n2 -\n\nيطلب من الأمانة العامة متابعة التنفيذ."
    found = parse_recommendations(text)
    assert _numbers(found) == ["1", "2"]
    assert found[1]["text"] == "يطلب من الأمانة العامة متابعة التنفيذ."


def test_dotted_numbers_and_labels():
    text = "2.1 RECOMMENDATION: Agencies should survey trust yearly.\n2.2 ACTION ITEM: Publish the survey tools."
    found = parse_recommendations(text)
    assert _numbers(found) == ["2.1", "2.2"]
    assert _texts(found) == ["Agencies should survey trust yearly.", "Publish the survey tools."]


def test_plain_lines_after_a_lead_in():
    text = "وخلصت الورشة إلى عدد من التوصيات، أبرزها:\nإنشاء مجلس شبابي في كل بلدية.\nدعم المشاريع الصغيرة للشباب."
    found = parse_recommendations(text)
    assert _texts(found) == ["إنشاء مجلس شبابي في كل بلدية.", "دعم المشاريع الصغيرة للشباب."]


def test_french_recommendations_with_letters():
    text = "Recommandations\na) Renforcer les conseils locaux de prévention.\nb) Former les animateurs de jeunesse."
    found = parse_recommendations(text)
    assert _numbers(found) == ["a", "b"]
    assert found[1]["text"] == "Former les animateurs de jeunesse."


def test_the_recommendations_section_wins_over_a_longer_list_before_it():
    text = (
        "Agenda\n- Opening\n- Panel one\n- Panel two\n- Lunch\n\n"
        "Recommendations\n1. Create a city prevention council.\n2. Meet every quarter.\n"
    )
    assert _texts(parse_recommendations(text)) == ["Create a city prevention council.", "Meet every quarter."]


def test_without_a_heading_the_longest_list_is_taken():
    text = "Speakers:\n- the governor\n- the hub\n\nThe meeting agreed:\n1. Map risks.\n2. Fund youth work.\n3. Review in June."
    assert _numbers(parse_recommendations(text)) == ["1", "2", "3"]


def test_nothing_to_find():
    assert parse_recommendations("") == []
    assert parse_recommendations("A short note with no list at all.") == []


# --- `wiqaya parse FILE --recommendations` ------------------------------------------------------------------

STATEMENT = (
    "البيان الختامي لورشة نينوى\n"
    "شارك ممثلون عن اثنتي عشرة منظمة.\n\n"
    "التوصيات\n"
    "للحكومات المحلية\n"
    "1- إنشاء مكتب للوقاية في كل قضاء.\n"
    "2- نشر خطة العمل على موقع المحافظة.\n"
)


def test_the_command_prints_the_recommendations_readably_and_writes_nothing(tmp_path, capsys, db):
    from events.models import Recommendation

    path = tmp_path / "statement.txt"
    path.write_text(STATEMENT, encoding="utf-8")
    call_command("parse", str(path), "--recommendations")
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "1. [1] إنشاء مكتب للوقاية في كل قضاء.",
        "   audience: للحكومات المحلية",
        "2. [2] نشر خطة العمل على موقع المحافظة.",
        "   audience: للحكومات المحلية",
    ]
    assert Recommendation.objects.count() == 0


def test_the_command_prints_json_from_a_word_file(tmp_path, capsys, db):
    document = docx.Document()
    for line in ("Outcome", "For local governments", "1. Appoint a focal point.", "2. Publish the plan."):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "outcome.docx"
    path.write_bytes(buffer.getvalue())
    call_command("parse", str(path), "--recommendations", "--json")
    assert json.loads(capsys.readouterr().out) == [
        {"number": "1", "text": "Appoint a focal point.", "audience": "For local governments", "warnings": []},
        {"number": "2", "text": "Publish the plan.", "audience": "For local governments", "warnings": []},
    ]


def test_the_command_says_when_nothing_is_found(tmp_path, capsys, db):
    path = tmp_path / "note.md"
    path.write_text("A note without any list.", encoding="utf-8")
    call_command("parse", str(path), "--recommendations")
    assert capsys.readouterr().out.strip() == f"{path}: no recommendations found"


def test_the_command_refuses_bad_input_in_one_line(tmp_path, db):
    with pytest.raises(CommandError, match=r"nope\.txt: cannot be read"):
        call_command("parse", str(tmp_path / "nope.txt"), "--recommendations")
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"not a pdf at all")
    with pytest.raises(CommandError, match=r"scan\.pdf: "):
        call_command("parse", str(bad), "--recommendations")


def test_without_the_option_the_command_still_reads_practices(tmp_path, capsys, db):
    path = tmp_path / "statement.txt"
    path.write_text(STATEMENT, encoding="utf-8")
    call_command("parse", str(path), "--json")
    assert json.loads(capsys.readouterr().out) == []  # no compendium practice in an outcome statement
