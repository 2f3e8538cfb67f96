"""Every bad input of the core tracker: one clear line, the documented exit status,
no traceback, and the database byte-for-byte unchanged."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import Run, snapshot
from typer.testing import CliRunner

from anxlog.cli import app

TOMORROW = (date.today() + timedelta(days=1)).isoformat()
SEVEN = ["1", "2", "1", "0", "2", "1", "1"]


@pytest.fixture
def seeded(run: Run, db_path: Path) -> Path:
    assert run("rate", *SEVEN).exit_code == 0
    assert (
        run("session", "add", "--kind", "ketamine-iv", "--dose", "35", "--unit", "mg").exit_code
        == 0
    )
    return db_path


BAD = [
    # (arguments, exit status, words the one-line message must contain)
    (["rate", "4", "1", "1", "1", "1", "1", "1"], 2, "Answer 1 (4) is out of range"),
    (["rate", "1", "-1", "1", "1", "1", "1", "1"], 2, "Answer 2 (-1) is out of range"),
    (["rate", "1", "1", "1", "1", "1", "1"], 2, "Got 6 answers"),
    (["rate", "1", "1", "1", "1", "1", "1", "1", "1"], 2, "Got 8 answers"),
    (["rate", "a", "b", "c", "d", "e", "f", "g"], 2, "is not a number"),
    (["rate", *SEVEN, "--date", "2026-02-30"], 2, "is not a real calendar date"),
    (["rate", *SEVEN, "--date", "30/01/2026"], 2, "use YYYY-MM-DD"),
    (["rate", *SEVEN, "--date", TOMORROW], 2, "is in the future"),
    (["rate", *SEVEN, "--time", "25:00"], 2, "use HH:MM"),
    (["rate", *SEVEN, "--difficulty", "1"], 2, "--difficulty belongs to the standard GAD-7"),
    (["rate", "--gad7", *SEVEN, "--difficulty", "5"], 2, "--difficulty (5) is out of range"),
    (["rate", *SEVEN, "--bogus"], 2, "No such option: --bogus"),
    (["edit", "999", *SEVEN], 1, "No rating has id 999"),
    (["edit", "1", "5", "1", "1", "1", "1", "1", "1"], 2, "Answer 1 (5) is out of range"),
    (["edit", "1"], 2, "Nothing to change"),
    (["edit", "1", "--difficulty", "1"], 2, "is a daily check-in"),
    (["rm", "999", "--yes"], 1, "No rating has id 999"),
    (
        ["rm", "abc", "--yes"],
        2,
        "ID 'abc' is not a rating id: give the number 'anxlog history' shows.",
    ),
    (["rm", "9" * 30, "--yes"], 2, "is not a rating id"),
    (["session", "rm", "0", "--yes"], 2, "ID '0' is not a session id"),
    (["history", "--limit", "nan"], 2, "--limit 'nan' is not accepted"),
    (["history", "--limit", "0"], 2, "--limit '0' is not accepted"),
    (["session", "edit", "999", "--kind", "x"], 1, "No session has id 999"),
    (["session", "rm", "999", "--yes"], 1, "No session has id 999"),
    (
        ["session", "add", "--kind", "ketamine-iv", "--dose", "-5", "--unit", "mg"],
        2,
        "give a dose greater than 0",
    ),
    (
        ["session", "add", "--kind", "ketamine-iv", "--dose", "nan", "--unit", "mg"],
        2,
        "--dose 'nan' is not a number",
    ),
    (
        ["session", "add", "--kind", "ketamine-iv", "--dose", "0", "--unit", "mg"],
        2,
        "give a dose greater than 0",
    ),
    (
        ["session", "add", "--kind", "ketamine-iv", "--dose", "35", "--unit", "ml"],
        2,
        "--unit 'ml' is not known: use mg or mg/kg",
    ),
    (["session", "add", "--kind", "ketamine-iv", "--dose", "35"], 2, "--dose needs --unit"),
    (["session", "add", "--kind", "ketamine-iv", "--unit", "mg"], 2, "--unit needs --dose"),
    (["session", "add", TOMORROW, "--kind", "ketamine-iv"], 2, "is in the future"),
    (["session", "add"], 2, "--kind is required"),
    (["session", "add", "--kind", "  "], 2, "--kind is empty"),
    (["session", "edit", "1", "--unit", "mg/kg", "--no-dose"], 2, "--no-dose removes the dose"),
    (["history", "--since", "2026-05-02", "--until", "2026-05-01"], 2, "is after --until"),
    (["history", "--instrument", "phq9"], 2, "--instrument 'phq9' is not known"),
]


@pytest.mark.parametrize(("args", "status", "message"), BAD, ids=[" ".join(b[0]) for b in BAD])
def test_bad_input_is_refused_and_changes_nothing(
    run: Run, seeded: Path, args: list[str], status: int, message: str
) -> None:
    before = snapshot(seeded)
    result = run(*args)
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert message in lines[0]
    assert snapshot(seeded) == before


def _invoke(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr.strip()


def test_db_that_is_a_directory(tmp_path: Path) -> None:
    code, error = _invoke(tmp_path, "rate", *SEVEN)
    assert code == 1
    assert error == f"Error: {tmp_path} is a directory: --db takes the path of a database file."
    assert list(tmp_path.iterdir()) == []


def test_db_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my shopping list\n" * 20)
    code, error = _invoke(path, "rate", *SEVEN)
    assert code == 1
    assert "is not an SQLite database" in error and len(error.splitlines()) == 1
    assert path.read_text() == "my shopping list\n" * 20
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_db_that_is_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    code, error = _invoke(path, "history")
    assert code == 1 and "is an empty file" in error
    assert path.read_bytes() == b""


def test_read_only_database_refuses_writes_and_still_reads(run: Run, seeded: Path) -> None:
    before = snapshot(seeded)
    os.chmod(seeded, 0o400)
    try:
        code, error = _invoke(seeded, "rate", *SEVEN)
        assert code == 1
        assert error == f"Error: {seeded} is read-only: anxlog cannot save to it."
        code, _ = _invoke(seeded, "session", "add", "--kind", "x")
        assert code == 1
        listed = CliRunner().invoke(app, ["--db", str(seeded), "history", "--json"])
        assert listed.exit_code == 0, listed.output
        assert '"total": 8' in listed.stdout
    finally:
        os.chmod(seeded, 0o600)
    assert snapshot(seeded) == before


def test_damaged_database_gives_one_line(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE ratings (x)")
    conn.commit()
    conn.close()
    data = bytearray(path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # keep the header, wreck the pages
    path.write_bytes(bytes(data))
    code, error = _invoke(path, "history")
    assert code == 1
    assert len(error.splitlines()) == 1 and error.startswith("Error: ")
    assert path.read_bytes() == bytes(data)


def test_debug_adds_the_traceback_and_keeps_the_status(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(tmp_path), "--debug", "history"])
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.rstrip("\n").splitlines()[-1] == (
        f"Error: {tmp_path} is a directory: --db takes the path of a database file."
    )


def test_new_database_file_is_0600_in_a_0700_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANXLOG_DB")  # the platform's data folder ($XDG_DATA_HOME/anxlog)
    db_path = tmp_path / "xdg-data" / "anxlog" / "anxlog.db"
    assert CliRunner().invoke(app, ["rate", *SEVEN]).exit_code == 0
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            assert stat.S_IMODE(side.stat().st_mode) == 0o600
