"""How long relief lasts, and onset in hours: the real CLI on a real database, against
hand arithmetic (docs/methods.md, "How long relief lasts")."""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, snapshot
from helpers_exchange import rating_row, seed, session_row

from anxlog import dates

T = date.today()
S1, S2, S3 = -60, -40, -20  # the sessions' days, from today
RELIEVED = {*range(-59, -54), *range(-39, -31), *range(-19, 1)}  # days rated 9, else 15


def day(offset: int) -> date:
    return T + timedelta(days=offset)


def answers(total: int) -> tuple[int, ...]:
    """Seven answers summing to ``total``: 15 -> 3 3 3 3 3 0 0, 9 -> 3 3 3 0 0 0 0."""
    return tuple(min(3, max(0, total - 3 * i)) for i in range(7))


def at(offset: int, clock: str) -> str:
    """A taken_at in local time, as `rate --date … --time …` writes it."""
    return dates.local_instant(day(offset), clock)


def hours_between(start: tuple[int, str], end: tuple[int, str]) -> float:
    """Local wall-clock hours (34 from 10:00 to 20:00 the next day, unless the clocks change)."""
    first, last = (
        datetime.combine(day(offset), time.fromisoformat(clock)).astimezone()
        for offset, clock in (start, end)
    )
    return (last - first) / timedelta(hours=1)


def history() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every day from 74 days ago to today rated at 20:00: 9 on the days after each session
    that stay relieved, 15 otherwise; session days have their own ratings instead.

    S1 (60 days ago, 10:00): a rating of 3 at 08:00 (before it) and one of 11 at 14:30.
    S2 (40 days ago, no time). S3 (20 days ago, 10:00): 12 at 12:00; the next day also
    holds a rating of 2 whose time is not known (taken_at is the date alone)."""
    ratings = []
    for offset in range(-74, 1):
        if offset in (S1, S2, S3):
            continue
        total = 9 if offset in RELIEVED else 15
        ratings.append(rating_row(f"d{offset}", day(offset).isoformat(), answers(total)))
        ratings[-1]["taken_at"] = ratings[-1]["recorded_at"] = at(offset, "20:00")
    for uid, offset, clock, total in (
        ("s1-before", S1, "08:00", 3),
        ("s1-after", S1, "14:30", 11),
        ("s2-day", S2, "20:00", 15),
        ("s3-after", S3, "12:00", 12),
    ):
        ratings.append(rating_row(uid, day(offset).isoformat(), answers(total)))
        ratings[-1]["taken_at"] = ratings[-1]["recorded_at"] = at(offset, clock)
    unknown = rating_row("unknown-time", day(S3 + 1).isoformat(), answers(2))
    unknown["taken_at"] = day(S3 + 1).isoformat()  # the date alone: the time is not known
    ratings.append(unknown)
    sessions = [
        session_row("S1", day(S1).isoformat(), time="10:00"),
        session_row("S2", day(S2).isoformat()),
        session_row("S3", day(S3).isoformat(), time="10:00"),
    ]
    return ratings, sessions


@pytest.fixture
def seeded(run: Run, db_path: Path) -> Run:
    seed(db_path, *history())
    return run


def trend_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("trend", "--json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# Relief level of each session: pre mean 15 (the 7 days before it) - 4 = 11.
# S1: days 59…55 ago are 9, day 54 ago 15: relief 60 - 55 = 5 days, ended.
# S2: days 39…32 ago are 9, day 31 ago 15: relief 40 - 32 = 8 days, ended.
# S3: days 19 ago … today are 9 (day 19 ago: (9 + 2) / 2): the run reaches the latest
#     rating, today: relief 20 days, censored (20+).
# Kaplan-Meier over 5, 8, 20+: t = 5: 3 at risk, 1 ended -> S = 2/3; t = 8: 2 at risk,
# 1 ended -> S = 2/3 * 1/2 = 1/3 <= 1/2: the median is 8 days.
# Onset: S1 from 10:00 to the 14:30 rating of 11 (exactly the level; the 08:00 rating of 3
# came before the session): 4.5 h. S2 has no time: none. S3: 12 at 12:00 is above 11, the
# rating of 2 has no time, so the 20:00 rating the next day: 34 h. Median of 4.5 and 34:
# 19.25, to one decimal 19.3.
S3_ONSET = round(hours_between((S3, "10:00"), (S3 + 1, "20:00")), 1)  # 34.0
MEDIAN_ONSET = math.floor((4.5 + S3_ONSET) / 2 * 10 + 0.5) / 10  # 19.25 -> 19.3, halves up


def test_trend_json_durability_by_hand(seeded: Run) -> None:
    data = trend_json(seeded)
    assert data["parameters"]["durability_sessions"] == 6
    assert list(data)[-1] == "durability"
    sessions = data["sessions"]
    assert [(s["relief_days"], s["censored"]) for s in sessions] == [
        (5, False),
        (8, False),
        (20, True),
    ]
    assert [s["onset_hours"] for s in sessions] == [4.5, None, S3_ONSET]
    assert data["durability"] == {
        "sessions": 3,
        "censored": 1,
        "median_days": 8,
        "median_more_than": None,
        "shortest_days": 5,
        "longest_days": 20,
        "longest_censored": True,
        "median_onset_hours": MEDIAN_ONSET,
        "days_since_last_session": 20,
        "last_session_relief_ongoing": True,
        "reason": None,
    }


def test_the_latest_k_sessions(seeded: Run) -> None:
    # K = 2: S2 and S3, 8 and 20+. t = 8: 2 at risk, 1 ended -> S = 1/2, exactly one half:
    # the median is 8 days. Onset: only S3 has one.
    durability = trend_json(seeded, "--durability-sessions", "2")["durability"]
    assert durability["sessions"] == 2 and durability["censored"] == 1
    assert durability["median_days"] == 8 and durability["median_more_than"] is None
    assert (durability["shortest_days"], durability["longest_days"]) == (8, 20)
    assert durability["median_onset_hours"] == S3_ONSET


def test_until_counts_to_the_end_of_the_period(seeded: Run) -> None:
    # up to 25 days ago: S1 and S2, 5 and 8, both ended. t = 5: 2 at risk, 1 ended ->
    # S = 1/2: median 5. The last session, S2, was 40 - 25 = 15 days before the end; its
    # relief ended after 8 days.
    until = day(-25).isoformat()
    data = trend_json(seeded, "--until", until)
    durability = data["durability"]
    assert durability["median_days"] == 5 and durability["censored"] == 0
    assert durability["days_since_last_session"] == 15
    assert durability["last_session_relief_ongoing"] is False
    out = " ".join(seeded("trend", "--until", until, "--no-chart").stdout.split())
    assert f"Your last session was 15 days before {until}; relief after it lasted 8 days." in out


def test_the_standard_gad7_has_no_durability(seeded: Run) -> None:
    data = trend_json(seeded, "--instrument", "gad7")
    assert data["durability"] is None
    assert [s["onset_hours"] for s in data["sessions"]] == [None, None, None]
    out = seeded("trend", "--instrument", "gad7", "--no-chart").stdout
    assert "How long relief lasts" not in out and "Onset" not in out


def test_one_item_with_its_own_margin(seeded: Run) -> None:
    # q4 of 15 is 3, of 9 is 0, of 11 is 2, of 12 is 3: pre mean 3, margin 1 -> level 2.
    # The same runs as the total (5, 8, 20+), and the same onsets: S1's 14:30 rating has
    # q4 = 2, exactly the level; S3's 12:00 rating has q4 = 3.
    data = trend_json(seeded, "--item", "q4")
    assert data["parameters"]["margin"] == 1.0
    assert [s["onset_hours"] for s in data["sessions"]] == [4.5, None, S3_ONSET]
    assert data["durability"]["median_days"] == 8
    out = " ".join(seeded("trend", "--item", "q4", "--no-chart").stdout.split())
    assert "relief of at least 1 point on q4 lasted a median of 8 days" in out


def test_fewer_than_two_sessions_give_a_reason(run: Run, db_path: Path) -> None:
    ratings, sessions = history()
    seed(db_path, ratings, sessions[-1:])  # S3 alone: one relief time (20+)
    durability = trend_json(run)["durability"]
    assert durability["reason"] == (
        "Not enough sessions yet to say how long relief lasts: only 1 session with rated "
        "days in the 7 days before it and after it (it needs 2)."
    )
    numbers = ("sessions", "censored", "median_days", "median_more_than", "shortest_days")
    assert all(durability[key] is None for key in (*numbers, "longest_days", "median_onset_hours"))
    assert durability["days_since_last_session"] == 20  # still given: there is a session
    assert durability["last_session_relief_ongoing"] is True
    out = " ".join(run("trend", "--no-chart").stdout.split())
    assert "How long relief lasts " + durability["reason"] in out
    status = " ".join(run("status").stdout.split())
    assert "Relief: too few sessions yet to say how long it lasts (see 'anxlog trend')." in status


def test_no_session_yet(run: Run, db_path: Path) -> None:
    ratings, _ = history()
    seed(db_path, ratings)
    durability = trend_json(run)["durability"]
    assert durability["reason"].startswith("No session logged yet")
    assert durability["days_since_last_session"] is None
    assert "Relief:" not in run("status").stdout


def test_trend_section_and_onset_column_at_80_columns(
    seeded: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = seeded("trend").stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    header = next(line for line in out.splitlines() if "Relief" in line and "Onset" in line)
    assert header.rstrip().endswith("Onset")
    rows = [line for line in out.splitlines() if re.match(r"\s+[123]\s+\d{4}-", line)]
    assert [row.split()[-1] for row in rows] == ["h", "–", "h"]
    assert [row.split()[-2] for row in rows][0::2] == ["4.5", f"{S3_ONSET:.1f}"]
    text = " ".join(out.split())
    section = text[text.index("How long relief lasts") :]
    assert section.startswith(
        "How long relief lasts After your last 3 sessions, relief of at least 4 points lasted "
        "a median of 8 days (shortest 5, longest 20+; 1 still going at your latest rating). "
        "Your last session was 20 days ago; relief after it is still going."
    )
    assert (
        f"came a median of {MEDIAN_ONSET:g} hours after its start (2 of these 3 sessions had one)"
        in section
    )
    # S(t): 2/3 = 67 % after day 5, 1/3 = 33 % after day 8
    assert "Relief still going (Kaplan–Meier): after day 5: 67 %; after day 8: 33 %." in section
    for word in ("you should", "you need", "due"):
        assert word not in section.lower()


def test_status_says_how_long_relief_lasted(seeded: Run) -> None:
    out = " ".join(seeded("status").stdout.split())
    assert (
        "Relief after your last 3 sessions: a median of 8 days; the last one was 20 days ago, "
        "its relief still going." in out
    )


@pytest.mark.parametrize("value", ["1", "1001", "six", "2.5", "", "-3"])
def test_bad_durability_sessions(seeded: Run, db_path: Path, value: str) -> None:
    before = snapshot(db_path)
    result = seeded("trend", "--durability-sessions", value)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "--durability-sessions" in result.stderr
    assert "give a whole number 2 to 1000" in result.stderr
    assert snapshot(db_path) == before
