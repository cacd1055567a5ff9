"""The `wiqaya` console script: Django's management commands with the project's settings.

Before a command that reads or writes the installation's tables, the database is checked: a missing or
empty database, or one that misses migrations of this version, stops the command with one line that says
what to run, and exit status 1, instead of a traceback from the first query (`no such table: …`). The
commands that create the tables, describe or check the code, work on a temporary database of their own, or
handle a missing database themselves run without the check; they are named here, not where they live.
"""

import os
import sys
from pathlib import Path

from core.words import count

# Commands that run without the installation's tables.
WITHOUT_TABLES = {
    # create or describe the tables
    "setup", "migrate", "makemigrations", "showmigrations", "sqlmigrate", "squashmigrations",
    "optimizemigration", "createcachetable", "inspectdb", "sqlflush", "sqlsequencereset",
    # about the code, the settings or the files
    "help", "version", "check", "diffsettings", "test", "testserver", "startapp", "startproject",
    "makemessages", "compilemessages", "collectstatic", "findstatic", "spectacular", "sendtestemail",
    # shells, for looking into whatever state the database is in
    "shell", "dbshell",
    # restore fills an empty installation; backup reports on its own
    "backup", "restore",
    # read a file and write nothing; benchmarks build a scratch database of their own
    "parse", "bench",
}
# (command, first argument): subcommands that work on a temporary database of their own.
WITHOUT_TABLES_SUBCOMMANDS = {("eval", "search")}

NO_TABLES = "The database has no tables yet: run `wiqaya setup`."


def needs_tables(argv: list[str]) -> bool:
    """Whether the command line runs a command that uses the installation's tables."""
    name = argv[1] if len(argv) > 1 else "help"
    if name.startswith("-") or name in WITHOUT_TABLES:
        return False
    return (name, argv[2] if len(argv) > 2 else None) not in WITHOUT_TABLES_SUBCOMMANDS


def database_problem(using: str = "default") -> str | None:
    """What is wrong with the database for running commands, in one line saying what to run; None if nothing."""
    from django.db import DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[using]
    name = connection.settings_dict.get("NAME")
    if connection.vendor == "sqlite" and not connection.creation.is_in_memory_db(name) and not Path(name).exists():
        return NO_TABLES  # and connecting would create an empty file
    try:
        if "django_migrations" not in connection.introspection.table_names():
            return NO_TABLES
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"The database cannot be read ({reason}): check DATABASE_URL."
    if pending:
        return (f"The database misses {count(len(pending), 'migration')} of this version of Wiqaya: "
                "run `wiqaya setup` (it migrates, then loads what is missing).")
    return None


def _checked_database() -> str | None:
    import django

    try:
        django.setup()
    except Exception:  # settings that do not load: the command reports them, as Django always has
        return None
    return database_problem()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    if os.environ.get("WIQAYA_PRODUCTION", "").lower() in {"1", "true", "yes"}:
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    from django.core.management import execute_from_command_line

    problem = _checked_database() if needs_tables(sys.argv) else None
    if problem:
        sys.stderr.write(problem + "\n")
        sys.exit(1)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
