"""`wiqaya backup [--output FILE]`: write the database and the uploaded files into one verified archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup


def human_size(size: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size} bytes"  # not reached


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one .tar.gz with a manifest "
        "(default: var/backups/wiqaya-YYYYmmdd-HHMMSS.tar.gz). Safe while the site is running."
    )
    # A scheduled backup must not fail because a system check complains; it only reads the data.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, metavar="FILE",
                            help="Where to write the archive (never overwrites an existing file).")

    def handle(self, *args, output=None, **options):
        try:
            result = backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"backup written: {result.path}"))
        self.stdout.write(f"  size: {human_size(result.size)} ({result.size} bytes)")
        self.stdout.write(f"  database ({result.engine}): {result.table_count} tables, {result.total_rows} rows")
        self.stdout.write(f"  uploaded files: {result.media_files} ({human_size(result.media_bytes)})")
        self.stdout.write(f"  took {result.seconds:.2f} s")
