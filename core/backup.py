"""Backups and restores of a whole installation: the database and the uploaded files in one verified archive.

`wiqaya backup` and `wiqaya restore` are thin wrappers around `backup()` and `restore()`; nothing here prints.
Every failure is a `BackupError` whose message names the file and what is wrong.

The archive is one `.tar.gz`:

    db.sqlite3 | db.pgdump   the database (an SQLite snapshot, or `pg_dump --format=custom`)
    media/...                every file under MEDIA_ROOT (uploaded documents)
    manifest.json            written last: format version, created_at, engine, the latest applied migration
                             of each app, per-table row counts and checksums at backup time, and the size and
                             sha256 of every other member

How each engine gets a consistent copy while the web server and the worker keep writing:

* SQLite: Python's `sqlite3` online backup API copies every page in one step, that is inside one read
  transaction. In WAL mode (the project's setting) a reader never blocks writers and sees one committed state,
  so the copy is consistent; a page-by-page copy would restart whenever another connection writes.
* PostgreSQL: a REPEATABLE READ transaction exports its snapshot and `pg_dump --snapshot` dumps exactly that
  snapshot; the table fingerprints are computed in the same transaction, so they describe the dumped rows.

Uploaded files are copied after the database snapshot. A document's file is written before its row is
committed, so every file the snapshot refers to already exists; uploads that arrive later add files no row
refers to, which is harmless.

The sha256 sums in the manifest detect damage and accidental edits, not a deliberate forgery (whoever can
rewrite a member can rewrite the manifest too): keep backups where only administrators can write.
"""

from __future__ import annotations

import datetime as dt
import decimal
import glob
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess  # pg_dump/pg_restore run with fixed arguments, no shell  # nosec B404
import tarfile
import tempfile
import time
import uuid
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DB_MEMBERS = {"sqlite": "db.sqlite3", "postgresql": "db.pgdump"}
MEDIA_DIR = "media"
# Tables that `migrate` fills by itself: a database with rows only there holds no data of its own yet.
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}
# The PostgreSQL settings keys (DATABASES OPTIONS) that the command-line tools read from the environment.
PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "options": "PGOPTIONS",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}
CHUNK = 1 << 20
FETCH_ROWS = 2000

Fingerprint = tuple[int, str]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Mismatch:
    """A table whose rows after the restore differ from the backup's (None: the table is missing there)."""

    table: str
    expected: Fingerprint | None
    actual: Fingerprint | None

    def __str__(self) -> str:
        if self.actual is None:
            return f"{self.table}: in the backup ({self.expected[0]} rows) but missing after the restore"
        if self.expected is None:
            return f"{self.table}: not in the backup, but present after the restore ({self.actual[0]} rows)"
        if self.expected[0] != self.actual[0]:
            return f"{self.table}: {self.expected[0]} rows in the backup, {self.actual[0]} after the restore"
        return (f"{self.table}: {self.actual[0]} rows as in the backup, but different content "
                f"(checksum {self.expected[1][:12]}… in the backup, {self.actual[1][:12]}… now)")


@dataclass
class BackupResult:
    """What `backup()` wrote: the archive, and the fingerprints of the tables it holds."""

    path: Path
    size: int
    engine: str
    created_at: str
    tables: dict[str, Fingerprint]
    media_files: int
    media_bytes: int
    seconds: float

    @property
    def table_count(self) -> int:
        return len(self.tables)

    @property
    def total_rows(self) -> int:
        return sum(rows for rows, _checksum in self.tables.values())


@dataclass
class RestoreResult:
    """What `restore()` did: the tables now in the database, and how they differ from the backup (mismatches)."""

    source: Path
    target: str
    engine: str
    backup_created_at: str
    tables: dict[str, Fingerprint]
    media_files: int
    media_bytes: int
    mismatches: list[Mismatch]
    seconds: float
    notes: list[str] = field(default_factory=list)

    @property
    def table_count(self) -> int:
        return len(self.tables)

    @property
    def total_rows(self) -> int:
        return sum(rows for rows, _checksum in self.tables.values())


# --- fingerprints -------------------------------------------------------------------------------------------


def table_fingerprints(connection) -> dict[str, Fingerprint]:
    """{table: (row count, sha256)} for every table of the database behind `connection`.

    `connection` is a Django connection (`django.db.connection`) or a DB-API connection (`sqlite3`,
    `psycopg`). The checksum covers the column names and every row, read with a plain SELECT ordered by
    the primary key, each row written as canonical JSON. It is stable for the same data on the same engine
    (not across engines: SQLite and PostgreSQL return different types for the same value).
    """
    vendor = _vendor(connection)
    cursor = connection.cursor()
    try:
        return {table: _fingerprint(cursor, vendor, table) for table in _table_names(cursor, vendor)}
    finally:
        cursor.close()


def compare(expected: dict[str, Fingerprint], actual: dict[str, Fingerprint]) -> list[Mismatch]:
    """The tables whose row count or checksum differ, or that exist on one side only."""
    return [
        Mismatch(table, expected.get(table), actual.get(table))
        for table in sorted(set(expected) | set(actual))
        if expected.get(table) != actual.get(table)
    ]


def _vendor(connection) -> str:
    vendor = getattr(connection, "vendor", None)  # a Django connection says so itself
    if vendor:
        return vendor
    if isinstance(connection, sqlite3.Connection):
        return "sqlite"
    if type(connection).__module__.startswith("psycopg"):
        return "postgresql"
    raise TypeError(f"table_fingerprints: unsupported connection {type(connection).__name__}")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table_names(cursor, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    else:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
    return sorted(row[0] for row in cursor.fetchall())


def _order_by(cursor, vendor: str, table: str) -> str:
    if vendor == "sqlite":
        cursor.execute(f"PRAGMA table_info({_quote(table)})")
        columns = cursor.fetchall()
        keys = [row[1] for row in sorted((c for c in columns if c[5]), key=lambda c: c[5])]
        # Without a primary key, ordering by every column still gives one order: equal rows hash alike.
        return ", ".join(_quote(c) for c in keys or [row[1] for row in columns])
    cursor.execute(
        "SELECT a.attname, t.typcollation <> 0 FROM pg_index i "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
        "JOIN pg_type t ON t.oid = a.atttypid "
        "WHERE i.indrelid = %s::regclass AND i.indisprimary "
        "ORDER BY array_position(i.indkey::int2[], a.attnum)",
        [_quote(table)],
    )
    keys = cursor.fetchall()
    # Text keys sort by the "C" collation: a database restored on a server with another locale still
    # returns the rows in the same order, so the checksum does not change with the server's collation.
    if keys:
        return ", ".join(_quote(name) + (' COLLATE "C"' if collatable else "") for name, collatable in keys)
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped "
        "ORDER BY attnum",
        [_quote(table)],
    )
    return ", ".join(f'{_quote(row[0])}::text COLLATE "C"' for row in cursor.fetchall())


def _fingerprint(cursor, vendor: str, table: str) -> Fingerprint:
    order = _order_by(cursor, vendor, table)
    cursor.execute(f"SELECT * FROM {_quote(table)} ORDER BY {order}")  # noqa: S608 (quoted identifiers only)  # table names come from the database's own catalogue and are quoted  # nosec B608
    digest = hashlib.sha256(_canonical_json([column[0] for column in cursor.description]))
    count = 0
    while rows := cursor.fetchmany(FETCH_ROWS):
        for row in rows:
            digest.update(_canonical_json(list(row)))
        count += len(rows)
    return count, digest.hexdigest()


def _canonical_json(value) -> bytes:
    return json.dumps(value, default=_canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode() + b"\n"


def _canonical(value):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"bytes": bytes(value).hex()}
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # The same instant reads back in the session's time zone, which differs between connections.
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID, dt.timedelta)):
        return str(value)
    return repr(value)


def _migrations(cursor, tables) -> dict[str, str]:
    """The latest applied migration of each app, as the database itself records them."""
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    return {app: name for app, name in cursor.fetchall()}


# --- settings and tools -------------------------------------------------------------------------------------


def _settings_db() -> dict:
    return settings.DATABASES["default"]


def _engine() -> str:
    engine = _settings_db()["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine or "postgis" in engine:
        return "postgresql"
    raise BackupError(f"the database engine {engine} is not supported: backups cover SQLite and PostgreSQL")


def _sqlite_path() -> Path:
    name = str(_settings_db()["NAME"] or "")
    if not name or name == ":memory:" or "mode=memory" in name:
        raise BackupError("the SQLite database is in memory: there is no database file to back up or restore into")
    return Path(name)


def _describe_target(engine: str) -> str:
    if engine == "sqlite":
        return str(_sqlite_path())
    db = _settings_db()
    return f"PostgreSQL database {db['NAME']!r} on {db.get('HOST') or 'the local socket'}:{db.get('PORT') or 5432}"


def _sqlite_connect(path: Path) -> sqlite3.Connection:
    # mode=rw: never create a database file as a side effect of reading one.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=30)


def _pg_connect():
    wrapper = connections["default"]
    try:
        return wrapper.Database.connect(**wrapper.get_connection_params())
    except wrapper.Database.Error as exc:
        raise BackupError(f"{_describe_target('postgresql')}: cannot connect ({str(exc).strip()})") from None


def _pg_env() -> dict[str, str]:
    """The connection settings as libpq environment variables: the password never shows on a command line."""
    db = _settings_db()
    env = dict(os.environ)
    for key, variable in (("NAME", "PGDATABASE"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                          ("HOST", "PGHOST"), ("PORT", "PGPORT")):
        if db.get(key):
            env[variable] = str(db[key])
    for key, variable in PG_OPTION_ENV.items():
        if db.get("OPTIONS", {}).get(key) is not None:
            env[variable] = str(db["OPTIONS"][key])
    return env


def _pg_tool(name: str) -> str:
    """`pg_dump` or `pg_restore`: from PATH, else the newest /usr/lib/postgresql/N/bin (Debian's layout)."""
    found = shutil.which(name)
    if found:
        return found

    def version(path: str) -> int:
        match = re.search(r"/postgresql/(\d+)/", path)
        return int(match.group(1)) if match else 0

    for path in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version, reverse=True):
        if os.access(path, os.X_OK):
            return path
    raise BackupError(
        f"{name} was not found on PATH or in /usr/lib/postgresql/*/bin: install the PostgreSQL client tools "
        "(Debian: apt-get install postgresql-client) in the version of the server or newer"
    )


def _run(args: list[str], *, what: str) -> None:
    try:
        completed = subprocess.run(args, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603  # fixed pg tool path and arguments, no shell, password in the environment  # nosec B603
    except OSError as exc:
        raise BackupError(f"{args[0]}: cannot be started ({exc.strerror})") from None
    if completed.returncode != 0:
        lines = [line for line in completed.stderr.strip().splitlines() if line.strip()]
        detail = "; ".join(lines[-5:]) or f"exit status {completed.returncode}"
        raise BackupError(f"{what} failed: {detail}")


# --- backup -------------------------------------------------------------------------------------------------


def default_destination(now: dt.datetime | None = None) -> Path:
    """var/backups/wiqaya-YYYYmmdd-HHMMSS.tar.gz (local time), with -2, -3… if that name is taken."""
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    folder = Path(settings.VAR_DIR) / "backups"
    path, n = folder / f"wiqaya-{stamp}.tar.gz", 1
    while path.exists():
        n += 1
        path = folder / f"wiqaya-{stamp}-{n}.tar.gz"
    return path


def backup(destination: Path | None = None) -> BackupResult:
    """Write the database and MEDIA_ROOT into one archive at `destination` (default: `default_destination()`).

    An existing file is never overwritten. The archive is written under a temporary name beside the
    destination and renamed when complete, so a failed or interrupted backup leaves no partial archive with
    the final name; it is readable by its owner only (it holds password hashes and personal data).
    """
    started = time.monotonic()
    engine = _engine()
    created = timezone.now()
    destination = Path(destination) if destination else default_destination(created)
    if destination.exists():
        raise BackupError(f"{destination}: the file already exists; backups never overwrite one, choose another name")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise BackupError(f"{destination.parent}: the folder cannot be created ({exc.strerror})") from None

    try:
        staging_dir = tempfile.TemporaryDirectory(prefix=".wiqaya-backup-", dir=destination.parent)
    except OSError as exc:
        raise BackupError(f"{destination.parent}: cannot write there ({exc.strerror})") from None
    with staging_dir as staging:
        db_file = Path(staging) / DB_MEMBERS[engine]
        if engine == "sqlite":
            tables, migrations, server = _snapshot_sqlite(db_file)
        else:
            tables, migrations, server = _snapshot_postgresql(db_file)
        manifest = {
            "format": FORMAT,
            "application": "wiqaya",
            "created_at": created.astimezone(dt.UTC).isoformat(),
            "engine": engine,
            "server_version": server,
            "database": DB_MEMBERS[engine],
            "migrations": migrations,
            "tables": {name: {"rows": rows, "sha256": checksum} for name, (rows, checksum) in tables.items()},
        }
        partial = Path(staging) / "archive.tar.gz"
        media_files, media_bytes = _write_archive(partial, db_file, manifest)
        partial.chmod(0o600)
        os.replace(partial, destination)
    return BackupResult(
        path=destination, size=destination.stat().st_size, engine=engine, created_at=manifest["created_at"],
        tables=tables, media_files=media_files, media_bytes=media_bytes, seconds=time.monotonic() - started,
    )


def _snapshot_sqlite(target: Path) -> tuple[dict[str, Fingerprint], dict[str, str], str]:
    source_path = _sqlite_path()
    if not source_path.is_file():
        raise BackupError(f"{source_path}: the database file does not exist (run `wiqaya setup` first)")
    try:
        source = _sqlite_connect(source_path)
    except sqlite3.Error as exc:
        raise BackupError(f"{source_path}: cannot open the database ({exc})") from None
    snapshot = sqlite3.connect(target)
    try:
        # pages=-1: every page in one step, i.e. within one read transaction (see the module docstring).
        source.backup(snapshot, pages=-1)
        # The archived file stands alone: rollback-journal mode, so no -wal file belongs beside it.
        snapshot.execute("PRAGMA journal_mode=DELETE")
        check = snapshot.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"{source_path}: the copied database fails SQLite's integrity check ({check})")
        tables = table_fingerprints(snapshot)
        migrations = _migrations(snapshot.cursor(), tables)
    except sqlite3.Error as exc:
        raise BackupError(f"{source_path}: SQLite could not copy the database ({exc})") from None
    finally:
        snapshot.close()
        source.close()
    return tables, migrations, f"SQLite {sqlite3.sqlite_version}"


def _snapshot_postgresql(target: Path) -> tuple[dict[str, Fingerprint], dict[str, str], str]:
    pg_dump = _pg_tool("pg_dump")
    connection = _pg_connect()
    try:
        connection.autocommit = True  # the transaction below is opened by hand, with its isolation level
        with connection.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            _run(
                [pg_dump, "--format=custom", f"--snapshot={snapshot_id}", "--no-password", f"--file={target}"],
                what=f"pg_dump of the {_describe_target('postgresql')}",
            )
            tables = table_fingerprints(connection)
            migrations = _migrations(cursor, tables)
            cursor.execute("COMMIT")
        server = f"PostgreSQL {connection.info.server_version}"
    except connections["default"].Database.Error as exc:
        raise BackupError(f"{_describe_target('postgresql')}: {str(exc).strip()}") from None
    finally:
        connection.close()
    return tables, migrations, server


class _HashingReader:
    """Hands a file to tarfile while hashing exactly the bytes that go into the archive."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict:
    with open(path, "rb") as handle:
        info = tarfile.TarInfo(name)
        stat = os.fstat(handle.fileno())
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"size": info.size, "sha256": reader.digest.hexdigest()}


def _media_files(root: Path):
    if not root.is_dir():
        return
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()
        for name in sorted(files):
            path = Path(folder) / name
            # Regular files only: a symbolic link could point outside MEDIA_ROOT.
            if path.is_file() and not path.is_symlink():
                yield path


def _write_archive(path: Path, db_file: Path, manifest: dict) -> tuple[int, int]:
    members: dict[str, dict] = {}
    media_root = Path(settings.MEDIA_ROOT)
    media_files = media_bytes = 0
    try:
        with tarfile.open(path, "w:gz", compresslevel=6) as tar:
            members[manifest["database"]] = _add_file(tar, db_file, manifest["database"])
            for file in _media_files(media_root):
                name = f"{MEDIA_DIR}/{file.relative_to(media_root).as_posix()}"
                try:
                    members[name] = _add_file(tar, file, name)
                except FileNotFoundError:
                    continue  # deleted since the folder was listed: nothing to keep
                media_files += 1
                media_bytes += members[name]["size"]
            manifest["members"] = members
            manifest["media"] = {"files": media_files, "bytes": media_bytes}
            data = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
            tar.addfile(info, io.BytesIO(data))
    except OSError as exc:
        where = exc.filename or path
        raise BackupError(f"{where}: the archive could not be written ({exc.strerror or exc})") from None
    return media_files, media_bytes


# --- restore ------------------------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict:
    """The manifest of an archive, read without verifying the other members."""
    source = Path(source)
    try:
        with tarfile.open(source, "r:gz") as tar:
            return json.loads(tar.extractfile(MANIFEST).read())
    except KeyError:
        raise BackupError(f"{source}: not a Wiqaya backup (no {MANIFEST})") from None
    except (OSError, EOFError, tarfile.TarError, zlib.error, ValueError) as exc:
        raise BackupError(f"{source}: cannot read the manifest ({exc})") from None


def restore(source: Path, *, force: bool = False) -> RestoreResult:
    """Restore an archive made by `backup()` into the configured database and MEDIA_ROOT.

    1. Every member is unpacked into a staging folder and its size and sha256 checked against the manifest
       before anything else is touched; a damaged or altered archive is refused, naming the member.
    2. A database that already holds data (rows outside Django's migration bookkeeping) is refused unless
       `force=True`.
    3. The uploaded files are put in place first (each written beside its final name, then renamed), so no
       restored row ever refers to a missing file; files already in MEDIA_ROOT that the archive lacks are
       left alone.
    4. The database: on SQLite, through the backup API from the staged file into the target file. That goes
       through SQLite's own locking, so a web server or worker with the file open sees either the old or the
       new database, never a mix, and their -wal/-shm files stay consistent with it; replacing the file by a
       rename would leave open connections on the old file and a stale -wal beside the new one. On
       PostgreSQL, `pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction`: the
       whole restore commits or none of it does.
    5. The fingerprints of the restored tables are compared with the manifest's: `mismatches` lists the
       differences (empty when the restore is exact). `notes` tells when the restored database and this
       code's migrations disagree.
    """
    started = time.monotonic()
    source = Path(source)
    if not source.exists():
        raise BackupError(f"{source}: no such file")
    if not source.is_file():
        raise BackupError(f"{source}: not a file")
    engine = _engine()
    staging_parent = getattr(settings, "VAR_DIR", None)
    with tempfile.TemporaryDirectory(prefix=".wiqaya-restore-", dir=staging_parent) as staging_name:
        staging = Path(staging_name)
        manifest = _unpack_verified(source, staging)
        target = _describe_target(engine)
        if manifest.get("engine") != engine:
            raise BackupError(
                f"{source}: the archive holds a {manifest.get('engine')} database but {target} is {engine}; "
                "restore it into an installation with the same database engine"
            )
        if not force:
            _refuse_non_empty(engine, target)
        media_files, media_bytes = _restore_media(staging / MEDIA_DIR, Path(settings.MEDIA_ROOT))
        db_file = staging / manifest["database"]
        if engine == "sqlite":
            _restore_sqlite(db_file, source)
        else:
            _restore_postgresql(db_file, source)
    tables = _current_fingerprints(engine)
    expected = {name: (t["rows"], t["sha256"]) for name, t in manifest["tables"].items()}
    return RestoreResult(
        source=source, target=target, engine=engine, backup_created_at=manifest.get("created_at", ""),
        tables=tables, media_files=media_files, media_bytes=media_bytes, mismatches=compare(expected, tables),
        seconds=time.monotonic() - started, notes=_migration_notes(),
    )


def _member_path(staging: Path, member: tarfile.TarInfo, source: Path) -> Path:
    name = member.name
    parts = PurePosixPath(name).parts
    allowed = name == MANIFEST or name in DB_MEMBERS.values() or (len(parts) > 1 and parts[0] == MEDIA_DIR)
    unsafe = name.startswith("/") or "\\" in name or any(part in {"", ".", ".."} for part in name.split("/"))
    if not allowed or unsafe:
        raise BackupError(f"{source}: unexpected member {name!r}; this is not an archive made by `wiqaya backup`")
    if not member.isreg():
        raise BackupError(f"{source}: member {name!r} is not a regular file; refused")
    return staging.joinpath(*parts)


def _unpack_verified(source: Path, staging: Path) -> dict:
    found: dict[str, dict] = {}
    current = ""
    try:
        with tarfile.open(source, "r:gz") as tar:
            for member in tar:
                current = member.name
                path = _member_path(staging, member, source)
                if member.name in found:
                    raise BackupError(f"{source}: member {member.name!r} appears twice; refused")
                path.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with tar.extractfile(member) as data, open(path, "wb") as out:
                    while chunk := data.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[member.name] = {"size": size, "sha256": digest.hexdigest()}
            current = ""
            # Read to the end of the gzip stream: its CRC catches damage after the last member tar reads.
            while tar.fileobj.read(CHUNK):
                pass
    except (OSError, EOFError, tarfile.TarError, zlib.error) as exc:
        where = f" (while reading member {current!r})" if current else ""
        raise BackupError(f"{source}: the archive is damaged or not a .tar.gz{where}: {exc}") from None

    if MANIFEST not in found:
        raise BackupError(f"{source}: not a Wiqaya backup (no {MANIFEST})")
    try:
        manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
        listed = dict(manifest["members"])
        if not isinstance(manifest.get("tables"), dict) or manifest.get("database") not in DB_MEMBERS.values():
            raise KeyError("tables or database")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BackupError(f"{source}: {MANIFEST} is unreadable ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source}: archive format {manifest.get('format')!r}; this version reads format {FORMAT}")
    for name, expected in listed.items():
        if name not in found:
            raise BackupError(f"{source}: member {name!r} is listed in the manifest but missing from the archive")
        actual = found[name]
        if actual["size"] != expected.get("size") or actual["sha256"] != expected.get("sha256"):
            raise BackupError(
                f"{source}: member {name!r} does not match the manifest (sha256 {actual['sha256'][:16]}…, "
                f"expected {str(expected.get('sha256'))[:16]}…): the archive was altered or damaged; nothing restored"
            )
    for name in found:
        if name != MANIFEST and name not in listed:
            raise BackupError(f"{source}: member {name!r} is not listed in the manifest; refused")
    if manifest["database"] not in listed:
        raise BackupError(f"{source}: the database member {manifest['database']!r} is missing")
    return manifest


def _tables_with_rows(cursor, vendor: str) -> list[str]:
    tables = []
    for table in _table_names(cursor, vendor):
        if table in BOOKKEEPING_TABLES:
            continue
        cursor.execute(f"SELECT 1 FROM {_quote(table)} LIMIT 1")  # noqa: S608 (quoted identifier only)  # table names come from the database's own catalogue and are quoted  # nosec B608
        if cursor.fetchone():
            tables.append(table)
    return tables


def _refuse_non_empty(engine: str, target: str) -> None:
    if engine == "sqlite":
        path = _sqlite_path()
        if not path.exists() or path.stat().st_size == 0:
            return
        try:
            connection = _sqlite_connect(path)
            try:
                tables = _tables_with_rows(connection.cursor(), "sqlite")
            finally:
                connection.close()
        except sqlite3.Error as exc:
            raise BackupError(f"{path}: cannot read the existing database ({exc}); pass --force to replace it") from None
    else:
        connection = _pg_connect()
        try:
            with connection.cursor() as cursor:
                tables = _tables_with_rows(cursor, "postgresql")
        finally:
            connection.close()
    if tables:
        example = ", ".join(tables[:3]) + (", …" if len(tables) > 3 else "")
        raise BackupError(
            f"{target}: the database already holds data ({len(tables)} tables with rows: {example}); "
            "restoring replaces all of it. Pass --force (force=True) to go ahead."
        )


def _restore_media(staged: Path, media_root: Path) -> tuple[int, int]:
    count = size = 0
    for file in _media_files(staged):
        final = media_root / file.relative_to(staged)
        partial = final.with_name(f".{final.name}.restoring")
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, partial)
            os.replace(partial, final)
        except OSError as exc:
            raise BackupError(f"{final}: the uploaded file cannot be restored ({exc.strerror or exc})") from None
        count += 1
        size += final.stat().st_size
    return count, size


def _restore_sqlite(db_file: Path, source: Path) -> None:
    target = _sqlite_path()
    connections["default"].close()  # this process must not keep the old database open
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = sqlite3.connect(db_file)
        destination = sqlite3.connect(target, timeout=30)
        try:
            staged.backup(destination, pages=-1)
        finally:
            destination.close()
            staged.close()
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"{target}: the database from {source} cannot be written there ({exc})") from None


def _restore_postgresql(db_file: Path, source: Path) -> None:
    pg_restore = _pg_tool("pg_restore")
    connections["default"].close()
    _run(
        [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
         "--exit-on-error", "--no-password", f"--dbname={_settings_db()['NAME']}", str(db_file)],
        what=f"pg_restore of {source} into the {_describe_target('postgresql')}",
    )


def _current_fingerprints(engine: str) -> dict[str, Fingerprint]:
    # The same kind of connection as at backup time, so values come back with the same types.
    if engine == "sqlite":
        connection = _sqlite_connect(_sqlite_path())
    else:
        connection = _pg_connect()
    try:
        return table_fingerprints(connection)
    finally:
        connection.close()


def _migration_notes() -> list[str]:
    from django.db.migrations.executor import MigrationExecutor

    connection = connections["default"]
    try:
        executor = MigrationExecutor(connection)
        newer = sorted(set(executor.loader.applied_migrations) - set(executor.loader.disk_migrations))
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # advisory only: the restore itself is done and verified
        return [f"the migration state could not be read ({exc})"]
    finally:
        connection.close()
    notes = []
    if newer:
        names = ", ".join(f"{app}.{name}" for app, name in newer[:3])
        notes.append(f"the backup has {len(newer)} migrations this code does not know ({names}…): "
                     "it was made by a newer version of Wiqaya; run that version")
    if pending:
        notes.append(f"{len(pending)} migrations of this code are not applied yet: run `wiqaya migrate`")
    return notes
