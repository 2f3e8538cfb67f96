"""On the demo's history, a period (--since/--until) changes what is shown and the day the
series is judged on, never the baseline: the real CLI on the demo's real database."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from test_report import Page, parse
from typer.testing import CliRunner

from anxlog.cli import app

T = date.today()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(app, ["demo", "--db", str(path), "--no-chart"])
    assert result.exit_code == 0, result.output
    return path


def trend(db: Path, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["--db", str(db), "trend", "--json", *args])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 1  # one line of JSON
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_since_keeps_the_demos_baseline_and_verdict(demo: Path) -> None:
    whole = trend(demo)
    since = (T - timedelta(days=60)).isoformat()
    cut = trend(demo, "--since", since)
    # the first session is 128 days ago: its baseline lies long before --since
    assert whole["baseline"]["end"] == (T - timedelta(days=129)).isoformat()
    assert cut["baseline"] == whole["baseline"]
    assert cut["series"] == whole["series"]
    assert cut["sustained"] == whole["sustained"]
    assert whole["sustained"]["verdict"] == "sustained" and whole["sustained"]["days"] > 100
    assert min(d["day"] for d in cut["days"]) >= since
    assert cut["days"] == [d for d in whole["days"] if d["day"] >= since]
    assert [s["day"] for s in cut["sessions"]] == [
        s["day"] for s in whole["sessions"] if s["day"] >= since
    ]
    listed = {s["id"]: s for s in whole["sessions"]}
    assert all(s == listed[s["id"]] for s in cut["sessions"])  # windows read outside


def test_until_judges_the_series_as_of_that_day(demo: Path) -> None:
    whole = trend(demo)
    until = (T - timedelta(days=40)).isoformat()
    cut = trend(demo, "--until", until)
    last = max((d for d in whole["days"] if d["day"] <= until), key=lambda d: d["day"])
    assert cut["days"][-1] == last
    series, baseline = cut["series"], cut["baseline"]
    assert cut["baseline"] == whole["baseline"]
    assert series["current_mean"] == last["trailing_mean"]
    assert series["change"] == last["trailing_mean"] - baseline["mean"]
    # relieved without a break from the whole history's `since` on: the run just ends earlier
    since = date.fromisoformat(whole["sustained"]["since"])
    days = (date.fromisoformat(last["day"]) - since).days + 1
    assert cut["sustained"] == {
        "verdict": "sustained",
        "since": since.isoformat(),
        "days": days,
        "reason": None,
    }
    # the whole history is judged on its last rated day (today's rating may not be due yet)
    latest = date.fromisoformat(whole["days"][-1]["day"])
    assert days == whole["sustained"]["days"] - (latest - date.fromisoformat(last["day"])).days


def test_the_report_for_a_period_has_the_same_baseline_and_verdict(
    demo: Path, tmp_path: Path
) -> None:
    pages: list[Page] = []
    for args in ([], ["--since", (T - timedelta(days=60)).isoformat()]):
        out = tmp_path / f"report{len(pages)}.html"
        result = CliRunner().invoke(
            app, ["--db", str(demo), "report", "--out", str(out), "--force", *args]
        )
        assert result.exit_code == 0, result.output
        pages.append(parse(out.read_text(encoding="utf-8")))
    whole, cut = pages
    assert cut.paragraphs["verdict"] == whole.paragraphs["verdict"]
    assert cut.paragraphs["verdict"].startswith("Sustained relief")
    baseline_row = next(
        line for line in whole.text["summary"].splitlines() if line.startswith("Baseline mean")
    )
    assert baseline_row in cut.text["summary"]


def test_the_demos_terminal_view_reads_nap_and_tau_bc_in_plain_words(demo: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(demo), "trend", "--no-chart"])
    out = " ".join(result.stdout.split())
    data = trend(demo)["series"]
    assert f"NAP {data['nap']:.2f}: in {100 * data['nap']:.0f} % of comparisons" in out
    assert f"Tau-BC {data['tau_bc']:.2f} (−1 to 1, 0 = no difference)" in out
    # almost every treatment day lower (NAP ~1) but Tau-BC far below 1 (13 vs ~125 days)
    assert data["nap"] > 0.99 and data["tau_bc"] < 0.8
    assert "It reads lower than NAP: Tau-BC is cautious" in out
