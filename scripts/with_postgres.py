"""Run a command against a throwaway PostgreSQL server with pgvector, started here and stopped afterwards.

    python scripts/with_postgres.py COMMAND [ARGS…]
    python scripts/with_postgres.py .venv/bin/python -m pytest search/tests     (what `make test` runs)
    python scripts/with_postgres.py .venv/bin/wiqaya eval search --corpus … --queries …

The server comes from the PyPI package `pgserver` (PostgreSQL 16 with pgvector, pinned in pyproject.toml's
test extra and installed by `make install-test`; why that one: docs/decisions/0002-postgresql-for-tests.md).
It listens on a Unix socket in a temporary folder and is removed at the end. Before the command runs,
`CREATE EXTENSION vector` and a 512-dimension cosine distance must succeed: a server that does not start, an
extension that does not load or a distance that crashes the server stops here with exit status 3 and the
server's log, never a quiet skip. The command gets `DATABASE_URL` pointing at the server (and
`WIQAYA_EXPECT_POSTGRES=1`, which a search test checks); its exit status is passed on, so pytest's
"no tests collected" (5) fails too.
"""

import math
import os
import subprocess  # runs the caller's own command line, no shell  # nosec B404
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

FAILED = 3  # the server or pgvector failed before the command ran
DIMENSIONS = 512  # the search index's vector size (search/backends.py)


class PostgresUnavailable(RuntimeError):
    """The throwaway server cannot serve the tests: why, in words."""


def _log_tail(folder: str, lines: int = 20) -> str:
    log = Path(folder) / "log"
    if not log.exists():
        return ""
    tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    return "\nLast lines of the server log:\n" + "\n".join(f"  {line}" for line in tail)


def check_pgvector(socket: str, folder: str) -> str:
    """Create the vector extension and compute one cosine distance at the index's size; the versions."""
    import psycopg

    a = [1.0] * DIMENSIONS
    b = [1.0] * (DIMENSIONS // 2) + [0.0] * (DIMENSIONS // 2)
    literal = "[{}]".format
    try:
        with psycopg.connect(host=socket, user="postgres", dbname="postgres", autocommit=True) as connection:
            server_version = connection.execute("SHOW server_version").fetchone()[0]
            connection.execute("CREATE EXTENSION IF NOT EXISTS vector")
            vector_version = connection.execute(
                "SELECT extversion FROM pg_extension WHERE extname = 'vector'").fetchone()[0]
            distance = connection.execute(
                f"SELECT %s::vector({DIMENSIONS}) <=> %s::vector({DIMENSIONS})",
                [literal(",".join(map(str, a))), literal(",".join(map(str, b)))],
            ).fetchone()[0]
    except psycopg.Error as exc:
        time.sleep(1)  # a crashed backend is logged by the postmaster a moment later
        raise PostgresUnavailable(f"pgvector does not work on this server: {exc}".strip() + _log_tail(folder)) from exc
    expected = 1 - 1 / math.sqrt(2)
    if abs(distance - expected) > 1e-5:
        raise PostgresUnavailable(f"pgvector computed a cosine distance of {distance}, expected {expected:.6f}")
    return f"PostgreSQL {server_version}, pgvector {vector_version}"


def main(command: list[str]) -> int:
    if not command:
        print(__doc__)
        return 2
    try:
        import pgserver
    except ImportError:
        print("with_postgres: the pgserver package is not installed: run `make install-test`.", file=sys.stderr)
        return FAILED

    with tempfile.TemporaryDirectory(prefix="wiqaya-pg-") as folder:
        started = time.monotonic()
        try:
            server = pgserver.get_server(folder, cleanup_mode="stop")
        except Exception as exc:  # any failure to start is reported the same way
            print(f"with_postgres: the PostgreSQL server did not start: {exc!r}{_log_tail(folder)}", file=sys.stderr)
            return FAILED
        try:
            try:
                socket = str(server.get_postmaster_info().socket_dir or folder)
                versions = check_pgvector(socket, folder)
            except PostgresUnavailable as exc:
                print(f"with_postgres: {exc}", file=sys.stderr)
                return FAILED
            print(f"{versions} on a socket in {socket}, started in {time.monotonic() - started:.1f} s", flush=True)
            url = f"postgres://postgres@{quote(socket, safe='')}/postgres"
            env = dict(os.environ, DATABASE_URL=url, WIQAYA_EXPECT_POSTGRES="1")
            return subprocess.call(command, env=env)  # noqa: S603 - the caller's own command line  # nosec B603
        finally:
            server.cleanup()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
