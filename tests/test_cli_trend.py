"""`anxlog trend`: the real CLI on a real database, checked against hand arithmetic."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, snapshot
from typer.testing import CliRunner

from anxlog.cli import app

T = date.today()


def day(offset: int) -> str:
    return (T + timedelta(days=offset)).isoformat()


def answers_for(total: int) -> list[str]:
    """Seven answers summing to ``total`` (0–21), e.g. 15 -> 3 3 3 3 3 0 0."""
    items = [min(3, max(0, total - 3 * i)) for i in range(7)]
    assert sum(items) == total
    return [str(a) for a in items]


def rate_on(run: Run, offset: int, total: int, *extra: str) -> None:
    result = run("rate", *answers_for(total), "--date", day(offset), *extra)
    assert result.exit_code == 0, result.output


def trend_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("trend", "--json", *args)
    assert result.exit_code == 0, result.output
    trend: dict[str, Any] = json.loads(result.stdout)
    return trend


@pytest.fixture
def history(run: Run) -> Run:
    """Baseline T-13: 15, T-12: 15 and 17 (mean 16), T-11: 14; session on T-10 (unrated);
    treatment T-9: 10, T-8: 9, T-7: 8, T-5: 10, T-3: 9, T-1: 9."""
    for offset, total in [
        (-13, 15),
        (-12, 15),
        (-12, 17),
        (-11, 14),
        (-9, 10),
        (-8, 9),
        (-7, 8),
        (-5, 10),
        (-3, 9),
        (-1, 9),
    ]:
        rate_on(run, offset, total)
    result = run(
        "session", "add", day(-10), "--kind", "ketamine-iv", "--dose", "0.5", "--unit", "mg/kg"
    )
    assert result.exit_code == 0, result.output
    return run


def test_json_has_exactly_the_documented_keys(history: Run) -> None:
    data = trend_json(history)
    assert list(data) == [
        "instrument",
        "item",
        "parameters",
        "days",
        "baseline",
        "sessions",
        "by_dose",
        "events",
        "followups",
        "series",
        "sustained",
        "durability",
    ]
    assert data["item"] is None and data["followups"] is None
    assert data["parameters"] == {
        "window": 7,
        "baseline_days": 14,
        "margin": 4.0,
        "sustain_days": 14,
        "durability_sessions": 6,
    }
    assert list(data["days"][0]) == ["day", "value", "n", "trailing_mean"]
    assert list(data["baseline"]) == ["start", "end", "n", "mean"]
    assert list(data["sessions"][0]) == [
        "id",
        "day",
        "kind",
        "dose",
        "unit",
        "pre",
        "post",
        "change",
        "nap",
        "relief_days",
        "censored",
        "onset_hours",
        "tolerability",
    ]
    assert data["sessions"][0]["tolerability"] == {
        "dissociation": None,
        "nausea": None,
        "bp_before": None,
        "bp_after": None,
    }
    assert data["by_dose"] == [] and data["events"] == []  # one kind and dose, no event
    assert list(data["series"]) == [
        "current_mean",
        "change",
        "percent_change",
        "nap",
        "tau_bc",
        "baseline_trend_corrected",
        "response",
        "remission",
        "mcid_met",
        "reliable_change",
    ]
    assert list(data["sustained"]) == ["verdict", "since", "days", "reason"]
    assert list(data["durability"]) == [
        "sessions",
        "censored",
        "median_days",
        "median_more_than",
        "shortest_days",
        "longest_days",
        "longest_censored",
        "median_onset_hours",
        "days_since_last_session",
        "last_session_relief_ongoing",
        "reason",
    ]


def test_numbers_match_hand_arithmetic(history: Run) -> None:
    data = trend_json(history)
    days = {d["day"]: d for d in data["days"]}
    assert days[day(-12)]["value"] == 16 and days[day(-12)]["n"] == 2  # (15 + 17) / 2
    # trailing mean on T-9 spans T-15..T-9: (15 + 16 + 14 + 10) / 4
    assert days[day(-9)]["trailing_mean"] == pytest.approx(55 / 4)
    assert data["baseline"] == {"start": day(-24), "end": day(-11), "n": 3, "mean": 15.0}
    [session] = data["sessions"]
    assert session["pre"] == {"n": 3, "mean": 15.0}  # T-13, T-12, T-11
    assert session["post"]["n"] == 5  # T-9..T-3: 10, 9, 8, 10, 9
    assert session["post"]["mean"] == pytest.approx(46 / 5)
    assert session["change"] == pytest.approx(46 / 5 - 15)
    assert session["nap"] == 1.0  # every post value below every pre value
    # every rated day after the session is <= 15 - 4 = 11: run to the end, censored
    assert session["relief_days"] == 9 and session["censored"] is True
    series = data["series"]
    # current: the 7-day average on T-1 spans T-7 … T-1: 8, 10, 9, 9 -> 36/4 = 9
    assert series["current_mean"] == 9.0
    assert series["change"] == 9 - 15
    assert series["percent_change"] == 100 * -6 / 15  # -40
    assert series["nap"] == 1.0
    # Tau-BC: 3 baseline values (no trend test), every treatment value below: S = -18;
    # N = 9, n0 = 36, tied values 10 ×2 and 9 ×3 -> n2 = 1 + 3; 18 / sqrt(18 · 32) = 0.75
    assert series["tau_bc"] == 18 / (18 * 32) ** 0.5 == 0.75
    assert series["baseline_trend_corrected"] is False
    assert (series["response"], series["remission"]) == (False, False)
    assert (series["mcid_met"], series["reliable_change"]) == (True, True)  # -6 <= -6
    # trailing means: T-7 = 72/6 = 12 (> 11), T-5 = 51/5 = 10.2, T-3 = 9.2, T-1 = 36/4 = 9
    assert data["sustained"] == {
        "verdict": "emerging",
        "since": day(-5),
        "days": 5,
        "reason": None,
    }


def test_human_view_has_chart_table_summary_verdict_and_caveat(history: Run) -> None:
    out = history("trend").stdout
    assert "daily adaptation of the GAD-7 items" in out
    assert "Per session" in out and "9+" in out  # censored relief days
    assert "Tau-BC" in out and "for orientation" in out
    assert "7-day average on " + day(-1) in out
    assert "NAP 1.00: in 100 % of comparisons of a baseline day with a treatment day" in " ".join(
        out.split()
    )
    assert "docs/methods.md" in out
    assert (
        "Emerging relief: your 7-day average has been at least 4 points below your baseline "
        "for 5 days" in " ".join(out.split())
    )
    assert "not medical advice" in out
    assert "┃" in out  # the session line of the chart
    assert "\x1b" not in out  # not a terminal: no escape codes


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_output_fits_the_terminal(
    history: Run, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = history("trend").stdout
    assert max(len(line) for line in out.splitlines()) <= width
    assert "Relief" in out and "Change" in out


def test_no_chart_leaves_the_chart_out(history: Run) -> None:
    out = history("trend", "--no-chart").stdout
    assert "┃" not in out and "Per session" in out


def test_no_ratings(run: Run, blank_db: Path) -> None:
    assert "No ratings in this period" in run("trend").stdout
    data = trend_json(run)
    assert data["days"] == [] and data["sessions"] == []
    assert data["baseline"] == {"start": None, "end": None, "n": None, "mean": None}
    assert set(data["series"].values()) == {None}
    assert data["sustained"] == {
        "verdict": "unavailable",
        "since": None,
        "days": 0,
        "reason": "No verdict yet: no session logged ('anxlog session add').",
    }


def test_ratings_without_sessions(run: Run) -> None:
    for offset in (-3, -2, -1):
        rate_on(run, offset, 10)
    out = run("trend").stdout
    assert "No sessions logged yet" in out
    data = trend_json(run)
    assert len(data["days"]) == 3 and data["days"][-1]["trailing_mean"] == 10
    assert data["sustained"]["verdict"] == "unavailable"
    assert set(data["series"].values()) == {None}


def test_fewer_than_three_baseline_values(run: Run) -> None:
    rate_on(run, -6, 15)
    rate_on(run, -5, 15)
    run("session", "add", day(-4), "--kind", "ketamine-iv")
    rate_on(run, -3, 8)
    data = trend_json(run)
    assert data["baseline"]["n"] == 2 and data["baseline"]["mean"] is None
    assert set(data["series"].values()) == {None}
    assert data["sustained"]["verdict"] == "unavailable"
    assert data["sessions"][0]["pre"] == {"n": 2, "mean": 15.0}  # still computed
    reason = data["sustained"]["reason"]
    assert reason.startswith("No verdict: only 2 rated days in the 14 days before the first")
    assert "'anxlog rate --date YYYY-MM-DD'" in reason and "--instrument gad7" in reason
    assert reason in " ".join(run("trend").stdout.split())  # the report: test_report.py


def test_sessions_on_consecutive_days_give_empty_windows(run: Run) -> None:
    for offset in (-8, -7, -6):
        rate_on(run, offset, 14)
    run("session", "add", day(-5), "--kind", "a")
    run("session", "add", day(-4), "--kind", "b")
    rate_on(run, -3, 9)
    first, second = trend_json(run)["sessions"]
    assert first["post"] == {"n": 0, "mean": None}
    assert (first["change"], first["nap"], first["relief_days"]) == (None, None, None)
    assert second["pre"] == {"n": 0, "mean": None} and second["change"] is None
    out = run("trend", "--no-chart").stdout
    assert "– (0)" in out  # an empty window shows a dash, never 0


def test_since_and_until_show_a_period_but_keep_the_baseline(history: Run) -> None:
    data = trend_json(history, "--since", day(-12), "--until", day(-5))
    assert data["baseline"] == {"start": day(-24), "end": day(-11), "n": 3, "mean": 15.0}
    assert [d["day"] for d in data["days"]] == [day(o) for o in (-12, -11, -9, -8, -7, -5)]
    assert data["sessions"][0]["post"]["n"] == 4  # T-9, T-8, T-7, T-5: nothing after --until
    # judged as of T-5: its 7-day average (T-11 … T-5) = (14 + 10 + 9 + 8 + 10)/5 = 10.2 <= 11
    assert data["series"]["current_mean"] == 51 / 5
    assert data["sustained"]["verdict"] == "emerging" and data["sustained"]["days"] == 1
    # --since alone changes what is shown, nothing else
    whole, cut = trend_json(history), trend_json(history, "--since", day(-3))
    for key in ("baseline", "series", "sustained"):
        assert cut[key] == whole[key]
    assert cut["sessions"] == [] and cut["days"][0]["day"] == day(-3)
    # the trailing mean of T-3 reads T-9 … T-4, before the period: (10 + 9 + 8 + 10 + 9)/5
    assert cut["days"][0]["trailing_mean"] == 46 / 5


def test_item_trends_one_item(history: Run) -> None:
    data = trend_json(history, "--item", "q5")
    values = {d["day"]: d["value"] for d in data["days"]}
    # q5 is the 5th answer: 15 -> 3 3 3 3 3 0 0 gives 3; 9 -> 3 3 3 0 0 0 0 gives 0
    assert values[day(-13)] == 3 and values[day(-1)] == 0
    assert data["item"] == "q5"
    assert data["parameters"]["margin"] == 1.0  # one answer step, unless --margin is given
    series = data["series"]
    for flag in ("response", "remission", "mcid_met", "reliable_change"):
        assert series[flag] is None
    # baseline q5: 15 -> 3, 15 and 17 -> 3, 14 -> 3 3 3 3 2 0 0 gives 2: (3 + 3 + 2)/3;
    # the T-1 7-day average: 8, 10, 9, 9 all give q5 = 0
    assert data["baseline"]["mean"] == 8 / 3 and series["current_mean"] == 0
    assert series["change"] == 0 - 8 / 3  # still given: only the clinical flags are not
    assert trend_json(history, "--item", "q5", "--margin", "2")["parameters"]["margin"] == 2.0
    assert trend_json(history)["parameters"]["margin"] == 4.0
    out = " ".join(history("trend", "--item", "q5", "--no-chart").stdout.split())
    assert "q5: Being so restless" in out and "not defined for one item" in out


def test_gad7_on_its_two_weekly_schedule(run: Run) -> None:
    for offset, total in ((-40, 14), (-26, 12), (-12, 12)):
        result = run("rate", "--gad7", *answers_for(total), "--date", day(offset))
        assert result.exit_code == 0
    run("session", "add", day(-20), "--kind", "ketamine-iv")
    data = trend_json(run, "--instrument", "gad7")
    assert data["instrument"] == "gad7" and len(data["days"]) == 3
    # the intake: the latest GAD-7 in T-48 … T-20 is T-26 (T-40 is older)
    assert data["baseline"] == {"day": day(-26), "total": 12}
    assert data["followups"] == [
        {
            "day": day(-12),
            "total": 12,
            "change": 0.0,
            "percent_change": 0.0,
            "response": False,
            "remission": False,
            "mcid_met": False,
            "reliable_change": False,
            "relieved": False,  # 12 > 12 - 4
        }
    ]
    (session,) = data["sessions"]
    assert session["pre"] is None and session["post"] is None and session["relief_days"] is None
    assert data["series"]["nap"] is None and data["series"]["tau_bc"] is None
    assert data["sustained"]["verdict"] == "not-yet"
    out = " ".join(run("trend", "--instrument", "gad7").stdout.split())
    assert "Standard GAD-7 score" in out and "Standard GAD-7 follow-ups vs intake" in out
    assert "Not yet: no standard GAD-7 score since the first session" in out


@pytest.mark.parametrize("width", [60, 80, 120])
def test_gad7_follow_ups_fit_the_terminal(
    run: Run, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    for offset, total in ((-50, 15), (-34, 10), (-20, 9), (-6, 9)):
        assert run("rate", "--gad7", *answers_for(total), "--date", day(offset)).exit_code == 0
    run("session", "add", day(-48), "--kind", "ketamine-iv")
    monkeypatch.setenv("COLUMNS", str(width))
    out = run("trend", "--instrument", "gad7").stdout
    assert max(len(line) for line in out.splitlines()) <= width
    assert "MCID" in out and "Relief" in out and "Sustained relief" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--window", "0"], "--window '0' is not accepted: give a whole number 1 to 365."),
        (["--item", "q9"], "--item 'q9' is not known: use q1, q2, q3, q4, q5, q6 or q7."),
        (["--instrument", "phq9"], "--instrument 'phq9' is not known: use daily or gad7."),
        (["--since", "2026-03-02", "--until", "2026-03-01"], "is after --until"),
        (["--since", "2026-02-30"], "is not a real calendar date"),
        (["--margin", "-1"], "--margin '-1' is not accepted: give a number 0 to 21."),
        # numbers are ASCII digits, finite and bounded (never a traceback, never NaN in JSON)
        (["--margin", "nan"], "--margin 'nan' is not accepted"),
        (["--margin", "inf"], "--margin 'inf' is not accepted"),
        (["--margin", "1e400"], "--margin '1e400' is not accepted"),
        (["--window", "٣"], "--window '٣' is not accepted"),
        (["--window", "1_0"], "--window '1_0' is not accepted"),
        (["--baseline-days", "800000"], "--baseline-days '800000' is not accepted"),
        (["--baseline-days", "9" * 40], "--baseline-days '99999999999999999999…' is not accepted"),
        (["--sustain-days", "-5"], "--sustain-days '-5' is not accepted"),
        (["--sustain-days", "2.5"], "--sustain-days '2.5' is not accepted"),
    ],
)
def test_bad_options(history: Run, db_path: Path, args: list[str], message: str) -> None:
    before = snapshot(db_path)
    result = history("trend", *args)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert snapshot(db_path) == before


def test_piped_to_a_file_has_no_escape_codes(history: Run, db_path: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "trend.txt"
    with out.open("w") as handle:
        subprocess.run(
            [sys.executable, "-m", "anxlog", "--db", str(db_path), "trend"],
            stdout=handle,
            check=True,
        )
    text = out.read_text()
    assert "Per session" in text and not re.search(r"\x1b\[", text)


def test_status_quiet_exit_code_follows_todays_rating(run: Run) -> None:
    assert run("status", "-q").exit_code == 1
    assert run("status", "-q").stdout == ""
    rate_on(run, 0, 5)
    assert run("status", "-q").exit_code == 0


def test_status_and_trend_show_the_same_7_day_average_with_a_day_missed(run: Run) -> None:
    """Baseline T-20 … T-18 at 15; session T-17; every day T-16 … T-1 at 10, except T-8
    at 3 and T-4 missed. The 7-day average on T-1 spans T-7 … T-1: six days at 10 = 10.0;
    the last 7 *rated* days (T-8 and six at 10) would give (3 + 60)/7 = 9.0."""
    for offset in (-20, -19, -18):
        rate_on(run, offset, 15)
    run("session", "add", day(-17), "--kind", "ketamine-iv")
    for offset in range(-16, 0):
        if offset != -4:
            rate_on(run, offset, 3 if offset == -8 else 10)
    data = trend_json(run)
    assert data["series"]["current_mean"] == 60 / 6 == 10.0
    status = run("status").stdout
    assert f"7-day average: 10.0 vs baseline 15.0 (−5.0), as of {day(-1)}." in status
    trend = " ".join(run("trend", "--no-chart").stdout.split())
    assert f"7-day average on {day(-1)} 10.0" in trend


def test_status_without_a_baseline_says_so_briefly(run: Run) -> None:
    run("session", "add", day(-5), "--kind", "ketamine-iv")
    for offset in (-3, -2, -1):
        rate_on(run, offset, 10)
    out = run("status").stdout
    assert f"7-day average: 10.0 on {day(-1)} (no baseline yet)." in out
    assert out.count("Add the days you remember with 'anxlog rate … --date DAY'") == 1
    trend = " ".join(run("trend", "--no-chart").stdout.split())
    assert f"7-day average on {day(-1)} 10.0" in trend  # the same number, without baseline
    assert trend_json(run)["series"]["current_mean"] is None  # the series itself is not given


def test_status_lines(history: Run) -> None:
    out = history("status").stdout
    assert "Daily check-in: not yet today" in out
    assert f"Last session 1: {day(-10)} (10 days ago)" in out
    assert "7-day average: 9.0 vs baseline 15.0 (−6.0)" in out  # T-7..T-1: 8, 10, 9, 9
    assert "Standard GAD-7: due, none taken yet" in out
    history("rate", "--gad7", *answers_for(9))
    assert "Standard GAD-7: done today" in history("status").stdout


def test_demo_uses_a_throw_away_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "real.db"
    monkeypatch.setenv("ANXLOG_DB", str(real))
    result = CliRunner().invoke(app, ["demo", "--no-chart"])
    assert result.exit_code == 0, result.output
    assert not real.exists()
    assert "Sustained relief" in result.stdout or "relief" in result.stdout.lower()
    assert "made-up demo data" in result.stdout


def test_demo_history_is_realistic_and_deterministic(tmp_path: Path) -> None:
    paths = [tmp_path / "a.db", tmp_path / "b.db"]
    for path in paths:
        assert CliRunner().invoke(app, ["demo", "--db", str(path), "--no-chart"]).exit_code == 0
    runner = CliRunner()
    data = [
        json.loads(runner.invoke(app, ["--db", str(p), "trend", "--json"]).stdout) for p in paths
    ]
    assert data[0] == data[1]
    sessions = json.loads(
        runner.invoke(app, ["--db", str(paths[0]), "session", "list", "--json"]).stdout
    )
    induction = [s for s in sessions if s["course"] == "induction"]
    assert len(induction) == 6
    span = date.fromisoformat(induction[-1]["day"]) - date.fromisoformat(induction[0]["day"])
    assert 14 <= span.days <= 21
    days = data[0]["days"]
    first = date.fromisoformat(days[0]["day"])
    assert 140 <= (T - first).days + 1 <= 160
    assert len(days) < (T - first).days + 1  # some days missed
    assert any(d["n"] == 2 for d in days)  # some days rated twice
    assert 13 <= data[0]["baseline"]["mean"] <= 17
    gad7 = json.loads(
        runner.invoke(
            app, ["--db", str(paths[0]), "history", "--instrument", "gad7", "--json"]
        ).stdout
    )
    assert 9 <= len(gad7) <= 12


def test_demo_refuses_a_database_with_data(history: Run, db_path: Path) -> None:
    before = snapshot(db_path)
    result = history("demo")
    assert result.exit_code == 2 and "already holds data" in result.stderr
    assert snapshot(db_path) == before
