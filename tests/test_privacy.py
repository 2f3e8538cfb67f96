"""Private by construction: files only the owner can read, and notes that never leak
into error messages or tracebacks."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import Run
from helpers_faults import SEVEN, anxlog, locked_by_another_process, make_db
from typer.testing import CliRunner

from anxlog.cli import app
from anxlog.storage import RatingInput, Store

NOTE = "SECRET-NOTE: talked about my brother"
SECRET = "SECRET-NOTE"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _permissive(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI under umask 000: anything not made private on purpose would be world-readable."""
    return subprocess.run(
        [sys.executable, "-m", "anxlog", *args], capture_output=True, text=True, umask=0
    )


# -- files ------------------------------------------------------------------------


def test_new_database_and_its_folder_are_private_under_any_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANXLOG_DB")  # the default folder, the only one anxlog creates
    db = tmp_path / "xdg-data" / "anxlog" / "anxlog.db"  # conftest's $XDG_DATA_HOME
    done = _permissive("rate", *SEVEN, "--note", NOTE)
    assert done.returncode == 0, done.stderr
    assert _mode(db) == 0o600
    assert _mode(db.parent) == 0o700


def test_wal_and_shm_files_are_private(tmp_path: Path) -> None:
    db = tmp_path / "data" / "anxlog.db"
    old_umask = os.umask(0)
    try:
        store = Store.open(db)
        try:
            rating = RatingInput("daily", date(2025, 1, 1), "2025-01-01T09:00:00+00:00", (1,) * 7)
            store.add_rating(rating)
            for name in ("anxlog.db", "anxlog.db-wal", "anxlog.db-shm"):
                assert _mode(db.parent / name) == 0o600, name  # checked while they exist
        finally:
            store.close()
    finally:
        os.umask(old_umask)


def test_backups_and_exports_are_private_under_any_umask(tmp_path: Path) -> None:
    db = make_db(tmp_path / "data" / "anxlog.db")
    os.chmod(db, 0o644)  # even if the database itself was loosened by hand
    backup, export = tmp_path / "backup.db", tmp_path / "ratings.csv"
    done = _permissive("--db", str(db), "backup", str(backup))
    assert done.returncode == 0, done.stderr
    done = _permissive("--db", str(db), "export", "ratings", "--out", str(export))
    assert done.returncode == 0, done.stderr
    assert _mode(backup) == 0o600
    assert _mode(export) == 0o600
    done = _permissive("--db", str(db), "backup", str(backup), "--force")
    assert done.returncode == 0, done.stderr
    assert _mode(backup) == 0o600


# -- notes in errors and tracebacks -------------------------------------------------


def test_debug_shows_a_plain_traceback_without_locals_or_notes(tmp_path: Path) -> None:
    db = make_db(tmp_path / "anxlog.db")
    os.chmod(db, 0o444)
    try:
        done = anxlog(db, "--debug", "rate", *SEVEN, "--note", NOTE)
    finally:
        os.chmod(db, 0o600)
    assert done.returncode == 1
    assert "Traceback (most recent call last):" in done.stderr
    assert "DatabaseError: " in done.stderr and "is read-only" in done.stderr
    assert SECRET not in done.stderr + done.stdout
    # Python's own traceback: code lines only; a rich one would box in every local variable
    assert "locals" not in done.stderr and "│" not in done.stderr


def test_debug_traceback_from_inside_a_save_has_no_note(db_path: Path) -> None:
    # the note has reached Store.add_rating when the lock makes the save fail
    make_db(db_path)
    with locked_by_another_process(db_path):
        done = anxlog(
            db_path, "--debug", "rate", *SEVEN, "--note", NOTE, env={"ANXLOG_BUSY_TIMEOUT": "0.3"}
        )
    assert done.returncode == 1
    assert "Traceback (most recent call last):" in done.stderr
    assert "add_rating" in done.stderr and "is locked by another program" in done.stderr
    assert SECRET not in done.stderr + done.stdout


@pytest.fixture
def seeded(db_path: Path) -> Path:
    return make_db(db_path)


FAILING = [
    ["rate", "4", *SEVEN[1:], "--note", NOTE],
    ["rate", *SEVEN, "--date", "2999-01-01", "--note", NOTE],
    ["rate", *SEVEN, "--time", "25:99", "--note", NOTE],
    ["rate", *SEVEN, "--note", NOTE, "--bogus"],
    ["edit", "999", "--note", NOTE],
    ["edit", "1", "--note", NOTE, "--difficulty", "1"],
    ["session", "add", "--kind", "ketamine-iv", "--dose", "-3", "--unit", "mg", "--note", NOTE],
    ["session", "add", "--kind", " ", "--note", NOTE],
    ["session", "edit", "999", "--note", NOTE],
]


@pytest.mark.parametrize("args", FAILING, ids=[" ".join(a[:3]) for a in FAILING])
def test_error_messages_never_quote_the_note(run: Run, seeded: Path, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code in (1, 2)
    assert result.stderr.startswith("Error: ")
    assert SECRET not in result.output


def test_import_errors_never_quote_the_note(run: Run, seeded: Path, tmp_path: Path) -> None:
    exported = run("export", "ratings", "--format", "json")
    rows = json.loads(exported.stdout)
    rows[0].update(uid="new-row", note=NOTE, q3=7)  # a bad answer in a row with a note
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(rows))
    result = run("import", str(bad))
    assert result.exit_code in (1, 2)
    assert "column q3" in result.stderr
    assert SECRET not in result.output


def test_unusable_database_errors_never_quote_the_note(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(tmp_path), "rate", *SEVEN, "--note", NOTE])
    assert result.exit_code == 1
    assert SECRET not in result.output
