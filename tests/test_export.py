"""anxlog export ratings|daily|sessions: columns, values, CSV rules, --out, bad input."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from helpers_exchange import error_line, invoke, rating_row, read_csv, seed, session_row, snapshot
from hypothesis import given
from hypothesis import strategies as st

from anxlog.exchange.csvfile import neutralise, plain_number, restore
from anxlog.exchange.tables import DAILY_COLUMNS, RATINGS_COLUMNS, SESSIONS_COLUMNS

RATINGS = [
    rating_row("r1", "2026-03-03", (2, 2, 2, 2, 2, 2, 2), note="=1+1"),
    rating_row("r2", "2026-03-04", (1, 2, 1, 2, 1, 2, 1)),
    rating_row("r3", "2026-03-05", (1, 1, 1, 1, 1, 1, 1), taken_at="2026-03-05T08:00:00+01:00"),
    rating_row("r4", "2026-03-05", (0, 0, 0, 0, 0, 0, 1), taken_at="2026-03-05T21:00:00+01:00"),
    rating_row(
        "r5",
        "2026-03-05",
        (2, 2, 2, 1, 1, 1, 2),
        instrument="gad7",
        difficulty=1,
        taken_at="2026-03-05T22:00:00+01:00",
    ),
    rating_row("r6", "2026-03-07", (0, 1, 0, 1, 0, 1, 0), recorded_at="2026-03-09T10:00:00+01:00"),
    rating_row("r7", "2026-03-08", (1, 0, 0, 0, 0, 0, 0), note='a, "b"\nc [red]x[/red]'),
]
SESSIONS = [
    session_row(
        "s1", "2026-03-05", time="10:30", dose=0.5, unit="mg/kg", course="induction", note="@x"
    ),
    session_row("s3", "2026-03-08", time="18:00", kind="=cmd", dose=56.0, unit="mg"),
    session_row("s2", "2026-03-08", kind="esketamine-nasal"),  # untimed: before s3 that day
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "anxlog.db"
    seed(path, RATINGS, SESSIONS)
    return path


def export(db: Path, *args: str) -> bytes:
    result = invoke(db, "export", *args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout_bytes


def test_ratings_csv_columns_and_values(db: Path) -> None:
    rows = read_csv(export(db, "ratings"))
    assert tuple(rows[0]) == RATINGS_COLUMNS
    assert [row["uid"] for row in rows] == ["r1", "r2", "r3", "r4", "r5", "r6", "r7"]
    first, gad7, late, last = rows[0], rows[4], rows[5], rows[6]
    assert first["id"] == "1" and first["day"] == "2026-03-03"
    assert [first[f"q{i}"] for i in range(1, 8)] == ["2"] * 7
    assert first["total"] == "14" and first["band"] == "moderate"
    assert first["note"] == "'=1+1"  # neutralised: a spreadsheet shows text
    # before the first session the session columns are empty
    assert (first["session_id"], first["days_since_session"]) == ("", "")
    assert first["difficulty"] == "" and first["backfilled"] == "false"
    assert gad7["instrument"] == "gad7" and gad7["difficulty"] == "1"
    assert (gad7["session_id"], gad7["days_since_session"]) == ("1", "0")
    # rated on 03-07, recorded on 03-09: backfilled; session 1 was two days before
    assert late["backfilled"] == "true"
    assert (late["session_id"], late["days_since_session"]) == ("1", "2")
    # two sessions on 03-08: the latest in treatment order is s3 (18:00), whose id is 2
    # (it was logged second), not its place in the order (3)
    assert (last["session_id"], last["days_since_session"]) == ("2", "0")
    assert last["note"] == 'a, "b"\nc [red]x[/red]'
    assert last["taken_at"] == "2026-03-08T09:00:00+01:00"


def test_daily_csv_values_trailing_mean_and_session_days(db: Path) -> None:
    rows = read_csv(export(db, "daily"))
    assert tuple(rows[0]) == DAILY_COLUMNS
    assert [row["day"] for row in rows] == [
        "2026-03-03",
        "2026-03-04",
        "2026-03-05",
        "2026-03-07",
        "2026-03-08",
    ]
    values = [row["value"] for row in rows]
    assert values == ["14.0", "10.0", "4.0", "3.0", "1.0"]  # 03-05: (7 + 1) / 2 = 4
    assert [row["n_ratings"] for row in rows] == ["1", "1", "2", "1", "1"]
    # trailing mean needs 3 daily values in day-6 … day
    assert rows[0]["trailing_mean"] == rows[1]["trailing_mean"] == ""
    assert float(rows[2]["trailing_mean"]) == pytest.approx((14 + 10 + 4) / 3)
    assert float(rows[3]["trailing_mean"]) == (14 + 10 + 4 + 3) / 4  # 7.75
    assert float(rows[4]["trailing_mean"]) == (14 + 10 + 4 + 3 + 1) / 5  # 6.4
    session_day = rows[2]
    assert session_day["session_id"] == "1" and session_day["days_since_session"] == "0"
    assert (session_day["session_kind"], session_day["session_dose"]) == ("ketamine-iv", "0.5")
    assert session_day["session_unit"] == "mg/kg"
    between = rows[3]  # two days after session 1: its id and distance, no session columns
    assert (between["session_id"], between["days_since_session"]) == ("1", "2")
    assert between["session_kind"] == between["session_dose"] == between["session_unit"] == ""
    assert rows[4]["session_kind"] == "'=cmd" and rows[4]["session_dose"] == "56.0"
    assert rows[4]["session_id"] == "2"  # s3, the day's latest session
    assert rows[0]["session_id"] == ""


def test_daily_since_keeps_trailing_mean_of_earlier_days(db: Path) -> None:
    rows = read_csv(export(db, "daily", "--since", "2026-03-05", "--until", "2026-03-07"))
    assert [row["day"] for row in rows] == ["2026-03-05", "2026-03-07"]
    assert float(rows[0]["trailing_mean"]) == pytest.approx(28 / 3)


def test_daily_of_gad7(db: Path) -> None:
    rows = read_csv(export(db, "daily", "--instrument", "gad7"))
    assert [(row["day"], row["value"]) for row in rows] == [("2026-03-05", "11.0")]


def test_sessions_have_their_id_and_their_place_in_the_whole_history(db: Path) -> None:
    rows = read_csv(export(db, "sessions"))
    assert tuple(rows[0]) == SESSIONS_COLUMNS
    # logged as s1, s3, s2 (ids 1, 2, 3); in treatment order s1, s2 (untimed), s3 (18:00)
    assert [(row["id"], row["order"], row["uid"]) for row in rows] == [
        ("1", "1", "s1"),
        ("3", "2", "s2"),
        ("2", "3", "s3"),
    ]
    assert rows[0]["time"] == "10:30" and rows[0]["course"] == "induction"
    assert rows[0]["note"] == "'@x" and rows[2]["kind"] == "'=cmd"
    assert rows[1]["dose"] == rows[1]["unit"] == rows[1]["time"] == ""
    later = read_csv(export(db, "sessions", "--since", "2026-03-06"))
    assert [row["order"] for row in later] == ["2", "3"]


def test_json_has_the_same_keys_and_native_types(db: Path) -> None:
    ratings = json.loads(export(db, "ratings", "--format", "json"))
    assert tuple(ratings[0]) == RATINGS_COLUMNS
    assert ratings[0]["note"] == "=1+1"  # JSON is never neutralised
    assert ratings[0]["id"] == 1 and ratings[0]["q1"] == 2 and ratings[0]["total"] == 14
    assert ratings[0]["difficulty"] is None and ratings[0]["session_id"] is None
    assert ratings[5]["backfilled"] is True and ratings[0]["backfilled"] is False
    daily = json.loads(export(db, "daily", "-f", "json"))
    assert tuple(daily[0]) == DAILY_COLUMNS
    assert daily[2]["value"] == 4.0 and daily[2]["session_dose"] == 0.5
    assert daily[0]["trailing_mean"] is None
    sessions = json.loads(export(db, "sessions", "--format", "json"))
    assert tuple(sessions[0]) == SESSIONS_COLUMNS
    assert sessions[2]["kind"] == "=cmd" and sessions[2]["dose"] == 56.0


def test_ratings_instrument_filter(db: Path) -> None:
    rows = read_csv(export(db, "ratings", "--instrument", "gad7"))
    assert [row["uid"] for row in rows] == ["r5"]


def test_csv_is_rfc4180_utf8_and_bom_only_with_excel(db: Path) -> None:
    data = export(db, "ratings")
    assert data.startswith(b"id,uid,instrument,")
    assert data.endswith(b"\r\n") and b"\r\n" in data.split(b"\n")[0] + b"\n"
    assert b'"a, ""b""\nc [red]x[/red]"' in data  # quoted; quotes doubled; newline kept
    excel = export(db, "ratings", "--excel")
    assert excel == b"\xef\xbb\xbf" + data


def test_numbers_are_plain_and_never_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "n.db"
    seed(path, [], [session_row("s", "2026-01-02", dose=0.00001, unit="mg", note="-5")])
    row = read_csv(export(path, "sessions"))[0]
    assert row["dose"] == "0.00001"  # no exponent, no quote
    assert row["note"] == "'-5"  # text that looks like a negative number is still text
    assert plain_number(7.25) == "7.25" and plain_number(3) == "3"
    assert plain_number(1e16) == "10000000000000000"


@pytest.mark.parametrize(
    ("note", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+x", "'+x"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        (" =x", "' =x"),
        ("'=x", "''=x"),
        ("'hello", "'hello"),
        ("plain = text", "plain = text"),
        ("2+2", "2+2"),
    ],
)
def test_formula_neutralisation(note: str, cell: str) -> None:
    assert neutralise(note) == cell
    assert restore(cell) == note


@given(st.text())
def test_neutralisation_is_safe_and_reversible(text: str) -> None:
    cell = neutralise(text)
    assert restore(cell) == text
    assert not cell or cell[0] not in "=+-@\t\r"
    assert not cell.lstrip() or cell.lstrip()[0] not in "=+-@"


def test_out_writes_0600_file_and_says_so_on_stderr(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "ratings.csv"
    result = invoke(db, "export", "ratings", "--out", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"Wrote 7 rows to {target}.\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() == export(db, "ratings")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_out_refuses_existing_file_without_force(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "ratings.csv"
    target.write_text("keep me")
    before = snapshot(db)
    result = invoke(db, "export", "ratings", "--out", str(target))
    assert result.exit_code == 2
    assert error_line(result) == f"{target} already exists: add --force to replace it."
    assert target.read_text() == "keep me"
    assert snapshot(db) == before
    forced = invoke(db, "export", "sessions", "--format", "json", "--out", str(target), "--force")
    assert forced.exit_code == 0
    assert json.loads(target.read_text())[0]["uid"] == "s1"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["everything"],
            "TABLE 'everything' is not known: use ratings, daily, sessions, events or fhir.",
        ),
        (["ratings", "--format", "xlsx"], "--format 'xlsx' is not known: use csv or json."),
        (
            ["daily", "--since", "2026-03-08", "--until", "2026-03-01"],
            "--since 2026-03-08 is after --until 2026-03-01: give a start on or before the end.",
        ),
        (
            ["ratings", "--since", "2026-02-30"],
            "--since '2026-02-30' is not a real calendar date.",
        ),
        (
            ["ratings", "--instrument", "phq9"],
            "--instrument 'phq9' is not known: use daily or gad7.",
        ),
        (
            ["sessions", "--instrument", "daily"],
            "--instrument selects ratings: leave it out for the sessions table.",
        ),
        (
            ["ratings", "--format", "json", "--excel"],
            "--excel adds a byte order mark to CSV: leave it out for JSON and FHIR.",
        ),
        (
            ["ratings", "--patient-name", "Sam"],
            "--patient-name belongs to 'export fhir': leave it out here.",
        ),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(db: Path, args: list[str], message: str) -> None:
    before = snapshot(db)
    result = invoke(db, "export", *args)
    assert result.exit_code == 2
    assert error_line(result) == message
    assert result.stdout == ""
    assert snapshot(db) == before


def test_out_in_missing_folder(db: Path, tmp_path: Path) -> None:
    before = snapshot(db)
    target = tmp_path / "no-such-folder" / "x.csv"
    result = invoke(db, "export", "ratings", "--out", str(target))
    assert result.exit_code == 2
    assert error_line(result) == (
        f"The folder {target.parent} does not exist: create it or choose another."
    )
    assert not target.parent.exists()
    assert snapshot(db) == before


def test_out_never_replaces_the_database(db: Path) -> None:
    before = snapshot(db)
    result = invoke(db, "export", "ratings", "--out", str(db), "--force")
    assert result.exit_code == 2
    assert error_line(result) == f"--out {db} is the database itself: choose another file name."
    assert snapshot(db) == before


def test_empty_database_exports_just_the_header(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    seed(path)
    assert export(path, "ratings") == (",".join(RATINGS_COLUMNS) + "\r\n").encode()
    assert json.loads(export(path, "daily", "--format", "json")) == []
