"""`wiqaya backup` / `wiqaya restore`: the restore drill and the refusals.

The drill runs the real commands in subprocesses against an on-disk installation in a temporary folder
(its own DATABASE_URL, WIQAYA_VAR_DIR and WIQAYA_MEDIA_ROOT), never the test database: a backup is taken
while another process keeps writing, restored into a fresh installation, and compared table by table.
These tests use no Django test database, hence no `django_db` mark.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from core import backup as backup_module
from core.backup import BackupError, compare, read_manifest, table_fingerprints

# A known upload, Arabic text and bytes that are not UTF-8, which must come back byte for byte.
UPLOAD = "ممارسة جيدة: الوقاية من التطرف العنيف\n".encode() + bytes(range(256))

# Runs in the installation's own process: stores UPLOAD as a document and prints its path under MEDIA_ROOT.
UPLOAD_SCRIPT = """
import sys
import django
django.setup()
from accounts.models import User
from documents.services import store_document
document, _ = store_document(actor=User.objects.get(username="coordinator"), name="drill.pdf",
                             data=bytes.fromhex(sys.argv[1]))
print(document.file.name)
"""

# Keeps writing until the stop file appears: each practice is one transaction over three tables (practice,
# review step, audit entry); every tenth round also stores a document (a file under MEDIA_ROOT and a row).
WRITER_SCRIPT = """
import sys, time
from pathlib import Path
import django
django.setup()
from accounts.models import User
from documents.services import store_document
from practices.services import create_practice
progress, stop = Path(sys.argv[1]), Path(sys.argv[2])
actor = User.objects.get(username="coordinator")
n, deadline = 0, time.monotonic() + 60
while not stop.exists() and time.monotonic() < deadline:
    n += 1
    create_practice(actor=actor, name=f"Drill practice {n}", lang="en")
    if n % 10 == 0:
        store_document(actor=actor, name=f"drill-{n}.txt", data=f"drill document {n}".encode())
    progress.with_suffix(".tmp").write_text(str(n))
    progress.with_suffix(".tmp").replace(progress)
"""

# Counts, through the ORM (either engine), what the drill checks for consistency in a restored installation.
CHECK_SCRIPT = """
import json
import django
django.setup()
from core.models import AuditEntry
from documents.models import SourceDocument
from practices.models import Practice, ReviewStep
drilled = Practice.objects.filter(name__startswith="Drill practice ")
print(json.dumps({
    "practices": drilled.count(),
    "audits": AuditEntry.objects.filter(action="practice.create", object_repr__startswith="Drill practice ").count(),
    "steps": ReviewStep.objects.filter(practice__in=drilled).count(),
    "documents": SourceDocument.objects.count(),
    "files_missing": sum(not d.file.storage.exists(d.file.name) for d in SourceDocument.objects.all()),
}))
"""


def _env(site: Path, database_url: str | None = None, tools: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "WIQAYA_PRODUCTION"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url or f"sqlite:///{site / 'db.sqlite3'}",
        "WIQAYA_VAR_DIR": str(site / "var"),
        "WIQAYA_MEDIA_ROOT": str(site / "media"),
    })
    if tools is not None:  # the PostgreSQL client tools to use, before any other on PATH
        env["PATH"] = os.pathsep.join([str(tools), env.get("PATH", os.defpath)])
    return env


@dataclass
class Site:
    """One installation: a folder, its database URL (SQLite in the folder unless given), its PostgreSQL tools."""

    root: Path
    database_url: str | None = None
    tools: Path | None = None  # a folder of PostgreSQL client tools put first on PATH

    @property
    def db(self) -> Path:
        return self.root / "db.sqlite3"

    @property
    def media(self) -> Path:
        return self.root / "media"

    def env(self) -> dict[str, str]:
        return _env(self.root, self.database_url, self.tools)

    def wiqaya(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "config.cli", *args], cwd=settings.BASE_DIR, env=self.env(),  # noqa: S603 (fixed programs)
                              capture_output=True, text=True, timeout=120)

    def python(self, script: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", script, *args], cwd=settings.BASE_DIR, env=self.env(),  # noqa: S603 (fixed programs)
                              capture_output=True, text=True, timeout=120)


def _ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _read_int(path: Path) -> int:
    try:
        return int(path.read_text())
    except (FileNotFoundError, ValueError):
        return 0


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@dataclass
class Drill:
    source: Site
    target: Site
    archive: Path
    upload_name: str
    manifest: dict
    writes_before: int
    writes_total: int
    backup_output: str
    restore_output: str
    seconds: dict


def run_drill(source: Site, target: Site, work: Path) -> Drill:
    """setup → upload → writer starts → backup during the writes → writer stops → restore into `target`."""
    seconds = {}
    started = time.monotonic()
    _ok(source.wiqaya("setup"))
    upload_name = _ok(source.python(UPLOAD_SCRIPT, UPLOAD.hex())).strip()
    seconds["setup"] = time.monotonic() - started

    progress, stop, archive = work / "progress", work / "stop", work / "drill.tar.gz"
    # The writer's output goes to a file: a pipe nobody reads could fill up and stall it.
    log = work / "writer.log"
    with open(log, "w") as log_file:
        writer = subprocess.Popen([sys.executable, "-c", WRITER_SCRIPT, str(progress), str(stop)],  # noqa: S603
                                  cwd=settings.BASE_DIR, env=source.env(), stdout=log_file, stderr=subprocess.STDOUT)
    try:
        _wait_for(lambda: _read_int(progress) >= 20 or writer.poll() is not None, 30, "the writer's first writes")
        assert writer.poll() is None, log.read_text()
        writes_before = _read_int(progress)
        started = time.monotonic()
        backup_output = _ok(source.wiqaya("backup", "--output", str(archive)))
        seconds["backup"] = time.monotonic() - started
        # Let the writer go on after the backup, so the backup is provably a state in the middle of the writes.
        after = _read_int(progress)
        _wait_for(lambda: _read_int(progress) >= after + 5 or writer.poll() is not None, 30, "more writes")
    finally:
        stop.touch()
        try:
            writer.wait(timeout=30)
        except subprocess.TimeoutExpired:
            writer.kill()
            writer.wait()
    assert writer.returncode == 0, log.read_text()
    writes_total = _read_int(progress)

    started = time.monotonic()
    restore_output = _ok(target.wiqaya("restore", str(archive)))
    seconds["restore"] = time.monotonic() - started
    return Drill(source, target, archive, upload_name, read_manifest(archive), writes_before, writes_total,
                 backup_output, restore_output, seconds)


@pytest.fixture(autouse=True)
def in_process_target(settings, tmp_path, monkeypatch):
    """In-process backups and restores get their own folder and a database file that must never appear.

    (Every in-process restore here must be refused before it touches anything; the database file is
    checked after each.)
    """
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    database = tmp_path / "never-written.sqlite3"
    monkeypatch.setattr(backup_module, "_sqlite_path", lambda: database)
    yield database
    assert not database.exists()
    assert not any(settings.VAR_DIR.iterdir()), "a staging folder was left behind"


@pytest.fixture(scope="module")
def drill(tmp_path_factory) -> Drill:
    root = tmp_path_factory.mktemp("drill")
    return run_drill(Site(root / "source"), Site(root / "target"), root)


def _expected(manifest: dict) -> dict:
    return {name: (t["rows"], t["sha256"]) for name, t in manifest["tables"].items()}


def _sqlite_fingerprints(path: Path) -> dict:
    connection = sqlite3.connect(path)
    try:
        return table_fingerprints(connection)
    finally:
        connection.close()


def _report(label: str, drill: Drill, actual: dict, counts: dict) -> None:
    """The drill's figures, shown with `pytest -s`."""
    rows = sum(r for r, _ in actual.values())
    print(f"\n[{label}] {len(actual)} tables, {rows} rows, {len(compare(_expected(drill.manifest), actual))} mismatches; "
          f"the backup holds {counts['practices']} of the writer's {drill.writes_total} practices "
          f"({drill.writes_before} written before it started); archive {drill.archive.stat().st_size} bytes; "
          + ", ".join(f"{k} {v:.2f} s" for k, v in drill.seconds.items()))


def _check_consistency(drill: Drill) -> dict:
    counts = json.loads(_ok(drill.target.python(CHECK_SCRIPT)))
    # Taken while the writer ran: at least its writes before the backup started, fewer than it made in all.
    assert drill.writes_before <= counts["practices"] < drill.writes_total
    # One consistent state: every practice came back with its review step and its audit entry.
    assert counts["audits"] == counts["steps"] == counts["practices"]
    # Every document row of the snapshot has its file.
    assert counts["documents"] >= 2 and counts["files_missing"] == 0
    return counts


# --- the SQLite drill ---------------------------------------------------------------------------------------


def test_drill_a_backup_taken_during_writes_restores_exactly(drill):
    actual = _sqlite_fingerprints(drill.target.db)
    assert "0 mismatches" in drill.restore_output
    assert compare(_expected(drill.manifest), actual) == []
    assert {t: rows for t, (rows, _) in actual.items()} == {t: v["rows"] for t, v in drill.manifest["tables"].items()}
    assert len(actual) >= 20 and "practices_practice" in actual
    # The manifest describes the archived database itself, not the live one read a moment later.
    assert drill.manifest["engine"] == "sqlite" and drill.manifest["migrations"]["practices"]
    assert f"{len(actual)} tables" in drill.backup_output
    _report("sqlite drill", drill, actual, _check_consistency(drill))
    assert (drill.target.media / drill.upload_name).read_bytes() == UPLOAD


def test_restore_refuses_a_database_that_holds_data_unless_forced(drill):
    before = _sqlite_fingerprints(drill.target.db)
    refused = drill.target.wiqaya("restore", str(drill.archive))
    assert refused.returncode == 1
    assert "already holds data" in refused.stderr and "--force" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert _sqlite_fingerprints(drill.target.db) == before

    forced = drill.target.wiqaya("restore", "--force", str(drill.archive))
    assert forced.returncode == 0, forced.stderr
    assert "0 mismatches" in forced.stdout


def test_restore_of_a_missing_file_is_a_clear_error(tmp_path):
    missing, site = tmp_path / "no-such-backup.tar.gz", Site(tmp_path / "site")
    result = site.wiqaya("restore", str(missing))
    assert result.returncode == 1
    assert f"{missing}: no such file" in result.stderr and "Traceback" not in result.stderr
    assert not site.db.exists()  # a refused restore creates nothing, not even an empty database file


# --- damaged and altered archives (refused before anything is touched) -------------------------------------


def _rewrite(archive: Path, out: Path, change) -> None:
    with tarfile.open(archive, "r:gz") as source, tarfile.open(out, "w:gz") as copy:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))


def test_an_archive_with_one_byte_changed_in_a_member_is_refused_naming_it(drill, tmp_path):
    member = f"media/{drill.upload_name}"
    tampered = tmp_path / "tampered.tar.gz"
    _rewrite(drill.archive, tampered,
             lambda name, data: data[:10] + bytes([data[10] ^ 1]) + data[11:] if name == member else data)
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(tampered))
    assert f"member '{member}' does not match the manifest" in str(refused.value)


def test_a_database_member_changed_is_refused_too(drill, tmp_path):
    tampered = tmp_path / "tampered-db.tar.gz"
    _rewrite(drill.archive, tampered,
             lambda name, data: data[:-1] + bytes([data[-1] ^ 0xFF]) if name == "db.sqlite3" else data)
    with pytest.raises(BackupError, match="member 'db.sqlite3' does not match the manifest"):
        backup_module.restore(tampered)


def test_a_damaged_archive_file_is_refused(drill, tmp_path):
    damaged = tmp_path / "damaged.tar.gz"
    data = bytearray(drill.archive.read_bytes())
    data[len(data) // 2] ^= 0x55
    damaged.write_bytes(bytes(data))
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(damaged))
    message = str(refused.value)
    assert str(damaged) in message and ("damaged" in message or "does not match the manifest" in message)


def test_a_file_that_is_not_an_archive_is_refused(tmp_path):
    junk = tmp_path / "notes.tar.gz"
    junk.write_text("not an archive")
    with pytest.raises(BackupError, match="damaged or not a .tar.gz"):
        backup_module.restore(junk)


def test_an_added_member_is_refused(drill, tmp_path):
    extended = tmp_path / "extended.tar.gz"
    with tarfile.open(drill.archive, "r:gz") as source, tarfile.open(extended, "w:gz") as copy:
        for member in source:
            copy.addfile(member, source.extractfile(member))
        extra = tarfile.TarInfo("media/extra.txt")
        extra.size = 3
        copy.addfile(extra, io.BytesIO(b"abc"))
    with pytest.raises(BackupError, match="member 'media/extra.txt' is not listed in the manifest"):
        backup_module.restore(extended)


def test_backup_never_overwrites_a_file(tmp_path):
    existing = tmp_path / "existing.tar.gz"
    existing.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", "--output", str(existing))
    assert existing.read_bytes() == b"keep me"


def test_missing_postgresql_tools_are_a_clear_error(monkeypatch):
    monkeypatch.setattr(backup_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(backup_module.glob, "glob", lambda pattern: [])
    with pytest.raises(BackupError, match="pg_dump was not found on PATH or in /usr/lib/postgresql"):
        backup_module._pg_tool("pg_dump")


# --- fingerprints -------------------------------------------------------------------------------------------


def test_fingerprints_follow_the_primary_key_and_see_one_changed_value():
    def fingerprints(rows):
        connection = sqlite3.connect(":memory:")
        connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, data BLOB, at TEXT)")
        connection.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
        return table_fingerprints(connection)

    rows = [(1, "وقاية", b"\x00\xff", "2026-01-01 10:00:00"), (2, "prevention", None, None)]
    same = fingerprints(rows)
    assert same == fingerprints(list(reversed(rows)))  # insertion order does not matter
    assert same["t"][0] == 2
    changed = fingerprints([rows[0], (2, "prevention.", None, None)])
    assert compare(same, changed)[0].table == "t" and "different content" in str(compare(same, changed)[0])
    assert "missing after the restore" in str(compare(same, {})[0])


# --- the PostgreSQL drill (the throwaway server of the `pgserver` test package, as `make test` uses) ----------


@pytest.fixture(scope="module")
def postgres():
    """A throwaway server on a Unix socket in a private folder, with password authentication, from the
    `pgserver` package (the same server `scripts/with_postgres.py` starts): its `pg_dump` and `pg_restore`
    come first on the drill's PATH. A server that does not start fails the drill; nothing is skipped.
    """
    import pgserver
    import psycopg
    from psycopg import sql

    folder = Path(tempfile.mkdtemp(prefix="wiqaya-pg-"))  # a short path: the socket lives in it
    password = "drill-secret"
    try:
        # "delete": cleanup() removes the folder and drops pgserver's own exit hook (which would log after
        # pytest has closed its log capture).
        server = pgserver.get_server(folder, cleanup_mode="delete")
    except Exception as exc:  # any failure to start fails the drill the same way
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"the throwaway PostgreSQL server did not start: {exc!r}")
    try:
        socket_dir = str(server.get_postmaster_info().socket_dir or folder)
        with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as connection:
            connection.execute(sql.SQL("ALTER USER postgres PASSWORD {}").format(sql.Literal(password)))
            for name in ("source", "target"):
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            # From here on the server asks for the password, as a production one does (backup.py passes
            # it to pg_dump and pg_restore in PGPASSWORD).
            (folder / "pg_hba.conf").write_text("local all all scram-sha-256\n")
            connection.execute("SELECT pg_reload_conf()")
        host = socket_dir.replace("/", "%2F")
        yield lambda name: f"postgres://postgres:{password}@{host}/{name}"
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


def _pgserver_bin() -> Path:
    import pgserver

    return Path(pgserver.__file__).parent / "pginstall" / "bin"


def test_postgresql_drill(postgres, tmp_path):
    tools = _pgserver_bin()
    assert (tools / "pg_dump").exists() and (tools / "pg_restore").exists()
    drill = run_drill(Site(tmp_path / "source", postgres("source"), tools),
                      Site(tmp_path / "target", postgres("target"), tools), tmp_path)
    assert drill.manifest["engine"] == "postgresql" and "db.pgdump" in drill.manifest["members"]
    assert "0 mismatches" in drill.restore_output
    with tarfile.open(drill.archive, "r:gz") as archive:
        names = archive.getnames()
    assert names[0] == "db.pgdump" and names[-1] == "manifest.json"
    assert (drill.target.media / drill.upload_name).read_bytes() == UPLOAD
    _report("postgresql drill", drill, _expected(drill.manifest), _check_consistency(drill))
    refused = drill.target.wiqaya("restore", str(drill.archive))
    assert refused.returncode == 1 and "already holds data" in refused.stderr
