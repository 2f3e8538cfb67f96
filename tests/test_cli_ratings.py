"""rate, history, edit, rm: the real CLI on a real database file."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, snapshot

TODAY = date.today()
YESTERDAY = TODAY - timedelta(days=1)


def _history(run: Run, *args: str) -> list[dict[str, Any]]:
    result = run("history", "--json", *args)
    assert result.exit_code == 0, result.output
    ratings: list[dict[str, Any]] = json.loads(result.stdout)
    return ratings


def test_quick_rating_is_saved_and_summarised(run: Run) -> None:
    result = run("rate", "1", "2", "1", "0", "2", "1", "1")
    assert result.exit_code == 0, result.output
    # 1+2+1+0+2+1+1 = 8 -> mild (5–9), a daily total
    assert "Daily total: 8/21 · mild (for orientation)" in result.stdout
    assert "1st daily check-in of that day" in result.stdout
    assert "not the validated GAD-7 score" in result.stdout
    assert "GAD-7 score:" not in result.stdout
    [row] = _history(run)
    assert row["answers"] == [1, 2, 1, 0, 2, 1, 1]
    assert row["total"] == 8
    assert row["instrument"] == "daily"
    assert row["day"] == TODAY.isoformat()


def test_json_keys_are_exactly_as_documented(run: Run) -> None:
    run("rate", "0", "0", "0", "0", "0", "0", "1", "--note", "ok")
    [row] = _history(run)
    assert list(row) == [
        "id",
        "uid",
        "instrument",
        "day",
        "taken_at",
        "recorded_at",
        "answers",
        "difficulty",
        "total",
        "note",
    ]
    assert row["taken_at"][:10] == TODAY.isoformat()
    assert row["taken_at"][19] in "+-Z"  # ISO 8601 with a UTC offset


def test_second_rating_of_a_day_says_so_and_shows_the_change(run: Run) -> None:
    # yesterday: both times are past whatever the hour (a future time is refused)
    day = ("--date", "yesterday")
    run("rate", "2", "2", "2", "2", "2", "2", "2", *day, "--time", "08:00")  # 14
    result = run("rate", "1", "1", "1", "1", "1", "1", "1", *day, "--time", "20:00")  # 7
    assert result.exit_code == 0, result.output
    assert "2nd daily check-in of that day" in result.stdout
    assert "Change from previous rating" in result.stdout
    assert "−7" in result.stdout  # 7 - 14


def test_backfilled_rating_keeps_its_day_and_time(run: Run) -> None:
    result = run(
        "rate", "1", "1", "1", "1", "1", "1", "1", "--date", "yesterday", "--time", "21:30"
    )
    assert result.exit_code == 0, result.output
    [row] = _history(run)
    assert row["day"] == YESTERDAY.isoformat()
    assert row["taken_at"].startswith(f"{YESTERDAY.isoformat()}T21:30:00")
    assert row["recorded_at"][:10] == TODAY.isoformat()
    table = run("history").stdout
    assert f"{YESTERDAY.isoformat()}*" in table  # entered on a later day


def test_standard_gad7_with_difficulty(run: Run) -> None:
    result = run("rate", "--gad7", "3", "3", "2", "2", "2", "1", "2", "--difficulty", "2")
    assert result.exit_code == 0, result.output
    # 3+3+2+2+2+1+2 = 15 -> severe; the validated instrument gets no caveat
    assert "GAD-7 score: 15/21 · severe" in result.stdout
    assert "Difficulty: Very difficult" in result.stdout
    [row] = _history(run, "--instrument", "gad7")
    assert row["difficulty"] == 2 and row["instrument"] == "gad7"
    assert _history(run, "--instrument", "daily") == []


def test_interactive_rating_takes_one_key_per_item_and_reasks(run: Run) -> None:
    # 'x' and '7' are not answers and are asked again; Enter keeps the answers; a note line
    keys = "1x2710021" + "\n" + "my note\n"
    result = run("rate", input=keys)
    assert result.exit_code == 0, result.output
    assert "Today (the last 24 hours)" in result.stdout
    assert "Not at all" in result.stdout and "Severely" in result.stdout
    [row] = _history(run)
    assert row["answers"] == [1, 2, 1, 0, 0, 2, 1]
    assert row["note"] == "my note"


def test_interactive_gad7_asks_its_own_stem_and_difficulty(run: Run) -> None:
    result = run("rate", "--gad7", input="1111111" + "3" + "\n" + "\n")
    assert result.exit_code == 0, result.output
    assert "Over the last 2 weeks" in result.stdout
    assert "Nearly every day" in result.stdout
    [row] = _history(run)
    assert row["difficulty"] == 3 and row["instrument"] == "gad7"


def test_ctrl_c_in_the_interactive_form_saves_nothing(run: Run, db_path: Path) -> None:
    run("rate", "1", "1", "1", "1", "1", "1", "1")
    before = snapshot(db_path)
    result = run("rate", input="12\x03")
    assert result.exit_code == 130  # the shell's status for Ctrl-C
    assert result.stderr == "Cancelled: nothing was saved.\n"  # a choice, not an "Error:"
    assert snapshot(db_path) == before


def test_note_with_markup_and_control_characters_is_stored_exactly_and_shown_literally(
    run: Run,
) -> None:
    note = "[red]x[/red] \x1b[31mred\x07"
    run("rate", "1", "1", "1", "1", "1", "1", "1", "--note", note)
    [row] = _history(run)
    assert row["note"] == note
    shown = run("history").stdout
    assert "[red]x[/red]" in shown
    assert "\x1b" not in shown and "\x07" not in shown
    assert "\\x1b[31mred\\x07" in shown


def test_history_filters_and_limits(run: Run) -> None:
    for days_ago in (5, 4, 3, 2):
        day = (TODAY - timedelta(days=days_ago)).isoformat()
        run("rate", *"1111111", "--date", day)
    since = (TODAY - timedelta(days=4)).isoformat()
    until = (TODAY - timedelta(days=3)).isoformat()
    assert len(_history(run, "--since", since, "--until", until)) == 2
    assert [r["day"] for r in _history(run, "--limit", "1")] == [
        (TODAY - timedelta(days=2)).isoformat()
    ]


def test_history_when_empty_points_to_rate(run: Run, blank_db: Path) -> None:
    result = run("history")
    assert result.exit_code == 0
    assert "No ratings yet" in result.stdout
    assert _history(run) == []


def test_edit_changes_answers_day_time_and_note(run: Run) -> None:
    run("rate", "1", "1", "1", "1", "1", "1", "1")
    [row] = _history(run)
    result = run("edit", str(row["id"]), "3", "3", "3", "0", "0", "0", "0", "--note", "fixed")
    assert result.exit_code == 0, result.output
    [row] = _history(run)
    assert row["answers"] == [3, 3, 3, 0, 0, 0, 0] and row["total"] == 9
    assert row["note"] == "fixed"
    run("edit", str(row["id"]), "--date", YESTERDAY.isoformat(), "--time", "07:15")
    [row] = _history(run)
    assert row["day"] == YESTERDAY.isoformat()
    assert row["taken_at"].startswith(f"{YESTERDAY.isoformat()}T07:15")


def test_rm_asks_and_keeps_the_rating_on_no(run: Run) -> None:
    run("rate", "1", "1", "1", "1", "1", "1", "1")
    [row] = _history(run)
    result = run("rm", str(row["id"]), input="n\n")
    assert result.exit_code == 1
    assert len(_history(run)) == 1
    result = run("rm", str(row["id"]), input="y\n")
    assert result.exit_code == 0, result.output
    assert _history(run) == []


def test_rm_yes_deletes_without_asking(run: Run) -> None:
    run("rate", "1", "1", "1", "1", "1", "1", "1")
    [row] = _history(run)
    assert run("rm", str(row["id"]), "--yes").exit_code == 0
    assert _history(run) == []


def test_db_option_after_the_command_works_too(run: Run, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from anxlog.cli import app

    other = tmp_path / "other.db"
    result = CliRunner().invoke(app, ["rate", *"1111111", "--db", str(other)])
    assert result.exit_code == 0, result.output
    assert other.exists()


def test_env_var_chooses_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from anxlog.cli import app

    monkeypatch.setenv("ANXLOG_DB", str(tmp_path / "env.db"))
    assert CliRunner().invoke(app, ["rate", *"1111111"]).exit_code == 0
    assert (tmp_path / "env.db").exists()
    assert CliRunner().invoke(app, ["where"]).stdout.strip() == str(tmp_path / "env.db")


def test_rating_after_sessions_shows_the_change_from_baseline(run: Run) -> None:
    for days_ago, answers in [(9, "2222222"), (8, "2222221"), (7, "2222223")]:  # 14, 13, 15
        run("rate", *answers, "--date", (TODAY - timedelta(days=days_ago)).isoformat())
    run("session", "add", (TODAY - timedelta(days=5)).isoformat(), "--kind", "ketamine-iv")
    result = run("rate", "1", "1", "1", "1", "1", "1", "1")  # 7
    # baseline = (14 + 13 + 15) / 3 = 14.0; 7 - 14 = -7
    assert "Change from your baseline (14.0, before the first session): −7.0" in result.stdout
    # a change from baseline is an analysis: the not-medical-advice line comes with it
    assert "it is not medical advice" in result.stdout


def test_a_rating_without_a_baseline_shows_no_analysis_line(run: Run) -> None:
    result = run("rate", "1", "1", "1", "1", "1", "1", "1")
    assert "baseline" not in result.stdout and "medical advice" not in result.stdout
