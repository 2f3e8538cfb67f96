"""event add, list, edit, rm; export events and import them back. The real CLI on a real
database file."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, snapshot

TODAY = date.today()
TOMORROW = (TODAY + timedelta(days=1)).isoformat()


def _events(run: Run, *args: str) -> list[dict[str, Any]]:
    result = run("event", "list", "--json", *args)
    assert result.exit_code == 0, result.output
    events: list[dict[str, Any]] = json.loads(result.stdout)
    return events


def _add(run: Run, *words: str) -> None:
    result = run("event", "add", *words)
    assert result.exit_code == 0, result.output


def test_add_with_and_without_a_date(run: Run) -> None:
    result = run("event", "add", "2026-01-03", "began weekly therapy")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Saved event 1 on 2026-01-03.\n"
    _add(run, "started sertraline 50 mg")
    _add(run, "yesterday", "a hard week at work")
    _add(run, "moved", "house")  # words without quotes: joined by spaces
    events = _events(run)
    assert [(e["id"], e["day"], e["text"]) for e in events] == [
        (1, "2026-01-03", "began weekly therapy"),
        (3, (TODAY - timedelta(days=1)).isoformat(), "a hard week at work"),
        (2, TODAY.isoformat(), "started sertraline 50 mg"),
        (4, TODAY.isoformat(), "moved house"),
    ]  # by day, then in the order entered
    assert list(events[0]) == ["id", "uid", "day", "text"]
    assert len({e["uid"] for e in events}) == 4


def test_list_period_and_table(run: Run) -> None:
    _add(run, "2026-01-03", "began weekly therapy")
    _add(run, "2026-02-10", "started sertraline 50 mg")
    _add(run, "2026-03-01", "[red]not markup[/red]\x1b[2J")
    since = _events(run, "--since", "2026-02-01", "--until", "2026-02-28")
    assert [e["text"] for e in since] == ["started sertraline 50 mg"]
    table = run("event", "list").stdout
    assert table.splitlines()[0].strip() == "Events"
    assert "2026-01-03  began weekly therapy" in table
    assert "[red]not markup[/red]\\x1b[2J" in table  # stored text is shown, never obeyed
    assert "\x1b" not in table


def test_empty_list_points_to_add(run: Run, blank_db: Path) -> None:
    result = run("event", "list")
    assert result.exit_code == 0
    assert "No events noted yet" in result.stdout
    assert run("event", "list", "--json").stdout == "[]\n"


def test_edit_and_rm(run: Run) -> None:
    _add(run, "2026-01-03", "began therapy")
    result = run("event", "edit", "1", "--date", "2026-01-04", "--text", "began weekly therapy")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Updated event 1 (2026-01-04).\n"
    [event] = _events(run)
    assert (event["day"], event["text"]) == ("2026-01-04", "began weekly therapy")
    refused = run("event", "rm", "1", input="n\n")
    assert refused.exit_code == 1
    assert "Delete event 1 (2026-01-04, began weekly therapy)?" in refused.stdout
    assert len(_events(run)) == 1
    asked = run("event", "rm", "1", input="y\n")
    assert asked.exit_code == 0, asked.output
    assert _events(run) == []
    _add(run, "2026-01-05", "x")
    _add(run, "2026-01-06", "y")
    assert run("event", "rm", "2", "--yes").stdout == "Deleted event 2 (2026-01-06, y).\n"
    assert [e["text"] for e in _events(run)] == ["x"]


BAD = [
    (["add", ""], 2, "TEXT is empty: describe the change, e.g. 'started sertraline 50 mg'."),
    (["add", "  "], 2, "TEXT is empty: describe the change, e.g. 'started sertraline 50 mg'."),
    (
        ["add", "2026-01-03", " "],
        2,
        "TEXT is empty: describe the change, e.g. 'started sertraline 50 mg'.",
    ),
    (
        ["add", "2026-01-03"],
        2,
        "TEXT is missing after the date: describe the change, e.g. 'started sertraline 50 mg'.",
    ),
    (
        ["add", TOMORROW, "starting therapy"],
        2,
        f"DATE {TOMORROW} is in the future: give today or an earlier date.",
    ),
    (["add", "2026-02-30", "x"], 2, "DATE '2026-02-30' is not a real calendar date."),
    (
        ["edit", "1", "--date", TOMORROW],
        2,
        f"--date {TOMORROW} is in the future: give today or an earlier date.",
    ),
    (
        ["edit", "1", "--text", ""],
        2,
        "--text is empty: describe the change, e.g. 'started sertraline 50 mg'.",
    ),
    (["edit", "1"], 2, "Nothing to change: give --date or --text."),
    (  # a byte that is not UTF-8 reaches Python as a lone surrogate
        ["add", "started \udcff"],
        2,
        "TEXT holds bytes that are not UTF-8 text: type it in a UTF-8 terminal.",
    ),
    (["edit", "99", "--text", "x"], 1, "No event has id 99: 'anxlog event list' lists the ids."),
    (["rm", "99", "--yes"], 1, "No event has id 99: 'anxlog event list' lists the ids."),
    (
        ["rm", "x1", "--yes"],
        2,
        "ID 'x1' is not an event id: give the number 'anxlog event list' shows.",
    ),
    (["list", "--since", "2026-02-01", "--until", "2026-01-01"], 2, "--since 2026-02-01 is after"),
]


@pytest.mark.parametrize(("args", "status", "message"), BAD)
def test_bad_input_is_one_sentence_and_changes_nothing(
    run: Run, db_path: Path, args: list[str], status: int, message: str
) -> None:
    _add(run, "2026-01-03", "began weekly therapy")
    before = snapshot(db_path)
    result = run("event", *args)
    assert result.exit_code == status
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {message}"), result.stderr
    assert "Traceback" not in result.output
    assert snapshot(db_path) == before
