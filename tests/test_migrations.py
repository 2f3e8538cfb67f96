"""A database written by an earlier schema opens with this release, is migrated, keeps
every row and value. The fixtures were built by those schemas' code (make_schema_1.py, the
first release; make_schema_3.py, the release before tolerability and events)."""

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
FIXTURE_3 = Path(__file__).parent / "fixtures" / "anxlog-schema-3.db"
FIXTURE_3_SHA256 = "9df17764b0f2d9de57b3adbb6bd551eea39cca11a9309a2a1cb668309c7e928e"
NEW_SESSION_COLUMNS = {
    "dissociation": None,
    "nausea": None,
    "bp_before_systolic": None,
    "bp_before_diastolic": None,
    "bp_after_systolic": None,
    "bp_after_diastolic": None,
}
NOTHING_FELT = {"dissociation": None, "nausea": None, "bp_before": None, "bp_after": None}


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
    db_path.parent.mkdir(exist_ok=True)
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

    # raw rows, column by column, exactly as the first schema stored them (m004's columns empty)
    assert _table(old_db, "ratings") == ratings
    assert _table(old_db, "sessions") == [{**row, **NEW_SESSION_COLUMNS} for row in sessions]
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
    # the stored columns, and nothing recorded about tolerability
    assert json.loads(listed_sessions.stdout) == [
        {**row, "tolerability": NOTHING_FELT} for row in sessions
    ]


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


# -- the release before tolerability and events (schema 3) ----------------------


@pytest.fixture
def db_3(db_path: Path) -> Path:
    db_path.parent.mkdir(exist_ok=True)
    shutil.copyfile(FIXTURE_3, db_path)
    return db_path


def test_the_second_fixture_is_schema_3() -> None:
    assert _applied(FIXTURE_3) == known_migrations()[:3]
    assert known_migrations()[3] == "m004_treatment_context"
    assert len(_table(FIXTURE_3, "ratings")) == 5 and len(_table(FIXTURE_3, "sessions")) == 3


def test_schema_3_migrates_and_keeps_every_row(run: Run, db_3: Path) -> None:
    ratings, sessions = _table(FIXTURE_3, "ratings"), _table(FIXTURE_3, "sessions")
    meta = _table_by_key(FIXTURE_3)
    listed = run("session", "list", "--json")
    assert listed.exit_code == 0, listed.output
    assert _applied(db_3) == known_migrations()
    assert _table(db_3, "ratings") == ratings
    assert _table(db_3, "sessions") == [{**row, **NEW_SESSION_COLUMNS} for row in sessions]
    assert _table_by_key(db_3) == meta  # the FHIR Patient id stays the same
    assert _table(db_3, "events") == []
    assert json.loads(listed.stdout) == [{**row, "tolerability": NOTHING_FELT} for row in sessions]
    history = json.loads(run("history", "--json").stdout)
    assert [(r["id"], r["uid"], r["note"]) for r in history] == [
        (row["id"], row["uid"], row["note"]) for row in ratings
    ]
    assert run("event", "list", "--json").stdout == "[]\n"


def test_schema_3_takes_tolerability_and_events_after_upgrading(run: Run, db_3: Path) -> None:
    felt = ("--dissociation", "1", "--bp-before", "130/85", "--bp-after", "142/91")
    assert run("session", "edit", "5", *felt).exit_code == 0
    assert run("event", "add", "2025-10-01", "started sertraline 50 mg").exit_code == 0
    [_, _, edited] = json.loads(run("session", "list", "--json").stdout)
    assert edited["tolerability"] == {
        "dissociation": 1,
        "nausea": None,
        "bp_before": {"systolic": 130, "diastolic": 85},
        "bp_after": {"systolic": 142, "diastolic": 91},
    }
    assert edited["note"] == "[bold]markup[/bold] stays text"  # the rest is untouched
    assert run("check").exit_code == 0


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE sessions SET dissociation = 4",
        "UPDATE sessions SET nausea = -1",
        "UPDATE sessions SET nausea = 1.5",
        "UPDATE sessions SET bp_before_systolic = 300, bp_before_diastolic = 90",
        "UPDATE sessions SET bp_before_systolic = 120, bp_before_diastolic = 20",
        "UPDATE sessions SET bp_after_systolic = 80, bp_after_diastolic = 120",
        "UPDATE sessions SET bp_after_systolic = 120, bp_after_diastolic = 120",
        "UPDATE sessions SET bp_after_systolic = 120",  # half a reading
        "UPDATE sessions SET bp_before_diastolic = 80",
        "UPDATE sessions SET bp_before_systolic = 120.5, bp_before_diastolic = 80",
        "INSERT INTO events (uid, day, text) VALUES ('e1', '2025-10-01', '  ')",
        "INSERT INTO events (uid, day, text) VALUES ('e1', '1/10/2025', 'x')",
        "INSERT INTO events (uid, day, text) VALUES ('', '2025-10-01', 'x')",
    ],
)
def test_the_migrated_schema_refuses_bad_values(run: Run, db_3: Path, sql: str) -> None:
    assert run("history").exit_code == 0  # opens, so migrates
    conn = sqlite3.connect(db_3)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="constraint failed"):
            conn.execute(sql)
    finally:
        conn.close()


def test_the_schema_3_fixture_is_not_modified() -> None:
    assert hashlib.sha256(FIXTURE_3.read_bytes()).hexdigest() == FIXTURE_3_SHA256
    assert not Path(f"{FIXTURE_3}-wal").exists() and not Path(f"{FIXTURE_3}-shm").exists()


def _table_by_key(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return dict(conn.execute("SELECT key, value FROM meta").fetchall())
    finally:
        conn.close()
