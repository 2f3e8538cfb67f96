"""``present.trend_json.trend_json`` gives the very bytes of the slow reference
``json.dumps(trend_to_json(trend), ensure_ascii=False)`` (helpers_analysis), in a property
and on the command line, for both instruments, one item and a period."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from conftest import Run
from helpers_analysis import trend_to_json
from helpers_history import (
    ANSWERS,
    DOSES,
    FAST,
    INSTRUMENTS,
    KINDS,
    TIMES,
    Databases,
    Row,
    rating_row,
    seed,
    session_row,
)
from hypothesis import given
from hypothesis import strategies as st

from anxlog.analysis.load import load_trend
from anxlog.analysis.trend import Parameters, Trend
from anxlog.present.trend_json import trend_json
from anxlog.storage import Store

LEVEL = st.one_of(st.none(), st.integers(0, 3))
PRESSURE = st.one_of(st.just((None, None)), st.tuples(st.integers(100, 180), st.integers(60, 99)))


@st.composite
def tolerability(draw: st.DrawFn) -> Row:
    """The stored tolerability columns of a session: any part may be missing."""
    before, after = draw(PRESSURE), draw(PRESSURE)
    return {
        "dissociation": draw(LEVEL),
        "nausea": draw(LEVEL),
        "bp_before_systolic": before[0],
        "bp_before_diastolic": before[1],
        "bp_after_systolic": after[0],
        "bp_after_diastolic": after[1],
    }


@st.composite
def trend_histories(draw: st.DrawFn) -> tuple[date, list[Row], list[Row], list[Row]]:
    """Days 1900–2100 with 0–3 ratings of each instrument, ratings before the first
    session, sessions of which two fall on the same day, with or without tolerability,
    and 0–3 events."""
    start = draw(st.dates(date(1900, 1, 1), date(2100, 12, 31) - timedelta(days=50)))
    offsets = draw(st.lists(st.integers(1, 50), min_size=8, max_size=50, unique=True))
    ratings: list[Row] = []
    uids = itertools.count()
    for offset in sorted({0, *offsets}):  # day 0 is rated: before any session
        day = start + timedelta(days=offset)
        for instrument in INSTRUMENTS:
            for _ in range(draw(st.integers(0 if offset else 1, 3))):
                hour = draw(st.integers(0, 23))
                ratings.append(
                    rating_row(
                        f"r{next(uids)}",
                        day,
                        draw(ANSWERS),
                        instrument=instrument,
                        difficulty=draw(st.integers(0, 3)),
                        taken_at=f"{day.isoformat()}T{hour:02}:00:00+00:00",
                    )
                )
    session_offsets = draw(st.lists(st.integers(8, 45), min_size=1, max_size=4, unique=True))
    twice = draw(st.sampled_from(session_offsets))  # a second session on one of the days
    sessions: list[Row] = []
    for number, offset in enumerate([*session_offsets, twice]):
        dose, unit = draw(DOSES)
        row = session_row(
            f"s{number}",
            start + timedelta(days=offset),
            kind=draw(KINDS),
            time=draw(TIMES),
            dose=dose,
            unit=unit,
        )
        sessions.append({**row, **draw(tolerability())})
    event_offsets = draw(st.lists(st.integers(0, 50), max_size=3))
    events = [
        {"uid": f"e{number}", "day": (start + timedelta(days=offset)).isoformat(), "text": "ö"}
        for number, offset in enumerate(event_offsets)
    ]
    return start, ratings, sessions, events


# -- trend --json ------------------------------------------------------------------


def _json(trend: Trend) -> str:
    return json.dumps(trend_to_json(trend), ensure_ascii=False)


@FAST
@given(
    history=trend_histories(),
    cut=st.tuples(st.integers(-5, 55), st.integers(-5, 55)),
    params=st.builds(
        Parameters,
        window=st.integers(1, 10),
        baseline_days=st.integers(1, 21),
        margin=st.sampled_from([0.0, 1.5, 4.0]),
        sustain_days=st.integers(1, 14),
    ),
)
def test_trend_json_is_json_dumps_of_to_json(
    databases: Databases,
    history: tuple[date, list[Row], list[Row], list[Row]],
    cut: tuple[int, int],
    params: Parameters,
) -> None:
    start, ratings, sessions, events = history
    since, until = (start + timedelta(days=offset) for offset in sorted(cut))
    store = databases.new(ratings, sessions)
    store.insert_rows("events", events)
    try:
        for instrument in INSTRUMENTS:
            variants: list[dict[str, Any]] = [
                {},
                {"item": "q3"},
                {"since": since, "until": until},
                {"since": since, "until": until, "item": "q3"},
            ]
            for options in variants:
                trend = load_trend(store, instrument=instrument, params=params, **options)
                fast = trend_json(trend)
                assert fast == _json(trend), (instrument, options)
                assert "\n" not in fast
    finally:
        store.close()


def test_trend_json_on_the_command_line(run: Run, db_path: Path) -> None:
    """Non-ASCII kind, a day of three ratings (mean 28/3), two sessions on one day."""
    start = date(2026, 3, 1)
    ratings = [
        rating_row(f"r{offset}", start + timedelta(days=offset), (2, 2, 2, 2, 2, 2, 2 - offset % 3))
        for offset in range(30)
    ]
    three = start + timedelta(days=20)
    for number, answers in enumerate([(1, 1, 1, 1, 1, 1, 1), (2, 2, 1, 1, 1, 1, 1)]):
        taken = f"{three.isoformat()}T{20 + number}:00:00+01:00"
        ratings.append(rating_row(f"extra{number}", three, answers, taken_at=taken))
    sessions = [
        session_row("s1", start + timedelta(days=15), kind="ketamin-ö", dose=0.5, unit="mg/kg"),
        session_row("s2", start + timedelta(days=18), time="10:00", kind="ketamin-ö"),
        session_row(
            "s3", start + timedelta(days=18), time="18:30", course="Ängst", dose=56.0, unit="mg"
        ),
    ]
    seed(db_path, ratings, sessions)

    result = run("trend", "--json")

    assert result.exit_code == 0, result.output
    store = Store.open(db_path, write=False)
    try:
        expected = _json(load_trend(store, instrument="daily")) + "\n"
    finally:
        store.close()
    assert result.stdout_bytes.decode("utf-8") == expected
    assert "ketamin-ö" in result.stdout  # written as it is, not as \u00f6
    days = {d["day"]: d for d in json.loads(result.stdout)["days"]}
    day_of_three = days[three.isoformat()]
    assert day_of_three["n"] == 3 and day_of_three["value"] == (12 + 7 + 9) / 3
