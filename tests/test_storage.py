from __future__ import annotations

import sqlite3
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers_faults import damaged_rows
from sqlite_utils import Database

from anxlog.errors import DatabaseError, NotFoundError
from anxlog.records import RATING_COLUMNS, SESSION_COLUMNS
from anxlog.storage import RatingInput, Store, known_migrations, resolve_path


def _add(store: Store, day: date, answers: tuple[int, ...] = (1, 1, 1, 1, 1, 1, 1)) -> int:
    rating = store.add_rating(
        RatingInput("daily", day, f"{day.isoformat()}T09:00:00+00:00", answers)
    )
    return rating.id


def test_new_database_and_folder_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "anxlog.db"
    store = Store.open(path)
    _add(store, date(2026, 1, 5))
    for name in ("anxlog.db", "anxlog.db-wal", "anxlog.db-shm"):
        assert stat.S_IMODE((path.parent / name).stat().st_mode) == 0o600, name
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    store.close()


def test_migrations_build_the_final_schema(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "a.db")
    assert store.schema_version() == [
        "m001_initial",
        "m002_meta",
        "m003_day_totals_index",
        "m004_treatment_context",
    ]
    assert {"ratings", "sessions", "meta", "events"} <= set(store.db.table_names())
    columns = [c.name for c in store.db["ratings"].columns]
    assert columns == [
        "id",
        "uid",
        "instrument",
        "day",
        "taken_at",
        "recorded_at",
        "q1",
        "q2",
        "q3",
        "q4",
        "q5",
        "q6",
        "q7",
        "difficulty",
        "total",
        "note",
    ]
    assert [c.name for c in store.db["sessions"].columns] == [
        "id",
        "uid",
        "day",
        "time",
        "kind",
        "dose",
        "unit",
        "course",
        "note",
        "dissociation",
        "nausea",
        "bp_before_systolic",
        "bp_before_diastolic",
        "bp_after_systolic",
        "bp_after_diastolic",
    ]
    assert [c.name for c in store.db["events"].columns] == ["id", "uid", "day", "text"]
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_schema_version_counts_every_migration() -> None:
    from anxlog.storage import SCHEMA_VERSION
    from anxlog.storage.migrations import migrations

    assert len(migrations.pending(Database(memory=True))) == SCHEMA_VERSION


def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    Store.open(tmp_path / "a.db").close()
    store = Store.open(tmp_path / "a.db")
    assert store.schema_version() == known_migrations()
    assert len(known_migrations()) == 4


@pytest.mark.parametrize(
    ("sql", "why"),
    [
        ("UPDATE ratings SET q3 = 4", "answer above 3"),
        ("UPDATE ratings SET q1 = -1, total = total - 2", "answer below 0"),
        ("UPDATE ratings SET total = 21", "total that is not the sum"),
        ("UPDATE ratings SET instrument = 'phq9'", "unknown instrument"),
        ("UPDATE ratings SET uid = NULL", "missing uid"),
        ("UPDATE ratings SET day = '26-1-5'", "malformed day"),
        ("UPDATE ratings SET difficulty = 1", "difficulty on a daily rating"),
        (
            "INSERT INTO ratings SELECT NULL, uid, instrument, day, taken_at, recorded_at, "
            "q1, q2, q3, q4, q5, q6, q7, difficulty, total, note FROM ratings",
            "duplicate uid",
        ),
    ],
)
def test_constraints_live_in_the_database(tmp_path: Path, sql: str, why: str) -> None:
    store = Store.open(tmp_path / "a.db")
    _add(store, date(2026, 1, 5))
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute(sql)


@pytest.mark.parametrize(
    "values",
    [
        {"day": "2026-01-05", "kind": "ketamine-iv", "dose": -1, "unit": "mg"},
        {"day": "2026-01-05", "kind": "ketamine-iv", "dose": 35, "unit": "ml"},
        {"day": "2026-01-05", "kind": "ketamine-iv", "dose": 35, "unit": None},
        {"day": "2026-01-05", "kind": ""},
    ],
)
def test_session_constraints_live_in_the_database(tmp_path: Path, values: dict[str, Any]) -> None:
    store = Store.open(tmp_path / "a.db")
    with pytest.raises(DatabaseError, match="constraint failed"):
        store.add_session(values)
    assert store.sessions() == []


def test_ratings_are_listed_in_time_order_and_limit_keeps_the_latest(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "a.db")
    for day in (date(2026, 1, 7), date(2026, 1, 5), date(2026, 1, 6)):
        _add(store, day)
    assert [r.day.day for r in store.ratings()] == [5, 6, 7]
    assert [r.day.day for r in store.ratings(limit=2)] == [6, 7]
    assert [r.day.day for r in store.ratings(since=date(2026, 1, 6))] == [6, 7]


def test_unknown_ids_raise_not_found(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "a.db")
    with pytest.raises(NotFoundError, match="No rating has id 9"):
        store.rating(9)
    with pytest.raises(NotFoundError, match="No session has id 9"):
        store.session(9)


def test_another_sqlite_database_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="not an anxlog one"):
        Store.open(path)
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["contacts"]


def test_location_order_is_flag_then_env_then_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANXLOG_DB", str(tmp_path / "env.db"))
    assert resolve_path(str(tmp_path / "flag.db")) == tmp_path / "flag.db"
    assert resolve_path(None) == tmp_path / "env.db"
    monkeypatch.delenv("ANXLOG_DB")
    assert resolve_path(None).name == "anxlog.db"
    assert "anxlog" in resolve_path(None).parent.as_posix()


def test_the_record_columns_are_the_stored_columns(tmp_path: Path) -> None:
    """records lists each stored column once; the queries, exports and import use that."""
    store = Store.open(tmp_path / "a.db")
    try:
        assert sorted(RATING_COLUMNS) == sorted(c.name for c in store.db["ratings"].columns)
        assert list(SESSION_COLUMNS) == [c.name for c in store.db["sessions"].columns]
    finally:
        store.close()


def test_damage_met_while_reading_is_named_with_the_path(tmp_path: Path) -> None:
    path = damaged_rows(tmp_path / "data" / "anxlog.db")
    store = Store.open(path, write=False)  # the schema still reads
    try:
        reads: list[Callable[[], object]] = [
            store.ratings,
            lambda: list(store.rating_rows()),  # the export's stream, row by row
            lambda: store.day_sums("daily"),
            lambda: store.ratings(limit=1),
            lambda: store.rating(400),
        ]
        for read in reads:
            with pytest.raises(DatabaseError) as caught:
                read()
            assert caught.value.message == (
                f"{path} is damaged or not an anxlog database (database disk image is malformed)."
            )
    finally:
        store.close()
