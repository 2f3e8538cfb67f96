"""Shared fixtures: every test gets its own database path and a fixed terminal."""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from anxlog.cli import app

# the module-scoped database fixtures of the fast-path property tests (empty_db, databases)
pytest_plugins = ("helpers_history",)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point anxlog at tmp_path and pin the terminal so output is the same everywhere."""
    monkeypatch.setenv("ANXLOG_DB", str(tmp_path / "default" / "anxlog.db"))
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
    return tmp_path / "data" / "anxlog.db"


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
