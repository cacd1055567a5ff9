"""`wiqaya load_boundaries FILE [--source TEXT] [--allow-missing]`: replace the governorates' boundaries with those
of a GeoJSON file (for example the installation's official ones).

All or nothing: each problem goes to stderr on one line, the exit status is 1 and nothing is written. It runs as
the system (the operator at the console), and the audit log records the load with its source.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.actors import system
from core.words import count
from places.services import load_boundaries


class Command(BaseCommand):
    help = "Replace the governorates' boundaries with those of a GeoJSON FeatureCollection (longitude/latitude)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="GeoJSON file: one Polygon or MultiPolygon feature per governorate")
        parser.add_argument("--source", default=None,
                            help="Where the boundaries come from and under which licence (default: the file name)")
        parser.add_argument("--allow-missing", action="store_true",
                            help="Load even if some governorates have no feature (they are drawn as tiles)")

    def handle(self, *args, file, source=None, allow_missing=False, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror or exc})") from None
        try:
            result = load_boundaries(actor=system("wiqaya load_boundaries"), data=data,
                                     source=source or path.name, allow_missing=allow_missing)
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(f"{path}: {message}")
            raise CommandError(f"{path}: {count(len(exc.messages), 'problem')}; nothing was loaded") from None
        line = f"{count(result['loaded'], 'boundary', 'boundaries')} loaded (replacing {result['replaced']})"
        if result["missing"]:
            line += "; no boundary for " + ", ".join(result["missing"])
        self.stdout.write(line)
