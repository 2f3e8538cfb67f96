"""The quick paths import only what they need (a real process each): what a command does
not import cannot slow its start. bench/run.py measures the times themselves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Run

# runs the real console entry point, then names the watched modules that were imported
PROGRAM = """
import atexit, sys
watched = sys.argv[1].split(",")
atexit.register(lambda: print("imported:", *[m for m in watched if m in sys.modules]))
sys.argv = ["anxlog", *sys.argv[2:]]
from anxlog.cli import main
main()
"""
HEAVY = ("sqlite_utils", "rich", "plotext", "matplotlib", "pydantic")


def imported(watched: tuple[str, ...], *argv: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM, ",".join(watched), *argv],
        capture_output=True,
        text=True,
        check=True,
    )
    last = result.stdout.rstrip("\n").rsplit("\n", 1)[-1]
    assert last.startswith("imported:"), result.stdout
    return last.split()[1:]


@pytest.fixture
def rated(run: Run, db_path: Path) -> Path:
    """A database with a rating and a session in it, already made (migrations done)."""
    assert run("rate", "1", "2", "1", "0", "2", "1", "1").exit_code == 0
    assert run("session", "add", "2026-01-02", "--kind", "ketamine").exit_code == 0
    return db_path


def test_help_needs_no_storage() -> None:
    assert imported(("sqlite3", "json", "csv", "anxlog.storage", *HEAVY), "--help") == []


def test_rate_needs_no_drawing_and_no_formats(rated: Path) -> None:
    argv = ("--db", str(rated), "rate", "1", "1", "1", "1", "1", "1", "1")
    assert imported(("json", "csv", *HEAVY), *argv) == []


def test_trend_json_draws_nothing(rated: Path) -> None:
    argv = ("--db", str(rated), "trend", "--json")
    assert imported(("csv", "anxlog.present.trend_view", *HEAVY), *argv) == []


def test_the_ratings_export_streams_with_the_csv_module_alone(rated: Path) -> None:
    argv = ("--db", str(rated), "export", "ratings")
    watched = ("csv", "json", "anxlog.analysis", *HEAVY)
    assert imported(watched, *argv) == ["csv"]


def test_status_quiet_reads_one_count(rated: Path) -> None:
    argv = ("--db", str(rated), "status", "-q")
    watched = ("json", "csv", "anxlog.analysis", "anxlog.present.status_view", *HEAVY)
    assert imported(watched, *argv) == []


def test_status_draws_nothing(rated: Path) -> None:
    argv = ("--db", str(rated), "status")
    watched = ("csv", "anxlog.present.trend_view", *HEAVY)
    assert imported(watched, *argv) == []
