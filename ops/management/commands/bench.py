"""`wiqaya bench NAME [options]`: run one benchmark; each prints its figure and a baseline from the same run.

Benchmarks live beside the code they measure (`<app>/bench.py`: `add_arguments(parser)` and
`run(options) -> dict`, plus `report(result) -> list[str]` for the human-readable lines). The table below names
them: ops is the top floor, so it may know every app, and three lines read more plainly than a registry that
each app would fill from its `AppConfig.ready`.
"""

import importlib
import json
import os
import platform

from django.core.management.base import BaseCommand, CommandError

BENCHMARKS = {
    "parser": "practices.bench",
    "plans": "plans.bench",
    "search": "search.bench",
    "support": "support.bench",
    "events": "events.bench",
    "recommendations": "events.parse_eval",
    "dashboards": "dashboards.bench",
}


class Command(BaseCommand):
    help = "Run a benchmark: " + ", ".join(BENCHMARKS)

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="benchmark", required=True)
        for name, module_name in BENCHMARKS.items():
            module = importlib.import_module(module_name)
            sub = subparsers.add_parser(name, help=module.__doc__.splitlines()[0])
            sub.add_argument("--json", action="store_true", help="Print one JSON object.")
            module.add_arguments(sub)

    def handle(self, *args, benchmark=None, **options):
        if benchmark not in BENCHMARKS:
            raise CommandError(f"unknown benchmark {benchmark!r}: choose from {', '.join(BENCHMARKS)}")
        module = importlib.import_module(BENCHMARKS[benchmark])
        result = module.run(options)
        result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
        if options.get("json"):
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
            return
        for line in module.report(result):
            self.stdout.write(line)
