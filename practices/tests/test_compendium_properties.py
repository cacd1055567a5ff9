"""Property tests: random practices rendered with random layout noise must parse back field by field."""

import dataclasses
import os
import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practices.accuracy import FIELDS, measure_accuracy
from practices.compendium import _LABEL_RE, ParsedPractice, parse_compendium
from practices.compendium_gen import (
    WORDS,
    GeneratedDocument,
    document_strategy,
    generate_document,
    layout_strategy,
    normalise_ws,
)

# The suite runs a fixed set of 60 examples per property so that it never turns red by chance;
# COMPENDIUM_EXAMPLES=5000 runs that many fresh random ones instead, to hunt for new failures.
EXAMPLES = int(os.environ.get("COMPENDIUM_EXAMPLES", "0"))
SETTINGS = settings(
    max_examples=EXAMPLES or 60,
    derandomize=not EXAMPLES,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
GOAL_LINE = re.compile(r"^(?:GOAL|Goal|الهدف) ")


def assert_same_practice(found: dict, expected: dict) -> None:
    """Every field equal; text compared with whitespace normalised (a wrap at a sentence end and a
    paragraph break look the same once extracted)."""
    for key, value in expected.items():
        if key == "goals":
            assert [(g["number"], normalise_ws(g["title"])) for g in found["goals"]] == [
                (g["number"], normalise_ws(g["title"])) for g in value
            ]
            assert [
                [(p["number"], normalise_ws(p["text"])) for p in g["paragraphs"]] for g in found["goals"]
            ] == [[(p["number"], normalise_ws(p["text"])) for p in g["paragraphs"]] for g in value]
        else:
            assert normalise_ws(found[key]) == normalise_ws(value), (key, found[key], value)


def assert_round_trip(document: GeneratedDocument) -> None:
    found = [practice.to_dict() for practice in parse_compendium(document.text)]
    assert [p["name"] for p in found] == [p["name"] for p in document.practices]
    for practice, expected in zip(found, document.practices, strict=True):
        assert_same_practice(practice, expected)


@SETTINGS
@given(document_strategy(max_practices=6))
def test_every_field_comes_back_from_a_noisy_document(document):
    assert_round_trip(document)


@SETTINGS
@given(document_strategy(max_practices=4, lang="ar"))
def test_every_field_comes_back_from_an_arabic_document(document):
    assert_round_trip(document)


@settings(SETTINGS, max_examples=EXAMPLES or 30)
@given(st.integers(0, 2**32 - 1))
def test_bigger_documents_with_default_noise(seed):
    assert_round_trip(generate_document(seed, n_practices=random.Random(seed).randint(10, 30)))


# Cutting a document also cuts the repetitions that give running headers away, so these layouts
# have page numbers only.
WITHOUT_RUNNING_HEADERS = layout_strategy().map(
    lambda layout: dataclasses.replace(layout, running_header=False, footer_with_number=False)
)


@settings(SETTINGS, max_examples=EXAMPLES or 40)
@given(document_strategy(max_practices=3, layouts=WITHOUT_RUNNING_HEADERS), st.randoms(use_true_random=False))
def test_a_document_cut_before_its_last_goals_keeps_the_last_practice_with_a_warning(document, rnd):
    lines = document.text.split("\n")
    last = document.practices[-1]
    start = max(index for index, line in enumerate(lines) if line == last["name"])
    goals = next(index for index in range(start, len(lines)) if GOAL_LINE.match(lines[index]))
    # Cut somewhere after the country and organisation lines and before the first goal.
    cut = rnd.randint(min(start + 3, goals), goals)
    found = parse_compendium("\n".join(lines[:cut]))
    assert [p.name for p in found] == [p["name"] for p in document.practices]
    for practice, expected in zip(found[:-1], document.practices[:-1], strict=True):
        assert_same_practice(practice.to_dict(), expected)
    assert found[-1].goals == []
    assert any("appears cut off at the end of the document" in w for w in found[-1].warnings)


def test_generator_expected_values_have_the_parser_shape():
    document = generate_document(5, n_practices=3)
    keys = list(ParsedPractice().to_dict())
    keys.remove("warnings")
    for practice in document.practices:
        assert list(practice) == keys
        assert 1 <= len(practice["goals"]) <= 3
        assert all(1 <= len(goal["paragraphs"]) <= 3 for goal in practice["goals"])


def test_generator_vocabulary_never_starts_a_line_like_a_label():
    # The generator's body text must not contain label words at a word start, or a hard wrap could
    # turn it into a label and the "expected" values would be wrong, not the parser.
    pools = [
        WORDS.en_subjects,
        WORDS.en_verbs,
        WORDS.en_objects,
        WORDS.en_aims,
        WORDS.en_groups,
        WORDS.ar_subject_verbs,
        WORDS.ar_objects,
        WORDS.ar_aims,
        WORDS.ar_groups,
    ]
    allowed = {"City", "description", "البلدية"}  # deliberate look-alikes the parser must see through
    for pool in pools:
        for phrase in pool:
            for word in phrase.split():
                if word in allowed:
                    continue
                match = _LABEL_RE.match(word)
                assert match is None or match.end() < len(word.rstrip(".,")), word
    assert any("City Hall" in tail for tail in WORDS.en_tails)
    assert any("البلدية" in tail for tail in WORDS.ar_tails)


def test_measured_accuracy_on_a_hundred_practices():
    result = measure_accuracy(100, seed=1)
    assert result["practices_generated"] >= 100
    assert set(result["fields"]) == set(FIELDS)
    assert result["overall"] >= 0.95, result
    assert result["recall"] >= 0.95 and result["precision"] >= 0.95, result
