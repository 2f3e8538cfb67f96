"""An import killed with SIGKILL halfway leaves a sound database with all or none of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers_faults import anxlog, count_rows, integrity, make_db, rating_rows
from typer.testing import CliRunner

from anxlog.cli import app
from anxlog.storage import Store

ROWS = 10_000
ALREADY_THERE = 3  # ratings in the database before the import (uids r-…)


@pytest.fixture(scope="module")
def export_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,000 ratings exported by 'anxlog export ratings --out' from a generated database."""
    folder = tmp_path_factory.mktemp("bulk")
    source = folder / "source.db"
    store = Store.open(source)
    try:
        store.insert_rows("ratings", rating_rows(ROWS, tag="bulk"))
    finally:
        store.close()
    target = folder / "ratings.csv"
    result = CliRunner().invoke(
        app, ["--db", str(source), "export", "ratings", "--out", str(target)]
    )
    assert result.exit_code == 0, result.output
    return target


def _wal_size(db: Path) -> int:
    try:
        return os.stat(f"{db}-wal").st_size
    except FileNotFoundError:
        return -1


def _import_and_kill(db: Path, csv: Path, wal_bytes: int) -> int | None:
    """Start 'anxlog import', SIGKILL it once its WAL holds more than ``wal_bytes``.

    Returns the exit status: -SIGKILL when killed, 0 when the import finished first.
    """
    importer = subprocess.Popen(
        [sys.executable, "-m", "anxlog", "--db", str(db), "import", str(csv)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while importer.poll() is None and time.monotonic() < deadline:
        if _wal_size(db) > wal_bytes:  # the insert is being written out
            importer.send_signal(signal.SIGKILL)
            break
    return importer.wait(timeout=60)


@pytest.mark.parametrize(
    "wal_bytes", [0, 256 * 1024], ids=["as-writing-starts", "with-frames-written"]
)
def test_import_killed_halfway_leaves_all_or_nothing(
    tmp_path: Path, export_file: Path, wal_bytes: int
) -> None:
    statuses = []
    for attempt in range(3):  # the write takes milliseconds: try again if it won the race
        db = make_db(tmp_path / f"attempt-{attempt}" / "anxlog.db", ratings=ALREADY_THERE)
        statuses.append(_import_and_kill(db, export_file, wal_bytes))
        if statuses[-1] == -signal.SIGKILL:
            break
    assert statuses[-1] == -signal.SIGKILL, f"never killed in time: {statuses}"
    assert _wal_size(db) > 0  # killed with the import's frames in the WAL

    # the database opens (recovering from the WAL), passes SQLite's checks ...
    checked = anxlog(db, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert integrity(db) == ["ok"]
    # ... and holds all of the import or none of it, never a part
    assert count_rows(db) in (ALREADY_THERE, ALREADY_THERE + ROWS)

    # importing again completes what was lost
    again = anxlog(db, "import", str(export_file))
    assert again.returncode == 0, again.stderr
    assert count_rows(db) == ALREADY_THERE + ROWS
    assert integrity(db) == ["ok"]
