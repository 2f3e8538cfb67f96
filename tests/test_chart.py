"""The trend chart, drawn by the real plotext at fixed sizes."""

import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from anxlog.present.chart import NO_RATINGS, TOO_SMALL, render_trend_chart

TITLE = "Daily check-in total (0-21), daily adaptation of GAD-7"
FIRST = date(2024, 1, 1)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
DATE = r"\d{4}-\d\d-\d\d"


def history(day_count: int, session_count: int) -> dict[str, Any]:
    """A falling daily total with a trailing 7-day mean and evenly spread sessions."""
    days = [FIRST + timedelta(days=i) for i in range(day_count)]
    values = [float(max(0, 16 - i * 10 // day_count + (i * 7 % 5) - 2)) for i in range(day_count)]
    trailing = [None if i < 6 else sum(values[i - 6 : i + 1]) / 7 for i in range(day_count)]
    step = max(1, day_count // (session_count + 1))
    sessions = [FIRST + timedelta(days=step * (i + 1)) for i in range(session_count)]
    return {
        "days": days,
        "values": values,
        "trailing": trailing,
        "session_days": sessions,
        "baseline_mean": 14.0,
        "margin": 3.0,
        "title": TITLE,
    }


def draw(width: int, height: int, color: bool = False, **overrides: Any) -> str:
    kwargs = history(70, 6) | overrides
    return render_trend_chart(width=width, height=height, color=color, **kwargs)


@pytest.mark.parametrize(("width", "height"), [(80, 20), (60, 15), (200, 30)])
def test_fits_exactly_without_colour(width: int, height: int) -> None:
    chart = draw(width, height)
    lines = chart.split("\n")
    assert len(lines) == height
    assert all(len(line) <= width for line in lines)
    assert "\x1b" not in chart
    assert TITLE in lines[0]


@pytest.mark.parametrize(("width", "height"), [(80, 20), (60, 15), (200, 30)])
def test_colour_adds_escape_codes_only(width: int, height: int) -> None:
    chart = draw(width, height, color=True)
    assert "\x1b[" in chart
    visible = ANSI.sub("", chart).split("\n")
    assert len(visible) == height
    assert all(len(line) <= width for line in visible)


@pytest.mark.parametrize(("width", "height"), [(80, 20), (60, 15), (200, 30)])
def test_date_labels_are_iso_and_apart(width: int, height: int) -> None:
    tick_row = draw(width, height).split("\n")[-2]
    assert re.fullmatch(rf"\s*({DATE}\s+)*{DATE}\s*", tick_row)
    assert tick_row.split()[0] == "2024-01-01"


def test_key_names_every_line() -> None:
    key_row = draw(80, 20).split("\n")[-1]
    for name in ("daily", "7-day mean", "session", "baseline", "baseline − margin"):
        assert name in key_row


def test_key_shortens_at_60_columns() -> None:
    key_row = draw(60, 15).split("\n")[-1]
    assert "daily" in key_row
    assert "−margin" in key_row


def test_no_ratings() -> None:
    assert draw(80, 20, days=[], values=[], trailing=[]) == NO_RATINGS


@pytest.mark.parametrize(
    "overrides",
    [
        {"days": [FIRST], "values": [9.0], "trailing": [None], "session_days": [FIRST]},
        {"values": [5.0] * 70, "trailing": [5.0] * 70},
        {"session_days": [FIRST - timedelta(days=30), FIRST + timedelta(days=400)]},
        {"trailing": [None] * 70, "baseline_mean": None},
        {"trailing": [None if i % 10 == 0 else 8.0 for i in range(70)]},
        {"baseline_mean": 2.0, "margin": 3.0},
        {"values": [25.0] * 70, "baseline_mean": 30.0},
        {"title": "x" * 300},
        {"values": [1.0, 2.0, 3.0] * 20 + [0.0] * 10, "y_max": 3},
    ],
)
@pytest.mark.parametrize(("width", "height"), [(80, 20), (60, 15), (200, 30)])
def test_edge_cases_still_fit(overrides: dict[str, Any], width: int, height: int) -> None:
    lines = draw(width, height, **overrides).split("\n")
    assert len(lines) == height
    assert all(len(line) <= width for line in lines)


def test_sessions_outside_the_rated_span_are_left_out() -> None:
    outside = [FIRST - timedelta(days=30), FIRST + timedelta(days=400)]
    assert "session" not in draw(80, 20, session_days=outside)


def test_too_small_gives_one_short_line() -> None:
    assert draw(80, 3) == TOO_SMALL
    for width, height in [(20, 6), (5, 20), (0, 0)]:
        message = draw(width, height)
        assert len(message) <= width
        assert TOO_SMALL.startswith(message.rstrip("…"))


def test_each_render_starts_from_a_clean_figure() -> None:
    draw(80, 20, title="first chart")
    second = draw(80, 20, title="second chart")
    assert "first chart" not in second
    assert len(second.split("\n")) == 20


def test_ten_year_history_fits() -> None:
    lines = draw(80, 20, **history(3650, 100)).split("\n")
    assert len(lines) == 20
    assert all(len(line) <= 80 for line in lines)


def test_importing_the_module_does_not_import_plotext() -> None:
    code = "import sys, anxlog.present.chart; assert 'plotext' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def background_colours(text: str) -> list[str]:
    """Every SGR parameter in ``text`` that sets a background colour (40–47, 100–107,
    48;5;n, 48;2;r;g;b); 38;5;n and 38;2;r;g;b foregrounds are skipped whole."""
    found: list[str] = []
    for sequence in re.findall(r"\x1b\[([0-9;]*)m", text):
        params = [int(p) if p else 0 for p in sequence.split(";")]
        i = 0
        while i < len(params):
            code = params[i]
            if code in (38, 48):  # extended colour: 5;n or 2;r;g;b follow
                width = 3 if params[i + 1 : i + 2] == [5] else 5
                if code == 48:
                    found.append(";".join(map(str, params[i : i + width])))
                i += width
                continue
            if 40 <= code <= 47 or 100 <= code <= 107:
                found.append(str(code))
            i += 1
    return found


def test_the_background_detector_sees_what_it_must() -> None:
    assert background_colours("\x1b[33;107mx\x1b[0m") == ["107"]
    assert background_colours("\x1b[38;5;3m\x1b[48;5;15m┃") == ["48;5;15"]
    assert background_colours("\x1b[38;5;42;1m\x1b[38;2;1;2;3m\x1b[0m") == []


def test_lines_keep_the_terminals_own_background() -> None:
    chart = draw(100, 20, color=True)
    assert ANSI.search(chart)  # colour is on
    assert background_colours(chart) == []


def test_the_trend_command_paints_no_background_with_colour_forced(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from anxlog.cli import app

    db = tmp_path / "demo.db"
    assert CliRunner().invoke(app, ["demo", "--no-chart", "--db", str(db)]).exit_code == 0
    env = {**os.environ, "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    env.pop("NO_COLOR")
    done = subprocess.run(
        [sys.executable, "-m", "anxlog", "--db", str(db), "trend"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert "┃" in done.stdout and ANSI.search(done.stdout)
    assert background_colours(done.stdout) == []


def _column_below(chart: str, glyph: str) -> tuple[int, list[str]]:
    """The column of ``glyph`` in the plot and the characters under it."""
    lines = chart.split("\n")
    top = next(i for i, line in enumerate(lines) if glyph in line)
    column = lines[top].index(glyph)
    return column, [line[column] for line in lines[top + 1 : -3] if len(line) > column]


def test_an_event_gets_a_mark_and_a_dashed_line_of_its_own() -> None:
    event = FIRST + timedelta(days=15)  # sessions fall on days 10, 20, 30, …
    chart = draw(80, 20, event_days=[event])
    _, below = _column_below(chart, "▼")
    assert below.count("╎") >= 10 and "┃" not in below
    assert "▼ event" in chart.split("\n")[-1]


def test_an_event_beside_a_session_keeps_the_session_line() -> None:
    session = FIRST + timedelta(days=10)
    chart = draw(80, 20, event_days=[session])  # the very day of a session
    _, below = _column_below(chart, "▼")
    assert "╎" not in chart and "┃" in below  # its mark on top of the session's line


def test_events_outside_the_rated_span_are_left_out() -> None:
    outside = [FIRST - timedelta(days=3), FIRST + timedelta(days=100)]
    chart = draw(80, 20, event_days=outside)
    assert "▼" not in chart and "╎" not in chart and "event" not in chart
