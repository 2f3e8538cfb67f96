"""Exports and import of the treatment context: the sessions export's tolerability
columns and the events export, read back strictly (all or nothing). The real CLI on a
real database file."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, snapshot
from helpers_exchange import read_csv

TODAY = date.today()
FELT = ("--dissociation", "2", "--nausea", "1", "--bp-before", "128/82", "--bp-after", "141/90")
NOTHING = {"dissociation": None, "nausea": None, "bp_before": None, "bp_after": None}


def _felt(run: Run) -> list[dict[str, Any]]:
    result = run("session", "list", "--json")
    assert result.exit_code == 0, result.output
    return [session["tolerability"] for session in json.loads(result.stdout)]


def _add(run: Run, *words: str) -> None:
    result = run("event", "add", *words)
    assert result.exit_code == 0, result.output


# -- the sessions export's tolerability columns -----------------------------------

COLUMNS = (
    "dissociation,nausea,bp_before_systolic,bp_before_diastolic,bp_after_systolic,"
    "bp_after_diastolic"
)


def test_export_columns_and_round_trip(run: Run, tmp_path: Path) -> None:
    run("session", "add", "2026-01-05", "--kind", "ketamine-iv", *FELT)
    run("session", "add", "2026-01-08", "--kind", "ketamine-iv", "--bp-after", "135/85")
    exported = run("export", "sessions").stdout
    header, first, second = exported.splitlines()
    assert header.endswith(f",note,{COLUMNS}")
    assert first.endswith(",2,1,128,82,141,90") and second.endswith(",,,,,135,85")
    [row, _] = json.loads(run("export", "sessions", "--format", "json").stdout)
    assert (row["dissociation"], row["bp_after_diastolic"]) == (2, 90)
    for args in ([], ["--format", "json"]):
        path = tmp_path / "sessions.out"
        assert run("export", "sessions", *args, "--out", str(path), "--force").exit_code == 0
        copy = tmp_path / f"copy{len(args)}.db"
        assert run("--db", str(copy), "import", str(path)).exit_code == 0
        assert run("--db", str(copy), "export", "sessions").stdout == exported


def test_an_export_without_tolerability_columns_still_imports(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_text(
        "number,id,uid,day,time,kind,dose,unit,course,note\n"
        "1,1,u1,2026-01-05,10:30,ketamine-iv,0.5,mg/kg,induction,\n"
    )
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert _felt(run) == [NOTHING]


SESSION = "1,{uid},2026-01-05,,ketamine-iv,,,,,{felt}"
LEVEL = "is 0, 1, 2 or 3 (none, mild, moderate, severe), or empty."
BAD_ROWS = [
    ("4,,,,,", f"column dissociation: 4 is out of range; dissociation {LEVEL}"),
    (",x,,,,", f"column nausea: 'x' is not a whole number; nausea {LEVEL}"),
    (
        ",,300,90,,",
        "column bp_before_systolic: 300 is out of range; "
        "a systolic pressure is 60 to 260 mmHg, or empty.",
    ),
    (
        ",,,,120,20",
        "column bp_after_diastolic: 20 is out of range; "
        "a diastolic pressure is 30 to 160 mmHg, or empty.",
    ),
    (
        ",,80,120,,",
        "column bp_before_diastolic: 120 is not below bp_before_systolic 80; "
        "the diastolic pressure is the lower number of a reading.",
    ),
    (
        ",,,,141,",
        "column bp_after_diastolic: empty while bp_after_systolic is 141; "
        "a reading needs both numbers, or neither.",
    ),
    (
        ",,,82,,",
        "column bp_before_systolic: empty while bp_before_diastolic is 82; "
        "a reading needs both numbers, or neither.",
    ),
    ("2.5,,,,,", f"column dissociation: '2.5' is not a whole number; dissociation {LEVEL}"),
]


@pytest.mark.parametrize(("felt", "message"), BAD_ROWS)
def test_import_checks_tolerability_and_adds_nothing_on_a_bad_row(
    run: Run, db_path: Path, tmp_path: Path, felt: str, message: str
) -> None:
    run("session", "add", "2026-01-01", "--kind", "other")
    before = snapshot(db_path)
    path = tmp_path / "sessions.csv"
    good = SESSION.format(uid="good", felt="1,1,120,80,130,85")
    path.write_text(
        f"id,uid,day,time,kind,dose,unit,course,note,{COLUMNS}\n"
        f"{good}\n{SESSION.format(uid='bad', felt=felt)}\n"
    )
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"Error: row 3, {message}\n"
    assert snapshot(db_path) == before  # the good row 2 was not added either


# -- the events export ---------------------------------------------------------


@pytest.fixture
def noted(run: Run) -> None:
    assert run("session", "add", "2026-01-05", "--kind", "ketamine-iv").exit_code == 0
    _add(run, "2026-01-03", "began weekly therapy")
    _add(run, "2026-01-09", "=started sertraline, 50 mg")  # comma, and a formula-like start


def test_export_events_csv_and_json(run: Run, noted: None) -> None:
    csv_result = run("export", "events")
    assert csv_result.exit_code == 0, csv_result.output
    rows = read_csv(csv_result.stdout_bytes)
    assert list(rows[0]) == ["id", "uid", "day", "text", "session_id", "days_since_session"]
    assert [(r["day"], r["text"], r["session_id"], r["days_since_session"]) for r in rows] == [
        ("2026-01-03", "began weekly therapy", "", ""),  # before the first session
        ("2026-01-09", "'=started sertraline, 50 mg", "1", "4"),  # 9 − 5 = 4 days after 1
    ]
    json_rows = json.loads(run("export", "events", "--format", "json").stdout)
    assert [(r["text"], r["session_id"]) for r in json_rows] == [
        ("began weekly therapy", None),
        ("=started sertraline, 50 mg", 1),  # JSON is never neutralised
    ]
    refused = run("export", "events", "--instrument", "daily")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "Error: --instrument selects ratings: leave it out for the events table.\n"
    )


@pytest.mark.parametrize("args", [[], ["--excel"], ["--format", "json"]])
def test_round_trip(run: Run, noted: None, tmp_path: Path, args: list[str]) -> None:
    exported = tmp_path / "events.out"
    assert run("export", "events", *args, "--out", str(exported)).exit_code == 0
    copy = tmp_path / "copy.db"
    result = run("--db", str(copy), "import", str(exported))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Imported 2 events from {exported}; skipped 0 already present.\n"
    again = run("--db", str(copy), "import", str(exported))
    assert again.stdout == f"Nothing new: the 2 events in {exported} are already here.\n"
    original = json.loads(run("event", "list", "--json").stdout)
    assert json.loads(run("--db", str(copy), "event", "list", "--json").stdout) == original


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


UID = "00000000-0000-4000-a000-000000000001"
FUTURE = (TODAY + timedelta(days=3)).isoformat()
BAD_FILES = [
    pytest.param(
        f"id,uid,day,text\n1,{UID},2026-01-03,\n",
        "row 2, column text: empty; describe the change, e.g. 'started sertraline 50 mg'.",
        id="empty text",
    ),
    pytest.param(
        f"id,uid,day,text\n1,{UID},2026-01-03, \n",
        "row 2, column text: blank; describe the change, e.g. 'started sertraline 50 mg'.",
        id="blank text",
    ),
    pytest.param(
        f"id,uid,day,text\n1,{UID},{FUTURE},x\n",
        f"row 2, column day: {FUTURE} is in the future; give today or an earlier date.",
        id="future day",
    ),
    pytest.param(
        f"id,uid,day,text\n1,{UID},03/01/2026,x\n",
        "row 2, column day: '03/01/2026' is not a date; a day is written YYYY-MM-DD.",
        id="day form",
    ),
    pytest.param(
        f"id,uid,day,text\n1,{UID},2026-01-03,x\n2,{UID},2026-01-04,y\n",
        f"row 3, column uid: '{UID}' is already used by row 2; each row needs its own uid.",
        id="uid twice",
    ),
    pytest.param(
        "id,day,text\n1,2026-01-03,x\n",
        "row 1 (the header): the column uid is missing; "
        "an events export has the columns uid, day, text.",
        id="missing column",
    ),
    pytest.param(
        f'[{{"id": 1, "uid": "{UID}", "day": "2026-01-03", "text": 5}}]',
        "row 1, column text: a int is not text; "
        "describe the change, e.g. 'started sertraline 50 mg'.",
        id="json number",
    ),
    pytest.param(
        f'[{{"id": 1, "uid": "{UID}", "text": "x"}}]',
        "row 1: the key day is missing; an events row has the keys uid, day, text.",
        id="json missing key",
    ),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_import_of_events_is_strict_and_all_or_nothing(
    run: Run, db_path: Path, tmp_path: Path, content: str, message: str
) -> None:
    _add(run, "2026-01-01", "already here")
    before = snapshot(db_path)
    path = _write(tmp_path / "events.in", content)
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"
    assert snapshot(db_path) == before
