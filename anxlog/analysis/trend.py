"""Is a series of treatment sessions giving sustained relief? (SPEC §3).

Pure functions over dates and numbers: no I/O, no printing. Lower values are better.
The caller has already restricted ratings and sessions to the user's --since/--until range.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import partial
from operator import is_not
from typing import Any, Literal, NamedTuple, cast

# re-exported: the daily values and §3's statistics, from one place
from .days import MIN_VALUES as MIN_VALUES
from .days import TRAILING_DAYS as TRAILING_DAYS
from .days import Days as Days
from .days import DayValue as DayValue
from .days import daily_values as daily_values
from .days import trailing_mean as trailing_mean
from .days import trailing_means as trailing_means
from .nonoverlap import nap as nap
from .nonoverlap import nap_and_tau_u as nap_and_tau_u
from .nonoverlap import tau_u as tau_u

EXACT = 1e-9  # tolerance for "lands exactly on a threshold" (see _at_most)
CURRENT_DAYS = 7  # SPEC §3: current mean = the last 7 rated days of the treatment phase
MCID = 4.0  # minimal clinically important difference of 4 points: Toussaint et al. 2020
RELIABLE_CHANGE = 6.0  # reliable change of 6 points (RCI 5.59): Bischoff et al. 2020
RESPONSE_PERCENT = -50.0  # response = total reduced by >= 50 % from baseline (SPEC §1.3)
REMISSION_BELOW = 5.0  # remission = total < 5 (SPEC §1.3)

Verdict = Literal["sustained", "emerging", "fading", "not-yet", "unavailable"]


class SessionDay(NamedTuple):
    """One logged treatment session, already filtered to the range."""

    id: int
    number: int  # 1-based ordinal across all of the user's sessions
    day: date
    kind: str
    dose: float | None
    unit: str | None


class Parameters(NamedTuple):
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


class Series(NamedTuple):
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


class Trend(NamedTuple):
    params: Parameters
    rated: Days  # every rated day in the range, column-wise
    means: list[float | None]  # the trailing mean of each rated day, in the same order
    baseline: Baseline
    baseline_ok: bool  # at least 3 baseline values: series and verdict are available
    session_results: list[SessionResult]
    series: Series
    sustained: Sustained
    treatment_start: date | None = None  # s0, the first session's day

    def to_json(self, instrument: str) -> dict[str, Any]:
        """The stable, documented shape of `trend --json`."""
        head, tail = self.json_parts(instrument)
        rated = self.rated
        days = [
            {"day": day, "value": value, "n": n, "trailing_mean": mean}
            for day, value, n, mean in zip(
                rated.iso, rated.values, rated.counts, self.means, strict=True
            )
        ]
        return {**head, "days": days, **tail}

    def json_parts(self, instrument: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """to_json's keys before "days" and after it (days are long: written apart)."""
        head = {
            "instrument": instrument,
            "parameters": self.params._asdict(),  # window, baseline_days, margin, sustain_days
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
            "series": self.series._asdict(),  # field names are the JSON keys
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


def _between(ordinals: Sequence[int], after: int, before: int) -> slice:
    """Where the rated days strictly after ``after`` and strictly before ``before`` are."""
    return slice(bisect_right(ordinals, after), bisect_left(ordinals, before))


def _session_result(
    session: SessionDay,
    previous_day: date | None,
    next_day: date | None,
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
    followed = values[first_after:up_to]
    run = 0
    for value in followed:
        if not _at_most(value, relief_threshold):
            break
        run += 1
    relief_days = ordinals[first_after + run - 1] - day if run else 0
    return SessionResult(
        session=session,
        pre=pre_window,
        post=post_window,
        change=post_mean - pre_mean,
        nap=nap(pre, post),
        relief_days=relief_days,
        censored=run == len(followed),
    )


def _series(baseline: Sequence[float], baseline_mean: float, treatment: Sequence[float]) -> Series:
    current_mean = _mean(treatment[-CURRENT_DAYS:])
    if current_mean is None:
        return Series()
    change = current_mean - baseline_mean
    phase_nap, phase_tau_u = nap_and_tau_u(baseline, treatment)
    percent_change = None if baseline_mean == 0 else 100 * change / baseline_mean
    return Series(
        current_mean=current_mean,
        change=change,
        percent_change=percent_change,
        nap=phase_nap,
        tau_u=phase_tau_u,
        # fixed thresholds of SPEC §1.3 (not --margin): Toussaint et al. 2020, Bischoff et al. 2020
        response=None if percent_change is None else _at_most(percent_change, RESPONSE_PERCENT),
        remission=not _at_most(REMISSION_BELOW, current_mean),  # current < 5
        mcid_met=_at_most(change, -MCID),
        reliable_change=_at_most(change, -RELIABLE_CHANGE),
    )


def _sustained(
    ordinals: Sequence[int],
    means: Sequence[float | None],
    first_session: date,
    baseline_mean: float,
    params: Parameters,
) -> Sustained:
    # relieved: trailing 7-day mean defined and <= baseline mean - M (SPEC §3)
    relief_level = baseline_mean - params.margin
    treatment = means[bisect_right(ordinals, first_session.toordinal()) :]
    run = 0  # relieved treatment days at the end of the data
    for mean in reversed(treatment):
        if mean is None or not _at_most(mean, relief_level):
            break
        run += 1
    if run:
        since = ordinals[-run]
        run_days = ordinals[-1] - since + 1
        verdict: Verdict = "sustained" if run_days >= params.sustain_days else "emerging"
        return Sustained(verdict, date.fromordinal(since), run_days)
    # some treatment day relieved <=> the lowest defined trailing mean is low enough
    defined = cast("Iterable[float]", filter(partial(is_not, None), treatment))  # in C
    lowest = min(defined, default=None)
    fading = lowest is not None and _at_most(lowest, relief_level)
    return Sustained("fading" if fading else "not-yet", None, 0)


def baseline_window(first_session: date, baseline_days: int) -> tuple[date, date]:
    """The baseline's first and last day: s0 - baseline_days … s0 - 1 (SPEC §3)."""
    return first_session - timedelta(days=baseline_days), first_session - timedelta(days=1)


def mean_of_baseline(values: Sequence[float]) -> float | None:
    """The baseline mean, or None with fewer than 3 daily values (SPEC §3)."""
    return _mean(values) if len(values) >= MIN_VALUES else None


def analyse(
    days: Days | Iterable[DayValue],
    sessions: Sequence[SessionDay],
    params: Parameters = Parameters(),
) -> Trend:
    """Baseline, per-session windows, series summary and sustained-relief verdict (SPEC §3).

    ``days`` are DayValues in any order, or `Days` (already in order, one per day)."""
    rated = days if isinstance(days, Days) else Days.from_values(days)
    ordinals, values = rated.ordinals, rated.values
    means = rated.trailing_means()
    sessions = sorted(sessions, key=lambda s: (s.day, s.number))
    if not sessions:
        return Trend(
            params=params,
            rated=rated,
            means=means,
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
            ordinals,
            values,
            params,
        )
        for i, session in enumerate(sessions)
    ]

    first_session = session_days[0]
    start, end = baseline_window(first_session, params.baseline_days)
    s0 = first_session.toordinal()
    baseline = values[_between(ordinals, start.toordinal() - 1, s0)]
    treatment = values[bisect_right(ordinals, s0) :]
    baseline_mean = mean_of_baseline(baseline)
    series, sustained = Series(), Sustained("unavailable", None, 0)
    if baseline_mean is not None:
        series = _series(baseline, baseline_mean, treatment)
        sustained = _sustained(ordinals, means, first_session, baseline_mean, params)
    return Trend(
        params=params,
        rated=rated,
        means=means,
        baseline=Baseline(start, end, len(baseline), baseline_mean),
        baseline_ok=baseline_mean is not None,
        session_results=session_results,
        series=series,
        sustained=sustained,
        treatment_start=first_session,
    )
