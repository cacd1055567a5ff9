"""`wiqaya parse FILE [--json]`: print the practices found in one document, writing nothing.

Apps above this floor register other things a document can be read for (`documents.parsers`): with
`--recommendations` (events), the command prints the recommendations of an outcome statement instead.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.extraction import ExtractionError, extract_text
from documents.parsers import registered_parsers
from practices.compendium import parse_compendium


class Command(BaseCommand):
    help = "Parse one compendium document (.txt, .md, .pdf, .docx) and print its practices; writes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="Print a JSON list, one object per practice.")
        for extra in registered_parsers():
            parser.add_argument(f"--{extra.name}", action="store_true", dest=_dest(extra.name), help=extra.help)

    def handle(self, *args, file, json=False, **options):
        extras = [extra for extra in registered_parsers() if options.get(_dest(extra.name))]
        if len(extras) > 1:
            raise CommandError("choose one of " + ", ".join(f"--{extra.name}" for extra in extras))
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
        try:
            extracted = extract_text(data, path.name)
        except ExtractionError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        if extras:
            self._print_extra(extras[0], path, extracted.text, as_json=json)
            return
        practices = [p.to_dict() for p in parse_compendium(extracted.text)]
        if json:
            self.stdout.write(_dumps(practices))
            return
        if not practices:
            self.stdout.write(f"{path}: no practice found")
        for number, practice in enumerate(practices, start=1):
            self.stdout.write(f"{number}. {practice['name']}")
            for key in ("country", "organisation", "period"):
                self.stdout.write(f"   {key}: {practice[key] or '—'}")
            for goal in practice["goals"]:
                paragraphs = ", ".join(str(p["number"]) for p in goal["paragraphs"])
                self.stdout.write(f"   goal {goal['number']}: {goal['title'] or ''} [{paragraphs}]")
            for warning in practice["warnings"]:
                self.stdout.write(self.style.WARNING(f"   warning: {warning}"))

    def _print_extra(self, extra, path, text, *, as_json):
        found = extra.parse(text)
        if as_json:
            self.stdout.write(_dumps(found))
            return
        if not found:
            self.stdout.write(f"{path}: no {extra.name.replace('-', ' ')} found")
        for position, thing in enumerate(found, start=1):
            first, *rest = extra.describe(thing) or [""]
            self.stdout.write(f"{position}. {first}")
            for line in rest:
                self.stdout.write(f"   {line}")


def _dest(name: str) -> str:
    return "extra_" + name.replace("-", "_")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
