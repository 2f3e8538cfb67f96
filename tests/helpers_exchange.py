"""Shared by the export, FHIR and import tests: seed a real database, run the real CLI,
and take a snapshot of the database file that detects any change."""

from __future__ import annotations

import csv
import io
import sqlite3
import tempfile
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from anxlog.cli import app
from anxlog.instrument import ITEM_KEYS
from anxlog.storage import Store


def rating_row(
    uid: str,
    day: str,
    answers: Sequence[int] = (1, 1, 1, 1, 1, 1, 1),
    *,
    instrument: str = "daily",
    difficulty: int | None = None,
    note: str | None = None,
    taken_at: str | None = None,
    recorded_at: str | None = None,
    row_id: int | None = None,
) -> dict[str, Any]:
    """A complete ratings row as the database stores it (every row has the same keys)."""
    return {
        "id": row_id,  # None: the database picks one
        "uid": uid,
        "instrument": instrument,
        "day": day,
        "taken_at": taken_at or f"{day}T09:00:00+01:00",
        "recorded_at": recorded_at or f"{day}T09:01:00+01:00",
        **dict(zip(ITEM_KEYS, answers, strict=True)),
        "difficulty": difficulty,
        "total": sum(answers),
        "note": note,
    }


def session_row(
    uid: str,
    day: str,
    *,
    kind: str = "ketamine-iv",
    time: str | None = None,
    dose: float | None = None,
    unit: str | None = None,
    course: str | None = None,
    note: str | None = None,
    row_id: int | None = None,
) -> dict[str, Any]:
    return {
        "id": row_id,
        "uid": uid,
        "day": day,
        "time": time,
        "kind": kind,
        "dose": dose,
        "unit": unit,
        "course": course,
        "note": note,
    }


def seed(
    path: Path,
    ratings: Sequence[dict[str, Any]] = (),
    sessions: Sequence[dict[str, Any]] = (),
) -> None:
    """Write rows straight into a (new) database through the storage layer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store.open(path)
    try:
        store.insert_rows("ratings", list(ratings))
        store.insert_rows("sessions", list(sessions))
    finally:
        store.close()


def invoke(db: Path, *args: str) -> Result:
    """The real CLI on the real file: invoke(db, "export", "ratings")."""
    return CliRunner().invoke(app, ["--db", str(db), *args])


def snapshot(path: Path) -> tuple[bytes, bool, list[str]]:
    """The file's bytes, whether a WAL file is left, and a full SQL dump.

    Taken between commands (every command closes its store), so the bytes of the
    main file change whenever a row does; the dump says what changed.
    """
    if not path.exists():
        return b"", False, []
    data = path.read_bytes()
    wal = Path(f"{path}-wal")
    # dumped from a copy: even a read-only connection may leave -wal/-shm files behind
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "copy.db"
        copy.write_bytes(data)
        if wal.exists():
            Path(f"{copy}-wal").write_bytes(wal.read_bytes())
        conn = sqlite3.connect(copy)
        try:
            dump = list(conn.iterdump())
        finally:
            conn.close()
    return data, wal.exists(), dump


def error_line(result: Result) -> str:
    """stderr, asserted to be exactly one 'Error: …' line, without the prefix."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0].removeprefix("Error: ")


def read_csv(data: bytes) -> list[dict[str, str]]:
    """Rows of an exported CSV, read back with Python's csv module (no BOM expected)."""
    text = data.decode("utf-8")
    assert not text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text, newline="")))


# -- generated histories for the round-trip property --------------------------

SPECIAL_TEXT = st.sampled_from(
    ["=1+1", "+x", "-x", "@x", "'=x", "''@y", "'", "\tx", "\rx", " =x", "a,b", 'say "hi"',
     "two\nlines", "cr\r\nlf", "[red]x[/red]", "[/bold]", "é ✓ 漢字", "-3", "=HYPERLINK(\"x\")"]
)  # fmt: skip
NOTE = st.one_of(st.none(), SPECIAL_TEXT, st.text(min_size=1, max_size=40))
NAME = st.one_of(SPECIAL_TEXT, st.text(min_size=1, max_size=12)).filter(
    lambda text: bool(text.strip()) and "\x00" not in text  # uid and kind: anything visible
)
DAY = st.dates(date(2025, 1, 1), date(2025, 3, 31))
OFFSET = st.sampled_from(["+00:00", "+01:00", "-05:00", "+05:30", "Z"])
CLOCK = st.times().map(lambda moment: moment.strftime("%H:%M:%S"))


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rating_ids = draw(st.lists(st.integers(1, 10_000), unique=True, max_size=8))
    ratings = []
    for row_id in rating_ids:
        day = draw(DAY)
        gad7 = draw(st.booleans())
        answers = tuple(draw(st.lists(st.integers(0, 3), min_size=7, max_size=7)))
        recorded = day + timedelta(days=draw(st.integers(0, 3)))
        ratings.append(
            rating_row(
                f"{draw(NAME)}#{row_id}",
                day.isoformat(),
                answers,
                instrument="gad7" if gad7 else "daily",
                difficulty=draw(st.one_of(st.none(), st.integers(0, 3))) if gad7 else None,
                note=draw(NOTE),
                taken_at=f"{day}T{draw(CLOCK)}{draw(OFFSET)}",
                recorded_at=f"{recorded}T{draw(CLOCK)}{draw(OFFSET)}",
                row_id=row_id,
            )
        )
    sessions = []
    for number in range(draw(st.integers(0, 4))):
        dosed = draw(st.booleans())
        dose = draw(st.sampled_from([0.5, 35.0, 56.0, 0.00001]) | st.floats(0.01, 500))
        row = session_row(
            f"s{number}-{draw(NAME)}",
            draw(DAY).isoformat(),
            kind=draw(NAME),
            time=draw(st.none() | CLOCK.map(lambda clock: clock[:5])),
            dose=dose if dosed else None,
            unit=draw(st.sampled_from(["mg", "mg/kg"])) if dosed else None,
            course=draw(st.none() | NAME),
            note=draw(NOTE),
        )
        sessions.append({**row, **draw(TOLERABILITY)})
    return ratings, sessions


READING = st.tuples(st.integers(60, 260), st.integers(30, 160)).filter(lambda bp: bp[0] > bp[1])


@st.composite
def tolerability(draw: st.DrawFn) -> dict[str, int | None]:
    """A session's tolerability columns, each part present or not."""
    before, after = draw(st.none() | READING), draw(st.none() | READING)
    return {
        "dissociation": draw(st.none() | st.integers(0, 3)),
        "nausea": draw(st.none() | st.integers(0, 3)),
        "bp_before_systolic": before[0] if before else None,
        "bp_before_diastolic": before[1] if before else None,
        "bp_after_systolic": after[0] if after else None,
        "bp_after_diastolic": after[1] if after else None,
    }


TOLERABILITY = tolerability()
