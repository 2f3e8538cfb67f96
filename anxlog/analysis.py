"""Is a series of treatment sessions giving sustained relief? (SPEC §3).

Pure functions over dates and numbers: no I/O, no printing. Lower values are better.
The caller has already restricted ratings and sessions to the user's --since/--until range.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from functools import partial
from operator import attrgetter, itemgetter, truediv
from typing import Any, Literal, NamedTuple

from .nonoverlap import nap as nap  # re-exported: §3's statistics, from one place
from .nonoverlap import tau_u as tau_u

TRAILING_DAYS = 7  # SPEC §3: the trailing mean on day d spans the calendar days d-6 … d
EXACT = 1e-9  # tolerance for "lands exactly on a threshold" (see _at_most)
MIN_VALUES = 3  # SPEC §3: a trailing mean and a baseline need at least 3 daily values
CURRENT_DAYS = 7  # SPEC §3: current mean = the last 7 rated days of the treatment phase
MCID = 4.0  # minimal clinically important difference of 4 points: Toussaint et al. 2020
RELIABLE_CHANGE = 6.0  # reliable change of 6 points (RCI 5.59): Bischoff et al. 2020
RESPONSE_PERCENT = -50.0  # response = total reduced by >= 50 % from baseline (SPEC §1.3)
REMISSION_BELOW = 5.0  # remission = total < 5 (SPEC §1.3)

Verdict = Literal["sustained", "emerging", "fading", "not-yet", "unavailable"]


class DayValue(NamedTuple):
    """One rated day: the mean of that day's totals (or of one item with --item).

    A NamedTuple rather than a frozen dataclass: 100 years of days are built in a blink."""

    day: date
    value: float
    n: int  # number of ratings that day


_new_day_value = partial(tuple.__new__, DayValue)  # DayValue from a (day, value, n) tuple


class SessionDay(NamedTuple):
    """One logged treatment session, already filtered to the range."""

    id: int
    number: int  # 1-based ordinal across all of the user's sessions
    day: date
    kind: str
    dose: float | None
    unit: str | None


@dataclass(frozen=True)
class Parameters:
    window: int = 7  # --window W, days each side of a session
    baseline_days: int = 14  # --baseline-days
    margin: float = 4.0  # --margin M, defaults to the MCID (Toussaint et al. 2020)
    sustain_days: int = 14  # --sustain-days


class Window(NamedTuple):
    """The daily values in a pre- or post-session window."""

    n: int
    mean: float | None  # None when the window holds no rated day


class SessionResult(NamedTuple):
    session: SessionDay
    pre: Window
    post: Window
    change: float | None  # mean(post) - mean(pre), negative = better
    nap: float | None
    relief_days: int | None
    censored: bool | None  # relief lasted until the next session or the end of data


class Baseline(NamedTuple):
    start: date | None  # s0 - baseline_days; None without sessions
    end: date | None  # s0 - 1
    n: int | None  # rated days in start … end
    mean: float | None  # None when n < 3


@dataclass(frozen=True)
class Series:
    """Baseline vs treatment phase; every field None when unavailable."""

    current_mean: float | None = None
    change: float | None = None
    percent_change: float | None = None
    nap: float | None = None
    tau_u: float | None = None
    response: bool | None = None
    remission: bool | None = None
    mcid_met: bool | None = None
    reliable_change: bool | None = None


class Sustained(NamedTuple):
    verdict: Verdict
    since: date | None
    days: int


@dataclass(frozen=True)
class Trend:
    params: Parameters
    days: list[DayValue]
    trailing_means: dict[date, float | None]  # for every rated day in `days`
    baseline: Baseline
    baseline_ok: bool  # at least 3 baseline values: series and verdict are available
    session_results: list[SessionResult]
    series: Series
    sustained: Sustained
    treatment_start: date | None = None  # s0, the first session's day

    def to_json(self, instrument: str) -> dict[str, Any]:
        """The stable, documented shape of `trend --json`."""
        head, tail = self.json_parts(instrument)
        days = [
            {
                "day": d.day.isoformat(),
                "value": d.value,
                "n": d.n,
                "trailing_mean": self.trailing_means.get(d.day),
            }
            for d in self.days
        ]
        return {**head, "days": days, **tail}

    def json_parts(self, instrument: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """to_json's keys before "days" and after it (days are long: written apart)."""
        head = {
            "instrument": instrument,
            "parameters": asdict(self.params),  # window, baseline_days, margin, sustain_days
        }
        tail = {
            "baseline": {
                "start": _iso(self.baseline.start),
                "end": _iso(self.baseline.end),
                "n": self.baseline.n,
                "mean": self.baseline.mean,
            },
            "sessions": [
                {
                    "id": r.session.id,
                    "day": r.session.day.isoformat(),
                    "kind": r.session.kind,
                    "dose": r.session.dose,
                    "unit": r.session.unit,
                    "pre": {"n": r.pre.n, "mean": r.pre.mean},
                    "post": {"n": r.post.n, "mean": r.post.mean},
                    "change": r.change,
                    "nap": r.nap,
                    "relief_days": r.relief_days,
                    "censored": r.censored,
                }
                for r in self.session_results
            ],
            "series": asdict(self.series),  # field names are the JSON keys
            "sustained": {
                "verdict": self.sustained.verdict,
                "since": _iso(self.sustained.since),
                "days": self.sustained.days,
            },
        }
        return head, tail


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _at_most(value: float, limit: float) -> bool:
    """value <= limit, where a value that lands exactly on the limit counts.

    Daily values are means of whole numbers (k/n); different sums of them can land on the
    same rational by different float roundings, so equality is judged to within 1e-9
    (far below the smallest real gap between such means).
    """
    return value <= limit + EXACT


def daily_values(ratings: Iterable[tuple[date, float]]) -> list[DayValue]:
    """Group ratings by day; a day's value is the mean of its totals (SPEC §2)."""
    by_day: dict[date, list[float]] = {}
    for day, total in ratings:
        by_day.setdefault(day, []).append(total)
    # fsum then one division: for whole-number totals this is the correctly rounded k/n
    return [
        DayValue(day, math.fsum(totals) / len(totals), len(totals))
        for day, totals in sorted(by_day.items())
    ]


def day_values_from_sums(sums: Iterable[tuple[date, int, int]]) -> list[DayValue]:
    """DayValues from (day, sum of whole-number totals, count), days in order.

    The sum of whole numbers is exact, so sum / count is the same correctly rounded
    mean that daily_values gives (SPEC §2)."""
    sums = list(sums)
    counts = list(map(itemgetter(2), sums))
    values = map(truediv, map(itemgetter(1), sums), counts)
    # map, zip and tuple.__new__ run in C: 100 years of days are built ~3x faster than
    # by calling DayValue(...) for each
    return list(map(_new_day_value, zip(map(itemgetter(0), sums), values, counts, strict=True)))


def trailing_means(days: Sequence[DayValue]) -> dict[date, float | None]:
    """The trailing mean of every rated day in one pass (days sorted, one per day)."""
    day_list = list(map(attrgetter("day"), days))
    ordinals = list(map(date.toordinal, day_list))
    values = list(map(attrgetter("value"), days))
    return dict(zip(day_list, _trailing_means(ordinals, values), strict=True))


def _trailing_means(ordinals: Sequence[int], values: Sequence[float]) -> list[float | None]:
    """trailing_means over the days' ordinals and values, in the same order."""
    # whole values (one rating a day, the usual case) add up exactly, so a running sum
    # gives the very means that summing each span afresh gives, several times faster
    whole = list(map(int, values)) == values
    means: list[float | None] = []
    add = means.append
    start = 0  # the first rated day inside the 7-day span ending on day i
    span_sum = 0.0
    for i, ordinal in enumerate(ordinals):
        span_sum += values[i]
        span_start = ordinal - TRAILING_DAYS + 1
        while ordinals[start] < span_start:
            span_sum -= values[start]
            start += 1
        count = i + 1 - start
        if count < MIN_VALUES:
            add(None)
        elif whole:
            add(span_sum / count)
        else:
            add(math.fsum(values[start : i + 1]) / count)
    return means


def trailing_mean(values_by_day: Mapping[date, float], day: date) -> float | None:
    """Mean of the daily values on calendar days day-6 … day; None with fewer than 3."""
    span = (day - timedelta(days=offset) for offset in range(TRAILING_DAYS))
    values = [values_by_day[d] for d in span if d in values_by_day]
    return _mean(values) if len(values) >= MIN_VALUES else None


def _between(
    days: Sequence[DayValue], ordinals: Sequence[int], after: date, before: date
) -> Sequence[DayValue]:
    """The rated days strictly after ``after`` and strictly before ``before``."""
    low = bisect_right(ordinals, after.toordinal())
    high = bisect_left(ordinals, before.toordinal())
    return days[low:high]


def _session_result(
    session: SessionDay,
    previous_day: date | None,
    next_day: date | None,
    days: Sequence[DayValue],
    ordinals: Sequence[int],
    values: Sequence[float],
    params: Parameters,
) -> SessionResult:
    day = session.day.toordinal()
    # the session's own day is in neither window; neighbouring sessions cut both windows
    pre_after = day - params.window - 1
    if previous_day is not None:
        pre_after = max(pre_after, previous_day.toordinal())
    post_before = day + params.window + 1
    next_ordinal = next_day.toordinal() if next_day is not None else None
    if next_ordinal is not None:
        post_before = min(post_before, next_ordinal)
    first_after = bisect_right(ordinals, day)  # the first rated day after the session
    pre = values[bisect_right(ordinals, pre_after) : bisect_left(ordinals, day)]
    post = values[first_after : bisect_left(ordinals, post_before)]
    pre_mean, post_mean = _mean(pre), _mean(post)
    pre_window, post_window = Window(len(pre), pre_mean), Window(len(post), post_mean)
    if pre_mean is None or post_mean is None:
        return SessionResult(session, pre_window, post_window, None, None, None, None)
    # relief: a run of rated days at or below mean(pre) - M, up to the next session (SPEC §3)
    relief_threshold = pre_mean - params.margin
    up_to = len(ordinals) if next_ordinal is None else bisect_left(ordinals, next_ordinal)
    followed = days[first_after:up_to]
    run = 0
    for d in followed:
        if not _at_most(d.value, relief_threshold):
            break
        run += 1
    relief_days = (followed[run - 1].day - session.day).days if run else 0
    return SessionResult(
        session=session,
        pre=pre_window,
        post=post_window,
        change=post_mean - pre_mean,
        nap=nap(pre, post),
        relief_days=relief_days,
        censored=run == len(followed),
    )


def _series(
    baseline: Sequence[DayValue], baseline_mean: float, treatment: Sequence[DayValue]
) -> Series:
    current_mean = _mean([d.value for d in treatment[-CURRENT_DAYS:]])
    if current_mean is None:
        return Series()
    baseline_values = [d.value for d in baseline]
    treatment_values = [d.value for d in treatment]
    change = current_mean - baseline_mean
    percent_change = None if baseline_mean == 0 else 100 * change / baseline_mean
    return Series(
        current_mean=current_mean,
        change=change,
        percent_change=percent_change,
        nap=nap(baseline_values, treatment_values),
        tau_u=tau_u(baseline_values, treatment_values),
        # fixed thresholds of SPEC §1.3 (not --margin): Toussaint et al. 2020, Bischoff et al. 2020
        response=None if percent_change is None else _at_most(percent_change, RESPONSE_PERCENT),
        remission=not _at_most(REMISSION_BELOW, current_mean),  # current < 5
        mcid_met=_at_most(change, -MCID),
        reliable_change=_at_most(change, -RELIABLE_CHANGE),
    )


def _sustained(
    days: Sequence[DayValue],
    trailing_means: Mapping[date, float | None],
    first_session: date,
    baseline_mean: float,
    params: Parameters,
) -> Sustained:
    # relieved: trailing 7-day mean defined and <= baseline mean - M (SPEC §3)
    relief_level = baseline_mean - params.margin

    def relieved(day: date) -> bool:
        mean = trailing_means[day]
        return mean is not None and _at_most(mean, relief_level)

    first = bisect_right(days, first_session, key=attrgetter("day"))
    treatment = list(map(attrgetter("day"), days[first:]))  # in C: 100 years in a blink
    run = 0  # relieved treatment days at the end of the data
    while run < len(treatment) and relieved(treatment[-1 - run]):
        run += 1
    if run:
        since = treatment[-run]
        run_days = (treatment[-1] - since).days + 1
        return Sustained(
            "sustained" if run_days >= params.sustain_days else "emerging", since, run_days
        )
    # some treatment day relieved <=> the lowest defined trailing mean is low enough
    means = map(trailing_means.__getitem__, treatment)
    lowest = min((mean for mean in means if mean is not None), default=None)
    fading = lowest is not None and _at_most(lowest, relief_level)
    return Sustained("fading" if fading else "not-yet", None, 0)


def baseline_window(first_session: date, baseline_days: int) -> tuple[date, date]:
    """The baseline's first and last day: s0 - baseline_days … s0 - 1 (SPEC §3)."""
    return first_session - timedelta(days=baseline_days), first_session - timedelta(days=1)


def mean_of_baseline(values: Sequence[float]) -> float | None:
    """The baseline mean, or None with fewer than 3 daily values (SPEC §3)."""
    return _mean(values) if len(values) >= MIN_VALUES else None


def analyse(
    days: Sequence[DayValue],
    sessions: Sequence[SessionDay],
    params: Parameters = Parameters(),
) -> Trend:
    """Baseline, per-session windows, series summary and sustained-relief verdict (SPEC §3)."""
    days = sorted(days, key=attrgetter("day"))
    sessions = sorted(sessions, key=lambda s: (s.day, s.number))
    day_list = list(map(attrgetter("day"), days))
    ordinals = list(map(date.toordinal, day_list))
    values = list(map(attrgetter("value"), days))
    means_by_day = dict(zip(day_list, _trailing_means(ordinals, values), strict=True))
    if not sessions:
        return Trend(
            params=params,
            days=days,
            trailing_means=means_by_day,
            baseline=Baseline(None, None, None, None),
            baseline_ok=False,
            session_results=[],
            series=Series(),
            sustained=Sustained("unavailable", None, 0),
        )

    session_days = [s.day for s in sessions]
    session_results = [
        _session_result(
            session,
            session_days[i - 1] if i > 0 else None,
            session_days[i + 1] if i + 1 < len(sessions) else None,
            days,
            ordinals,
            values,
            params,
        )
        for i, session in enumerate(sessions)
    ]

    first_session = session_days[0]
    start, end = baseline_window(first_session, params.baseline_days)
    baseline = _between(days, ordinals, start - timedelta(days=1), first_session)
    treatment = _between(days, ordinals, first_session, date.max)
    baseline_mean = mean_of_baseline([d.value for d in baseline])
    baseline_ok = baseline_mean is not None
    series, sustained = Series(), Sustained("unavailable", None, 0)
    if baseline_mean is not None:
        series = _series(baseline, baseline_mean, treatment)
        sustained = _sustained(days, means_by_day, first_session, baseline_mean, params)
    return Trend(
        params=params,
        days=days,
        trailing_means=means_by_day,
        baseline=Baseline(start, end, len(baseline), baseline_mean),
        baseline_ok=baseline_ok,
        session_results=session_results,
        series=series,
        sustained=sustained,
        treatment_start=first_session,
    )
