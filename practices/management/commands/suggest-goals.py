"""`wiqaya suggest-goals`: which goals of a framework a practice, a text file or a corpus of documents serves.

    wiqaya suggest-goals --framework SLUG (--practice ID | --text-file F | --corpus DIR) [--top K] [--json]

The suggester learns from the confirmed examples of that framework: practices people have linked to its goals
(entered, imported, or suggested and then accepted), the practice being suggested for left out. The file is
named with a hyphen because Django takes a command's name from its file name; it loads it with importlib,
which does not mind. It lives in the practices app because it reads practices (frameworks knows none).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from frameworks.evaluation import EvaluationError, load_corpus
from frameworks.management.commands.eval import framework_goals, resolve_framework, warn_if_undescribed
from frameworks.suggest import GoalSuggester
from practices.models import Practice
from practices.queries import confirmed_examples, practice_text


class Command(BaseCommand):
    help = (
        "Suggest the goals of a framework that a practice, a text file or each document of a corpus serves."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--framework", required=True, metavar="SLUG", help="Framework whose goals to suggest."
        )
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--practice", type=int, metavar="ID", help="A practice in the database.")
        source.add_argument("--text-file", metavar="F", help="A UTF-8 text file.")
        source.add_argument(
            "--corpus", metavar="DIR", help="A directory of JSON documents {id, title, text, lang}."
        )
        parser.add_argument(
            "--top", type=int, default=3, metavar="K", help="Suggestions per text (default 3)."
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **options):
        if options["top"] < 1:
            raise CommandError("--top must be at least 1")
        framework = resolve_framework(options["framework"])
        goals = framework_goals(framework.slug)
        warn_if_undescribed(self, goals)
        texts = self._texts(options)
        examples = confirmed_examples(framework, exclude_practice_id=options["practice"])
        titles = {g.number: g.title_en or g.title_ar for g in goals}
        suggester = GoalSuggester(goals, examples)
        results = []
        for text_id, title, text in texts:
            suggestions = suggester.suggest(text, top_k=options["top"])
            results.append(
                {
                    "id": text_id,
                    "title": title,
                    "predicted": sorted(
                        (s.goal_number for s in suggestions if s.selected), key=_number_order
                    ),
                    "suggestions": [
                        {
                            "goal": s.goal_number,
                            "title": titles.get(s.goal_number, ""),
                            "confidence": s.confidence,
                            "selected": s.selected,
                            "reason": s.reason,
                            "evidence": [
                                {"kind": e.kind, "text": e.text, "similarity": round(e.similarity, 4)}
                                for e in s.evidence
                            ],
                        }
                        for s in suggestions
                    ],
                }
            )
        output = {"framework": framework.slug, "examples": len(suggester.examples), "results": results}
        if options["json"]:
            self.stdout.write(json.dumps(output, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{framework} — {len(suggester.examples)} confirmed examples")
        for result in results:
            self.stdout.write("")
            self.stdout.write(f"{result['id']}: {result['title']}" if result["title"] else str(result["id"]))
            for s in result["suggestions"]:
                mark = "*" if s["selected"] else " "
                self.stdout.write(f" {mark} goal {s['goal']:<4} {s['confidence']:.2f}  {s['title']}")
                self.stdout.write(f"       {s['reason']}")
        self.stdout.write("")
        self.stdout.write("* = the goals the suggester would pick")

    def _texts(self, options) -> list[tuple[str, str, str]]:
        """(id, title, text) of each text to suggest goals for."""
        if options["practice"] is not None:
            practice = Practice.objects.filter(pk=options["practice"]).first()
            if practice is None:
                raise CommandError(f"no practice with id {options['practice']}")
            return [(str(practice.pk), practice.name, practice_text(practice))]
        if options["text_file"]:
            path = Path(options["text_file"])
            try:
                text = path.read_text(encoding="utf-8")
            except FileNotFoundError as exc:
                raise CommandError(f"{path}: no such file") from exc
            except UnicodeDecodeError as exc:
                raise CommandError(f"{path}: not UTF-8 text ({exc.reason})") from exc
            if not text.strip():
                raise CommandError(f"{path}: the file is empty")
            return [(path.name, "", text)]
        try:
            corpus = load_corpus(options["corpus"])
        except EvaluationError as exc:
            raise CommandError(str(exc)) from exc
        return [(doc.id, doc.title, doc.full_text) for doc in corpus.values()]


def _number_order(number: str):
    return (0, int(number), "") if number.isdigit() else (1, 0, number)
