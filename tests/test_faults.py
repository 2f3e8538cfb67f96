"""Files that cannot be used: one clear line, a non-zero exit, no traceback, file untouched.

Each fault is met through a real process (``python -m anxlog``, what a shell runs) and
through CliRunner (the same code in this process), for a command that writes and one
that only reads.
"""

from __future__ import annotations

import gc
import os
import random
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers_faults import (
    SEVEN,
    TRACE_SQL,
    anxlog,
    count_rows,
    damaged_rows,
    error_line,
    instrumented,
    locked_by_another_process,
    make_db,
    wait_for_file,
)
from typer.testing import CliRunner

from anxlog.cli import app
from anxlog.storage import BUSY_TIMEOUT_SECONDS, busy_timeout

WRITE = ["rate", *SEVEN, "--note", "a private note"]
READ = ["history", "--json"]
SHORT_WAIT = {"ANXLOG_BUSY_TIMEOUT": "0.5"}


def _real_db(folder: Path) -> bytes:
    """The bytes of a genuine anxlog database with enough rows to span many pages."""
    return make_db(folder / "source" / "anxlog.db", ratings=400).read_bytes()


def corrupted(path: Path) -> None:
    real = _real_db(path.parent)
    noise = random.Random(20261120).randbytes(len(real) - 100)
    path.write_bytes(real[:100] + noise)  # a valid 100-byte header, then random pages


def truncated(path: Path) -> None:
    real = _real_db(path.parent)
    path.write_bytes(real[: len(real) // 2])


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def directory(path: Path) -> None:
    path.mkdir()


def read_only(path: Path) -> None:
    make_db(path)
    os.chmod(path, 0o444)  # tests run as root: storage checks the owner's write bit


FAULTS: dict[str, tuple[Callable[[Path], None], str]] = {
    # name: (how the file is made, what the one line must say)
    "corrupted": (corrupted, "is damaged or not an anxlog database"),
    "truncated": (truncated, "is damaged or not an anxlog database"),
    "zero-byte": (zero_bytes, "is an empty file, not an anxlog database"),
    "directory": (directory, "is a directory: --db takes the path of a database file"),
    "read-only": (read_only, "is read-only: anxlog cannot save to it"),
}
CASES = [
    (fault, command)
    for fault in FAULTS
    for command in (["write", "read"] if fault != "read-only" else ["write"])
]


def _state(path: Path) -> tuple[bytes, list[str]] | list[str]:
    if path.is_dir():
        return sorted(os.listdir(path))
    return path.read_bytes(), sorted(os.listdir(path.parent))


def _invoke(how: str, db: Path, args: list[str]) -> tuple[int, str, str]:
    if how == "process":
        done = anxlog(db, *args)
        return done.returncode, done.stdout, done.stderr
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    gc.collect()  # a failed Store.open leaves its connection to the collector; exit would too
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("how", ["process", "runner"])
@pytest.mark.parametrize(("fault", "command"), CASES, ids=[f"{f}-{c}" for f, c in CASES])
def test_a_file_that_cannot_be_used_gives_one_line(
    tmp_path: Path, fault: str, command: str, how: str
) -> None:
    make, message = FAULTS[fault]
    db = tmp_path / "data" / "anxlog.db"
    db.parent.mkdir()
    make(db)
    before = _state(db)
    try:
        code, stdout, stderr = _invoke(how, db, WRITE if command == "write" else READ)
        after = _state(db)
    finally:
        if fault == "read-only":
            os.chmod(db, 0o600)
    assert code == 1, stderr
    line = error_line(stderr, stdout)
    assert message in line
    assert str(db) in line
    assert "a private note" not in stderr + stdout
    assert after == before


@pytest.mark.parametrize("how", ["process", "runner"])
@pytest.mark.parametrize(
    "args",
    [READ, ["trend", "--json"], ["export", "ratings", "--out", "{out}"], ["status"], WRITE],
    ids=["history", "trend", "export-out", "status", "rate"],
)
def test_damage_met_after_opening_gives_one_line(tmp_path: Path, how: str, args: list[str]) -> None:
    """The file opens (its schema reads fine) and a later query meets the damage: the
    store names the file, as it does when opening fails; an --out file is not made."""
    db = damaged_rows(tmp_path / "data" / "anxlog.db")
    out = tmp_path / "ratings.csv"
    before = _state(db)
    code, stdout, stderr = _invoke(how, db, [arg.format(out=out) for arg in args])
    assert code == 1, stderr
    line = error_line(stderr, stdout)
    assert line == (
        f"Error: {db} is damaged or not an anxlog database (database disk image is malformed)."
    )
    assert not out.exists()
    assert _state(db) == before


def test_a_read_only_database_still_reads(tmp_path: Path) -> None:
    db = tmp_path / "anxlog.db"
    read_only(db)
    try:
        done = anxlog(db, *READ)
    finally:
        os.chmod(db, 0o600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count('"uid"') == 3


# -- another process holds the lock ------------------------------------------------


@pytest.mark.parametrize("how", ["process", "runner"])
@pytest.mark.parametrize(
    "args", [WRITE, ["session", "add", "--kind", "ketamine-iv"]], ids=["rate", "session-add"]
)
def test_a_lock_held_longer_than_the_busy_timeout(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, args: list[str]
) -> None:
    make_db(db_path)
    monkeypatch.setenv("ANXLOG_BUSY_TIMEOUT", "0.5")
    before = db_path.read_bytes()
    with locked_by_another_process(db_path):
        started = time.monotonic()
        code, stdout, stderr = _invoke(how, db_path, args)
        waited = time.monotonic() - started
    assert code == 1
    line = error_line(stderr, stdout)
    assert "is locked by another program; try again in a moment." in line
    assert "a private note" not in line
    # it gave up while the lock was still held (the block above had not ended), and not
    # before the timeout: SQLite sleeps the whole busy timeout before it returns "locked"
    assert waited >= 0.5, waited
    assert db_path.read_bytes() == before
    assert count_rows(db_path) == 3


def test_the_lock_message_names_the_database_in_use(db_path: Path) -> None:
    make_db(db_path)
    with locked_by_another_process(db_path):
        done = anxlog(db_path, *WRITE, env=SHORT_WAIT)
    assert str(db_path) in error_line(done.stderr)


def test_reading_is_not_blocked_by_a_writer(db_path: Path) -> None:
    make_db(db_path)
    with locked_by_another_process(db_path):  # WAL: readers never wait for the writer
        done = anxlog(db_path, *READ, env=SHORT_WAIT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count('"uid"') == 3


# marks the moment the writer asks for the write lock (anxlog's BEGIN IMMEDIATE starts)
MARK_LOCK_REQUEST = (
    TRACE_SQL
    + """
import os
def on_sql(sql):
    if sql.startswith("BEGIN IMMEDIATE"):
        open(os.environ["ANXLOG_TEST_MARK"], "w").close()
"""
)


def test_a_lock_shorter_than_the_busy_timeout_is_waited_for(db_path: Path, tmp_path: Path) -> None:
    make_db(db_path)
    asking = tmp_path / "asking-for-the-lock"
    with locked_by_another_process(db_path):
        writer = subprocess.Popen(
            instrumented(MARK_LOCK_REQUEST, db_path, *WRITE),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "ANXLOG_BUSY_TIMEOUT": "600", "ANXLOG_TEST_MARK": str(asking)},
        )
        wait_for_file(asking, writer)
        # it asked for the lock the holder keeps, so it cannot have finished yet
        assert writer.poll() is None
    _, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert count_rows(db_path) == 4


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (None, BUSY_TIMEOUT_SECONDS),
        ("0.5", 0.5),
        (" 3 ", 3.0),
        ("0", 0.0),
        ("", BUSY_TIMEOUT_SECONDS),
        ("soon", BUSY_TIMEOUT_SECONDS),
        ("-1", BUSY_TIMEOUT_SECONDS),
        ("nan", BUSY_TIMEOUT_SECONDS),
        ("inf", BUSY_TIMEOUT_SECONDS),
        ("1e9", BUSY_TIMEOUT_SECONDS),
    ],
)
def test_busy_timeout_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str | None, seconds: float
) -> None:
    if value is None:
        monkeypatch.delenv("ANXLOG_BUSY_TIMEOUT", raising=False)
    else:
        monkeypatch.setenv("ANXLOG_BUSY_TIMEOUT", value)
    assert busy_timeout() == seconds
    assert BUSY_TIMEOUT_SECONDS == 10.0
