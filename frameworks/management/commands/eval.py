"""`wiqaya eval NAME …`: measure one part of the platform against a labelled set, with a baseline in the same run.

Each measure is a subcommand, listed in `SUBCOMMANDS` as name → (help, add_arguments, run); `run(command,
options)` prints its own report: `tagging` (goal suggestions, `frameworks.evaluation`) and `search` (ranking,
`search.evaluation`; it indexes the corpus into a temporary database, never the user's).

    wiqaya eval tagging --framework un-pve-2015 --corpus docs/eval/tagging/corpus \\
        --labels docs/eval/tagging/labels.jsonl [--train docs/eval/tagging/train.jsonl] [--curve 0,10,20,45] [--json]
    wiqaya eval search --corpus docs/eval/search/corpus --queries docs/eval/search/queries.jsonl [--json]

The command reads the user's database. The only write: when the framework is not there yet, the shipped
definitions are loaded first (`frameworks.services.load_definitions`, idempotent).
"""

import json
import os
import platform
import time

from django.core.management.base import BaseCommand, CommandError

from core.actors import system
from frameworks.evaluation import EvaluationError, evaluate_tagging, learning_curve, load_corpus, load_labels
from frameworks.models import Framework
from frameworks.queries import goal_texts
from frameworks.services import load_definitions

# --- eval tagging -------------------------------------------------------------------------------------


def _tagging_arguments(parser) -> None:
    parser.add_argument(
        "--framework", required=True, metavar="SLUG", help="Framework whose goals are the labels."
    )
    parser.add_argument("--corpus", required=True, metavar="DIR", help="Directory of JSON documents.")
    parser.add_argument("--labels", required=True, metavar="FILE", help="JSON lines: {id, goals}.")
    parser.add_argument(
        "--train", metavar="FILE", help="JSON lines used as confirmed examples; few-shot runs on the rest."
    )
    parser.add_argument(
        "--curve",
        metavar="SIZES",
        help="Also a learning curve: numbers of confirmed examples drawn from --train, e.g. 0,10,20,45.",
    )
    parser.add_argument(
        "--seeds", type=int, default=3, help="Random draws per learning-curve size (default 3)."
    )


def resolve_framework(slug: str) -> Framework:
    """The framework with this slug, loading the shipped definitions first when the database lacks it."""
    framework = Framework.objects.filter(slug=slug).first()
    if framework is None:
        load_definitions(actor=system("eval tagging"))
        framework = Framework.objects.filter(slug=slug).first()
    if framework is None:
        known = ", ".join(Framework.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(f"no framework {slug!r} (known: {known})")
    return framework


def framework_goals(slug: str):
    """The framework's top-level goals as the suggester sees them; an error when it has none."""
    goals = goal_texts(resolve_framework(slug))
    if not goals:
        raise CommandError(f"framework {slug!r} has no goals to suggest: complete it first")
    return goals


def warn_if_undescribed(command: BaseCommand, goals) -> None:
    """Zero-shot matching reads the goal descriptions: say so when the database has none."""
    if not any(g.description_en or g.description_ar for g in goals):
        command.stderr.write(
            "warning: this framework's goals have no descriptions in the database, so suggestions match titles "
            "only; `wiqaya setup` loads the shipped descriptions"
        )


def _tagging(command: BaseCommand, options: dict) -> None:
    started = time.perf_counter()
    goals = framework_goals(options["framework"])
    warn_if_undescribed(command, goals)
    numbers = [g.number for g in goals]
    try:
        corpus = load_corpus(options["corpus"])
        labels = load_labels(options["labels"], corpus_ids=corpus, goal_numbers=numbers)
        train = (
            load_labels(options["train"], corpus_ids=corpus, goal_numbers=numbers)
            if options.get("train")
            else None
        )
        sizes = [int(s) for s in options["curve"].split(",")] if options.get("curve") else None
    except EvaluationError as exc:
        raise CommandError(str(exc)) from exc
    except ValueError as exc:
        raise CommandError(f"--curve takes numbers separated by commas: {exc}") from exc
    if sizes and not train:
        raise CommandError("--curve draws confirmed examples from --train: give --train too")
    try:
        result = evaluate_tagging(goals, corpus, labels, train)
        if sizes:
            result["learning_curve"] = learning_curve(
                goals, corpus, labels, sizes=sizes, seeds=options["seeds"], train=train
            )
    except EvaluationError as exc:
        raise CommandError(str(exc)) from exc
    result["framework"] = options["framework"]
    result["goals"] = {g.number: g.title_en or g.title_ar for g in goals}
    result["seconds"] = round(time.perf_counter() - started, 2)
    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
    if options.get("json"):
        command.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
        return
    for line in _tagging_report(result, options):
        command.stdout.write(line)


def _tagging_report(result: dict, options: dict) -> list[str]:
    runs = [
        ("zero-shot", result["zero_shot"]),
        ("few-shot", result["few_shot"]),
        ("keyword baseline", result["baseline"]),
    ]
    runs = [(name, run) for name, run in runs if run]
    lines = [
        f"Goal suggestions on {options['corpus']} — framework {result['framework']}, labels {options['labels']}"
        + (f", confirmed examples {options['train']}" if options.get("train") else ""),
        "",
        f"{'':22}" + "".join(f"{name:>20}" for name, _ in runs),
        f"{'documents':22}" + "".join(f"{run['documents']:>20}" for _, run in runs),
    ]
    for key, label in (("micro_f1", "micro-F1"), ("macro_f1", "macro-F1"), ("p@1", "precision@1")):
        lines.append(f"{label:22}" + "".join(f"{run[key]:>20.3f}" for _, run in runs))
    for lang in sorted(result["zero_shot"]["by_lang"]):
        cells = []
        for _, run in runs:
            part = run["by_lang"].get(lang)
            cells.append(f"{part['micro_f1']:.3f} ({part['documents']})" if part else "—")
        lines.append(f"{'micro-F1, ' + lang + ' (docs)':22}" + "".join(f"{c:>20}" for c in cells))
    if result["few_shot"]:
        lines.append(
            f"{'ece (confidence)':22}" + "".join(f"{run.get('ece', 0):>20.3f}" for _, run in runs[:2])
        )
    lines += ["", "Per goal: precision / recall / F1 (support)"]
    header = f"{'goal':6}{'title':34}" + "".join(f"{name:>28}" for name, _ in runs)
    lines.append(header)
    for number, title in result["goals"].items():
        cells = []
        for _, run in runs:
            g = run["per_goal"][number]
            cells.append(f"{g['precision']:.2f} / {g['recall']:.2f} / {g['f1']:.2f} ({g['support']})")
        short = title if len(title) <= 32 else title[:31] + "…"
        lines.append(f"{number:6}{short:34}" + "".join(f"{c:>28}" for c in cells))
    if result.get("held_out"):
        same = result["held_out"]
        lines += [
            "",
            f"On the {result['few_shot']['documents']} few-shot documents only: zero-shot micro-F1 "
            f"{same['zero_shot']['micro_f1']:.3f}, keyword baseline {same['baseline']['micro_f1']:.3f}, "
            f"few-shot {result['few_shot']['micro_f1']:.3f} with {result['few_shot']['examples']} examples.",
        ]
    if result.get("cross_lingual"):
        lines += ["", "Across languages (micro-F1):"]
        lines += [f"  {key.replace('_', ' ')}: {value:.3f}" for key, value in result["cross_lingual"].items()]
    if result.get("learning_curve"):
        lines += [
            "",
            "Learning curve (held-out documents; mean over seeds):",
            "  examples  micro-F1 (sd)  macro-F1  p@1",
        ]
        for point in result["learning_curve"]:
            lines.append(
                f"  {point['examples']:>8}  {point['micro_f1']:.3f} ({point['micro_f1_sd']:.3f})"
                f"  {point['macro_f1']:>8.3f}  {point['p@1']:.3f}"
            )
    lines += [
        "",
        f"{result['seconds']} s on {result['machine']['cpus']} CPUs, Python {result['machine']['python']}",
    ]
    return lines


# --- eval search ---------------------------------------------------------------------------------------


def _search_arguments(parser) -> None:
    parser.add_argument("--corpus", required=True, metavar="DIR", help="Directory of JSON documents {id, title, text, lang}.")
    parser.add_argument("--queries", required=True, metavar="FILE", help="JSON lines: {qid, query, relevant}.")
    parser.add_argument("--fusion-grid", action="store_true", help="Also compare fusion methods and parameters.")
    parser.add_argument("--no-glossary", action="store_true", help="Keyword search without the glossary's expansions.")


def _search(command: BaseCommand, options: dict) -> None:
    from search.evaluation import EvaluationError as SearchEvaluationError
    from search.evaluation import evaluate_search, load_corpus, load_queries, report

    try:
        corpus = load_corpus(options["corpus"])
        queries = load_queries(options["queries"], corpus)
        result = evaluate_search(corpus, queries, fusion_grid=options.get("fusion_grid", False),
                                 glossary=not options.get("no_glossary", False))
    except SearchEvaluationError as exc:
        raise CommandError(str(exc)) from exc
    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
    if options.get("json"):
        command.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
        return
    for line in report(result, options):
        command.stdout.write(line)


SUBCOMMANDS = {
    "search": (
        "Search ranking: nDCG@10, recall@10, MRR@10 of hybrid, keyword-only and semantic-only.",
        _search_arguments,
        _search,
    ),
    "tagging": (
        "Goal suggestions: micro/macro-F1 and p@1, zero-shot, few-shot, keyword baseline.",
        _tagging_arguments,
        _tagging,
    ),
}


class Command(BaseCommand):
    help = "Evaluate against a labelled set: " + ", ".join(SUBCOMMANDS)

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="measure", required=True)
        for name, (help_text, add_arguments, _run) in SUBCOMMANDS.items():
            sub = subparsers.add_parser(name, help=help_text)
            sub.add_argument("--json", action="store_true", help="Print one JSON object.")
            add_arguments(sub)

    def handle(self, *args, measure=None, **options):
        if measure not in SUBCOMMANDS:
            raise CommandError(f"unknown measure {measure!r}: choose from {', '.join(SUBCOMMANDS)}")
        SUBCOMMANDS[measure][2](self, options)
