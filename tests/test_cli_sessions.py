"""session add, list, edit, rm: the real CLI on a real database file."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from conftest import Run

TODAY = date.today()


def _sessions(run: Run) -> list[dict[str, Any]]:
    result = run("session", "list", "--json")
    assert result.exit_code == 0, result.output
    sessions: list[dict[str, Any]] = json.loads(result.stdout)
    return sessions


def test_add_with_every_option_and_list_json(run: Run) -> None:
    day = (TODAY - timedelta(days=3)).isoformat()
    result = run(
        "session",
        "add",
        day,
        "--kind",
        "ketamine-iv",
        "--time",
        "10:30",
        "--dose",
        "0.5",
        "--unit",
        "mg/kg",
        "--course",
        "induction",
        "--note",
        "felt floaty",
    )
    assert result.exit_code == 0, result.output
    assert "#1" in result.stdout
    [session] = _sessions(run)
    assert list(session) == [
        *["id", "uid", "day", "time", "kind", "dose", "unit", "course", "note"],
        "tolerability",
    ]
    assert session["tolerability"] == {
        "dissociation": None,
        "nausea": None,
        "bp_before": None,
        "bp_after": None,
    }
    assert session["day"] == day and session["time"] == "10:30"
    assert session["kind"] == "ketamine-iv"
    assert session["dose"] == 0.5 and session["unit"] == "mg/kg"
    assert session["course"] == "induction" and session["note"] == "felt floaty"


def test_sessions_are_numbered_in_treatment_order(run: Run) -> None:
    run("session", "add", (TODAY - timedelta(days=1)).isoformat(), "--kind", "b")
    run("session", "add", (TODAY - timedelta(days=5)).isoformat(), "--kind", "a")
    assert [s["kind"] for s in _sessions(run)] == ["a", "b"]
    table = run("session", "list").stdout
    assert table.index(" a ") < table.index(" b ")


def test_session_without_dose_defaults_to_today(run: Run) -> None:
    assert run("session", "add", "--kind", "esketamine-nasal").exit_code == 0
    [session] = _sessions(run)
    assert session["day"] == TODAY.isoformat()
    assert session["dose"] is None and session["unit"] is None


def test_edit_and_rm(run: Run) -> None:
    run("session", "add", "--kind", "ketamine-im", "--dose", "35", "--unit", "mg")
    [session] = _sessions(run)
    sid = str(session["id"])
    result = run("session", "edit", sid, "--dose", "50", "--course", "maintenance")
    assert result.exit_code == 0, result.output
    [session] = _sessions(run)
    assert session["dose"] == 50 and session["unit"] == "mg"
    assert session["course"] == "maintenance"
    run("session", "edit", sid, "--no-dose")
    [session] = _sessions(run)
    assert session["dose"] is None and session["unit"] is None
    assert run("session", "rm", sid, "--yes").exit_code == 0
    assert _sessions(run) == []


def test_empty_list_points_to_add(run: Run) -> None:
    result = run("session", "list")
    assert result.exit_code == 0
    assert "No sessions logged yet" in result.stdout
