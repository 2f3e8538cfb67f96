"""Shared fixtures: every test gets its own database path and a fixed terminal."""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from anxlog.cli import app

# the module-scoped database fixtures of the fast-path property tests (blank_db, databases)
pytest_plugins = ("helpers_history",)


@pytest.fixture(autouse=True)
def _isolated(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point anxlog (and the demo's cache folder) at tmp_path and pin the terminal so
    output is the same everywhere. The database folders exist: only the platform's
    default folder is ever created by anxlog."""
    default = tmp_path_factory.mktemp("default")  # beside tmp_path, which stays empty
    monkeypatch.setenv("ANXLOG_DB", str(default / "anxlog.db"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "40")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


class NetworkBlocked(RuntimeError):
    pass


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Creating any socket fails in every test: anxlog must never phone out."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkBlocked("a test tried to open a socket")

    monkeypatch.setattr(socket.socket, "__init__", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test database goes (its folder exists; the file does not yet)."""
    (tmp_path / "data").mkdir(exist_ok=True)
    return tmp_path / "data" / "anxlog.db"


@pytest.fixture
def blank_db(db_path: Path) -> Path:
    """A database with nothing in it yet (commands that only read refuse a missing one)."""
    from anxlog.storage import Store

    Store.open(db_path).close()
    return db_path


Run = Callable[..., Result]


@pytest.fixture
def run(db_path: Path) -> Run:
    """Invoke the real CLI on the test database: run("rate", "1", ...)."""

    def invoke(*args: str, input: str | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(app, ["--db", str(db_path), *args], input=input)

    return invoke


def snapshot(path: Path) -> tuple[bytes, list[str]]:
    """The database file's bytes and a full SQL dump: both must survive a failed command."""
    if not path.exists():
        return b"", []
    data = path.read_bytes()
    conn = sqlite3.connect(path)
    try:
        dump = list(conn.iterdump())
    finally:
        conn.close()
    return data, dump
