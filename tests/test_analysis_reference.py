"""analyse() against a second, deliberately naive implementation of SPEC §3 written
straight from the text with exact fractions, over many random histories."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from anxlog.analysis.trend import (
    Days,
    DayValue,
    Parameters,
    SessionDay,
    analyse,
    daily_values,
)

D0 = date(2026, 1, 1)


def mean(values: list[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def reference(
    ratings: list[tuple[date, int]], sessions: list[date], p: Parameters
) -> dict[str, Any]:
    by_day: dict[date, list[int]] = {}
    for day, total in ratings:
        by_day.setdefault(day, []).append(total)
    value = {day: Fraction(sum(t), len(t)) for day, t in by_day.items()}
    rated = sorted(value)

    def trailing(d: date) -> Fraction | None:
        vals = [value[x] for x in rated if d - timedelta(days=6) <= x <= d]
        return mean(vals) if len(vals) >= 3 else None

    out: dict[str, Any] = {"trailing": {d: trailing(d) for d in rated}, "sessions": []}
    s = sorted(sessions)
    m = Fraction(p.margin)
    for i, si in enumerate(s):
        prev = s[i - 1] if i else None
        nxt = s[i + 1] if i + 1 < len(s) else None
        pre = [
            value[d]
            for d in rated
            if si - timedelta(days=p.window) <= d < si and (prev is None or d > prev)
        ]
        post = [
            value[d]
            for d in rated
            if si < d <= si + timedelta(days=p.window) and (nxt is None or d < nxt)
        ]
        if not pre or not post:
            out["sessions"].append((len(pre), len(post), None, None, None))
            continue
        pre_mean, post_mean = mean(pre), mean(post)
        assert pre_mean is not None and post_mean is not None  # both hold values
        after = [d for d in rated if d > si and (nxt is None or d < nxt)]
        run = 0
        while run < len(after) and value[after[run]] <= pre_mean - m:
            run += 1
        relief = (after[run - 1] - si).days if run else 0
        out["sessions"].append(
            (len(pre), len(post), post_mean - pre_mean, relief, run == len(after))
        )
    if not s:
        out["verdict"] = ("unavailable", None, 0)
        return out
    s0 = s[0]
    base = [value[d] for d in rated if s0 - timedelta(days=p.baseline_days) <= d < s0]
    if len(base) < 3:
        out["verdict"] = ("unavailable", None, 0)
        return out
    b = mean(base)
    assert b is not None
    treat = [d for d in rated if d > s0]
    out["current"] = mean([value[d] for d in treat[-7:]])
    relieved = {}
    for d in treat:
        t = trailing(d)
        relieved[d] = t is not None and t <= b - m
    since = None
    for d in reversed(rated):
        if not relieved.get(d, False):
            break
        since = d
    if since is not None:
        days = (rated[-1] - since).days + 1
        out["verdict"] = ("sustained" if days >= p.sustain_days else "emerging", since, days)
    else:
        out["verdict"] = ("fading" if any(relieved.values()) else "not-yet", None, 0)
    out["baseline"] = b
    return out


history = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 21)), max_size=60)
session_offsets = st.lists(st.integers(0, 40), max_size=5)
params = st.builds(
    Parameters,
    window=st.integers(1, 8),
    baseline_days=st.integers(1, 15),
    margin=st.sampled_from([0.0, 1.0, 2.5, 4.0, 6.0]),
    sustain_days=st.integers(1, 15),
)


@settings(max_examples=300, deadline=None)
@given(history, session_offsets, params)
def test_analyse_matches_the_naive_reference(
    raw: list[tuple[int, int]], offsets: list[int], p: Parameters
) -> None:
    ratings = [(D0 + timedelta(days=o), total) for o, total in raw]
    session_dates = [D0 + timedelta(days=o) for o in offsets]
    days: list[DayValue] = daily_values((d, float(t)) for d, t in ratings)
    sessions = [
        SessionDay(i, i + 1, d, "k", None, None) for i, d in enumerate(sorted(session_dates))
    ]
    trend = analyse(days, sessions, p)
    expected = reference(ratings, session_dates, p)
    assert trend.rated.dates() == [d.day for d in days]
    for d, got in zip(days, trend.means, strict=True):
        want = expected["trailing"][d.day]
        assert (got is None) == (want is None)
        if got is not None and want is not None:
            assert abs(got - float(want)) < 1e-9
    for result, (n_pre, n_post, change, relief, censored) in zip(
        trend.session_results, expected["sessions"], strict=True
    ):
        assert (result.pre.n, result.post.n) == (n_pre, n_post)
        assert (result.relief_days, result.censored) == (relief, censored)
        if change is None:
            assert result.change is None
        else:
            assert result.change is not None
            assert abs(result.change - float(change)) < 1e-9
    sustained = trend.sustained
    assert (sustained.verdict, sustained.since, sustained.days) == expected["verdict"]
    if "current" in expected and expected["current"] is not None:
        current, baseline = trend.series.current_mean, trend.baseline.mean
        assert current is not None and baseline is not None
        assert abs(current - float(expected["current"])) < 1e-9
        assert abs(baseline - float(expected["baseline"])) < 1e-9


@given(history)
def test_daily_values_grouped_by_sqlite_equal_the_python_means(raw: list[tuple[int, int]]) -> None:
    """The trend reads (day, sum, count) from SQLite; it must give daily_values' exact means."""
    ratings = [(D0 + timedelta(days=o), total) for o, total in raw]
    sums: dict[date, list[int]] = {}
    for day, total in ratings:
        sums.setdefault(day, []).append(total)
    ordered = sorted(sums.items())
    grouped = Days.from_sums(
        [d.isoformat() for d, _ in ordered],
        [sum(t) for _, t in ordered],
        [len(t) for _, t in ordered],
    )
    expected = daily_values((d, float(t)) for d, t in ratings)
    rows = zip(grouped.dates(), grouped.values, grouped.counts, strict=True)
    assert list(rows) == expected
    assert grouped == Days.from_values(expected)
    assert analyse(grouped, []) == analyse(expected, [])
