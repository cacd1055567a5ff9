"""A temporary search index in its own database, for `wiqaya eval search` and `wiqaya bench search`.

It never touches the user's database: on SQLite a new file in a temporary folder; on PostgreSQL a new
database on the same server (created and dropped here). The tables are made by the same code as the
migration (search.backends), and every index and query function takes the connection alias.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import tempfile
from pathlib import Path

from django.db import connections

from . import backends, vectors
from .models import SearchEntry, SearchState


def _outside_transaction(sql: str) -> None:
    """CREATE/DROP DATABASE cannot run in a transaction: use a connection of its own, in autocommit."""
    admin = connections["default"].copy()
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql)
    finally:
        admin.close()


@contextlib.contextmanager
def temporary_index(*, keep_dir: Path | None = None):
    """Yields (alias, size()) for a fresh, empty index; size() is the database's size in bytes."""
    default = connections["default"].settings_dict
    alias = f"search_tmp_{secrets.token_hex(4)}"
    folder = Path(tempfile.mkdtemp(prefix="wiqaya-search-", dir=keep_dir))
    settings = dict(default)
    created_db = None
    if default["ENGINE"] == "django.db.backends.postgresql":
        created_db = f"wiqaya_search_tmp_{secrets.token_hex(4)}"
        _outside_transaction(f'CREATE DATABASE "{created_db}"')
        settings["NAME"] = created_db
    else:
        settings["NAME"] = str(folder / "index.sqlite3")
        settings["OPTIONS"] = {"timeout": 20}
    settings["TEST"] = dict(settings.get("TEST") or {})
    connections.settings[alias] = settings
    try:
        with connections[alias].schema_editor() as editor:
            editor.create_model(SearchState)
            editor.create_model(SearchEntry)
            backends.create_index_tables(editor)

        def size() -> int:
            if created_db:
                with connections[alias].cursor() as cursor:
                    cursor.execute("SELECT pg_database_size(current_database())")
                    return int(cursor.fetchone()[0])
            return sum(p.stat().st_size for p in folder.iterdir())

        yield alias, size
    finally:
        vectors.forget(alias)
        with contextlib.suppress(Exception):
            connections[alias].close()
        with contextlib.suppress(KeyError):
            del connections[alias]
        connections.settings.pop(alias, None)
        if created_db:
            _outside_transaction(f'DROP DATABASE IF EXISTS "{created_db}" WITH (FORCE)')
        shutil.rmtree(folder, ignore_errors=True)
