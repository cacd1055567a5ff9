"""`wiqaya events import FILE --event REF [--as USERNAME] [--dry-run]` and
`wiqaya events export --event REF FILE [--as USERNAME]`.

The import runs now, in this process, through the same checks and the same one-transaction write as the upload
page: a document (.txt, .md, .docx, .pdf) has its recommendations found, a spreadsheet (.xlsx, .csv) is read
row by row. Problems go to stderr as "row N, column X: problem" lines and the exit status is 1; `--dry-run`
prints what would be written and writes nothing. The export writes XLSX or CSV by the file's extension. Without
`--as` both run as the system. Errors are one line, never a traceback.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.actors import system
from events import permissions, spreadsheet
from events.models import Event
from events.services.imports import import_file


class Command(BaseCommand):
    help = "Import an event's recommendations from a document or a spreadsheet, or export them."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="Import recommendations from a document or a filled template.")
        imp.add_argument("file")
        imp.add_argument("--event", required=True, help="The event's reference (EVT-2023-BGD) or number.")
        imp.add_argument("--as", dest="username", default=None,
                         help="Import as this user (their permissions apply); default: the system.")
        imp.add_argument("--dry-run", action="store_true", help="Check and list what would be written; write nothing.")
        exp = sub.add_parser("export", help="Export an event's recommendations (.xlsx or .csv).")
        exp.add_argument("--event", required=True, help="The event's reference or number.")
        exp.add_argument("file", help="The file to write: its extension (.xlsx or .csv) gives the format.")
        exp.add_argument("--as", dest="username", default=None, help="Export only what this user may see.")

    def _user(self, username):
        if not username:
            return system("wiqaya events")
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"user {username!r} does not exist")
        return user

    def _event(self, ref, actor) -> Event:
        events = permissions.events_visible_to(actor, Event.objects.all())
        event = events.filter(reference__iexact=ref.strip()).first()
        if event is None and ref.strip().isdigit():
            event = events.filter(pk=int(ref)).first()
        if event is None:
            raise CommandError(f"no event {ref!r}" + (" that this user may see" if actor.is_authenticated else ""))
        return event

    def handle(self, *args, subcommand, **options):
        actor = self._user(options["username"])
        event = self._event(options["event"], actor)
        if subcommand == "import":
            return self._import(Path(options["file"]), event, actor, options["dry_run"])
        return self._export(Path(options["file"]), event, actor)

    def _import(self, path: Path, event, actor, dry_run: bool):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
        try:
            result = import_file(actor=actor, event=event, name=path.name, data=data, dry_run=dry_run)
        except (PermissionDenied, ValidationError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            raise CommandError(f"{path}: {message}") from None
        if result["status"] == "invalid":
            for error in result["errors"]:
                self.stderr.write(spreadsheet.format_problem(error))
            count = len(result["errors"])
            raise CommandError(f"{path}: {count} problem{'s' if count != 1 else ''}; nothing was imported",
                               returncode=1)
        if dry_run:
            for item in result["preview"]:
                outcome = f"updates {item['reference']}" if item["outcome"] == "update" else "new"
                self.stdout.write(f"{item['row']}\t{item['number'] or '-'}\t{outcome}\t{item['text'][:100]}")
            self.stderr.write(f"{len(result['preview'])} found in {path.name}; nothing was written (--dry-run)")
            return
        self.stderr.write(f"{event.reference}: {result['created']} added, {result['updated']} updated")
        for item in result["recommendations"]:
            self.stdout.write(item["reference"])

    def _export(self, path: Path, event, actor):
        extension = path.suffix.lower()
        if extension not in {".xlsx", ".csv"}:
            raise CommandError(f"{path}: give a file name ending in .xlsx or .csv")
        try:
            if extension == ".csv":
                path.write_text(spreadsheet.export_csv(event, actor), encoding="utf-8")
            else:
                path.write_bytes(spreadsheet.export_workbook(event, actor))
        except OSError as exc:
            raise CommandError(f"{path}: cannot be written ({exc.strerror or exc})") from None
        self.stderr.write(f"wrote {path}")
