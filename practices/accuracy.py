"""Field-level accuracy of the compendium parser on synthetic compendia.

`measure_accuracy` renders documents with `practices.compendium_gen` (random practices, random
layout noise), parses them back with `practices.compendium.parse_compendium` and reports, per field,
the share of generated practices whose value came back exactly (text compared with whitespace
normalised, since a hard wrap at a sentence end is indistinguishable from a paragraph break), the
mean over fields, and practice recall and precision. Run it with ``python -m practices.accuracy``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import time
from pathlib import Path

from practices.compendium import parse_compendium
from practices.compendium_gen import Layout, generate_corpus, normalise_ws

SCALAR_FIELDS = (
    "name",
    "country",
    "organisation",
    "period",
    "start_year",
    "end_year",
    "ongoing",
    "activity",
    "objectives",
    "description",
    "beneficiaries",
)
GOAL_FIELDS = ("goal_numbers", "goal_titles", "paragraph_numbers", "paragraph_texts")
FIELDS = SCALAR_FIELDS + GOAL_FIELDS
TEXT_FIELDS = ("activity", "objectives", "description", "beneficiaries")


def _goal_views(practice: dict) -> dict:
    goals = practice["goals"]
    return {
        "goal_numbers": [goal["number"] for goal in goals],
        "goal_titles": [normalise_ws(goal["title"]) for goal in goals],
        "paragraph_numbers": [[p["number"] for p in goal["paragraphs"]] for goal in goals],
        "paragraph_texts": [[normalise_ws(p["text"]) for p in goal["paragraphs"]] for goal in goals],
    }


def _correct_fields(expected: dict, found: dict) -> dict[str, bool]:
    result = {name: normalise_ws(expected[name]) == normalise_ws(found[name]) for name in SCALAR_FIELDS}
    expected_goals, found_goals = _goal_views(expected), _goal_views(found)
    result.update({name: expected_goals[name] == found_goals[name] for name in GOAL_FIELDS})
    return result


def _align(expected: list[dict], found: list[dict]) -> list[tuple[int, int]]:
    """Pair generated and parsed practices: in order, re-synchronising on names where counts differ."""
    if len(expected) == len(found):
        return [(i, i) for i in range(len(expected))]
    matcher = difflib.SequenceMatcher(
        a=[normalise_ws(p["name"]) for p in expected],
        b=[normalise_ws(p["name"]) for p in found],
        autojunk=False,
    )
    pairs: list[tuple[int, int]] = []
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and a_end - a_start == b_end - b_start):
            pairs.extend(zip(range(a_start, a_end), range(b_start, b_end), strict=True))
    return pairs


# Extracted text with none of the noise: one wrap width, no front matter, headers or page numbers,
# canonical labels. Parsing it shows what the parser gets right before noise is added.
CLEAN_LAYOUT = Layout(
    width=100,
    front_matter=False,
    page_length=None,
    page_number_style="none",
    running_header=False,
    footer_with_number=False,
    label_variants=False,
    inline_rate=0.0,
    glued_rate=0.0,
    missing_heading_rate=0.0,
    run_together_rate=0.0,
    blank_paragraph_rate=0.0,
)


def measure_accuracy(n_practices: int = 500, seed: int = 0, layout: Layout | None = None) -> dict:
    """Generate documents holding at least `n_practices` practices, parse them, score every field.

    `layout=None` renders each document with random noise; `CLEAN_LAYOUT` renders the same practices clean.
    """
    documents = generate_corpus(n_practices, seed=seed, layout=layout)
    correct = dict.fromkeys(FIELDS, 0)
    generated = found_total = matched = 0
    exact_text = text_total = 0
    parse_seconds = 0.0
    for document in documents:
        started = time.perf_counter()
        found = [practice.to_dict() for practice in parse_compendium(document.text)]
        parse_seconds += time.perf_counter() - started
        generated += len(document.practices)
        found_total += len(found)
        for expected_index, found_index in _align(document.practices, found):
            matched += 1
            expected_practice, found_practice = document.practices[expected_index], found[found_index]
            for name, ok in _correct_fields(expected_practice, found_practice).items():
                correct[name] += ok
            # Strict: the same characters, paragraph breaks included.
            for name in TEXT_FIELDS:
                text_total += 1
                exact_text += expected_practice[name] == found_practice[name]
    fields = {name: correct[name] / generated if generated else 0.0 for name in FIELDS}
    return {
        "documents": len(documents),
        "practices_generated": generated,
        "practices_found": found_total,
        "practices_matched": matched,
        "recall": matched / generated if generated else 0.0,
        "precision": matched / found_total if found_total else 0.0,
        "fields": fields,
        "overall": sum(fields.values()) / len(fields),
        "text_exact_with_paragraph_breaks": exact_text / text_total if text_total else 0.0,
        "parse_seconds": round(parse_seconds, 3),
    }


PDF_FIXTURES = Path(__file__).parent / "tests" / "data" / "pdf"
PDF_EXTRACTORS = ("wiqaya", "pypdf", "pypdfium2", "pdftotext")


def _pdf_text(path: Path, extractor: str) -> str:
    """The text of a PDF as an importer would see it: `wiqaya` is `documents.extraction` (what imports use); the
    others are each library's own text, for comparison (pdftotext only where poppler-utils is installed)."""
    if extractor == "wiqaya":
        from documents.extraction import extract_text

        return extract_text(path.read_bytes(), path.name).text
    if extractor == "pypdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    if extractor == "pypdfium2":
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(path)
        try:
            return "\n".join(page.get_textpage().get_text_bounded() for page in document)
        finally:
            document.close()
    if extractor == "pdftotext":
        import shutil
        import subprocess  # poppler's command-line tool, for the comparison only  # nosec B404

        tool = shutil.which("pdftotext")
        if tool is None:
            raise FileNotFoundError("pdftotext (Debian poppler-utils) is not installed")
        # A fixed tool on one of our fixture files, no shell.
        command = [tool, "-enc", "UTF-8", str(path), "-"]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603  # nosec B603
    raise ValueError(f"unknown extractor {extractor!r}")


def pdf_accuracy(extractor: str = "wiqaya", folder: Path = PDF_FIXTURES) -> dict:
    """Field accuracy of extraction + parser on typeset compendium PDFs (Arabic and mixed Arabic/English), against
    the practices they were made from (`expected.json` beside them, written by `make_pdfs.py`)."""
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    correct = dict.fromkeys(FIELDS, 0)
    generated = found_total = matched = 0
    per_document: dict[str, float] = {}
    seconds = 0.0
    for name, entry in expected.items():
        practices = entry["practices"]
        started = time.perf_counter()
        found = [p.to_dict() for p in parse_compendium(_pdf_text(folder / name, extractor))]
        seconds += time.perf_counter() - started
        generated += len(practices)
        found_total += len(found)
        right = 0
        for expected_index, found_index in _align(practices, found):
            matched += 1
            for field_name, ok in _correct_fields(practices[expected_index], found[found_index]).items():
                correct[field_name] += ok
                right += ok
        per_document[name] = right / (len(practices) * len(FIELDS))
    fields = {name: correct[name] / generated if generated else 0.0 for name in FIELDS}
    return {
        "extractor": extractor,
        "documents": len(expected),
        "practices_generated": generated,
        "practices_found": found_total,
        "practices_matched": matched,
        "recall": matched / generated if generated else 0.0,
        "precision": matched / found_total if found_total else 0.0,
        "fields": fields,
        "overall": sum(fields.values()) / len(fields),
        "per_document": per_document,
        "seconds": round(seconds, 3),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_practices", nargs="?", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args(argv)
    print(json.dumps(measure_accuracy(arguments.n_practices, arguments.seed), indent=2))  # noqa: T201


if __name__ == "__main__":
    main()
