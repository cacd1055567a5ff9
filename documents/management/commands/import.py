"""`wiqaya import FILE...`: import compendium documents now, printing what happened to each file.

Exit status 0 when every file imported (or was already imported), 1 when any file failed.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.words import count
from documents import services
from documents.reports import summarize
from search import index as search_index


class Command(BaseCommand):
    help = "Import compendium documents (.txt, .md, .pdf, .docx) as draft practices."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--user", default=None, help="Username to import as (default: the first superuser).")

    def handle(self, *args, files, user=None, **options):
        User = get_user_model()
        actor = User.objects.filter(username=user).first() if user else (
            User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
        )
        if actor is None:
            raise CommandError(
                f"user {user!r} does not exist" if user else
                "no superuser exists to import as: create one (wiqaya createsuperuser) or pass --user"
            )
        uploads = []
        failed = 0
        for name in files:
            path = Path(name)
            try:
                uploads.append((path.name, path.read_bytes()))
            except OSError as exc:
                failed += 1
                self.stderr.write(f"{path}: FAILED: cannot be read ({exc.strerror or exc})")
        to_import, reports = services.prepare_uploads(actor=actor, files=uploads)
        total = len(to_import)
        for done, document in enumerate(to_import, start=1):
            self.stdout.write(f"[{done}/{total}] importing {document.original_name} …")
            report = services.import_document(actor=actor, document=document)
            reports.append(report)
            if report.created:
                self.stdout.write(f"  computing search vectors of {count(len(report.created), 'practice')} …")
                search_index.embed_missing(ids=[("practice", c["practice_id"]) for c in report.created])
        for report in reports:
            failed += self._print(report)
        summary = summarize([r.as_dict() for r in reports])
        self.stdout.write(
            f"{count(summary['files'], 'file')}: {summary['created']} created, "
            f"{count(summary['duplicates'], 'duplicate')}, {count(summary['warnings'], 'warning')}, {failed} failed"
        )
        if failed:
            raise CommandError(f"{count(failed, 'file')} failed", returncode=1)

    def _print(self, report) -> int:
        if report.status == "failed":
            self.stderr.write(f"{report.file}: FAILED: {report.error}")
            return 1
        if report.status == "duplicate_file":
            self.stdout.write(f"{report.file}: already imported: {report.error}")
            return 0
        self.stdout.write(
            f"{report.file}: {len(report.created)} created, {count(len(report.duplicates), 'duplicate')} skipped"
        )
        for item in report.created:
            self.stdout.write(f"  + {item['name']} (#{item['practice_id']})")
        for item in report.duplicates:
            self.stdout.write(f"  = {item['name']} (already #{item['practice_id']})")
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"  ! {warning}"))
        return 0
