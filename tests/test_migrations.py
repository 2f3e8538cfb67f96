"""A database written by the first schema opens with this release, is migrated, keeps
every row and value. The fixture was built by that schema's code (see make_schema_1.py)."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import Run

from anxlog.storage import Store, known_migrations

FIXTURE = Path(__file__).parent / "fixtures" / "anxlog-schema-1.db"
# the fixture as committed (update only when make_schema_1.py is rerun on purpose)
FIXTURE_SHA256 = "fed4504beb3fab4a09db8261c13f01ccb93f4fc3ae222f92a2dc3665f4fef31f"


def _table(path: Path, table: str) -> list[dict[str, Any]]:
    # immutable: reading the committed fixture leaves no -wal/-shm beside it
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY id")]
    finally:
        conn.close()


def _applied(path: Path) -> list[str]:
    return [row["name"] for row in _table(path, "_sqlite_migrations")]


@pytest.fixture
def old_db(db_path: Path) -> Path:
    db_path.parent.mkdir()
    shutil.copyfile(FIXTURE, db_path)
    return db_path


def test_the_fixture_is_the_first_schema() -> None:
    assert _applied(FIXTURE) == ["m001_initial"]
    assert known_migrations()[:1] == ["m001_initial"]
    assert len(_table(FIXTURE, "ratings")) == 5 and len(_table(FIXTURE, "sessions")) == 3


def test_opening_migrates_and_keeps_every_row_and_value(run: Run, old_db: Path) -> None:
    ratings, sessions = _table(FIXTURE, "ratings"), _table(FIXTURE, "sessions")

    listed = run("history", "--json")
    assert listed.exit_code == 0, listed.output
    assert _applied(old_db) == known_migrations()  # every migration, in order

    # raw rows, column by column, exactly as the first schema stored them
    assert _table(old_db, "ratings") == ratings
    assert _table(old_db, "sessions") == sessions
    # ... and as the CLI shows them
    assert json.loads(listed.stdout) == [
        {
            "id": row["id"],
            "uid": row["uid"],
            "instrument": row["instrument"],
            "day": row["day"],
            "taken_at": row["taken_at"],
            "recorded_at": row["recorded_at"],
            "answers": [row[f"q{item}"] for item in range(1, 8)],
            "difficulty": row["difficulty"],
            "total": row["total"],
            "note": row["note"],
        }
        for row in ratings
    ]
    listed_sessions = run("session", "list", "--json")
    assert listed_sessions.exit_code == 0, listed_sessions.output
    assert json.loads(listed_sessions.stdout) == sessions  # same keys as the columns


def test_values_that_tend_to_get_lost(run: Run, old_db: Path) -> None:
    ratings = {row["uid"][-1]: row for row in json.loads(run("history", "--json").stdout)}
    assert ratings["3"]["note"] == "Zwei Wochen: schwer; «angespannt», 漢字 ✓"
    assert ratings["3"]["difficulty"] == 2 and ratings["3"]["total"] == 16
    assert ratings["4"]["note"] == 'backfilled, "after session 1"\nsecond line'
    assert ratings["5"]["note"] == ""  # an empty note stays empty, not NULL
    assert ratings["5"]["taken_at"] == "2025-03-16T09:30:00-04:00"
    sessions = json.loads(run("session", "list", "--json").stdout)
    assert [(s["dose"], s["unit"], s["time"]) for s in sessions] == [
        (0.5, "mg/kg", "10:30"),
        (56.0, "mg", None),
        (None, None, "09:05"),
    ]


def test_the_migrated_database_works_on(run: Run, old_db: Path) -> None:
    assert run("rate", "1", "1", "1", "1", "1", "1", "1").exit_code == 0
    assert run("session", "add", "--kind", "ketamine-iv").exit_code == 0
    assert run("check").exit_code == 0
    assert len(_table(old_db, "ratings")) == 6 and len(_table(old_db, "sessions")) == 4
    store = Store.open(old_db)
    try:
        assert store.schema_version() == known_migrations()
        assert store.meta("anything") is None  # m002's table is there
    finally:
        store.close()


def test_a_read_only_old_database_says_it_needs_upgrading(run: Run, old_db: Path) -> None:
    old_db.chmod(0o444)
    try:
        result = run("history")
    finally:
        old_db.chmod(0o600)
    assert result.exit_code == 1
    assert "was written by an older anxlog and needs upgrading" in result.stderr
    assert old_db.read_bytes() == FIXTURE.read_bytes()


def test_the_fixture_in_the_repository_is_not_modified() -> None:
    # runs last in this file: every test above worked on a copy
    assert hashlib.sha256(FIXTURE.read_bytes()).hexdigest() == FIXTURE_SHA256
    assert not Path(f"{FIXTURE}-wal").exists() and not Path(f"{FIXTURE}-shm").exists()


def test_the_third_migration_swaps_the_day_index_for_a_covering_one(run: Run, old_db: Path) -> None:
    assert run("history").exit_code == 0  # opens, so migrates
    conn = sqlite3.connect(old_db)
    try:
        indexes = {
            row[0]: row[1]
            for row in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )
        }
        # trend's daily values come from the index alone, without visiting the rows
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT day, total FROM ratings WHERE instrument = 'daily' "
            "ORDER BY day"
        ).fetchall()
    finally:
        conn.close()
    assert "ratings_by_day" not in indexes
    assert "(instrument, day, total)" in indexes["ratings_day_totals"]
    assert "COVERING INDEX ratings_day_totals" in plan[0][-1]
