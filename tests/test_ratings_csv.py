"""`anxlog export ratings` (CSV) streams each stored row through ``csv.writer``; its bytes
are the very ones the earlier writer gave, which built every row from a ``Rating`` and then
wrote the table through the csv module. That writer is kept here as the reference."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
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
    TIMES,
    Databases,
    Row,
    rating_row,
    seed,
    session_row,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from anxlog.exchange.csvfile import BOM, neutralise, plain_number, restore, write_csv
from anxlog.exchange.tables import RATINGS_COLUMNS, SessionCalendar, ratings_rows
from anxlog.instrument import band
from anxlog.storage import Store

HEADER_LINE = (",".join(RATINGS_COLUMNS) + "\r\n").encode("utf-8")


def _reference_cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return plain_number(value)
    assert isinstance(value, str)
    return neutralise(value)


def reference_csv(
    store: Store,
    *,
    instrument: str | None = None,
    since: date | None = None,
    until: date | None = None,
    excel: bool = False,
) -> tuple[bytes, list[Row]]:
    """The slow, obviously right export: a Rating, then a dict, per row; one csv text."""
    calendar = SessionCalendar(store.sessions())
    rows: list[Row] = []
    for rating in store.ratings(instrument=instrument, since=since, until=until):
        session_id, days_since = calendar.columns(rating.day)
        rows.append(
            {
                "id": rating.id,
                "uid": rating.uid,
                "instrument": rating.instrument,
                "day": rating.day.isoformat(),
                "taken_at": rating.taken_at,
                "recorded_at": rating.recorded_at,
                **{f"q{item}": answer for item, answer in enumerate(rating.answers, 1)},
                "total": rating.total,
                "band": band(rating.total),
                "difficulty": rating.difficulty,
                "note": rating.note,
                "backfilled": rating.backfilled,
                "session_id": session_id,
                "days_since_session": days_since,
            }
        )
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel")
    writer.writerow(RATINGS_COLUMNS)
    for row in rows:
        writer.writerow([_reference_cell(row[column]) for column in RATINGS_COLUMNS])
    data = buffer.getvalue().encode("utf-8")
    return (BOM.encode("utf-8") + data if excel else data), rows


def streamed_csv(
    store: Store,
    *,
    instrument: str | None = None,
    since: date | None = None,
    until: date | None = None,
    excel: bool = False,
) -> tuple[bytes, int]:
    """What `export ratings` writes: the store's rows, streamed through csv.writer."""
    out = io.BytesIO()
    stored = store.rating_rows(instrument=instrument, since=since, until=until)
    count = write_csv(out, RATINGS_COLUMNS, ratings_rows(stored, store.sessions()), excel=excel)
    return out.getvalue(), count


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
# start like a plain cell but need CSV quoting
QUOTED_NOTES = st.sampled_from(
    ["a, b", 'say "hi"', "line\nbreak", "cr\ronly", "x\r\n", "Z,", '9"', "a\n=b"]
)
OFFSETS = st.sampled_from(["+00:00", "+01:00", "-05:00", "+14:00", "Z"])


@st.composite
def csv_histories(draw: st.DrawFn) -> tuple[date, list[Row], list[Row]]:
    start = draw(st.dates(date(1900, 1, 1), date(2100, 12, 31) - timedelta(days=40)))
    # plain: no cell needs quoting; quoted: some do; mixed: any text in uids and notes
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
def test_the_streamed_csv_is_the_reference_output(
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
        data, count = streamed_csv(
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
    """A note may hold NUL (`anxlog import` of JSON takes "a\\u0000b" for a note): it is
    written as the csv module writes it, never cut short."""
    day = date(2024, 1, 2)
    store = databases.new([rating_row("r1", day, (1, 1, 1, 1, 1, 1, 1), note="a\x00b")])
    try:
        expected, _ = reference_csv(store)
        data, _ = streamed_csv(store)
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
        rating_row(  # a second rating on r3's day, later in the evening
            "r6",
            start + timedelta(days=2),
            (1, 1, 1, 1, 1, 1, 1),
            taken_at="2026-11-22T23:00:00+01:00",
            note='@noon, "quoted"\r\nü\x00 end',
        ),
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
    """Notes that need quoting or neutralising are written so, each in its place."""
    result = run("export", "ratings")

    assert result.exit_code == 0, result.output
    text = result.stdout_bytes.decode("utf-8")
    lines = text.split("\r\n")
    assert lines[1].endswith(",'=1+1,false,,")  # before the first session
    assert ',"a, b\nc",false,1,0' in text
    assert ',"\'@noon, ""quoted""\r\nü\x00 end",false,1,1\r\n' in text  # after r3, same day
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


def test_export_ratings_into_a_closed_pipe(odd_db: Path) -> None:
    """`anxlog export ratings | head -c 100`: the reader stops early; no error, no traceback."""
    more = [
        rating_row(f"m{n}", date(2000, 1, 1) + timedelta(days=n), (1,) * 7) for n in range(3000)
    ]
    store = Store.open(odd_db)
    store.insert_rows("ratings", more)
    store.close()
    process = subprocess.Popen(
        [sys.executable, "-m", "anxlog", "--db", str(odd_db), "export", "ratings"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ},
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(len(HEADER_LINE)) == HEADER_LINE
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 0, stderr
    assert stderr == b""
