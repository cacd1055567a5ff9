"""What `make test` runs, read from `make -n` (which prints the commands without running them)."""

import shlex
import shutil
import subprocess  # runs make with a fixed command line  # nosec B404
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def dry_run(target: str) -> list[list[str]]:
    if shutil.which("make") is None:
        pytest.fail("make is not installed")
    result = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603, S607
    # Only the lines that run Python tests are read word by word (the others hold shell loops).
    return [shlex.split(line) for line in result.stdout.splitlines()
            if ("pytest" in line or "security_report.py" in line) and not line.startswith("#")]


def collects_security_checks(words: list[str]) -> bool:
    """Whether one command runs tests/security: the report script does; pytest does unless told otherwise."""
    if any(word.endswith("security_report.py") for word in words):
        return True
    if "pytest" not in words:
        return False
    after = words[words.index("pytest") + 1:]
    paths = [w for w in after if not w.startswith("-")]
    if paths:
        return any(p.rstrip("/") in {"tests/security", "tests", "."} for p in paths)
    return "--ignore=tests/security" not in after


def test_make_test_runs_the_security_checks_exactly_once():
    commands = dry_run("test")
    pytest_runs = [c for c in commands if "pytest" in c or any(w.endswith("security_report.py") for w in c)]
    assert len(pytest_runs) >= 3, pytest_runs  # the security report, the main run, the PostgreSQL stage
    assert [collects_security_checks(c) for c in pytest_runs].count(True) == 1, pytest_runs


def test_make_security_still_writes_the_report():
    assert any(w.endswith("scripts/security_report.py") for c in dry_run("security") for w in c)


def test_the_reading_of_commands():
    assert collects_security_checks(shlex.split(".venv/bin/python -m pytest -q"))
    assert not collects_security_checks(shlex.split(".venv/bin/python -m pytest -q --ignore=tests/security"))
    assert not collects_security_checks(shlex.split("python scripts/with_postgres.py python -m pytest -q search/tests"))
    assert collects_security_checks(shlex.split("python -m pytest tests/security -q"))


def test_the_security_linter_reads_every_package_of_the_project():
    """A new app must not escape bandit: every package pyproject.toml installs is in `make lint`'s bandit line."""
    import tomllib

    packages = {p.rstrip("*") for p in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]["include"]}
    result = subprocess.run(["make", "-n", "lint"], cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603, S607
    line = next(line for line in result.stdout.splitlines() if "bandit" in line)
    words = shlex.split(line)
    scanned = set(words[words.index("-r") + 1:words.index("-x")])
    assert packages <= scanned, f"not scanned by bandit: {sorted(packages - scanned)}"
