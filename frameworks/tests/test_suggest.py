"""Goal suggestions without Django: the suggester on a stand-in encoder, the metrics, the loaders, the model."""

import hashlib
import json

import numpy as np
import pytest

from frameworks.evaluation import (
    Document,
    EvaluationError,
    calibration_error,
    evaluate_tagging,
    learning_curve,
    load_corpus,
    load_labels,
    score,
)
from frameworks.suggest import (
    Calibration,
    Example,
    GoalSuggester,
    GoalText,
    keyword_baseline,
    prototypes,
    sentences,
)
from search import embeddings


def bag_of_words(texts: list[str]) -> np.ndarray:
    """A deterministic stand-in for the model: each word lights one of 256 dimensions (texts sharing words
    are close), plus a small constant so that no vector is zero."""
    vectors = np.zeros((len(texts), 257), dtype=np.float32)
    for row, text in enumerate(texts):
        vectors[row, 256] = 0.05
        for word in text.lower().replace(".", " ").replace(",", " ").split():
            vectors[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % 256] += 1  # noqa: S324 — not security
    return vectors


GOALS = [
    GoalText("1", title_en="Youth leadership", description_en="Young people volunteering, youth councils."),
    GoalText(
        "2", title_en="Media campaigns", description_en="Radio programmes, online videos, social media."
    ),
    GoalText(
        "3", title_en="Schools and jobs", description_en="Teacher training, vocational courses, employment."
    ),
]


# Word-overlap cosines spread wider than the model's, so the stand-in gets a softer temperature.
STAND_IN = Calibration(temperature=0.1)


def suggester(examples=(), **kwargs):
    kwargs.setdefault("calibration", STAND_IN)
    return GoalSuggester(GOALS, examples, encoder=bag_of_words, **kwargs)


# --- the suggester ------------------------------------------------------------------------------------


def test_ranks_the_goal_whose_texts_the_text_shares():
    ranked = suggester().suggest("Youth councils where young people lead volunteering.", top_k=3)
    assert [s.goal_number for s in ranked][0] == "1"
    assert suggester().suggest("A radio programme and online videos.", top_k=1)[0].goal_number == "2"


def test_confidences_lie_in_0_1_and_come_sorted():
    ranked = suggester().suggest("Teacher training and vocational courses for young people.", top_k=3)
    confidences = [s.confidence for s in ranked]
    assert all(0.0 <= c <= 1.0 for c in confidences)
    assert confidences == sorted(confidences, reverse=True)
    assert len(ranked) == 3


def test_predict_returns_at_least_one_goal_even_for_unrelated_or_empty_text():
    assert len(suggester().predict("Completely unrelated words here.")) >= 1
    assert len(suggester().predict("")) >= 1
    assert suggester().predict("Youth councils, young people volunteering.") == {"1"}


def test_predict_keeps_two_goals_when_a_text_serves_both():
    text = "Radio programmes and social media. Young people volunteering in youth councils."
    assert suggester().predict(text) == {"1", "2"}


def test_confirmed_examples_change_the_ranking_when_they_say_so():
    text = "Street theatre festival with puppets and drums, youth."
    assert suggester().suggest(text, top_k=1)[0].goal_number == "1"  # zero-shot: only "youth" is shared
    examples = [
        Example(f"Street theatre festival with puppets and drums number {i}.", ["2"], label=f"Festival {i}")
        for i in range(30)
    ]
    top = suggester(examples).suggest(text, top_k=1)[0]
    assert top.goal_number == "2"
    assert "close to confirmed examples “Festival" in top.reason


def test_examples_weigh_more_as_people_confirm_more_of_them():
    s = suggester()
    assert s._blend_weight(0) == 0
    assert 0 < s._blend_weight(5) < s._blend_weight(50) < Calibration().blend_max


def test_reason_names_the_goal_text_matched():
    top = suggester().suggest("Teacher training in schools.", top_k=1)[0]
    assert top.reason.startswith("matches the goal text “")
    assert any(e.kind == "goal_text" and "Teacher training" in e.text for e in top.evidence)


def test_reason_falls_back_to_the_example_text_when_it_has_no_label():
    examples = [Example("Puppet shows.\nMore detail.", ["2"])] * 3
    top = suggester(examples).suggest("Puppet shows.", top_k=1)[0]
    assert "“Puppet shows.”" in top.reason


def test_examples_of_unknown_goals_are_ignored_and_no_goals_suggest_nothing():
    assert suggester([Example("anything", ["99"])]).examples == []
    empty = GoalSuggester([], encoder=bag_of_words)
    assert empty.suggest("text") == [] and empty.predict("text") == set()


def test_per_framework_calibration_is_fitted_from_enough_examples_and_stays_increasing():
    examples = [Example(f"Young people volunteering {i}.", ["1"]) for i in range(12)]
    examples += [Example(f"Radio programmes {i}.", ["2"]) for i in range(12)]
    fitted = suggester(examples, calibration=None)
    assert fitted.calibration.platt != Calibration().platt
    a, b, _ = fitted.calibration.platt
    assert a >= 0 and b >= 0
    assert suggester(examples[:10], calibration=None).calibration == Calibration()  # too few to refit
    fixed = suggester(examples, calibration=Calibration())
    assert fixed.calibration.platt == Calibration().platt


def test_goal_offsets_pull_back_a_goal_the_examples_never_confirm():
    # Every example shares a word with goal 3's texts but is confirmed as goal 1.
    examples = [Example(f"Employment and young people volunteering {i}.", ["1"]) for i in range(25)]
    s = suggester(examples)
    assert s.goal_bias[2] < 0 < s.goal_bias[0]


def test_prototypes_split_descriptions_into_sentences_and_list_items():
    goal = GoalText(
        "1", title_en="T", description_en="First part. Covers a, b and c.", description_ar="أ، وب"
    )
    found = prototypes(goal)
    assert "First part." in found and "Covers a, b and c." in found
    assert "Covers a" in found and "c" not in found  # items of three letters or fewer carry no meaning
    assert "أ، وب" in found
    assert sentences("One. Two!\nThree؟ Four") == ["One.", "Two!", "Three؟", "Four"]


# --- keyword baseline ---------------------------------------------------------------------------------


def test_keyword_baseline_picks_the_goal_sharing_most_words():
    assert keyword_baseline(GOALS, "Radio programmes for social media") == {"2"}
    assert keyword_baseline(GOALS, "nothing in common") == set()


def test_keyword_baseline_ignores_arabic_diacritics_and_article():
    goals = [GoalText("1", description_ar="تعليم المعلمين"), GoalText("2", description_ar="الإعلام والإذاعة")]
    assert keyword_baseline(goals, "برنامج لتدريب المُعَلِّمين في المدارس") == {"1"}
    assert keyword_baseline(goals, "بث حلقات في الإذَاعة") == {"2"}


# --- metrics ------------------------------------------------------------------------------------------


def test_metrics_on_a_hand_made_case():
    gold = {"a": {"1"}, "b": {"2", "3"}, "c": {"3"}}
    predicted = {"a": {"1", "2"}, "b": {"2"}, "c": {"1"}}
    first = {"a": "1", "b": "2", "c": "1"}
    result = score(predicted, gold, first, ["1", "2", "3"])
    # goal 1: tp 1 fp 1 fn 0 → F1 2/3; goal 2: tp 1 fp 1 → 2/3; goal 3: tp 0 fn 2 → 0.
    # micro: tp 2, fp 2, fn 2 → 4 / 8 = 0.5; macro (2/3 + 2/3 + 0) / 3 = 0.4444; p@1: a, b right, c wrong.
    assert result["micro_f1"] == 0.5
    assert result["macro_f1"] == pytest.approx(0.4444, abs=1e-4)
    assert result["p@1"] == pytest.approx(0.6667, abs=1e-4)
    assert result["per_goal"]["1"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "support": 1}
    assert result["per_goal"]["3"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 2}


def test_macro_f1_skips_goals_absent_from_gold_and_predictions():
    result = score({"a": {"1"}}, {"a": {"1"}}, {"a": "1"}, ["1", "2"])
    assert result["macro_f1"] == 1.0 and result["micro_f1"] == 1.0


def test_calibration_error():
    assert calibration_error([(0.8, True)] * 8 + [(0.8, False)] * 2) == pytest.approx(0.0)
    assert calibration_error([(0.9, False)] * 4) == pytest.approx(0.9)


def test_evaluate_tagging_shape_and_few_shot_on_held_out_documents_only():
    corpus = {
        "e1": Document("e1", "", "Young people volunteering in youth councils.", "en"),
        "e2": Document("e2", "", "Radio programmes and online videos.", "en"),
        "e3": Document("e3", "", "Teacher training and vocational courses.", "en"),
        "e4": Document("e4", "", "Youth councils where young people lead.", "en"),
        "a1": Document("a1", "", "برامج إذاعية social media", "ar"),
    }
    labels = {"e1": {"1"}, "e2": {"2"}, "e3": {"3"}, "e4": {"1"}, "a1": {"2"}}
    result = evaluate_tagging(GOALS, corpus, labels, train={"e1": {"1"}, "e2": {"2"}}, encoder=bag_of_words)
    for section in ("zero_shot", "few_shot", "baseline"):
        assert {"micro_f1", "macro_f1", "p@1", "per_goal", "by_lang"} <= set(result[section])
    assert result["zero_shot"]["documents"] == 5 and result["few_shot"]["documents"] == 3
    assert set(result["zero_shot"]["by_lang"]) == {"ar", "en"}
    assert result["zero_shot"]["micro_f1"] == 1.0
    curve = learning_curve(
        GOALS,
        corpus,
        labels,
        sizes=[0, 1, 2],
        seeds=2,
        train={"e1": {"1"}, "e2": {"2"}},
        encoder=bag_of_words,
    )
    assert [p["examples"] for p in curve] == [0, 1, 2] and [p["seeds"] for p in curve] == [1, 2, 2]


# --- loaders ------------------------------------------------------------------------------------------


def write_corpus(tmp_path, documents: dict[str, str]):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, content in documents.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def test_load_corpus_reads_documents_and_detects_a_missing_language(tmp_path):
    folder = write_corpus(
        tmp_path,
        {
            "a.json": json.dumps({"id": "a", "title": "", "text": "Some text.", "lang": "en"}),
            "b.json": json.dumps({"id": "b", "text": "نص عربي"}),
        },
    )
    corpus = load_corpus(folder)
    assert corpus["a"].full_text == "Some text." and corpus["b"].lang == "ar"


def test_load_corpus_takes_any_language_code(tmp_path):
    """Euro-Mediterranean compendia hold French, Spanish and German documents too (ISO 639-1 or -3 codes)."""
    folder = write_corpus(
        tmp_path,
        {
            "fr.json": json.dumps({"id": "fr", "text": "Des jeunes animent une radio de quartier.", "lang": "fr"}),
            "es.json": json.dumps({"id": "es", "text": "Talleres de teatro para jóvenes.", "lang": " ES "}),
            "de.json": json.dumps({"id": "de", "text": "Jugendliche leiten einen Debattierclub.", "lang": "deu"}),
        },
    )
    assert {doc_id: doc.lang for doc_id, doc in load_corpus(folder).items()} == {"fr": "fr", "es": "es", "de": "deu"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a",\n "text": }', "bad.json, line 2: invalid JSON"),
        ('{"id": "a", "title": "t"}', 'bad.json: missing or empty "text"'),
        ('{"text": "x"}', 'bad.json: missing or empty "id"'),
        ('{"id": "a", "text": "x", "lang": "french"}', '"lang" must be a language code of two or three letters'),
        ('{"id": "a", "text": "x", "lang": 7}', '"lang" must be a language code of two or three letters'),
        ("[1, 2]", "bad.json: expected a JSON object"),
    ],
)
def test_a_bad_corpus_file_is_named_with_what_is_wrong(tmp_path, content, message):
    folder = write_corpus(tmp_path, {"bad.json": content})
    with pytest.raises(EvaluationError, match="bad.json") as caught:
        load_corpus(folder)
    assert message in str(caught.value)


def test_a_missing_or_empty_corpus_directory_is_an_error(tmp_path):
    with pytest.raises(EvaluationError, match="not a directory"):
        load_corpus(tmp_path / "nowhere")
    with pytest.raises(EvaluationError, match="no \\*.json documents"):
        load_corpus(tmp_path)


@pytest.mark.parametrize(
    "lines",
    [
        ['{"id": "a", "goals": ["1"]}', "{oops", "labels.jsonl, line 2: invalid JSON"],
        ['{"id": "a", "goals": "1"}', 'labels.jsonl, line 1: "goals" must be a list'],
        [
            '{"id": "a", "goals": ["1"]}',
            '{"id": "a", "goals": ["2"]}',
            "line 2: document 'a' is labelled twice",
        ],
        ['{"id": "z", "goals": ["1"]}', "line 1: document 'z' is not in the corpus"],
        ["", '{"id": "a", "goals": ["9"]}', "line 2: goal 9 is not a goal of the framework"],
        ['{"id": "a", "goals": []}', "line 1: document 'a' has no goal"],
        ['{"goals": ["1"]}', 'line 1: expected an object with "id" and "goals"'],
    ],
)
def test_a_bad_label_line_is_named_with_its_number(tmp_path, lines):
    """Each case: the file's lines, then the message expected."""
    *rows, expected = lines
    path = tmp_path / "labels.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(EvaluationError) as caught:
        load_labels(path, corpus_ids={"a"}, goal_numbers={"1", "2"})
    assert expected in str(caught.value)


def test_labels_accept_numbers_and_skip_blank_lines(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text('{"id": "a", "goals": [4, "6"]}\n\n', encoding="utf-8")
    assert load_labels(path) == {"a": {"4", "6"}}
    with pytest.raises(EvaluationError, match="no such file"):
        load_labels(tmp_path / "missing.jsonl")


# --- embeddings ---------------------------------------------------------------------------------------


@pytest.fixture
def stand_in_encoder():
    calls = []

    def encoder(texts):
        calls.append(list(texts))
        return bag_of_words(texts)

    embeddings.set_encoder(encoder)
    yield calls
    embeddings.set_encoder(None)


def test_embed_normalises_and_caches_repeated_texts(stand_in_encoder):
    first = embeddings.embed(["alpha beta", "gamma", "alpha beta"])
    assert first.shape == (3, 257)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0)
    assert np.allclose(first[0], first[2])
    embeddings.embed(["gamma", "delta"])
    assert stand_in_encoder == [["alpha beta", "gamma"], ["delta"]]
    assert embeddings.embed([]).shape[0] == 0


def test_the_real_model_puts_an_arabic_english_pair_closer_than_unrelated_texts():
    embeddings.set_encoder(None)
    english, arabic, unrelated = embeddings.embed(
        [
            "Training journalists to report on terrorist attacks responsibly.",
            "تدريب الصحفيين على تغطية الهجمات الإرهابية بمسؤولية.",
            "The recipe needs two cups of flour and an egg.",
        ]
    )
    assert english.shape == (embeddings.DIMENSIONS,)
    assert float(english @ arabic) > float(english @ unrelated) + 0.3
    assert float(arabic @ unrelated) < float(english @ arabic)
