"""A throw-away SQLite database for benchmarks and evaluations: never the user's.

`scratch_database()` puts a new connection to a fresh SQLite file (in a temporary folder) in place of this
thread's default connection, migrates it, yields, then puts the user's connection back untouched (an
in-memory test database survives) and deletes the file.
"""

from __future__ import annotations

import contextlib
import copy
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend


@contextlib.contextmanager
def scratch_database(prefix: str = "wiqaya-scratch-"):
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        path = Path(folder) / "scratch.sqlite3"
        settings = copy.deepcopy(connections[DEFAULT_DB_ALIAS].settings_dict)
        settings.update({
            "ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "HOST": "", "PORT": "", "USER": "",
            "PASSWORD": "", "CONN_MAX_AGE": None,  # SQLite takes no password: this empties a server one  # nosec B105
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"},
        })
        scratch = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, DEFAULT_DB_ALIAS)
        saved = getattr(connections._connections, DEFAULT_DB_ALIAS, None)
        setattr(connections._connections, DEFAULT_DB_ALIAS, scratch)
        try:
            call_command("migrate", verbosity=0, interactive=False)
            yield path
        finally:
            scratch.close()
            if saved is None:
                delattr(connections._connections, DEFAULT_DB_ALIAS)
            else:
                setattr(connections._connections, DEFAULT_DB_ALIAS, saved)
