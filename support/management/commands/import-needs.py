"""`wiqaya import-needs FILE --owner ORG_ID --mapping JSON_FILE [--as USER]`: import the needs of an assessment
export (KoboToolbox, ActivityInfo) now, with a mapping written as JSON:

    {"place": "District", "theme": "Main need", "groups": "", "severity": "", "description": "",
     "theme_values": {"Social cohesion": "dialogue"}, "group_values": {}}

Prints the needs created and updated, the columns left out, or every bad row; exit status 1 when the file was
refused. Without --as it runs as the installation (the system actor)."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from core.actors import system
from support.services.imports import import_needs


class Command(BaseCommand):
    help = "Import community needs from a KoboToolbox or ActivityInfo export (.xlsx or .csv)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--owner", type=int, required=True, help="Id of the organisation whose needs they are.")
        parser.add_argument("--mapping", required=True, help="JSON file: which column holds what.")
        parser.add_argument("--hub", type=int, default=None, help="Id of the supporting hub (optional).")
        parser.add_argument("--as", dest="username", default=None, help="Username to import as.")

    def handle(self, *args, file, owner, mapping, hub=None, username=None, **options):
        if username:
            actor = get_user_model().objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(f"user {username!r} does not exist")
        else:
            actor = system("import-needs command")
        organisation = Organisation.objects.filter(pk=owner).first()
        if organisation is None:
            raise CommandError(f"organisation {owner} does not exist")
        hub_org = Organisation.objects.filter(pk=hub).first() if hub else None
        try:
            columns = json.loads(Path(mapping).read_text(encoding="utf-8"))
            data = Path(file).read_bytes()
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read the file or the mapping: {exc}") from None
        try:
            result = import_needs(actor=actor, owner=organisation, file_name=Path(file).name, data=data,
                                  mapping=columns, hub=hub_org)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        if result.get("left_out"):
            self.stdout.write("columns left out (personal details): " + ", ".join(result["left_out"]))
        if result["status"] != "imported":
            for error in result["errors"]:
                where = ", ".join(part for part in (
                    f"row {error['row']}" if error.get("row") else "",
                    f"column ‘{error['column']}’" if error.get("column") else "") if part)
                self.stderr.write(f"{where}: {error['message']}" if where else error["message"])
            raise CommandError(f"{len(result['errors'])} problem(s): nothing was imported", returncode=1)
        for need in result["needs"]:
            self.stdout.write(f"{need['outcome']}: {need['title']} (severity {need['severity']})")
        self.stdout.write(f"{result['answers']} answers: {result['created']} needs created, "
                          f"{result['updated']} updated")
