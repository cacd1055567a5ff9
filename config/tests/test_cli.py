"""The `wiqaya` command on an installation whose database is missing or not migrated: one line, what to run."""

import os
import subprocess  # runs the project's own command line  # nosec B404
import sys
from pathlib import Path

import pytest
from django.conf import settings

from config.cli import NO_TABLES, database_problem, needs_tables
from practices.tests.compendium_fixture import COMPENDIUM

EVAL = Path(settings.BASE_DIR) / "docs" / "eval" / "tagging"


def wiqaya(tmp_path: Path, *args: str, database_url: str | None = None) -> subprocess.CompletedProcess:
    """`wiqaya ARGS` in a fresh installation folder (WIQAYA_VAR_DIR), with the SQLite default unless given."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "WIQAYA_PRODUCTION", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.base", "WIQAYA_VAR_DIR": str(tmp_path / "var")})
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run([sys.executable, "-m", "config.cli", *args], cwd=settings.BASE_DIR, env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=300)


def test_eval_tagging_before_setup_says_what_to_run_without_a_traceback(tmp_path):
    result = wiqaya(tmp_path, "eval", "tagging", "--framework", "un-pve-2015", "--corpus", str(EVAL / "corpus"),
                    "--labels", str(EVAL / "labels.jsonl"))
    assert result.returncode == 1
    assert result.stderr.strip() == NO_TABLES == "The database has no tables yet: run `wiqaya setup`."
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "var" / "wiqaya.sqlite3").exists()  # the check created no empty database


@pytest.mark.parametrize("args", [["search", "youth"], ["purge", "--dry-run"], ["import", str(COMPENDIUM)]])
def test_other_commands_before_setup_say_the_same(tmp_path, args):
    result = wiqaya(tmp_path, *args)
    assert (result.returncode, result.stderr.strip()) == (1, NO_TABLES)


def test_a_database_missing_migrations_says_to_run_setup(tmp_path):
    url = f"sqlite:///{tmp_path / 'partial.sqlite3'}"
    assert wiqaya(tmp_path, "migrate", "contenttypes", database_url=url).returncode == 0
    result = wiqaya(tmp_path, "search", "youth", database_url=url)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "The database misses" in result.stderr and "migrations of this version" in result.stderr
    assert "run `wiqaya setup`" in result.stderr


def test_commands_that_need_no_tables_still_run_before_setup(tmp_path):
    result = wiqaya(tmp_path, "parse", str(COMPENDIUM))
    assert result.returncode == 0, result.stderr
    assert "Tigris Reading Circles" in result.stdout


def test_which_command_lines_are_checked():
    assert needs_tables(["wiqaya", "eval", "tagging", "--framework", "x"])
    assert needs_tables(["wiqaya", "search", "youth"]) and needs_tables(["wiqaya", "db_worker"])
    assert not needs_tables(["wiqaya", "eval", "search", "--corpus", "c"])
    for line in (["wiqaya"], ["wiqaya", "--help"], ["wiqaya", "setup"], ["wiqaya", "migrate"], ["wiqaya", "check"],
                 ["wiqaya", "backup"], ["wiqaya", "restore", "f"], ["wiqaya", "bench", "parser"], ["wiqaya", "help"]):
        assert not needs_tables(line), line


@pytest.mark.django_db
def test_a_migrated_database_has_no_problem():
    assert database_problem() is None
