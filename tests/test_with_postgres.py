"""`scripts/with_postgres.py` fails loudly: a server that does not start or a pgvector that does not work
stops the PostgreSQL stage with exit status 3 and a reason, and the command is never run."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pgserver
import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "with_postgres.py"


@pytest.fixture
def with_postgres():
    spec = importlib.util.spec_from_file_location("with_postgres", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_server_that_does_not_start_fails_the_stage(with_postgres, monkeypatch, capsys, tmp_path):
    def refuse(folder, **kwargs):
        raise RuntimeError("initdb: could not create directory")

    monkeypatch.setattr(pgserver, "get_server", refuse)
    ran = tmp_path / "ran"
    assert with_postgres.main(["touch", str(ran)]) == with_postgres.FAILED == 3
    assert "the PostgreSQL server did not start" in capsys.readouterr().err
    assert not ran.exists()


def test_a_pgvector_that_does_not_work_fails_the_stage(with_postgres, monkeypatch, capsys, tmp_path):
    """A server whose socket answers nothing stands for one whose extension cannot load or whose backend dies."""
    stopped = []
    nowhere = tmp_path / "no-server"
    nowhere.mkdir()
    server = SimpleNamespace(get_postmaster_info=lambda: SimpleNamespace(socket_dir=nowhere),
                             cleanup=lambda: stopped.append(True))
    monkeypatch.setattr(pgserver, "get_server", lambda folder, **kwargs: server)
    monkeypatch.setattr(with_postgres.time, "sleep", lambda seconds: None)
    ran = tmp_path / "ran"
    assert with_postgres.main(["touch", str(ran)]) == 3
    assert "pgvector does not work on this server" in capsys.readouterr().err
    assert not ran.exists() and stopped == [True]
