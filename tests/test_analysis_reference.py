"""analyse() against a second, deliberately naive implementation of docs/methods.md,
written straight from the text with exact fractions (so "at most" needs no tolerance),
over many random histories, periods and parameters."""

from __future__ import annotations

import math
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from helpers_analysis import daily_values
from hypothesis import given, settings
from hypothesis import strategies as st

from anxlog.analysis.sessions import SessionDay
from anxlog.analysis.trend import Parameters, Period, analyse

D0 = date(2026, 1, 1)
Z95 = 1.959963984540054  # p < 0.05 two-sided <=> z > 1.95996…


def mean(values: list[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def sign(x: Fraction | int) -> int:
    return (x > 0) - (x < 0)


def median(values: list[Fraction]) -> Fraction:
    s = sorted(values)
    k = len(s) // 2
    return s[k] if len(s) % 2 else (s[k - 1] + s[k]) / 2


def tau_bc(a: list[tuple[int, Fraction]], b: list[tuple[int, Fraction]]) -> tuple[Any, Any]:
    """Tau-BC from the definition, every pair compared (t = days since the first baseline day)."""
    ys = [y for _, y in a]
    m = len(a)
    correct = False
    if m >= 3 and len(set(ys)) > 1:
        s = sum(sign(a[j][1] - a[i][1]) for i in range(m) for j in range(i + 1, m))
        ties = [ys.count(v) for v in set(ys)]
        var = Fraction(m * (m - 1) * (2 * m + 5) - sum(u * (u - 1) * (2 * u + 5) for u in ties), 18)
        correct = max(abs(s) - 1, 0) ** 2 > Z95**2 * var  # z > 1.96
    values = [(0, y) for _, y in a] + [(1, y) for _, y in b]
    if correct:
        slope = median(
            [(a[j][1] - a[i][1]) / (a[j][0] - a[i][0]) for i in range(m) for j in range(i + 1, m)]
        )
        intercept = median([y - slope * t for t, y in a])
        values = [
            (p, round(y - (intercept + slope * t), 9))
            for p, (t, y) in zip([0] * m + [1] * len(b), a + b, strict=True)
        ]
    n_all = len(values)
    s = sum(
        sign(values[j][0] - values[i][0]) * sign(values[j][1] - values[i][1])
        for i in range(n_all)
        for j in range(i + 1, n_all)
    )
    n0 = n_all * (n_all - 1) // 2
    n1 = (m * (m - 1) + len(b) * (len(b) - 1)) // 2
    rs = [r for _, r in values]
    n2 = sum(rs.count(v) * (rs.count(v) - 1) // 2 for v in set(rs))
    if n0 - n1 == 0 or n0 - n2 == 0:
        return None, correct
    return -s / math.sqrt((n0 - n1) * (n0 - n2)), correct


def reference(
    ratings: list[tuple[date, int]],
    sessions: list[date],
    p: Parameters,
    since: date | None,
    until: date | None,
    one_item: bool,
) -> dict[str, Any]:
    by_day: dict[date, list[int]] = {}
    for day, total in ratings:
        if until is None or day <= until:
            by_day.setdefault(day, []).append(total)
    value = {day: Fraction(sum(t), len(t)) for day, t in by_day.items()}
    rated = sorted(value)
    M = Fraction(p.margin)

    def trailing(d: date) -> Fraction | None:
        vals = [value[x] for x in rated if d - timedelta(days=6) <= x <= d]
        return mean(vals) if len(vals) >= 3 else None

    out: dict[str, Any] = {
        "shown": [(d, trailing(d)) for d in rated if since is None or d >= since]
    }
    every = sorted(s for s in sessions if until is None or s <= until)
    out["sessions"] = []
    for i, si in enumerate(every):
        if since is not None and si < since:
            continue
        prev = every[i - 1] if i else None
        nxt = every[i + 1] if i + 1 < len(every) else None
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
        pre_mean, post_mean = mean(pre), mean(post)
        if pre_mean is None or post_mean is None:
            out["sessions"].append((len(pre), len(post), None, None, None))
            continue
        level = pre_mean - M
        last, censored = si, True
        for d in [d for d in rated if d > si and (nxt is None or d < nxt)]:
            if (d - last).days - 1 > p.window:
                break
            if value[d] > level:
                censored = False
                break
            last = d
        out["sessions"].append(
            (len(pre), len(post), post_mean - pre_mean, (last - si).days, censored)
        )
    out["verdict"] = ("unavailable", None, 0)
    if not sessions or not every:
        return out
    s0 = min(sessions)
    start = s0 - timedelta(days=p.baseline_days)
    base = [(d, value[d]) for d in rated if start <= d < s0]
    out["baseline"] = (len(base), mean([v for _, v in base]) if len(base) >= 3 else None)
    if len(base) < 3:
        return out
    b = mean([v for _, v in base])
    assert b is not None
    treat = [d for d in rated if d > s0]
    if not treat:
        return out
    nap_pairs = [
        (1 if value[t] < v else Fraction(1, 2) if value[t] == v else 0)
        for _, v in base
        for t in treat
    ]
    out["nap"] = sum(nap_pairs, Fraction(0)) / len(nap_pairs)
    out["tau"] = tau_bc(
        [((d - start).days, v) for d, v in base], [((d - start).days, value[d]) for d in treat]
    )
    current = trailing(treat[-1])
    if current is not None:
        change = current - b
        percent = None if b == 0 else 100 * change / b
        flags = (
            (None,) * 4
            if one_item
            else (
                None if percent is None else percent <= -50,
                current < 5,
                change <= -4,
                change <= -6,
            )
        )
        out["current"] = (current, change, percent, flags)
    else:
        return out
    relieved = {d: (t := trailing(d)) is not None and t <= b - M for d in treat}
    since_day = None
    for d in reversed(treat):
        if not relieved[d]:
            break
        since_day = d
    if since_day is not None:
        days = (treat[-1] - since_day).days + 1
        out["verdict"] = ("sustained" if days >= p.sustain_days else "emerging", since_day, days)
    else:
        out["verdict"] = ("fading" if any(relieved.values()) else "not-yet", None, 0)
    return out


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[tuple[int, int]], list[int]]:
    """Ratings on days 0 … 50 (dense or sparse, some days twice), a level that drops after
    the first session (so every verdict is reached), and up to 5 sessions."""
    first = draw(st.integers(0, 30))
    sessions = [first, *draw(st.lists(st.integers(0, 50), max_size=4))]
    density = draw(st.sampled_from([25, 60, 90, 100]))  # % of days rated
    level = draw(st.integers(6, 18))
    drop = draw(st.sampled_from([0, 3, 4, 6, 10]))
    trend = draw(st.sampled_from([0, 1, -1]))  # a baseline already moving, sometimes
    ratings = []
    for offset in range(51):
        if draw(st.integers(0, 99)) >= density:
            continue
        for _ in range(draw(st.sampled_from([1, 1, 1, 2]))):
            expected = level - drop if offset > first else level + trend * (offset - first) // 3
            total = expected + draw(st.integers(-2, 2))
            ratings.append((offset, max(0, min(21, total))))
    return ratings, sessions


params = st.builds(
    Parameters,
    window=st.integers(1, 8),
    baseline_days=st.integers(1, 15),
    margin=st.sampled_from([0.0, 1.0, 2.5, 4.0, 6.0]),
    sustain_days=st.integers(1, 15),
)
edges = st.one_of(st.none(), st.integers(0, 50))


def close(got: float | None, want: Fraction | float | None) -> bool:
    if want is None or got is None:
        return got is None and want is None
    return abs(got - float(want)) < 1e-9


@settings(max_examples=400, deadline=None)
@given(histories(), params, edges, edges, st.booleans())
def test_analyse_matches_the_naive_reference(
    drawn: tuple[list[tuple[int, int]], list[int]],
    p: Parameters,
    low: int | None,
    high: int | None,
    one_item: bool,
) -> None:
    raw, offsets = drawn
    since = None if low is None else D0 + timedelta(days=low)
    until = None if high is None else D0 + timedelta(days=high)
    if since and until and since > until:
        since, until = until, since
    ratings = [(D0 + timedelta(days=o), total) for o, total in raw]
    session_dates = sorted(D0 + timedelta(days=o) for o in offsets)
    sessions = [SessionDay(i, i + 1, d, "k", None, None) for i, d in enumerate(session_dates)]
    trend = analyse(
        daily_values((d, float(t)) for d, t in ratings),
        sessions,
        p,
        period=Period(since, until),
        item="q1" if one_item else None,
    )
    want = reference(ratings, session_dates, p, since, until, one_item)
    shown, means = trend.shown()
    assert shown.dates() == [d for d, _ in want["shown"]]
    assert all(close(got, m) for got, (_, m) in zip(means, want["shown"], strict=True))
    assert len(trend.session_results) == len(want["sessions"])
    for result, (n_pre, n_post, change, relief, censored) in zip(
        trend.session_results, want["sessions"], strict=True
    ):
        assert result.pre is not None and result.post is not None
        assert (result.pre.n, result.post.n) == (n_pre, n_post)
        assert (result.relief_days, result.censored) == (relief, censored)
        assert close(result.change, change)
    assert tuple(trend.sustained)[:3] == want["verdict"]
    if "baseline" in want:
        assert (trend.baseline.n, trend.baseline.mean is None) == (
            want["baseline"][0],
            want["baseline"][1] is None,
        )
        assert close(trend.baseline.mean, want["baseline"][1])
    series = trend.series
    assert close(series.nap, want.get("nap"))
    tau, corrected = want.get("tau", (None, None))
    assert close(series.tau_bc, tau)
    if tau is not None:
        assert series.baseline_trend_corrected is corrected
    if "current" in want:
        current, change, percent, flags = want["current"]
        assert close(series.current_mean, current) and close(series.change, change)
        assert close(series.percent_change, percent)
        assert (series.response, series.remission, series.mcid_met, series.reliable_change) == flags
    else:
        assert series.current_mean is None and series.mcid_met is None
