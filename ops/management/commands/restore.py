"""`wiqaya restore FILE [--force]`: restore an archive made by `wiqaya backup` and verify every table.

Exit status 1 when the archive is refused (missing, damaged, altered, other engine), when the database
already holds data and --force is not given, or when any restored table differs from the backup.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore

from .backup import human_size


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from an archive made by `wiqaya backup`, then compare "
        "every table with the backup's row counts and checksums."
    )
    # Django's system checks open the database (the JSONField check does), which would create an empty SQLite
    # file before the archive is verified; a restore must touch nothing until then, and must work even when
    # the installation it repairs is broken.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .tar.gz archive.")
        parser.add_argument("--force", action="store_true",
                            help="Replace a database that already holds data.")

    def handle(self, *args, file, force=False, **options):
        try:
            result = restore(file, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"restored {result.source} (backup taken {result.backup_created_at}) into {result.target}")
        self.stdout.write(f"  database ({result.engine}): {result.table_count} tables, {result.total_rows} rows")
        self.stdout.write(f"  uploaded files: {result.media_files} ({human_size(result.media_bytes)})")
        self.stdout.write(f"  took {result.seconds:.2f} s")
        for note in result.notes:
            self.stdout.write(self.style.WARNING(f"  note: {note}"))
        if result.mismatches:
            for mismatch in result.mismatches:
                self.stdout.write(self.style.ERROR(f"  mismatch: {mismatch}"))
            raise CommandError(f"{len(result.mismatches)} mismatches between the backup and the restored database")
        self.stdout.write(self.style.SUCCESS("0 mismatches"))
