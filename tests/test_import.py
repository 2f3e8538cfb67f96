"""anxlog import: round trip, idempotence, all-or-nothing, and every bad file refused."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers_exchange import (
    error_line,
    histories,
    invoke,
    rating_row,
    seed,
    session_row,
    snapshot,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anxlog.exchange.tables import RATINGS_COLUMNS
from anxlog.storage import Store

RATINGS = [
    rating_row("r1", "2026-03-03", (2, 2, 2, 2, 2, 2, 2), note="=1+1", row_id=4),
    rating_row("r2", "2026-03-04", (1, 2, 1, 2, 1, 2, 1), note='\'=x, "quoted"\nline'),
    rating_row("r3", "2026-03-05", (3, 2, 1, 0, 3, 2, 1), instrument="gad7", difficulty=2),
]
SESSIONS = [
    session_row("s1", "2026-03-05", time="10:30", dose=0.5, unit="mg/kg", course="induction"),
    session_row("s2", "2026-03-08", kind="-x", note="@y", row_id=9),
]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "source.db"
    seed(path, RATINGS, SESSIONS)
    return path


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """A database that already holds one unrelated rating, so 'unchanged' means something."""
    path = tmp_path / "target.db"
    seed(path, [rating_row("mine", "2026-02-01", (0, 0, 0, 0, 0, 0, 1))])
    return path


def export_to(db: Path, path: Path, *args: str) -> Path:
    result = invoke(db, "export", *args, "--out", str(path), "--force")
    assert result.exit_code == 0, result.output
    return path


def export_bytes(db: Path, *args: str) -> bytes:
    result = invoke(db, "export", *args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def import_ok(db: Path, path: Path, *args: str) -> str:
    result = invoke(db, "import", str(path), *args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def uids_and_ids(db: Path, table: str) -> dict[str, int]:
    store = Store.open(db, write=False)
    try:
        records = store.ratings() if table == "ratings" else store.sessions()
        return {record.uid: record.id for record in records}
    finally:
        store.close()


# -- round trip ----------------------------------------------------------------


@pytest.mark.parametrize("args", [[], ["--excel"], ["--format", "json"]])
def test_round_trip_gives_identical_files(source: Path, tmp_path: Path, args: list[str]) -> None:
    ratings = export_to(source, tmp_path / "ratings.out", "ratings", *args)
    sessions = export_to(source, tmp_path / "sessions.out", "sessions", *args)
    copy = tmp_path / "copy.db"
    assert (
        import_ok(copy, ratings)
        == f"Imported 3 ratings from {ratings}; skipped 0 already present.\n"
    )
    assert import_ok(copy, sessions) == (
        f"Imported 2 sessions from {sessions}; skipped 0 already present.\n"
    )
    for table in ("ratings", "sessions", "daily"):
        assert export_bytes(copy, table, *args) == export_bytes(source, table, *args)
    assert uids_and_ids(copy, "ratings") == uids_and_ids(source, "ratings")  # ids kept
    assert uids_and_ids(copy, "sessions") == {"s1": 1, "s2": 9}


def test_neutralised_notes_come_back_as_written(source: Path, tmp_path: Path) -> None:
    ratings = export_to(source, tmp_path / "ratings.csv", "ratings")
    assert "''=x" in ratings.read_text()  # a note that starts with a quote gets one more
    copy = tmp_path / "copy.db"
    import_ok(copy, ratings)
    store = Store.open(copy, write=False)
    notes = [rating.note for rating in store.ratings()]
    store.close()
    assert notes == ["=1+1", '\'=x, "quoted"\nline', None]


def test_import_twice_adds_nothing(source: Path, target: Path, tmp_path: Path) -> None:
    ratings = export_to(source, tmp_path / "ratings.csv", "ratings")
    import_ok(target, ratings)
    after_first = snapshot(target)
    assert import_ok(target, ratings) == (
        f"Nothing new: the 3 ratings in {ratings} are already here.\n"
    )
    assert snapshot(target) == after_first


def test_dry_run_reports_and_changes_nothing(source: Path, target: Path, tmp_path: Path) -> None:
    sessions = export_to(source, tmp_path / "sessions.json", "sessions", "--format", "json")
    before = snapshot(target)
    assert import_ok(target, sessions, "--dry-run") == (
        "Dry run: would add 2 sessions and skip 0 already present; nothing was changed.\n"
    )
    assert snapshot(target) == before
    import_ok(target, sessions)
    assert snapshot(target) != before  # the snapshot does see a real import


def test_existing_uids_are_skipped_and_taken_ids_renumbered(target: Path, tmp_path: Path) -> None:
    # target holds "mine" with id 1; the file brings id 1 again (taken) and id 2 (free)
    other = tmp_path / "other.db"
    seed(
        other,
        [
            rating_row("mine", "2026-02-01", (0, 0, 0, 0, 0, 0, 1), row_id=5),
            rating_row("a1", "2026-02-02", row_id=1),
            rating_row("a2", "2026-02-03", row_id=2),
        ],
    )
    ratings = export_to(other, tmp_path / "ratings.csv", "ratings")
    assert import_ok(target, ratings) == (
        f"Imported 2 ratings from {ratings}; skipped 1 already present.\n"
    )
    assert uids_and_ids(target, "ratings") == {"mine": 1, "a1": 3, "a2": 2}


@pytest.mark.parametrize(
    "content",
    [
        "[]",
        "id,uid,instrument,day,taken_at,recorded_at,q1,q2,q3,q4,q5,q6,q7,total,difficulty,note\r\n",
    ],
)
def test_a_file_without_rows_imports_nothing(target: Path, tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty-export"
    path.write_text(content)
    before = snapshot(target)
    assert import_ok(target, path) == f"Nothing to import: {path} holds no rows.\n"
    assert snapshot(target) == before


# -- bad files -----------------------------------------------------------------


def ratings_csv(rows: list[dict[str, Any]], columns: tuple[str, ...] = RATINGS_COLUMNS) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def good(uid: str = "u1", **changes: Any) -> dict[str, Any]:
    return {**rating_row(uid, "2026-03-03", (1, 2, 0, 1, 2, 0, 1)), **changes}


def session(uid: str = "s1", **changes: Any) -> dict[str, Any]:
    return {**session_row(uid, "2026-03-05", dose=35, unit="mg"), **changes}


MISSING = tuple(c for c in RATINGS_COLUMNS if c not in ("q7", "total"))
FUTURE = (date.today() + timedelta(days=3)).isoformat()
WRITTEN_BY = "'anxlog export ratings', 'anxlog export sessions' or 'anxlog export events'"
RATING_KEYS = (
    "uid, instrument, day, taken_at, recorded_at, q1, q2, q3, q4, q5, q6, q7, total, "
    "difficulty, note"
)
SESSION_KEYS = "uid, day, time, kind, dose, unit, course, note"
ANSWER = "an answer is a whole number 0, 1, 2 or 3."
DOSE = "a dose is a number greater than 0, such as 35 or 0.5, or empty."
BAD_FILES = [
    pytest.param(
        b"\x89PNG\r\n\x1a\n\x00\x00\xff",
        "{path} is not a UTF-8 text file: "
        f"import reads a CSV or JSON file written by {WRITTEN_BY}.",
        id="binary",
    ),
    pytest.param(
        b"",
        f"{{path}} is empty: import reads a CSV or JSON file written by {WRITTEN_BY}.",
        id="empty",
    ),
    pytest.param(
        "\ufeff \r\n",
        f"{{path}} is empty: import reads a CSV or JSON file written by {WRITTEN_BY}.",
        id="blank",
    ),
    pytest.param(
        "Dear doctor,\nhere is my diary.\n",
        "{path} is not an anxlog ratings, sessions or events export: its first row names none "
        f"of their columns (a ratings export has {RATING_KEYS}; a sessions export has "
        f"{SESSION_KEYS}; an events export has uid, day, text).",
        id="text",
    ),
    pytest.param(
        ratings_csv([good()], MISSING),
        "row 1 (the header): the columns q7, total are missing; "
        f"a ratings export has the columns {RATING_KEYS}.",
        id="missing columns",
    ),
    pytest.param(
        ratings_csv([good("u1"), good("u2", q3=4)]),
        f"row 3, column q3: 4 is out of range; {ANSWER}",
        id="answer 4",
    ),
    pytest.param(
        ratings_csv([good(q1="two")]),
        f"row 2, column q1: 'two' is not a whole number; {ANSWER}",
        id="answer text",
    ),
    pytest.param(
        ratings_csv([good(total=9)]),
        "row 2, column total: 9 does not match the answers, which add up to 7; "
        "the total must be the sum of q1 to q7.",
        id="wrong total",
    ),
    pytest.param(
        ratings_csv([good(day="2026-02-30")]),
        "row 2, column day: '2026-02-30' is not a real calendar date; a day is written YYYY-MM-DD.",
        id="invalid date",
    ),
    pytest.param(
        ratings_csv([good(day="03/03/2026")]),
        "row 2, column day: '03/03/2026' is not a date; a day is written YYYY-MM-DD.",
        id="date form",
    ),
    pytest.param(
        ratings_csv([good(day=FUTURE)]),
        f"row 2, column day: {FUTURE} is in the future; give today or an earlier date.",
        id="future date",
    ),
    pytest.param(
        ratings_csv([good(taken_at="2026-03-03T09:00:00")]),
        "row 2, column taken_at: '2026-03-03T09:00:00' is not a date and time; write ISO 8601 "
        "with seconds and a UTC offset, e.g. 2026-11-20T21:30:00+01:00, or the date alone when "
        "the time is not known.",
        id="no offset",
    ),
    pytest.param(
        ratings_csv([good("u1"), good("u2"), good("u1")]),
        "row 4, column uid: 'u1' is already used by row 2; each row needs its own uid.",
        id="duplicate uid",
    ),
    pytest.param(
        ratings_csv([good("")]),
        "row 2, column uid: empty; every row needs the uid anxlog gave it.",
        id="empty uid",
    ),
    pytest.param(
        ratings_csv([good(instrument="phq9")]),
        "row 2, column instrument: 'phq9' is not known; use daily or gad7.",
        id="instrument",
    ),
    pytest.param(
        ratings_csv([good(difficulty=1)]),
        "row 2, column difficulty: 1 given for a daily check-in; "
        "only gad7 ratings have the difficulty item; leave it empty.",
        id="daily difficulty",
    ),
    pytest.param(
        ratings_csv([good()]) + "a,b\r\n",
        "row 3: 2 cells but the header names 20 columns; every row needs one cell per column.",
        id="short row",
    ),
    pytest.param(
        "day,value,n_ratings,trailing_mean\r\n2026-03-03,4.0,1,\r\n",
        "{path} is a daily export, which is computed from ratings: "
        "import the file written by 'anxlog export ratings' instead.",
        id="daily export",
    ),
    pytest.param(
        '[{"uid": "u1",}]',
        "{path} is not valid JSON (line 1, column 15: Expecting property name enclosed in double "
        f"quotes); import reads the array written by {WRITTEN_BY} --format json.",
        id="bad json",
    ),
    pytest.param(
        '{"resourceType": "Bundle"}',
        "{path} holds a JSON object, not a list of rows (a FHIR bundle cannot be imported); "
        f"import reads the array written by {WRITTEN_BY} --format json.",
        id="fhir bundle",
    ),
    pytest.param(
        json.dumps([good(), {k: v for k, v in good("u2").items() if k != "q7"}]),
        f"row 2: the key q7 is missing; a ratings row has the keys {RATING_KEYS}.",
        id="json missing key",
    ),
    pytest.param(
        json.dumps([good(q5=4)]),
        f"row 1, column q5: 4 is out of range; {ANSWER}",
        id="json answer 4",
    ),
    pytest.param(
        "[[1, 2]]",
        "row 1: found list where an object of column values belongs; "
        'each row is an object such as {"uid": …, "day": …}.',
        id="json not object",
    ),
    pytest.param(
        json.dumps([session(dose=0)]),
        f"row 1, column dose: 0 is not accepted; {DOSE}",
        id="dose zero",
    ),
    pytest.param(
        json.dumps([session(dose="35 mg")]),
        f"row 1, column dose: '35 mg' is not a number; {DOSE}",
        id="dose text",
    ),
    pytest.param(
        json.dumps([session(unit="g")]),
        "row 1, column unit: 'g' is not known; use mg or mg/kg.",
        id="unit",
    ),
    pytest.param(
        json.dumps([session(unit=None)]),
        "row 1, column unit: empty while the dose is 35; give mg or mg/kg with a dose.",
        id="dose without unit",
    ),
    pytest.param(
        json.dumps([session(time="25:00")]),
        "row 1, column time: '25:00' is not a time of day; a time is HH:MM, 00:00 to 23:59.",
        id="time",
    ),
    pytest.param(
        json.dumps([session(kind="\x00x")]),
        "row 1, column kind: holds a NUL character; name the kind of session, e.g. ketamine-iv.",
        id="NUL kind",
    ),
    pytest.param(
        json.dumps([session(kind="  ")]),
        "row 1, column kind: blank; name the kind of session, e.g. ketamine-iv.",
        id="blank kind",
    ),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_bad_file_is_refused_and_database_unchanged(
    target: Path, tmp_path: Path, content: bytes | str, message: str
) -> None:
    path = tmp_path / "import-me"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = snapshot(target)
    result = invoke(target, "import", str(path))
    assert result.exit_code == 1
    assert error_line(result) == message.replace("{path}", str(path))
    assert result.stdout == ""
    assert snapshot(target) == before


# -- numbers that are no numbers: NaN, infinity, huge ---------------------------------

WHOLE_CELLS = [  # every whole-number cell of an import, and what its error says is accepted
    *(("ratings", item, ANSWER) for item in ("q1", "q2", "q3", "q4", "q5", "q6", "q7")),
    ("ratings", "total", "the total is the sum of q1 to q7, 0 to 21."),
    ("ratings", "difficulty", "the difficulty item is 0, 1, 2 or 3, or empty."),
    ("ratings", "id", "an id is a whole number of 1 or more, or empty."),
    ("sessions", "id", "an id is a whole number of 1 or more, or empty."),
]
THIRTY_NINES = "9" * 30
# (CSV cell, JSON literal, the problem named for the CSV cell, for the JSON value)
ODD_WHOLE = [
    ("nan", "NaN", "'nan' is not a whole number", "nan is not a whole number"),
    ("inf", "Infinity", "'inf' is not a whole number", "inf is not a whole number"),
    ("-inf", "-Infinity", "'-inf' is not a whole number", "-inf is not a whole number"),
    ("1e999", "1e999", "'1e999' is not a whole number", "inf is not a whole number"),
    ("2.5", "2.5", "'2.5' is not a whole number", "2.5 is not a whole number"),
    (THIRTY_NINES, THIRTY_NINES, "9" * 17 + "… is out of range", "9" * 17 + "… is out of range"),
    (
        "9" * 5000,
        "-" + THIRTY_NINES,
        "9" * 17 + "… is out of range",
        "-" + "9" * 16 + "… is out of range",
    ),
]
ODD_DOSES = [
    ("nan", "NaN", "'nan' is not a number", "nan is not accepted"),
    ("inf", "Infinity", "'inf' is not a number", "inf is not accepted"),
    ("-inf", "-Infinity", "'-inf' is not a number", "-inf is not accepted"),
    ("1e999", "1e999", "'1e999' is not accepted", "inf is not accepted"),
    ("9" * 400, "9" * 400, f"'{'9' * 36}… is not accepted", f"{'9' * 37}… is not accepted"),
    ("-5", "-5", "'-5' is not accepted", "-5 is not accepted"),
]
PLACEHOLDER = "the-number-here"


def _file_with(table: str, column: str, form: str, cell: str) -> str:
    """A one-row export whose ``column`` holds ``cell`` (CSV text, or a JSON literal)."""
    if table == "sessions":
        row, columns = session(), ("id", *SESSION_KEYS.split(", "))
    elif column == "difficulty":
        row, columns = good(instrument="gad7", difficulty=1), RATINGS_COLUMNS
    else:
        row, columns = good(), RATINGS_COLUMNS
    if form == "csv":
        return ratings_csv([{**row, column: cell}], columns)
    return json.dumps([{**row, column: PLACEHOLDER}]).replace(f'"{PLACEHOLDER}"', cell)


ODD_NUMBER_CASES = [
    pytest.param(table, column, form, cell, f"row {row}, column {column}: {problem}; {accepted}",
                 id=f"{table}-{column}-{form}-{cell[:8]}")
    for table, column, accepted in [*WHOLE_CELLS, ("sessions", "dose", DOSE)]
    for csv_cell, json_cell, csv_problem, json_problem in (
        ODD_DOSES if column == "dose" else ODD_WHOLE
    )
    for form, cell, problem, row in (
        ("csv", csv_cell, csv_problem, 2),
        ("json", json_cell, json_problem, 1),
    )
]  # fmt: skip


@pytest.mark.parametrize(("table", "column", "form", "cell", "message"), ODD_NUMBER_CASES)
def test_nan_infinity_and_huge_numbers_are_refused(
    target: Path, tmp_path: Path, table: str, column: str, form: str, cell: str, message: str
) -> None:
    path = tmp_path / f"import-me.{form}"
    path.write_text(_file_with(table, column, form, cell), encoding="utf-8")
    before = snapshot(target)
    result = invoke(target, "import", str(path))
    assert result.exit_code == 1
    assert error_line(result) == message
    assert result.stdout == ""
    assert snapshot(target) == before


@pytest.mark.parametrize("name", ["missing.csv", "."])
def test_missing_file_or_directory_is_a_usage_error(
    target: Path, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    before = snapshot(target)
    result = invoke(target, "import", str(path))
    assert result.exit_code == 2
    problem = "is a directory" if name == "." else "does not exist"
    assert error_line(result) == f"{path} {problem}: give the CSV or JSON file to import."
    assert snapshot(target) == before


# -- property: generated histories survive the round trip ---------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=histories(), args=st.sampled_from([[], ["--excel"], ["--format", "json"]]))
def test_round_trip_property(
    history: tuple[list[dict[str, Any]], list[dict[str, Any]]], args: list[str]
) -> None:
    ratings, sessions = history
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        source, copy = here / "source.db", here / "copy.db"
        seed(source, ratings, sessions)
        Store.open(copy).close()  # an empty database: an empty file imports nothing
        for table in ("ratings", "sessions"):
            exported = here / f"{table}.out"
            exported.write_bytes(export_bytes(source, table, *args))
            import_ok(copy, exported)
        for table in ("ratings", "sessions", "daily"):
            assert export_bytes(copy, table, *args) == export_bytes(source, table, *args)
