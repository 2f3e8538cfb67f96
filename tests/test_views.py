"""What a person reads: plural forms, choices in any case, status at the terminal's width,
the first-run hint about a baseline, and the one demo database."""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import Run
from typer.testing import CliRunner

from anxlog.cli import app

TODAY = date.today()
NOT_ADVICE = (
    "This describes your own ratings; it is not medical advice. "
    "Discuss what it means for your treatment with your provider."
)


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def rate_on(run: Run, offset: int, total: int) -> None:
    answers = [str(min(3, max(0, total - 3 * i))) for i in range(7)]
    result = run("rate", *answers, "--date", day(offset))
    assert result.exit_code == 0, result.output


def started_late(run: Run, baseline_days: int) -> None:
    """A session 10 days ago, ``baseline_days`` rated days before it, ratings after it."""
    for offset in range(-10 - baseline_days, -10):
        rate_on(run, offset, 15)
    assert run("session", "add", day(-10), "--kind", "ketamine-iv").exit_code == 0
    for offset in (-8, -6, -4, -2, -1):
        rate_on(run, offset, 9)


# -- 8. plural forms and choices in any case ------------------------------------------------


@pytest.mark.parametrize(("rated", "words"), [(1, "1 day"), (2, "2 days")])
def test_counts_read_as_written(run: Run, rated: int, words: str) -> None:
    started_late(run, rated)
    out = run("trend", "--no-chart").stdout
    assert f"Baseline mean ({words}, " in out
    assert f"only {rated} rated {words.split()[1]} in the 14 days" in out
    assert "(s)" not in out


@pytest.mark.parametrize(
    "argv",
    [
        ["trend", "--instrument", "GAD7", "--json"],
        ["trend", "--item", "Q2", "--json"],
        ["history", "--instrument", "Daily"],
        ["export", "RATINGS", "--format", "JSON"],
        ["export", "Daily", "--instrument", "GAD7"],
        ["session", "add", "--kind", "other", "--dose", "5", "--unit", "MG"],
        ["session", "add", "--kind", "other", "--dose", "5", "--unit", "Mg/Kg"],
    ],
    ids=" ".join,
)
def test_choices_are_taken_in_any_case(run: Run, argv: list[str]) -> None:
    rate_on(run, -1, 9)
    result = run(*argv)
    assert result.exit_code == 0, result.output


def test_a_choice_in_any_case_is_stored_as_its_known_spelling(run: Run) -> None:
    run("session", "add", "--kind", "other", "--dose", "5", "--unit", "MG/KG")
    [session] = json.loads(run("session", "list", "--json").stdout)
    assert session["unit"] == "mg/kg"


# -- 14. status fits the terminal ----------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 100, 120])
def test_status_wraps_to_the_terminal_width(
    run: Run, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    started_late(run, 1)
    lines = run("status").stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    if len(NOT_ADVICE) <= width:
        assert lines[-1] == NOT_ADVICE
    else:  # folded onto two lines, not cut
        assert " ".join(lines[-2:]) == NOT_ADVICE


# -- 16. a first run after treatment began ---------------------------------------------------------


def test_status_says_once_how_to_add_a_baseline(run: Run) -> None:
    started_late(run, 2)
    out = " ".join(line.strip() for line in run("status").stdout.splitlines())
    hint = (
        f"Baseline: 2 rated days in the 14 days before your first session ({day(-24)} to "
        f"{day(-11)}); it needs 3. Add the days you remember with 'anxlog rate … --date DAY' "
        "(kept as entered later), or the clinic's intake GAD-7 with "
        "'anxlog rate --gad7 … --date DAY'."
    )
    assert out.count(hint) == 1
    assert out.count("--date DAY") == 2  # the one hint, not repeated elsewhere


def test_no_hint_once_the_baseline_is_there(run: Run) -> None:
    started_late(run, 3)
    assert "Baseline:" not in run("status").stdout


def test_no_hint_before_the_first_session(run: Run) -> None:
    rate_on(run, -1, 9)
    assert "Baseline:" not in run("status").stdout


# -- 15. one demo database, in the user cache folder -------------------------------------------


def test_the_demo_keeps_one_database_in_the_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_db = tmp_path / "cache" / "anxlog" / "demo.db"  # conftest's $XDG_CACHE_HOME
    temp = Path(tempfile.gettempdir())
    before = {path.name for path in temp.glob("anxlog-demo-*")}
    real = tmp_path / "real.db"
    monkeypatch.setenv("ANXLOG_DB", str(real))  # the demo never touches it
    counts = []
    for _ in range(2):
        result = CliRunner().invoke(app, ["demo", "--no-chart"])
        assert result.exit_code == 0, result.output
        words = " ".join(result.stdout.split())
        assert "kept in the database below (replaced by the next 'anxlog demo')" in words
        assert f"anxlog --db {demo_db} history" in result.stdout
        listed = CliRunner().invoke(app, ["--db", str(demo_db), "history", "--json"])
        counts.append(len(json.loads(listed.stdout)))
    assert counts[0] == counts[1] > 100  # replaced, not added to
    assert sorted(path.name for path in demo_db.parent.iterdir()) == ["demo.db"]
    assert {path.name for path in temp.glob("anxlog-demo-*")} == before
    assert not real.exists()


def test_demo_into_a_folder_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "demo.db"
    result = CliRunner().invoke(app, ["demo", "--no-chart", "--db", str(target)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: The folder {target.parent} does not exist: create it or choose another path.\n"
    )
    assert not target.parent.exists()
