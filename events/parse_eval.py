"""Recommendation parser on real outcome statements: recall, precision, exact text, numbers, audiences, and a baseline.

    wiqaya bench recommendations [--set docs/eval/real/recommendations] [--json]

Reads the evaluation set (texts/NNN.txt, expected/NNN.json judged by hand, split.json) and scores
`events.parsing.parse_recommendations` and, in the same run, a naive baseline — every line that starts with a
number or a bullet is one recommendation, its text the rest of that line — on the tuning half and the held-out half
separately (the held-out half is never tuned on; see the set's README).

Matching: each expected recommendation is paired with at most one parsed one, best word overlap first (F1 of the
words, whitespace joined); a pair counts from 0.5. Recall = matched / expected, precision = matched / parsed. Over
the matched pairs: exact text (equal after whitespace is joined), number (as written; null = null is right) and
audience (likewise).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from .parsing import parse_recommendations

DEFAULT_SET = Path(__file__).resolve().parent.parent / "docs" / "eval" / "real" / "recommendations"
MATCH_THRESHOLD = 0.5
HALVES = ("tuning", "held_out")

WORD = re.compile(r"\S+")
# The baseline's idea of an item: a line that starts with a number or a bullet.
NAIVE_ITEM = re.compile(
    r"^\s*(?:\(?(?P<num>[0-9\u0660-\u0669\u06f0-\u06f9]+)[.)\-\u2013\u2014]?\)?|[•●▪*\-\u2013\u2014\u2212])\s*(?P<text>\S.*)$"
)


def naive_split(text: str) -> list[dict]:
    """The baseline: one recommendation per line that starts with a number or a bullet."""
    found = []
    for line in (text or "").splitlines():
        match = NAIVE_ITEM.match(line)
        if match:
            found.append({"number": match.group("num"), "text": match.group("text").strip(), "audience": None})
    return found


def add_arguments(parser) -> None:
    parser.add_argument("--set", default=str(DEFAULT_SET), help="The evaluation set's folder.")


def run(options) -> dict:
    folder = Path(options.get("set") or DEFAULT_SET)
    return evaluate(folder)


def evaluate(folder: Path = DEFAULT_SET) -> dict:
    """Scores of the parser and the baseline on each half of the set in `folder`."""
    folder = Path(folder)
    split = json.loads((folder / "split.json").read_text(encoding="utf-8"))
    result = {"set": _shown(folder), "threshold": MATCH_THRESHOLD}
    for half in HALVES:
        ids = split[half]
        result[half] = {
            "documents": len(ids),
            "parser": _score(folder, ids, parse_recommendations),
            "baseline": _score(folder, ids, naive_split),
        }
    return result


def _score(folder: Path, ids: list[str], parse) -> dict:
    counts = Counter()
    for doc_id in ids:
        text = (folder / "texts" / f"{doc_id}.txt").read_text(encoding="utf-8")
        expected = json.loads((folder / "expected" / f"{doc_id}.json").read_text(encoding="utf-8"))
        parsed = parse(text)
        counts["expected"] += len(expected)
        counts["parsed"] += len(parsed)
        for want, got in _match(expected, parsed):
            counts["matched"] += 1
            counts["exact_text"] += _norm(want["text"]) == _norm(got["text"])
            counts["number"] += (want["number"] or None) == (got["number"] or None)
            counts["audience"] += (want["audience"] or None) == (got.get("audience") or None)
    matched = counts["matched"]
    return {
        "expected": counts["expected"],
        "parsed": counts["parsed"],
        "matched": matched,
        "recall": _ratio(matched, counts["expected"]),
        "precision": _ratio(matched, counts["parsed"]),
        "exact_text": _ratio(counts["exact_text"], matched),
        "number_accuracy": _ratio(counts["number"], matched),
        "audience_accuracy": _ratio(counts["audience"], matched),
    }


def _match(expected: list[dict], parsed: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs (expected, parsed), best overlap first, each used once, overlap at least MATCH_THRESHOLD."""
    scored = []
    for i, want in enumerate(expected):
        for j, got in enumerate(parsed):
            overlap = _overlap(want["text"], got["text"])
            if overlap >= MATCH_THRESHOLD:
                scored.append((overlap, -i, -j, i, j))
    scored.sort(reverse=True)
    used_expected, used_parsed, pairs = set(), set(), []
    for _overlap_value, _a, _b, i, j in scored:
        if i in used_expected or j in used_parsed:
            continue
        used_expected.add(i)
        used_parsed.add(j)
        pairs.append((expected[i], parsed[j]))
    return pairs


def _overlap(a: str, b: str) -> float:
    """F1 of the two texts' words (as multisets)."""
    words_a, words_b = Counter(WORD.findall(a)), Counter(WORD.findall(b))
    common = sum((words_a & words_b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(words_b.values()), common / sum(words_a.values())
    return 2 * precision * recall / (precision + recall)


def _norm(text: str) -> str:
    return " ".join(WORD.findall(text or ""))


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def report(result: dict) -> list[str]:
    lines = [f"Recommendation parser on {result['set']} (pairs matched from word-overlap F1 {result['threshold']})"]
    header = f"  {'':10} {'recall':>7} {'precision':>9} {'exact text':>10} {'number':>7} {'audience':>8}  matched/expected/parsed"
    for half in HALVES:
        part = result[half]
        lines.append(f"{half.replace('_', '-')} half: {part['documents']} documents")
        lines.append(header)
        for name in ("parser", "baseline"):
            s = part[name]
            lines.append(
                f"  {name:10} {_pct(s['recall']):>7} {_pct(s['precision']):>9} {_pct(s['exact_text']):>10} "
                f"{_pct(s['number_accuracy']):>7} {_pct(s['audience_accuracy']):>8}  "
                f"{s['matched']}/{s['expected']}/{s['parsed']}"
            )
    return lines


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _shown(folder: Path) -> str:
    """The set's folder as the report shows it: relative to the repository when it lies inside."""
    root = DEFAULT_SET.parent.parent.parent.parent
    try:
        return str(folder.resolve().relative_to(root))
    except ValueError:
        return str(folder)
