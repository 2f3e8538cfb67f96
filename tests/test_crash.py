"""An import killed with SIGKILL before it commits leaves a sound database without any of
it, and importing again completes it. The kill comes at a chosen statement (not at a
moment on the clock), so each case is the same on every run."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from helpers_faults import (
    TRACE_SQL,
    anxlog,
    count_rows,
    instrumented,
    integrity,
    make_db,
    rating_rows,
)
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


# Kills the import (SIGKILL, as a power cut or the OOM killer would) at one statement:
# when its first row, its 5,000th row or its COMMIT starts. A small page cache makes
# SQLite write the pages of the open transaction to the WAL as the rows go in.
KILL_AT = (
    TRACE_SQL
    + """
import os, signal
kill_at = os.environ["ANXLOG_TEST_KILL_AT"]
rows = 0
def on_sql(sql):
    global rows
    if sql.startswith("INSERT INTO ratings"):
        rows += 1
    if (kill_at == "first-row" and rows == 1) or (kill_at == "halfway" and rows == 5000) or (
        kill_at == "commit" and sql == "COMMIT"
    ):
        os.kill(os.getpid(), signal.SIGKILL)
_traced = sqlite3.connect
def _small_cache(*args, **kwargs):
    conn = _traced(*args, **kwargs)
    conn.execute("PRAGMA cache_size = 20")  # pages
    return conn
sqlite3.connect = _small_cache
"""
)


@pytest.mark.parametrize("kill_at", ["first-row", "halfway", "commit"])
def test_import_killed_before_its_commit_leaves_the_database_as_it_was(
    tmp_path: Path, export_file: Path, kill_at: str
) -> None:
    db = make_db(tmp_path / "anxlog.db", ratings=ALREADY_THERE)
    importer = subprocess.run(
        instrumented(KILL_AT, db, "import", str(export_file)),
        capture_output=True,
        text=True,
        env={**os.environ, "ANXLOG_TEST_KILL_AT": kill_at},
        timeout=120,
    )
    assert importer.returncode == -signal.SIGKILL, importer.stderr
    if kill_at == "halfway":
        assert _wal_size(db) > 0  # killed with pages of the open transaction in the WAL

    # the database opens (recovering from the WAL), passes SQLite's checks ...
    checked = anxlog(db, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert integrity(db) == ["ok"]
    # ... and holds none of the import: it never committed
    assert count_rows(db) == ALREADY_THERE

    # importing again adds it all
    again = anxlog(db, "import", str(export_file))
    assert again.returncode == 0, again.stderr
    assert count_rows(db) == ALREADY_THERE + ROWS
    assert integrity(db) == ["ok"]
