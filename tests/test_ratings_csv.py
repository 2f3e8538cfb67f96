"""``exchange.ratings_csv.ratings_csv`` (and ``anxlog export ratings``) gives the very bytes of
``csvfile.to_csv(RATINGS_COLUMNS, ratings_rows(...))``; ``storage.csv_lines.day_number``, which
its SQL relies on, is SQLite's ``CAST(julianday(day) AS INTEGER)``."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from helpers_history import (
    ANSWERS,
    DOSES,
    FAST,
    INSTRUMENTS,
    KINDS,
    QUICK,
    TIMES,
    Databases,
    Row,
    rating_row,
    seed,
    session_row,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

from anxlog.exchange.csvfile import BOM, restore, to_csv
from anxlog.exchange.ratings_csv import ratings_csv
from anxlog.exchange.tables import RATINGS_COLUMNS, SessionCalendar, ratings_rows
from anxlog.storage import Store
from anxlog.storage.csv_lines import day_number, rating_lines

HEADER_LINE = (",".join(RATINGS_COLUMNS) + "\r\n").encode("utf-8")


def reference_csv(
    store: Store,
    *,
    instrument: str | None = None,
    since: date | None = None,
    until: date | None = None,
    excel: bool = False,
) -> tuple[bytes, list[Row]]:
    """The slow, obviously right export: every row through the csv module."""
    ratings = store.ratings(instrument=instrument, since=since, until=until)
    rows = ratings_rows(ratings, SessionCalendar(store.sessions()))
    return to_csv(RATINGS_COLUMNS, rows, excel=excel), rows


def parse_csv(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8").removeprefix(BOM)
    return list(csv.reader(io.StringIO(text, newline=""), dialect="excel"))


# pieces that need CSV quoting, neutralisation, or are non-ASCII
PIECES = [
    ",",
    '"',
    "\r",
    "\n",
    "\r\n",
    "\t",
    "=",
    "+",
    "-",
    "@",
    "'",
    " =",
    " ",
    "Ängst",
    "ü",
    "a",
    "Z9",
    "x y",
    "%s",
    "1",
    ";",
    "[red]",
]
ODD_TEXT = st.lists(st.sampled_from(PIECES), max_size=5).map("".join)
NOTES = st.one_of(
    st.none(),
    st.just(""),
    ODD_TEXT,
    st.sampled_from(
        [
            "slept well",
            "=1+1",
            "+49 123",
            "-3",
            "@home",
            "'=x",
            " =SUM(A1)",
            "Ängst",
            "a, b\nc",
            'said "no"',
            "tab\there",
            "cr\ronly",
            "\tx",
            "x\r\n",
            "a\x00b",
        ]
    ),
    st.text(st.characters(codec="utf-8"), max_size=8),
)
ODD_UIDS = st.sampled_from(
    ["=x", "a,b", "ü-", '"q', " x", "@a", "-1", "'=y", "a\nb", "Ä", "+", 'a"b', "a\rb", "a\x00"]
)
PLAIN_UIDS = st.sampled_from(["r", "R", "7", "uid-"])
PLAIN_NOTES = st.one_of(st.none(), st.sampled_from(["slept well", "Z", "1 ok", "ok; Ängst"]))
# start like a plain cell (SQLite writes the row) but need CSV quoting
QUOTED_NOTES = st.sampled_from(
    ["a, b", 'say "hi"', "line\nbreak", "cr\ronly", "x\r\n", "Z,", '9"', "a\n=b"]
)
OFFSETS = st.sampled_from(["+00:00", "+01:00", "-05:00", "+14:00", "Z"])


@st.composite
def csv_histories(draw: st.DrawFn) -> tuple[date, list[Row], list[Row]]:
    start = draw(st.dates(date(1900, 1, 1), date(2100, 12, 31) - timedelta(days=40)))
    # plain: SQLite writes every row; quoted: it writes rows the csv module must redo;
    # mixed: rows SQLite leaves unwritten too
    mode = draw(st.sampled_from(["plain", "quoted", "mixed"]))
    uids = st.one_of(PLAIN_UIDS, ODD_UIDS) if mode == "mixed" else PLAIN_UIDS
    notes = {
        "plain": PLAIN_NOTES,
        "quoted": st.one_of(PLAIN_NOTES, QUOTED_NOTES),
        "mixed": st.one_of(PLAIN_NOTES, QUOTED_NOTES, NOTES),
    }[mode]
    ratings: list[Row] = []
    for number in range(draw(st.integers(0, 14))):
        day = start + timedelta(days=draw(st.integers(0, 30)))
        instrument = draw(st.sampled_from(INSTRUMENTS))
        clock = f"T{draw(st.integers(0, 23)):02}:{draw(st.integers(0, 59)):02}:00"
        taken_at = f"{day.isoformat()}{clock}{draw(OFFSETS)}"
        # recorded the same day, a later day (backfilled) or, by the clock, the day before
        recorded_day = day + timedelta(days=draw(st.integers(-1, 3)))
        recorded_at = f"{recorded_day.isoformat()}T21:00:00{draw(OFFSETS)}"
        ratings.append(
            rating_row(
                f"{draw(uids)}{number}",
                day,
                draw(ANSWERS),
                instrument=instrument,
                difficulty=draw(st.one_of(st.none(), st.integers(0, 3))),
                taken_at=taken_at,
                recorded_at=recorded_at,
                note=draw(notes),
            )
        )
    sessions: list[Row] = []
    for number in range(draw(st.integers(0, 4))):
        dose, unit = draw(DOSES)
        sessions.append(
            session_row(
                f"s{number}",
                start + timedelta(days=draw(st.integers(-3, 33))),
                kind=draw(KINDS),
                time=draw(TIMES),
                dose=dose,
                unit=unit,
                note=draw(NOTES),
            )
        )
    return start, ratings, sessions


# -- export ratings (CSV) ----------------------------------------------------------


@settings(FAST, max_examples=60)
@given(
    history=csv_histories(),
    instrument=st.sampled_from([None, *INSTRUMENTS]),
    since=st.one_of(st.none(), st.integers(-2, 16)),
    until=st.one_of(st.none(), st.integers(14, 32)),
    excel=st.booleans(),
)
def test_ratings_csv_is_the_csv_module_output(
    databases: Databases,
    history: tuple[date, list[Row], list[Row]],
    instrument: str | None,
    since: int | None,
    until: int | None,
    excel: bool,
) -> None:
    start, ratings, sessions = history
    first = None if since is None else start + timedelta(days=since)
    last = None if until is None else start + timedelta(days=until)
    store = databases.new(ratings, sessions)
    try:
        expected, rows = reference_csv(
            store, instrument=instrument, since=first, until=last, excel=excel
        )
        data, count = ratings_csv(
            store, instrument=instrument, since=first, until=last, excel=excel
        )
    finally:
        store.close()
    assert data == expected
    assert count == len(rows)
    assert data.startswith(BOM.encode("utf-8")) == excel
    parsed = parse_csv(data)
    assert parsed == parse_csv(expected)
    assert parsed[0] == list(RATINGS_COLUMNS) and len(parsed) == count + 1
    # the text cells read back (neutralisation undone) as stored
    for cells, row in zip(parsed[1:], rows, strict=True):
        by_column = dict(zip(RATINGS_COLUMNS, cells, strict=True))
        assert restore(by_column["uid"]) == row["uid"]
        assert restore(by_column["note"]) == (row["note"] or "")
        assert by_column["backfilled"] == ("true" if row["backfilled"] else "false")


def test_note_with_nul_after_a_letter(databases: Databases) -> None:
    """A note may hold NUL (`anxlog import` of JSON takes "a\\u0000b" for a note): SQLite's
    printf('%s') stops at it, so the fast path must not write such a row itself."""
    day = date(2024, 1, 2)
    store = databases.new([rating_row("r1", day, (1, 1, 1, 1, 1, 1, 1), note="a\x00b")])
    try:
        expected, _ = reference_csv(store)
        data, _ = ratings_csv(store)
    finally:
        store.close()
    assert data == expected


@pytest.fixture
def odd_db(db_path: Path) -> Path:
    start = date(2026, 11, 20)
    ratings = [
        rating_row("r1", start, (2, 2, 2, 2, 2, 2, 2), note="=1+1"),
        rating_row("r2", start + timedelta(days=1), (1, 2, 1, 2, 1, 2, 1), note="a, b\nc"),
        rating_row("r3", start + timedelta(days=2), (0, 1, 0, 1, 0, 1, 0), note="plain note"),
        rating_row(
            "r4",
            start + timedelta(days=3),
            (3, 2, 2, 2, 2, 2, 2),
            instrument="gad7",
            difficulty=2,
            taken_at="2026-11-23T21:00:00+00:00",
            recorded_at="2026-11-25T08:00:00+00:00",  # backfilled
            note="Ängst",
        ),
        rating_row("r5", start + timedelta(days=4), (0, 0, 0, 0, 0, 0, 1)),
    ]
    sessions = [
        session_row("s1", start + timedelta(days=1), kind="ketamin-ö", dose=0.5, unit="mg/kg"),
        session_row("s2", start + timedelta(days=3), time="09:00"),
        session_row("s3", start + timedelta(days=3), time="17:00"),
    ]
    seed(db_path, ratings, sessions)
    return db_path


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--excel"],
        ["--instrument", "daily"],
        ["--instrument", "gad7", "--excel"],
        ["--since", "2026-11-21", "--until", "2026-11-23"],
    ],
    ids=["all", "excel", "daily", "gad7-excel", "range"],
)
def test_export_ratings_on_the_command_line(run: Run, odd_db: Path, args: list[str]) -> None:
    result = run("export", "ratings", *args)

    assert result.exit_code == 0, result.output
    options: dict[str, Any] = {"excel": "--excel" in args}
    if "--instrument" in args:
        options["instrument"] = args[args.index("--instrument") + 1]
    if "--since" in args:
        options["since"] = date.fromisoformat(args[args.index("--since") + 1])
        options["until"] = date.fromisoformat(args[args.index("--until") + 1])
    store = Store.open(odd_db, write=False)
    try:
        expected, rows = reference_csv(store, **options)
    finally:
        store.close()
    assert rows  # every variant has rows to write
    assert result.stdout_bytes == expected


def test_export_ratings_quotes_and_neutralises(run: Run, odd_db: Path) -> None:
    """The rows that SQLite cannot write go through the csv module, in their place."""
    result = run("export", "ratings")

    assert result.exit_code == 0, result.output
    text = result.stdout_bytes.decode("utf-8")
    lines = text.split("\r\n")
    assert lines[1].endswith(",'=1+1,false,,")  # before the first session
    assert ',"a, b\nc",false,1,0' in text
    assert lines[-2].startswith("5,r5,daily,2026-11-24,")  # plain rows keep their order


def test_export_ratings_of_an_empty_database(run: Run, db_path: Path) -> None:
    seed(db_path)

    result = run("export", "ratings")

    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == HEADER_LINE


def test_export_ratings_since_after_all_data(run: Run, odd_db: Path) -> None:
    result = run("export", "ratings", "--since", "2027-01-01")

    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == HEADER_LINE


# -- day numbers -------------------------------------------------------------------


DayNumber = Callable[[date], int]


@pytest.fixture(scope="module")
def sqlite_days() -> Iterator[DayNumber]:
    """SQLite's own day number of a date, as rating_lines computes it."""
    conn = sqlite3.connect(":memory:")

    def number(day: date) -> int:
        (value,) = conn.execute(
            "SELECT CAST(julianday(?) AS INTEGER)", [day.isoformat()]
        ).fetchone()
        assert isinstance(value, int)
        return value

    yield number
    conn.close()


@QUICK
@given(
    first=st.dates(date(1900, 1, 1), date(9999, 12, 31)),
    second=st.dates(date(1900, 1, 1), date(9999, 12, 31)),
)
@example(first=date(1900, 1, 1), second=date(9999, 12, 31))
@example(first=date(2000, 2, 29), second=date(2000, 3, 1))
def test_day_number_is_sqlites_julian_day(
    sqlite_days: DayNumber, first: date, second: date
) -> None:
    assert day_number(first) == sqlite_days(first)
    assert day_number(second) == sqlite_days(second)
    assert day_number(second) - day_number(first) == (second - first).days


def test_rating_lines_takes_only_cells_of_a_rating(databases: Databases) -> None:
    """The cell names become SQL: anything but a stored column or a derived cell is refused."""
    store = databases.new([])
    try:
        with pytest.raises(ValueError, match="not a cell of a rating"):
            rating_lines(store, ["id", "note); DROP TABLE ratings; --"])
        assert list(rating_lines(store, ["id", "band", "note"])) == []
    finally:
        store.close()
