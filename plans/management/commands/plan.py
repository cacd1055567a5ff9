"""`wiqaya plan import FILE [--as USERNAME]` and `wiqaya plan export ID --format xlsx|csv [--output FILE]`.

The import runs now, in this process, through the same checks and the same one-transaction write as the upload
page. Errors go to stderr as `sheet!row:column message` lines and the exit status is 1; on success the plan's id
is printed. Without `--as` it runs as the system (no permission check, no user in the history).
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.actors import system
from core.words import count
from plans import spreadsheet
from plans.models import Plan
from plans.permissions import visible_to
from plans.spreadsheet_jobs import run_import


class Command(BaseCommand):
    help = "Import a local action plan from the Excel template, or export a plan as XLSX or CSV."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="Import a filled plan template (.xlsx).")
        imp.add_argument("file")
        imp.add_argument("--as", dest="username", default=None,
                         help="Import as this user (their permissions apply); default: the system.")
        exp = sub.add_parser("export", help="Export a plan.")
        exp.add_argument("id", type=int)
        exp.add_argument("--format", dest="fmt", choices=["xlsx", "csv"], default="xlsx")
        exp.add_argument("--output", "-o", default=None,
                         help="File to write; default: plan-ID.xlsx for XLSX, standard output for CSV.")
        exp.add_argument("--as", dest="username", default=None, help="Export only what this user may see.")

    def _user(self, username):
        if not username:
            return system("wiqaya plan")
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"user {username!r} does not exist")
        return user

    def handle(self, *args, subcommand, **options):
        self.verbosity = options.get("verbosity", 1)
        if subcommand == "import":
            return self._import(options["file"], self._user(options["username"]))
        return self._export(options["id"], options["fmt"], options["output"], self._user(options["username"]))

    def _import(self, name, actor):
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror or exc})") from exc

        def progress(done, total=None, message=""):
            if message and self.verbosity > 1:
                self.stderr.write(f"{message} ({done}/{total or '?'})")

        result = run_import(actor=actor, file=data, progress=progress)
        if result["status"] != "imported":
            for error in result["errors"]:
                self.stderr.write(spreadsheet.format_error(error))
            raise CommandError(f"{path}: {count(len(result['errors']), 'error')}; nothing was imported", returncode=1)
        counts = result["counts"]
        self.stderr.write(
            f"{'created' if result['created'] else 'updated'} plan {result['plan_id']}: "
            f"{count(counts['actions_created'], 'action')} created, {counts['actions_updated']} updated, "
            f"{counts['actions_unchanged']} unchanged, "
            f"{counts['actions_removed']} removed, {count(counts['indicators'], 'indicator')}")
        self.stdout.write(str(result["plan_id"]))

    def _export(self, plan_id, fmt, output, actor):
        plans = Plan.objects.select_related("place", "owner")
        plans = visible_to(actor, plans)
        plan = plans.filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"no plan {plan_id}" + (" that this user may see" if actor.is_authenticated else ""))
        if fmt == "csv":
            text = spreadsheet.export_csv(plan)
            if output:
                Path(output).write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
                return
        else:
            target = Path(output or f"plan-{plan.pk}.xlsx")
            target.write_bytes(spreadsheet.export_workbook(plan, recipient=actor if actor.is_authenticated else None))
            output = str(target)
        self.stderr.write(f"wrote {output}")
