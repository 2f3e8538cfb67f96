"""session add, list, edit, rm: the real CLI on a real database file."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
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
    assert result.stdout == f"Saved session 1: {day}, ketamine-iv, 0.5 mg/kg.\n"
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


def test_empty_list_points_to_add(run: Run, blank_db: Path) -> None:
    result = run("session", "list")
    assert result.exit_code == 0
    assert "No sessions logged yet" in result.stdout


def _day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def test_one_number_per_session_even_after_a_backdated_one(run: Run) -> None:
    assert run("session", "add", _day(-3), "--kind", "ketamine-iv").exit_code == 0
    backdated = run("session", "add", _day(-9), "--kind", "other")
    # logged second (id 2), first by date: said once, then only its id is used
    assert backdated.stdout == f"Saved session 2: {_day(-9)}, other (by date the 1st of your 2).\n"
    table = run("session", "list").stdout
    header, *_ = (line for line in table.splitlines() if "ID" in line)
    assert header.split()[:3] == ["ID", "Order", "Day"]
    rows = [line.split() for line in table.splitlines() if _day(-9) in line or _day(-3) in line]
    assert [row[:3] for row in rows] == [["2", "1st", _day(-9)], ["1", "2nd", _day(-3)]]
    # 'session edit 2' changes the session shown as 2 everywhere
    edited = run("session", "edit", "2", "--course", "induction")
    assert edited.stdout == "Updated session 2: course none → induction.\n"
    assert [s["course"] for s in _sessions(run)] == ["induction", None]
    for offset, total in [(-12, 15), (-11, 15), (-10, 15), (-8, 9), (-2, 8)]:
        answers = [str(min(3, max(0, total - 3 * i))) for i in range(7)]
        assert run("rate", *answers, "--date", _day(offset)).exit_code == 0
    trend = run("trend", "--no-chart").stdout
    per_session = trend[trend.index("Per session") :]
    ids = [
        line.split()[0] for line in per_session.splitlines() if _day(-9) in line or _day(-3) in line
    ]
    assert ids == ["2", "1"]
    assert f"Last session 1: {_day(-3)} (3 days ago), ketamine-iv." in run("status").stdout
    exported = json.loads(run("export", "sessions", "--format", "json").stdout)
    assert [(s["id"], s["order"]) for s in exported] == [(2, 1), (1, 2)]
    ratings = json.loads(run("export", "ratings", "--format", "json").stdout)
    assert [r["session_id"] for r in ratings] == [None, None, None, 2, 1]


def test_session_edit_says_what_changed(run: Run) -> None:
    run("session", "add", _day(-5), "--kind", "ketamine-iv", "--dose", "0.5", "--unit", "mg/kg")
    run("session", "add", _day(-2), "--kind", "ketamine-iv")
    result = run("session", "edit", "1", "--dose", "0.75", "--unit", "mg/kg", "--time", "10:30")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("Updated session 1: time none → 10:30; dose 0.5 mg/kg → 0.75 mg/kg.\n")
    moved = run("session", "edit", "1", "--date", _day(-1))
    assert moved.stdout == (
        f"Updated session 1: date {_day(-5)} → {_day(-1)}; "
        "place in the treatment order 1st → 2nd.\n"
    )
    same = run("session", "edit", "1", "--kind", "ketamine-iv")
    assert same.stdout == "Session 1 already had these values: nothing changed.\n"
