"""Goal suggestions: which goals of a framework a text (a practice, later a plan action or a need) serves.

Pure Python and numpy, no Django: the callers (`frameworks.queries`, `practices.queries`, the `suggest-goals` and `eval tagging`
commands) turn database rows into `GoalText` and `Example` values first.

Method
------
1. Zero-shot. Each goal is represented by many short goal texts ("prototypes"): its titles, its descriptions
   whole, each of their sentences, each item of their comma-separated lists ("mediation and negotiation
   between rival parties"), and its paragraphs — in whichever of Arabic and English exist. The text to tag is
   split into sentences. For each sentence and goal we take the mean of the three best prototype cosines
   (one lucky phrase does not decide, a whole description diluted by unrelated clauses does not either);
   the goal's score is the mean over the text's sentences. The multilingual encoder puts Arabic and English
   in one space, so an Arabic practice matches English goal texts and the other way round.
2. Confirmed examples (practices people linked to goals) are used twice:
   a. per-goal offsets added to the zero-shot scores, fitted so that the examples' own zero-shot
      distributions match their confirmed goals (ridge-penalised, so a handful of examples moves them
      little). This is the per-framework calibration of the goal texts: a broad goal that attracts every
      text ("Engaging communities": −0.041 from the 50 development-set examples) is pulled back, a goal whose
      texts match too weakly is pushed up;
   b. nearest neighbours: the text's vector (the normalised mean of its sentence vectors) is compared with
      every example's; the `neighbours` nearest vote for their goals with weight exp(cos / neighbour_
      temperature), each example's vote split over its goals.
3. Blend. Zero-shot scores (with offsets) become a distribution with softmax(score / temperature); the
   blend is p = (1 − b)·zero_shot + b·votes with b = blend_max · n / (n + blend_half), n the number of
   examples, so the examples count for more as people confirm more of them, while the goal texts are never
   ignored.
4. Decision. `predict` keeps the goals whose p is at least `keep_ratio` × the best p (at most `max_labels`,
   always at least one): relative to the best, because absolute cosines vary from text to text.
5. Confidence. confidence = sigmoid(a·ln(p / p_best) + b·p + c), a Platt-style map from the blended
   distribution to "how often such a suggestion is right" (the raw p under-states the goals of a text that
   serves two goals at once). With at least `MIN_EXAMPLES_TO_CALIBRATE` confirmed examples, a, b, c are
   refitted for the framework by leave-one-out over its examples, pulled towards the defaults below.

Tuned constants (defaults of `Calibration`) and why
---------------------------------------------------
Since issue 13 the constants are chosen on the tuning half of the real-text set (`docs/eval/real/`: 99 published
texts; the held-out half only reports, docs/benchmarks.md): temperature 0.05, keep_ratio 0.2, max_labels 2
(a sweep of temperature 0.01–0.05 × keep_ratio 0.2–0.6 × max_labels 2–3 × sentence pooling mean / top-3 /
max: zero-shot 0.656 on the tuning half, 0.644 held out, against 0.601 / 0.625 with the constants below);
neighbours 15 (2-fold cross-validation inside the tuning half: 0.667 against 0.652 for 7). The text is read
without page chrome (search.boilerplate). Tried there and not kept: adding a keyword share of the goal
descriptions' words to the scores (0.633 at best, tuning half, but 0.592 held out), the confirmed examples as
extra goal texts (cross-validation 0.598 against 0.651 for the neighbour votes), a ridge classifier on the text
vectors in place of the votes (0.690 against 0.688: no difference worth a second method). The figures of the
team's development set, below, are those of 2026-11-22, kept for the record.

Measured on the team's development set (`docs/eval/tagging/`, 100 texts, UN Plan of Action priority areas),
choosing only on its *train half*: zero-shot settings by micro-F1 on the train half ("zs" below), few-shot
settings by micro-F1 of 2-fold cross-validation inside the train half, 25 examples scoring the other 25,
3 shuffles ("cv"). The test half was used only to report figures (`docs/benchmarks.md`).

- temperature 0.03, keep_ratio 0.45 (together: keep goals within 0.024 cosine of the best, zero-shot):
  zs 0.794 / cv 0.823. Neighbours: keep_ratio 0.4 → 0.788 / 0.814, 0.5 → 0.775 / 0.824, 0.6 → 0.774 /
  0.824; temperature 0.02 → zs 0.774–0.787, 0.04 → zs 0.761–0.788.
- max_labels 3: no text in the set serves more than three priority areas.
- neighbours 7, neighbour_temperature 0.1: F1 moved by less than 0.01 across 5–10 and 0.05–0.2.
- bias_strength 1000, blend_half 20, blend_max 0.45: cv 0.823; bias_strength 300 → 0.811 (and 100 lost
  0.03 with 5–10 examples: offsets over-fit small sets), blend_max 0.3 → 0.818, 0.6 → 0.812.
- platt (0.473, 7.522, −2.025): logistic fit of (ln(p / p_best), p) to "the goal is right" over the
  zero-shot predictions on the train half and the cross-validation predictions inside it.
- Scoring sentence by sentence beat one vector for the whole text (+0.03 to +0.06 zero-shot F1);
  weighting sentences by length changed F1 by less than 0.01, so they count equally.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from core.text import normalize
from search import boilerplate
from search.embeddings import embed


@dataclass
class GoalText:
    """What the suggester knows about one goal: its number and its texts in either language."""

    number: str
    title_en: str = ""
    title_ar: str = ""
    description_en: str = ""
    description_ar: str = ""
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Example:
    """A text people have confirmed as serving `goals` (goal numbers); `label` names it in reasons."""

    text: str
    goals: list[str]
    label: str = ""


@dataclass
class Evidence:
    """One thing a suggestion rests on: a goal text it matches or a confirmed example it is close to."""

    kind: str  # "goal_text" or "example"
    text: str
    similarity: float


@dataclass
class Suggestion:
    """One suggested goal: how sure the suggester is (0–1), why in words, and the evidence behind it."""

    goal_number: str
    confidence: float
    reason: str
    evidence: list[Evidence] = field(default_factory=list)
    selected: bool = False  # in `predict`'s set


@dataclass(frozen=True)
class Calibration:
    """The suggester's constants; see the module docstring for how each default was chosen."""

    temperature: float = 0.05
    keep_ratio: float = 0.2
    max_labels: int = 2
    neighbours: int = 15
    neighbour_temperature: float = 0.1
    blend_half: float = 20.0
    blend_max: float = 0.45
    bias_strength: float = 1000.0
    platt: tuple[float, float, float] = (0.473, 7.522, -2.025)


MIN_EXAMPLES_TO_CALIBRATE = 20
_TOP_PROTOTYPES = 3
_SENTENCE_END = re.compile(r"(?<=[.!?؟;؛])\s+|\n+")
# A list item after a comma may open with "and"/"or"; in Arabic the conjunction و is glued to the item
# ("، والوساطة", "، ودعم"). Items embed better without it (train-half zero-shot F1 0.794 against 0.775 when only
# "وال" is cut); a word whose own first letter is و right after a comma loses it too, a rare and mild cost.
_LIST_SEPARATOR = re.compile(r"\s*[,;،؛]\s*(?:and\s+|or\s+|و(?=\S))?|\s+and\s+")


def sentences(text: str) -> list[str]:
    """The text's sentences and lines; the whole text when it has none."""
    parts = [p.strip() for p in _SENTENCE_END.split(text or "")]
    parts = [p for p in parts if len(p) > 2]
    return parts or [(text or "").strip()]


def prototypes(goal: GoalText) -> list[str]:
    """The short goal texts a goal is matched on, without duplicates, in a stable order."""
    found: list[str] = []
    for title in (goal.title_en, goal.title_ar):
        found.append(title)
    for text in (goal.description_en, goal.description_ar, *goal.paragraphs):
        found.append(text)
        for sentence in sentences(text):
            found.append(sentence)
            # The items of a list ("dialogue, mediation and early warning") each name a kind of work.
            items = [i.strip(" .:") for i in _LIST_SEPARATOR.split(sentence)]
            if len(items) > 1:
                found.extend(i for i in items if len(i) > 3)
    cleaned = [t.strip() for t in found if t and t.strip()]
    return list(dict.fromkeys(cleaned))


def _softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    shifted = np.exp((scores - scores.max(axis=-1, keepdims=True)) / temperature)
    return shifted / shifted.sum(axis=-1, keepdims=True)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _quote(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[: limit - 1].rstrip() + "…") + "”"


class GoalSuggester:
    """Suggests goals of one framework for a text, from the goal texts and from confirmed examples."""

    def __init__(
        self,
        goals: Iterable[GoalText],
        examples: Iterable[Example] = (),
        *,
        encoder: Callable[[list[str]], np.ndarray] = embed,
        calibration: Calibration | None = None,
    ):
        self.goals = list(goals)
        self.numbers = [g.number for g in self.goals]
        self.encoder = encoder
        self.calibration = calibration or Calibration()
        index = {n: i for i, n in enumerate(self.numbers)}

        self._proto_texts: list[str] = []
        owners: list[int] = []
        for i, goal in enumerate(self.goals):
            texts = prototypes(goal)
            self._proto_texts += texts
            owners += [i] * len(texts)
        self._proto_owner = np.array(owners, dtype=int)
        self._proto_vectors = self._encode(self._proto_texts)
        self._proto_groups = [np.flatnonzero(self._proto_owner == i) for i in range(len(self.goals))]

        # Examples whose goals are all unknown to this framework teach nothing here.
        self.examples = [e for e in examples if any(g in index for g in e.goals)]
        self._example_labels = np.zeros((len(self.examples), len(self.goals)))
        for row, example in enumerate(self.examples):
            for g in example.goals:
                if g in index:
                    self._example_labels[row, index[g]] = 1.0
        analysed = [self._text_vectors(e.text) for e in self.examples]
        self._example_vectors = (
            np.stack([vector for _, vector in analysed]) if analysed else np.zeros((0, self._dimension()))
        )
        self._example_zero_shot = (
            np.stack([self._zero_shot(sent)[0] for sent, _ in analysed]) if analysed else None
        )
        self.goal_bias = self._fit_bias() if self.examples else np.zeros(len(self.goals))
        if calibration is None and len(self.examples) >= MIN_EXAMPLES_TO_CALIBRATE:
            self.calibration = self._fit_platt()

    # --- encoding ---------------------------------------------------------------------------------

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        vectors = np.asarray(self.encoder(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)

    def _dimension(self) -> int:
        return self._proto_vectors.shape[1] if self._proto_vectors.size else 1

    def _text_vectors(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's sentence vectors and its own vector (their normalised mean)."""
        sentence_vectors = self._encode(sentences(boilerplate.clean(text)))
        mean = sentence_vectors.mean(axis=0)
        norm = np.linalg.norm(mean)
        return sentence_vectors, mean / norm if norm else mean

    # --- scoring ----------------------------------------------------------------------------------

    def _zero_shot(self, sentence_vectors: np.ndarray) -> tuple[np.ndarray, list[list[tuple[int, float]]]]:
        """Per goal: the zero-shot score and its best-matching prototypes (index, similarity)."""
        sims = sentence_vectors @ self._proto_vectors.T  # (sentences, prototypes)
        scores = np.zeros(len(self.goals))
        best: list[list[tuple[int, float]]] = []
        for i, group in enumerate(self._proto_groups):
            if not len(group):
                best.append([])
                continue
            own = sims[:, group]
            top = np.sort(own, axis=1)[:, -_TOP_PROTOTYPES:]
            scores[i] = top.mean(axis=1).mean()
            strongest = own.max(axis=0)
            order = np.argsort(-strongest)[:2]
            best.append([(int(group[j]), float(strongest[j])) for j in order])
        return scores, best

    def _blend_weight(self, n_examples: int) -> float:
        c = self.calibration
        return c.blend_max * n_examples / (n_examples + c.blend_half) if n_examples else 0.0

    def _votes(self, sims: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """kNN votes per goal from similarities to examples; also the neighbours' indexes."""
        c = self.calibration
        order = np.argsort(-sims)[: c.neighbours]
        weights = np.exp(sims[order] / c.neighbour_temperature)
        shares = labels[order] / np.maximum(labels[order].sum(axis=1, keepdims=True), 1)
        votes = (weights[:, None] * shares).sum(axis=0) / weights.sum()
        return votes, order

    def _confidences(self, p: np.ndarray, platt=None) -> np.ndarray:
        a, b, c = platt or self.calibration.platt
        ratio = np.log(np.maximum(p, 1e-12) / np.maximum(p.max(axis=-1, keepdims=True), 1e-12))
        return _sigmoid(a * ratio + b * p + c)

    def _analyse(self, text: str):
        sentence_vectors, vector = self._text_vectors(text)
        zero_shot, best_protos = self._zero_shot(sentence_vectors)
        p = _softmax(zero_shot + self.goal_bias, self.calibration.temperature)
        neighbours, example_sims = np.zeros(0, dtype=int), np.zeros(0)
        if self.examples:
            example_sims = self._example_vectors @ vector
            votes, neighbours = self._votes(example_sims, self._example_labels)
            b = self._blend_weight(len(self.examples))
            p = (1 - b) * p + b * votes
        return p, best_protos, neighbours, example_sims

    def scores(self, text: str) -> dict[str, float]:
        """The blended score of every goal (they sum to 1)."""
        p, *_ = self._analyse(text)
        return dict(zip(self.numbers, (float(x) for x in p), strict=True))

    def _selected(self, p: np.ndarray) -> list[int]:
        c = self.calibration
        order = [int(i) for i in np.argsort(-p, kind="stable")]
        return [i for i in order[: c.max_labels] if p[i] >= c.keep_ratio * p[order[0]]]

    def predict(self, text: str) -> set[str]:
        """The goals the text serves: those close enough to the best one (always at least one)."""
        if not self.goals:
            return set()
        p, *_ = self._analyse(text)
        return {self.numbers[i] for i in self._selected(p)}

    def suggest(self, text: str, top_k: int = 3) -> list[Suggestion]:
        """The `top_k` goals by confidence, each with a reason and its evidence."""
        if not self.goals:
            return []
        p, best_protos, neighbours, example_sims = self._analyse(text)
        confidence = self._confidences(p)
        selected = set(self._selected(p))
        order = sorted(range(len(self.goals)), key=lambda i: (-confidence[i], -p[i]))
        result = []
        for i in order[:top_k]:
            evidence = []
            # Nearest confirmed examples that carry this goal, most similar first.
            for j in neighbours:
                if self._example_labels[j, i] and len(evidence) < 2:
                    evidence.append(Evidence("example", self._example_label(j), float(example_sims[j])))
            for proto, similarity in best_protos[i][:1]:
                evidence.append(Evidence("goal_text", self._proto_texts[proto], similarity))
            result.append(
                Suggestion(
                    goal_number=self.numbers[i],
                    confidence=round(float(confidence[i]), 4),
                    reason=self._reason(evidence),
                    evidence=evidence,
                    selected=i in selected,
                )
            )
        return result

    def _example_label(self, j: int) -> str:
        example = self.examples[j]
        return example.label or sentences(example.text)[0]

    @staticmethod
    def _reason(evidence: list[Evidence]) -> str:
        examples = [_quote(e.text, 60) for e in evidence if e.kind == "example"]
        texts = [_quote(e.text) for e in evidence if e.kind == "goal_text"]
        parts = []
        if examples:
            noun = "confirmed example" if len(examples) == 1 else "confirmed examples"
            parts.append(f"close to {noun} " + ", ".join(examples))
        if texts:
            parts.append("matches the goal text " + texts[0])
        return "; ".join(parts) or "no goal text to match"

    # --- per-framework calibration ------------------------------------------------------------------

    def _leave_one_out(self) -> np.ndarray:
        """The blended distribution of every example, scored against all the other examples."""
        n = len(self.examples)
        sims = self._example_vectors @ self._example_vectors.T
        np.fill_diagonal(sims, -np.inf)
        b = self._blend_weight(n - 1)
        zero_shot = _softmax(self._example_zero_shot + self.goal_bias, self.calibration.temperature)
        rows = []
        for row in range(n):
            votes, _ = self._votes(sims[row, :], self._example_labels)
            rows.append((1 - b) * zero_shot[row] + b * votes)
        return np.stack(rows)

    def _fit_bias(self) -> np.ndarray:
        """Per-goal offsets added to the zero-shot scores, learned from the confirmed examples.

        Some goal texts attract every text a little (a broad goal such as "Engaging communities"); the offsets
        that make the examples' own zero-shot distribution fit their confirmed goals best correct that. The
        fit minimises the examples' cross-entropy plus bias_strength/2 · |offsets|², so a few examples move
        the offsets little and many examples move them more. Newton steps: the problem is convex in 1 × goals.
        """
        t = self.calibration.temperature
        target = self._example_labels / np.maximum(self._example_labels.sum(axis=1, keepdims=True), 1)
        strength = self.calibration.bias_strength
        bias = np.zeros(len(self.goals))
        for _ in range(30):
            p = _softmax(self._example_zero_shot + bias, t)
            gradient = (p - target).sum(axis=0) / t + strength * bias
            hessian = (np.diag(p.sum(axis=0)) - p.T @ p) / t**2 + strength * np.eye(len(bias))
            step = np.linalg.solve(hessian, gradient)
            # Damped: the softmax is flat far from the optimum, where a full Newton step overshoots.
            bias -= np.clip(step, -0.02, 0.02)
            if np.abs(step).max() < 1e-7:
                break
        return bias

    def _fit_platt(self, strength: float = 10.0) -> Calibration:
        """Refit the confidence map on this framework's examples, pulled towards the defaults (ridge)."""
        p = self._leave_one_out()
        ratio = np.log(np.maximum(p, 1e-12) / p.max(axis=1, keepdims=True))
        x = np.stack([ratio.ravel(), p.ravel(), np.ones(p.size)], axis=1)
        y = self._example_labels.ravel()
        prior = np.array(self.calibration.platt, dtype=float)
        w = prior.copy()
        for _ in range(25):  # Newton steps on the penalised log-likelihood; converges in a handful
            q = _sigmoid(x @ w)
            gradient = x.T @ (q - y) + strength * (w - prior)
            hessian = x.T @ (x * (q * (1 - q))[:, None]) + strength * np.eye(3)
            step = np.linalg.solve(hessian, gradient)
            w -= step
            if np.abs(step).max() < 1e-6:
                break
        if not np.all(np.isfinite(w)):
            return self.calibration
        # Keep the map increasing in p so that confidence never reorders the blended ranking.
        a, b, c = max(float(w[0]), 0.0), max(float(w[1]), 0.0), float(w[2])
        return replace(self.calibration, platt=(round(a, 4), round(b, 4), round(c, 4)))


# --- keyword baseline (for comparison only) -----------------------------------------------------------

_WORD = re.compile(r"\w+")
_STOPWORDS = set(
    "the and for with from that this their they them into about over under between within other others "
    "also such more most than then when where which while who whom whose will would could should have has "
    "had been being were was are is its it's our your not but can may all any each every both per via "
    "covers including rather".split()
) | {
    normalize(w)
    for w in "في من على إلى الى عن مع أو ثم التي الذي الذين هذا هذه ذلك تلك كل بين عند لا ما قد كما أن إن كان يشمل".split()
}
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")


def keyword_tokens(text: str) -> set[str]:
    """Lower-cased words without Arabic diacritics or definite article, plural -s, or stop words."""
    tokens = set()
    for word in _WORD.findall(normalize(text)):
        for prefix in _ARABIC_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                word = word[len(prefix) :]
                break
        if word.isascii() and len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if len(word) >= 3 and word not in _STOPWORDS and not word.isdigit():
            tokens.add(word)
    return tokens


def keyword_baseline(goals: Sequence[GoalText], text: str) -> set[str]:
    """The one goal whose title and description share the most words with `text`; empty when none does."""
    words = keyword_tokens(text)
    best, best_overlap = None, 0
    for goal in goals:
        vocabulary = keyword_tokens(
            " ".join([goal.title_en, goal.title_ar, goal.description_en, goal.description_ar])
        )
        overlap = len(words & vocabulary)
        if overlap > best_overlap:
            best, best_overlap = goal.number, overlap
    return {best} if best is not None else set()


__all__ = [
    "Calibration",
    "Evidence",
    "Example",
    "GoalSuggester",
    "GoalText",
    "Suggestion",
    "keyword_baseline",
]
