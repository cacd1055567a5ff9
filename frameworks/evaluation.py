"""Measuring goal suggestions on a labelled corpus: zero-shot, few-shot, a keyword baseline, a learning curve.

Used by `wiqaya eval tagging` and by the tests; no Django. Inputs are the files of `docs/eval/tagging/`:
a corpus directory with one JSON file per document (`{"id", "title", "text", "lang"}`; `lang` is any ISO 639
code, detected as Arabic or English when absent) and JSON-lines label files (`{"id", "goals": ["4", "6"]}`,
goal numbers of the framework). Bad input stops with the file name, the line where it can be told, and what
is wrong.

Metrics, over the goals of the framework:
- micro-F1: from true/false positives and false negatives pooled over every (document, goal) pair;
- macro-F1: the mean of per-goal F1 over goals that occur in the gold labels or the predictions of the
  documents evaluated (a goal absent from both says nothing about the method);
- p@1: the share of documents whose first-ranked goal is one of their gold goals;
- ece (suggester only): expected calibration error of the confidences over every (document, goal) pair,
  10 equal-width bins: how far "70 % confident" is from "right 70 % of the time".
"""

import json
import random
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from core.text import detect_language
from search.embeddings import embed

from .suggest import Calibration, Example, GoalSuggester, GoalText, keyword_baseline

# Any language, by its ISO 639-1 (two letters) or 639-2/3 (three letters) code: evaluation corpora hold
# French, Spanish or German documents beside Arabic and English ones; figures are given per language.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


class EvaluationError(ValueError):
    """A corpus or label file that cannot be used, with where and why."""


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    text: str
    lang: str

    @property
    def full_text(self) -> str:
        """What the suggester reads: the title as a first line, then the text."""
        return f"{self.title}\n{self.text}" if self.title else self.text


# --- loading ------------------------------------------------------------------------------------------


def load_corpus(directory: str | Path) -> dict[str, Document]:
    """Every `*.json` document of `directory`, by id."""
    directory = Path(directory)
    if not directory.is_dir():
        raise EvaluationError(f"{directory}: not a directory of JSON documents")
    files = sorted(directory.glob("*.json"))
    if not files:
        raise EvaluationError(f"{directory}: no *.json documents in it")
    corpus: dict[str, Document] = {}
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            raise EvaluationError(f"{path}: not UTF-8 text ({exc.reason})") from exc
        except json.JSONDecodeError as exc:
            raise EvaluationError(f"{path}, line {exc.lineno}: invalid JSON ({exc.msg})") from exc
        if not isinstance(data, dict):
            raise EvaluationError(f"{path}: expected a JSON object with id, title, text and lang")
        doc_id, text = data.get("id"), data.get("text")
        if not isinstance(doc_id, str | int) or str(doc_id).strip() == "":
            raise EvaluationError(f'{path}: missing or empty "id"')
        if not isinstance(text, str) or not text.strip():
            raise EvaluationError(f'{path}: missing or empty "text"')
        title = data.get("title") or ""
        if not isinstance(title, str):
            raise EvaluationError(f'{path}: "title" must be a string')
        lang = data.get("lang") or detect_language(text)
        if not isinstance(lang, str) or not LANGUAGE_CODE.fullmatch(lang.strip().lower()):
            raise EvaluationError(
                f'{path}: "lang" must be a language code of two or three letters (ISO 639), such as "ar", "en" '
                f"or \"fr\", not {lang!r}"
            )
        lang = lang.strip().lower()
        doc_id = str(doc_id)
        if doc_id in corpus:
            raise EvaluationError(f"{path}: id {doc_id!r} is used by another document too")
        corpus[doc_id] = Document(id=doc_id, title=title, text=text, lang=lang)
    return corpus


def load_labels(
    path: str | Path, *, corpus_ids: Iterable[str] | None = None, goal_numbers: Iterable[str] | None = None
) -> dict[str, set[str]]:
    """A JSON-lines label file: id → set of goal numbers. Checks ids and numbers against what is given."""
    path = Path(path)
    known_ids = set(corpus_ids) if corpus_ids is not None else None
    known_goals = set(goal_numbers) if goal_numbers is not None else None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise EvaluationError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    labels: dict[str, set[str]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationError(f"{where}: invalid JSON ({exc.msg})") from exc
        if not isinstance(row, dict) or "id" not in row or "goals" not in row:
            raise EvaluationError(f'{where}: expected an object with "id" and "goals"')
        doc_id, goals = str(row["id"]), row["goals"]
        if not isinstance(goals, list) or not all(isinstance(g, str | int) for g in goals):
            raise EvaluationError(f'{where}: "goals" must be a list of goal numbers')
        goals = {str(g).strip() for g in goals}
        if not goals:
            raise EvaluationError(f"{where}: document {doc_id!r} has no goal")
        if doc_id in labels:
            raise EvaluationError(f"{where}: document {doc_id!r} is labelled twice")
        if known_ids is not None and doc_id not in known_ids:
            raise EvaluationError(f"{where}: document {doc_id!r} is not in the corpus")
        if known_goals is not None and goals - known_goals:
            unknown = ", ".join(sorted(goals - known_goals))
            raise EvaluationError(
                f"{where}: goal {unknown} is not a goal of the framework (it has {', '.join(sorted(known_goals))})"
            )
        labels[doc_id] = goals
    if not labels:
        raise EvaluationError(f"{path}: no labels in it")
    return labels


# --- metrics ------------------------------------------------------------------------------------------


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def score(
    predicted: Mapping[str, set[str]],
    gold: Mapping[str, set[str]],
    first: Mapping[str, str | None],
    goal_numbers: Iterable[str],
) -> dict:
    """micro-F1, macro-F1, p@1 and per-goal precision, recall, F1 and support over the documents of `gold`."""
    goal_numbers = list(goal_numbers)
    counts = {g: [0, 0, 0] for g in goal_numbers}  # tp, fp, fn
    hits = 0
    for doc_id, truth in gold.items():
        guess = predicted.get(doc_id, set())
        for g in goal_numbers:
            if g in guess and g in truth:
                counts[g][0] += 1
            elif g in guess:
                counts[g][1] += 1
            elif g in truth:
                counts[g][2] += 1
        hits += first.get(doc_id) in truth
    tp, fp, fn = (sum(c[k] for c in counts.values()) for k in range(3))
    per_goal = {
        g: {
            "precision": round(tp_ / (tp_ + fp_), 4) if tp_ + fp_ else 0.0,
            "recall": round(tp_ / (tp_ + fn_), 4) if tp_ + fn_ else 0.0,
            "f1": round(_f1(tp_, fp_, fn_), 4),
            "support": tp_ + fn_,
        }
        for g, (tp_, fp_, fn_) in counts.items()
    }
    present = [g for g, (tp_, fp_, fn_) in counts.items() if tp_ + fp_ + fn_]
    return {
        "micro_f1": round(_f1(tp, fp, fn), 4),
        "macro_f1": round(float(np.mean([per_goal[g]["f1"] for g in present])), 4) if present else 0.0,
        "p@1": round(hits / len(gold), 4) if gold else 0.0,
        "documents": len(gold),
        "per_goal": per_goal,
    }


def calibration_error(pairs: list[tuple[float, bool]], bins: int = 10) -> float:
    """Expected calibration error of (confidence, was right) pairs."""
    if not pairs:
        return 0.0
    confidence = np.array([c for c, _ in pairs])
    right = np.array([r for _, r in pairs], dtype=float)
    which = np.minimum((confidence * bins).astype(int), bins - 1)
    error = sum(
        abs(confidence[which == b].mean() - right[which == b].mean()) * (which == b).sum()
        for b in range(bins)
        if (which == b).any()
    )
    return round(float(error / len(pairs)), 4)


def _as_documents(corpus: Mapping[str, Document | str]) -> dict[str, Document]:
    return {
        doc_id: doc if isinstance(doc, Document) else Document(doc_id, "", doc, detect_language(doc))
        for doc_id, doc in corpus.items()
    }


def _run(
    predict: Callable[[Document], tuple[set[str], str | None, dict[str, float] | None]],
    documents: dict[str, Document],
    gold: Mapping[str, set[str]],
    goal_numbers: list[str],
) -> dict:
    predicted, first, pairs = {}, {}, []
    for doc_id in gold:
        predicted[doc_id], first[doc_id], confidences = predict(documents[doc_id])
        pairs += [(c, g in gold[doc_id]) for g, c in (confidences or {}).items()]
    result = score(predicted, gold, first, goal_numbers)
    if pairs:
        result["ece"] = calibration_error(pairs)
    result["by_lang"] = {}
    for lang in sorted({documents[d].lang for d in gold}):
        subset = {d: g for d, g in gold.items() if documents[d].lang == lang}
        part = score(predicted, subset, first, goal_numbers)
        result["by_lang"][lang] = {k: part[k] for k in ("micro_f1", "macro_f1", "p@1", "documents")}
    return result


def _suggester_predict(suggester: GoalSuggester):
    def predict(doc: Document):
        ranked = suggester.suggest(doc.full_text, top_k=len(suggester.goals))
        chosen = {s.goal_number for s in ranked if s.selected}
        confidences = {s.goal_number: s.confidence for s in ranked}
        return chosen, ranked[0].goal_number if ranked else None, confidences

    return predict


def _baseline_predict(goals: list[GoalText]):
    def predict(doc: Document):
        chosen = keyword_baseline(goals, doc.full_text)
        return chosen, next(iter(chosen), None), None

    return predict


def _examples(documents: dict[str, Document], train: Mapping[str, set[str]]) -> list[Example]:
    return [
        Example(text=documents[d].full_text, goals=sorted(g), label=documents[d].title)
        for d, g in train.items()
    ]


def _one_language(goal: GoalText, lang: str) -> GoalText:
    """The goal's texts in one language only (paragraphs sorted by the script they are written in)."""
    keep = [p for p in goal.paragraphs if detect_language(p) == lang]
    if lang == "en":
        return replace(goal, title_ar="", description_ar="", paragraphs=keep)
    return replace(goal, title_en="", description_en="", paragraphs=keep)


def evaluate_tagging(
    goals: list[GoalText],
    corpus: Mapping[str, Document | str],
    labels: Mapping[str, set[str]],
    train: Mapping[str, set[str]] | None = None,
    *,
    encoder: Callable = embed,
    calibration: Calibration | None = None,
) -> dict:
    """Zero-shot and keyword baseline on every labelled document; few-shot (train = confirmed examples) on the
    labelled documents not in `train`; each with per-goal and per-language figures."""
    documents = _as_documents(corpus)
    numbers = [g.number for g in goals]
    missing = sorted(set(labels) - set(documents)) + sorted(set(train or {}) - set(documents))
    if missing:
        raise EvaluationError(f"labelled documents missing from the corpus: {', '.join(missing[:10])}")
    zero = GoalSuggester(goals, encoder=encoder, calibration=calibration)
    result = {
        "zero_shot": _run(_suggester_predict(zero), documents, labels, numbers),
        "few_shot": None,
        "baseline": _run(_baseline_predict(goals), documents, labels, numbers),
    }
    if train:
        held_out = {d: g for d, g in labels.items() if d not in train}
        if not held_out:
            raise EvaluationError("every labelled document is in the training set: nothing left to evaluate")
        few = GoalSuggester(goals, _examples(documents, train), encoder=encoder, calibration=calibration)
        result["few_shot"] = _run(_suggester_predict(few), documents, held_out, numbers)
        result["few_shot"]["examples"] = len(few.examples)
        result["few_shot"]["calibration"] = list(few.calibration.platt)
        # The same held-out documents without examples, and with the keyword baseline: like for like.
        result["held_out"] = {
            "zero_shot": _run(_suggester_predict(zero), documents, held_out, numbers),
            "baseline": _run(_baseline_predict(goals), documents, held_out, numbers),
        }
        result["cross_lingual"] = cross_lingual(goals, documents, labels, train, encoder=encoder)
    return result


def cross_lingual(
    goals: list[GoalText],
    documents: dict[str, Document],
    labels: Mapping[str, set[str]],
    train: Mapping[str, set[str]],
    *,
    encoder: Callable = embed,
) -> dict:
    """Micro-F1 when the goal texts or the confirmed examples are only in the other language."""
    numbers = [g.number for g in goals]
    held_out = {d: g for d, g in labels.items() if d not in train}
    out = {}
    for doc_lang, other in (("ar", "en"), ("en", "ar")):
        docs = {d: g for d, g in labels.items() if documents[d].lang == doc_lang}
        tests = {d: g for d, g in held_out.items() if documents[d].lang == doc_lang}
        one = [_one_language(g, other) for g in goals]
        if docs and any(g.title_en or g.title_ar or g.description_en or g.description_ar for g in one):
            suggester = GoalSuggester(one, encoder=encoder)
            run = _run(_suggester_predict(suggester), documents, docs, numbers)
            out[f"zero_shot_{doc_lang}_documents_{other}_goal_texts"] = run["micro_f1"]
        examples = {d: g for d, g in train.items() if documents[d].lang == other}
        if tests and examples:
            suggester = GoalSuggester(goals, _examples(documents, examples), encoder=encoder)
            run = _run(_suggester_predict(suggester), documents, tests, numbers)
            out[f"few_shot_{doc_lang}_documents_{other}_examples"] = run["micro_f1"]
    return out


def learning_curve(
    goals: list[GoalText],
    corpus: Mapping[str, Document | str],
    labels: Mapping[str, set[str]],
    sizes: Iterable[int] = (0, 10, 20, 40),
    seeds: int = 3,
    *,
    train: Mapping[str, set[str]] | None = None,
    encoder: Callable = embed,
) -> list[dict]:
    """F1 on held-out documents against the number of confirmed examples drawn at random from a pool.

    The pool is `train` (its labels) when given, else every other labelled document in id order; the
    held-out documents are the labelled ones outside the pool, the same for every size and seed.
    """
    documents = _as_documents(corpus)
    numbers = [g.number for g in goals]
    if train is None:
        ordered = sorted(labels)
        train = {d: labels[d] for d in ordered[::2]}
    pool = sorted(train)
    held_out = {d: g for d, g in labels.items() if d not in train}
    curve = []
    for size in sizes:
        size = min(int(size), len(pool))
        runs = []
        for seed in range(seeds if size else 1):  # without examples every seed gives the same figure
            chosen = random.Random(seed).sample(pool, size)  # noqa: S311 — reproducible sampling, not secrets  # reproducible sampling for an evaluation, not a secret  # nosec B311
            suggester = GoalSuggester(
                goals, _examples(documents, {d: train[d] for d in chosen}), encoder=encoder
            )
            runs.append(_run(_suggester_predict(suggester), documents, held_out, numbers))
        micro = [r["micro_f1"] for r in runs]
        curve.append(
            {
                "examples": size,
                "micro_f1": round(float(np.mean(micro)), 4),
                "micro_f1_sd": round(float(np.std(micro)), 4),
                "macro_f1": round(float(np.mean([r["macro_f1"] for r in runs])), 4),
                "p@1": round(float(np.mean([r["p@1"] for r in runs])), 4),
                "seeds": len(runs),
                "documents": len(held_out),
            }
        )
    return curve
