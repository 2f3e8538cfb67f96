"""The treatment context in `trend` and `report`: how each session felt, sessions by kind
and dose, and events. The real CLI on a real database, checked against hand arithmetic."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from test_report import parse

from anxlog.report.context import event_mark

T = date.today()
NO_TOLERABILITY = {"dissociation": None, "nausea": None, "bp_before": None, "bp_after": None}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def day(offset: int) -> str:
    return (T + timedelta(days=offset)).isoformat()


def answers_for(total: int) -> list[str]:
    items = [min(3, max(0, total - 3 * i)) for i in range(7)]
    return [str(a) for a in items]


def ok(run: Run, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def series(run: Run) -> Run:
    """Two doses, two sessions each, every day rated (window 2, margin 4):

    T-30 … T-28: 15, 15, 15 (baseline); A1 on T-27 at 0.5 mg/kg; T-26: 9, T-25: 9,
    T-24: 12; A2 on T-23 at 0.5; T-22 … T-20: 8; B1 on T-19 at 0.75; T-18: 6, T-17: 12;
    B2 on T-16 at 0.75; T-15: 4, T-14: 4 (the last ratings). An event on T-20."""
    for offset, total in [(-30, 15), (-29, 15), (-28, 15), (-26, 9), (-25, 9), (-24, 12)]:
        ok(run, "rate", *answers_for(total), "--date", day(offset))
    for offset, total in [(-22, 8), (-21, 8), (-20, 8), (-18, 6), (-17, 12), (-15, 4), (-14, 4)]:
        ok(run, "rate", *answers_for(total), "--date", day(offset))
    sessions = [
        (-27, "0.5", ["--dissociation", "2", "--nausea", "1"]),
        (-23, "0.5", []),
        (-19, "0.75", ["--bp-before", "128/82", "--bp-after", "141/90"]),
        (-16, "0.75", ["--nausea", "0"]),
    ]
    for offset, dose, felt in sessions:
        kind = ["--kind", "ketamine-iv", "--dose", dose, "--unit", "mg/kg"]
        ok(run, "session", "add", day(offset), *kind, *felt)
    ok(run, "event", "add", day(-20), "started sertraline 50 mg")
    return run


def trend_json(run: Run, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(run, "trend", "--json", "--window", "2", *args))
    return data


# -- trend --json --------------------------------------------------------------------


def test_json_carries_each_sessions_tolerability(series: Run) -> None:
    sessions = trend_json(series)["sessions"]
    assert [s["tolerability"] for s in sessions] == [
        {"dissociation": 2, "nausea": 1, "bp_before": None, "bp_after": None},
        NO_TOLERABILITY,
        {
            "dissociation": None,
            "nausea": None,
            "bp_before": {"systolic": 128, "diastolic": 82},
            "bp_after": {"systolic": 141, "diastolic": 90},
        },
        {"dissociation": None, "nausea": 0, "bp_before": None, "bp_after": None},
    ]


def test_json_by_dose_by_hand(series: Run) -> None:
    data = trend_json(series)
    # the per-session figures the groups come from (window 2, margin 4):
    # A1: pre T-29, T-28 = 15; post T-26, T-25 = 9; change −6; relief: 9, 9 <= 11, then
    #     12 > 11 on T-24 -> T-25 − T-27 = 2 days, ended
    # A2: pre T-25, T-24 = (9 + 12) / 2 = 10.5; post T-22, T-21 = 8; change −2.5; relief:
    #     8 > 10.5 − 4 = 6.5 on the first day -> 0, ended
    # B1: pre T-21, T-20 = 8; post T-18, T-17 = (6 + 12) / 2 = 9; change +1; relief: 6 > 4
    #     -> 0, ended
    # B2: pre T-18, T-17 = 9; post T-15, T-14 = 4; change −5; relief: 4, 4 <= 5 up to the
    #     last rating -> T-14 − T-16 = 2 days, still going (censored)
    figures = [(s["change"], s["relief_days"], s["censored"]) for s in data["sessions"]]
    assert figures == [(-6.0, 2, False), (-2.5, 0, False), (1.0, 0, False), (-5.0, 2, True)]
    assert data["by_dose"] == [
        {
            "kind": "ketamine-iv",
            "dose": 0.5,
            "unit": "mg/kg",
            "sessions": 2,
            "mean_change": (-6 + -2.5) / 2,  # −4.25
            "median_relief_days": (0 + 2) / 2,  # 1.0
            "relief_censored": False,
            "median_onset_hours": None,
        },
        {
            "kind": "ketamine-iv",
            "dose": 0.75,
            "unit": "mg/kg",
            "sessions": 2,
            "mean_change": (1 + -5) / 2,  # −2.0
            "median_relief_days": (0 + 2) / 2,  # 1.0, and 2 is still going: at least 1
            "relief_censored": True,
            "median_onset_hours": None,
        },
    ]


def test_by_dose_is_empty_with_one_group(series: Run) -> None:
    # --since T-18: only B2 is shown, one group
    data = trend_json(series, "--since", day(-18))
    assert [s["day"] for s in data["sessions"]] == [day(-16)]
    assert data["by_dose"] == []
    out = ok(series, "trend", "--since", day(-18), "--window", "2", "--no-chart")
    assert "by kind and dose" not in out


def test_json_events_are_the_periods(series: Run) -> None:
    event = {"id": 1, "day": day(-20), "text": "started sertraline 50 mg"}
    (found,) = trend_json(series)["events"]
    assert {key: found[key] for key in event} == event and len(found["uid"]) == 36
    assert trend_json(series, "--since", day(-19))["events"] == []
    assert trend_json(series, "--until", day(-21))["events"] == []


def test_gad7_lists_sessions_with_tolerability_and_no_groups(series: Run) -> None:
    data = trend_json(series, "--instrument", "gad7")
    assert data["sessions"][0]["tolerability"]["dissociation"] == 2
    assert data["by_dose"] is None  # no per-session windows for the two-week GAD-7
    out = ok(series, "trend", "--instrument", "gad7", "--no-chart")
    assert "Felt" in out and "D2 N1" in out


# -- trend for people -------------------------------------------------------------------


def rows_of(out: str) -> list[str]:
    """The per-session table's rows (those that start with a session number)."""
    start = out.index("Per session")
    return [line for line in out[start:].splitlines() if re.match(r"\s+\d+\s+\d{4}-", line)]


@pytest.mark.parametrize("width", [80, 120])
def test_felt_column_fits(series: Run, monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = ok(series, "trend", "--window", "2")
    assert max(len(line) for line in out.splitlines()) <= width
    header = next(line for line in out.splitlines() if "Pre (n)" in line)
    assert header.split()[-1] == "Felt"
    # kind and dose have their own columns at 120; at 80 they give way to "Onset" and "Felt"
    assert "Kind, dose" not in header
    assert ("Dose" in header.split()) == (width == 120)
    assert "Onset" in header
    rows = rows_of(out)
    assert rows[0].rstrip().endswith("D2 N1") and rows[3].rstrip().endswith("N0")
    assert rows[2][header.index("Felt") :].strip() == ""  # blood pressure only: no "Felt"
    assert "Felt: D dissociation, N nausea (self-rated, 0–3)." in out


def test_felt_gives_way_below_64_columns(series: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    out = ok(series, "trend", "--window", "2")
    assert max(len(line) for line in out.splitlines()) <= 60
    assert "Felt" not in out and "Relief" in out
    header = next(line for line in out.splitlines() if "Pre (n)" in line)
    assert "Onset" not in header  # the last column to give way, before anything is cut off


def test_no_felt_column_without_values(run: Run) -> None:
    for offset in (-6, -5, -4, -2, -1):
        ok(run, "rate", *answers_for(12), "--date", day(offset))
    ok(run, "session", "add", day(-3), "--kind", "ketamine-iv", "--bp-before", "120/80")
    out = ok(run, "trend")
    assert "Felt" not in out and "Per session" in out


def test_by_dose_table_and_its_caveat(series: Run) -> None:
    out = ok(series, "trend", "--window", "2", "--no-chart")
    start = out.index("Sessions by kind and dose")
    rows = [line.split() for line in out[start:].splitlines()[3:5]]
    # kind, dose, unit, sessions, mean change, median relief (+: at least), onset
    assert rows == [
        ["ketamine-iv", "0.5", "mg/kg", "2", "−4.2", "1", "–"],  # −4.25 shown to 1 decimal
        ["ketamine-iv", "0.75", "mg/kg", "2", "−2.0", "1+", "–"],
    ]
    assert (
        "Dose usually changes with time in a series: this table describes, it does not compare."
        in " ".join(out.split())
    )
    assert out.index("Per session") < start < out.index("Series: baseline")


def test_events_are_listed_and_marked_on_the_chart_without_colour(series: Run) -> None:
    out = ok(series, "trend", "--window", "2")
    assert "\x1b" not in out
    assert "Events (other changes; ▼ on the chart):" in out
    assert f"  {day(-20)}  started sertraline 50 mg" in out
    chart = out[: out.index("Events (")]
    lines = chart.splitlines()
    key = lines[-1]
    assert "▼ event" in key and "┃ session" in key
    plot = lines[1:-3]
    top = next(line for line in plot if "▼" in line)
    column = top.index("▼")
    below = [line[column] for line in plot[plot.index(top) + 1 :] if len(line) > column]
    # under its mark, the event's own dashed line: never the session's heavy line
    assert "╎" in below and "┃" not in below
    assert "▼" not in out.split("Events (")[1].split("Per session")[0].replace("▼ on", "")
    no_chart = ok(series, "trend", "--window", "2", "--no-chart")
    assert "Events (other changes):" in no_chart and "▼" not in no_chart


def test_event_mark_has_its_own_colour(series: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = ok(series, "trend", "--window", "2")
    colour_of_event = re.search(r"(\x1b\[[0-9;]*m)▼", out)
    colour_of_session = re.search(r"(\x1b\[[0-9;]*m)┃", out)
    assert colour_of_event and colour_of_session
    assert colour_of_event.group(1) != colour_of_session.group(1)
    assert re.search(rf"{re.escape(colour_of_event.group(1))}╎", out)  # its line, same colour
    plain = ANSI.sub("", out)
    assert "▼ event" in plain and max(len(line) for line in plain.splitlines()) <= 100


# -- report ---------------------------------------------------------------------------


@pytest.fixture
def report(series: Run, tmp_path: Path) -> str:
    out = tmp_path / "report.html"
    ok(series, "report", "--out", str(out))
    return out.read_text(encoding="utf-8")


def test_report_tolerability_table(report: str) -> None:
    part = report[report.index('<h3 id="tolerability">') :]
    part = part[: part.index("</table>")]
    body = part[part.index("<tbody>") :]
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)]
    # only the sessions with any value: A2 (nothing recorded) is left out
    assert rows == [
        [day(-27), "ketamine-iv", "2 moderate", "1 mild", "–", "–"],
        [day(-19), "ketamine-iv", "–", "–", "128/82", "141/90"],
        [day(-16), "ketamine-iv", "–", "0 none", "–", "–"],
    ]
    assert "not a validated scale such as the CADSS" in part


def test_report_by_dose_and_event_row(report: str) -> None:
    page = parse(report)
    sessions = page.text["sessions"]
    assert "Sessions by kind and dose" in sessions and "1+" in sessions
    assert "it does not compare" in sessions
    listed = page.text["session-list"]
    assert "Sessions and events" in listed
    event_row = re.search(r'<tr class="event">(.*?)</tr>', report)
    assert event_row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", event_row.group(1))
    assert cells[:4] == ["A", day(-20), "", "event"] and cells[-1] == "started sertraline 50 mg"
    # the event comes after the sessions before it and before the one after it
    assert listed.index(day(-23)) < listed.index(day(-20)) < listed.index(day(-19))


def test_report_chart_marks_the_event_apart_from_sessions(report: str) -> None:
    svg = report[report.index("<svg") : report.index("</svg>")]
    event_colour = "#6a3d9a"
    # a dashed line of its own colour, and its letter in that colour
    assert re.search(rf"stroke-dasharray: [0-9.,]+;[^\"]*stroke: {event_colour}", svg)
    letters = re.findall(rf'fill: {event_colour}" x="[0-9.]+" y="([0-9.]+)"[^>]*>A</text>', svg)
    numbers = re.findall(r'fill: #b85c00" x="[0-9.]+" y="([0-9.]+)"[^>]*>[0-9–, ]+</text>', svg)
    assert len(letters) == 1 and len(numbers) == 4
    # session numbers sit above the plot, the event's letter inside its top: a text is at
    # most its 9-point size tall, so the letter's top stays below every number's baseline
    assert float(letters[0]) - 9 > max(map(float, numbers))
    assert "event (letter)" in svg
    assert "Purple dashed lines: events (other changes)" in report


def test_report_without_context_has_none_of_it(run: Run, tmp_path: Path) -> None:
    for offset in (-6, -5, -4, -2, -1):
        ok(run, "rate", *answers_for(12), "--date", day(offset))
    ok(run, "session", "add", day(-3), "--kind", "ketamine-iv")
    out = tmp_path / "plain.html"
    ok(run, "report", "--out", str(out))
    html = out.read_text(encoding="utf-8")
    assert 'id="tolerability"' not in html and 'class="event"' not in html
    assert "by kind and dose" not in html and "Purple" not in html
    assert "event (letter)" not in html


# -- demo -----------------------------------------------------------------------------


def test_demo_shows_tolerability_dose_change_and_an_event(run: Run, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    out = ok(run, "demo", "--db", str(db))
    assert "Felt" in out and re.search(r"D\d N\d", out)
    start = out.index("Sessions by kind and dose")
    assert "0.5 mg/kg" in out[start:] and "0.6 mg/kg" in out[start:]
    assert "▼ event" in out and "began weekly therapy" in out
    sessions = json.loads(ok(run, "--db", str(db), "session", "list", "--json"))
    felt = [s for s in sessions if s["tolerability"]["dissociation"] is not None]
    pressures = [s for s in sessions if s["tolerability"]["bp_before"] is not None]
    assert len(felt) > len(sessions) / 2 and 0 < len(pressures) < len(sessions)


def test_event_letters() -> None:
    assert [event_mark(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",  # 26 + 26·26 = 702
    ]
