"""The report's chart: session numbers stay legible when sessions come on consecutive days.

The real CLI writes the report; the session labels are read back from the inline SVG
(each is a <text> element with its position and font size)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest
from helpers_exchange import invoke, rating_row, seed, session_row

TODAY = date.today()
START = TODAY - timedelta(days=149)
SESSION_COLOR = "#b85c00"
EM = 0.64  # widest advance of a digit in DejaVu Sans, the chart's first font: 0.636 em


class Label(NamedTuple):
    text: str
    x: float  # centre (text-anchor: middle)
    y: float  # baseline
    size: float  # font size


def report_labels(db: Path, tmp_path: Path) -> tuple[list[Label], str]:
    out = tmp_path / "report.html"
    result = invoke(db, "report", "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    labels = [
        Label(text, float(x), float(y), float(re.search(r"font-size: ([\d.]+)px", style)[1]))  # type: ignore[index]
        for style, x, y, text in re.findall(
            r'<text style="([^"]*)" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', html
        )
        if f"fill: {SESSION_COLOR}" in style
    ]
    return labels, html


def history(db: Path, offsets: list[int]) -> None:
    """150 rated days (14 before the first session at 14, then 7) and sessions on the
    given days after START."""
    ratings = [
        rating_row(
            f"r{i}",
            (START + timedelta(days=i)).isoformat(),
            (2, 2, 2, 2, 2, 2, 2) if i < 21 else (1,) * 7,
        )
        for i in range(150)
    ]
    sessions = [
        session_row(f"s{n}", (START + timedelta(days=offset)).isoformat())
        for n, offset in enumerate(offsets)
    ]
    seed(db, ratings, sessions)


def overlapping(labels: list[Label]) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes touch: on the same row (baselines less than a line
    apart) and closer than half their widths plus a little space."""
    pairs = []
    for i, one in enumerate(labels):
        for other in labels[i + 1 :]:
            if abs(one.y - other.y) >= max(one.size, other.size):
                continue  # different rows
            widths = EM * (one.size * len(one.text) + other.size * len(other.text)) / 2
            if abs(one.x - other.x) < widths + 1:
                pairs.append((one.text, other.text))
    return pairs


def numbers_named(labels: list[Label]) -> list[int]:
    named: list[int] = []
    for label in sorted(labels, key=lambda label: label.x):
        first, _, last = label.text.partition("–")
        named.extend(range(int(first), int(last or first) + 1))
    return named


# an induction of six over two weeks, monthly boosters, then a second induction on
# consecutive days (sessions 10-14, with 13 and 14 on one day) and a last booster
INDUCTIONS = [21, 24, 28, 31, 35, 38, 60, 81, 102, 110, 111, 112, 113, 113, 130]


def test_labels_on_consecutive_days_do_not_overlap(tmp_path: Path) -> None:
    db = tmp_path / "anxlog.db"
    history(db, INDUCTIONS)
    labels, html = report_labels(db, tmp_path)
    assert overlapping(labels) == []
    assert numbers_named(labels) == list(range(1, 16))  # every session, once, in order
    texts = [label.text for label in labels]
    assert any("–" in text for text in texts)  # too close for two rows: a range
    assert "13" not in texts and "14" not in texts  # one day's sessions share a label
    assert "sessions too close together to number one by one share one label" in html


@pytest.mark.parametrize("days_apart", [1, 2])
def test_daily_sessions_numbered_past_ten(tmp_path: Path, days_apart: int) -> None:
    # the case: sessions 11-14 on consecutive days drew "11 13" and "12 14"
    db = tmp_path / "anxlog.db"
    history(db, [21 + 7 * n for n in range(10)] + [100 + days_apart * n for n in range(4)])
    labels, _ = report_labels(db, tmp_path)
    assert overlapping(labels) == []
    assert numbers_named(labels) == list(range(1, 15))


def test_sessions_a_week_apart_each_get_their_number(tmp_path: Path) -> None:
    db = tmp_path / "anxlog.db"
    history(db, [21 + 7 * n for n in range(12)])
    labels, html = report_labels(db, tmp_path)
    assert sorted(int(label.text) for label in labels) == list(range(1, 13))
    assert overlapping(labels) == []
    assert "share one label" not in html
