"""Numbered schema migrations, applied in order every time a database opens.

A database written by any earlier release opens and keeps every row: never edit
a migration that has shipped; add the next one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("anxlog")

_ITEM_CHECKS = ",\n".join(
    f"    q{i} INTEGER NOT NULL CHECK (q{i} BETWEEN 0 AND 3)" for i in range(1, 8)
)
_DAY = "CHECK ({column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')"


@migrations()
def m001_initial(db: Database) -> None:
    db.execute(
        f"""
CREATE TABLE ratings (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE CHECK (length(uid) > 0),
    instrument TEXT NOT NULL CHECK (instrument IN ('daily', 'gad7')),
    day TEXT NOT NULL {_DAY.format(column="day")},
    taken_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
{_ITEM_CHECKS},
    difficulty INTEGER CHECK (difficulty BETWEEN 0 AND 3),
    total INTEGER NOT NULL CHECK (total = q1 + q2 + q3 + q4 + q5 + q6 + q7),
    note TEXT,
    CHECK (difficulty IS NULL OR instrument = 'gad7')
)"""
    )
    db.execute("CREATE INDEX ratings_by_day ON ratings (instrument, day)")
    db.execute(
        f"""
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE CHECK (length(uid) > 0),
    day TEXT NOT NULL {_DAY.format(column="day")},
    time TEXT CHECK (time IS NULL OR time GLOB '[0-2][0-9]:[0-5][0-9]'),
    kind TEXT NOT NULL CHECK (length(kind) > 0),
    dose REAL CHECK (dose IS NULL OR dose > 0),
    unit TEXT CHECK (unit IN ('mg', 'mg/kg')),
    course TEXT,
    note TEXT,
    CHECK ((dose IS NULL) = (unit IS NULL))
)"""
    )
    db.execute("CREATE INDEX sessions_by_day ON sessions (day)")


@migrations()
def m002_meta(db: Database) -> None:
    # small settings kept with the data, e.g. the random FHIR Patient id
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@migrations()
def m003_day_totals_index(db: Database) -> None:
    # trend reads (day, total) of one instrument from the index alone, never the rows:
    # on 100 years of ratings that query is ~3x faster (bench/run.py)
    db.execute("CREATE INDEX ratings_day_totals ON ratings (instrument, day, total)")
    db.execute("DROP INDEX ratings_by_day")  # a prefix of the new index: it adds nothing


def _whole_in(column: str, low: int, high: int) -> str:
    return f"typeof({column}) IN ('null', 'integer') AND {column} BETWEEN {low} AND {high}"


@migrations()
def m004_treatment_context(db: Database) -> None:
    # how each session was tolerated (docs/commands.md, "Tolerability"): added columns, so every
    # existing row stays as it was, with nothing recorded
    for level in ("dissociation", "nausea"):
        db.execute(
            f"ALTER TABLE sessions ADD COLUMN {level} INTEGER CHECK ({level} IN (0, 1, 2, 3))"
        )
    for when in ("bp_before", "bp_after"):
        systolic, diastolic = f"{when}_systolic", f"{when}_diastolic"
        db.execute(
            f"ALTER TABLE sessions ADD COLUMN {systolic} INTEGER "
            f"CHECK ({_whole_in(systolic, 60, 260)})"
        )
        # a reading is both numbers or neither, the systolic above the diastolic
        db.execute(
            f"ALTER TABLE sessions ADD COLUMN {diastolic} INTEGER "
            f"CHECK ({_whole_in(diastolic, 30, 160)}) "
            f"CHECK (({diastolic} IS NULL) = ({systolic} IS NULL)) "
            f"CHECK ({systolic} > {diastolic})"
        )
    # other changes (a new medication, therapy, a hard month), one row per day and text
    db.execute(
        f"""
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE CHECK (length(uid) > 0),
    day TEXT NOT NULL {_DAY.format(column="day")},
    text TEXT NOT NULL CHECK (length(trim(text)) > 0)
)"""
    )
    db.execute("CREATE INDEX events_by_day ON events (day)")
