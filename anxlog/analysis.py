"""Is a series of treatment sessions giving sustained relief? (SPEC §3).

Pure functions over dates and numbers: no I/O, no printing. Lower values are better.
The caller has already restricted ratings and sessions to the user's --since/--until range.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, Literal

TRAILING_DAYS = 7  # SPEC §3: the trailing mean on day d spans the calendar days d-6 … d
MIN_VALUES = 3  # SPEC §3: a trailing mean and a baseline need at least 3 daily values
CURRENT_DAYS = 7  # SPEC §3: current mean = the last 7 rated days of the treatment phase
MCID = 4.0  # minimal clinically important difference of 4 points: Toussaint et al. 2020
RELIABLE_CHANGE = 6.0  # reliable change of 6 points (RCI 5.59): Bischoff et al. 2020
RESPONSE_PERCENT = -50.0  # response = total reduced by >= 50 % from baseline (SPEC §1.3)
REMISSION_BELOW = 5.0  # remission = total < 5 (SPEC §1.3)

Verdict = Literal["sustained", "emerging", "fading", "not-yet", "unavailable"]


@dataclass(frozen=True)
class DayValue:
    """One rated day: the mean of that day's totals (or of one item with --item)."""

    day: date
    value: float
    n: int  # number of ratings that day


@dataclass(frozen=True)
class SessionDay:
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


@dataclass(frozen=True)
class Window:
    """The daily values in a pre- or post-session window."""

    n: int
    mean: float | None  # None when the window holds no rated day


@dataclass(frozen=True)
class SessionResult:
    session: SessionDay
    pre: Window
    post: Window
    change: float | None  # mean(post) - mean(pre), negative = better
    nap: float | None
    relief_days: int | None
    censored: bool | None  # relief lasted until the next session or the end of data


@dataclass(frozen=True)
class Baseline:
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


@dataclass(frozen=True)
class Sustained:
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
        return {
            "instrument": instrument,
            "parameters": asdict(self.params),  # window, baseline_days, margin, sustain_days
            "days": [
                {
                    "day": d.day.isoformat(),
                    "value": d.value,
                    "n": d.n,
                    "trailing_mean": self.trailing_means.get(d.day),
                }
                for d in self.days
            ],
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
                    "pre": asdict(r.pre),  # n, mean
                    "post": asdict(r.post),
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


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _exact_mean(values: Iterable[float | Fraction]) -> Fraction:
    # exact rationals, so a mean that lands exactly on a threshold counts (≤) whatever the rounding
    exact = [Fraction(value) for value in values]
    return sum(exact, Fraction(0)) / len(exact)


def _mean(values: Sequence[float | Fraction]) -> float | None:
    return float(_exact_mean(values)) if values else None


def _exact_value(daily: DayValue) -> Fraction:
    # a daily value is the mean of n whole-number totals: recover that exact k/n from its float
    if daily.n > 0:
        candidate = Fraction(round(daily.value * daily.n), daily.n)
        if float(candidate) == daily.value:
            return candidate
    return Fraction(daily.value)


def _float(exact: Fraction | None) -> float | None:
    return None if exact is None else float(exact)


def daily_values(ratings: Iterable[tuple[date, float]]) -> list[DayValue]:
    """Group ratings by day; a day's value is the mean of its totals (SPEC §2)."""
    by_day: dict[date, list[float]] = {}
    for day, total in ratings:
        by_day.setdefault(day, []).append(total)
    return [
        DayValue(day, float(_exact_mean(totals)), len(totals))
        for day, totals in sorted(by_day.items())
    ]


def _exact_trailing_mean(
    values_by_day: Mapping[date, float | Fraction], day: date
) -> Fraction | None:
    span = (day - timedelta(days=offset) for offset in range(TRAILING_DAYS))
    values = [values_by_day[d] for d in span if d in values_by_day]
    return _exact_mean(values) if len(values) >= MIN_VALUES else None


def trailing_mean(values_by_day: Mapping[date, float], day: date) -> float | None:
    """Mean of the daily values on calendar days day-6 … day; None with fewer than 3."""
    return _float(_exact_trailing_mean(values_by_day, day))


def nap(earlier: Sequence[float], later: Sequence[float]) -> float | None:
    """Share of (earlier, later) pairs where later is lower, ties count half."""
    if not earlier or not later:
        return None
    # NAP: Parker & Vannest 2009, oriented so that lower later values are better
    below = sum(b < a for a in earlier for b in later)
    ties = sum(b == a for a in earlier for b in later)
    return (below + 0.5 * ties) / (len(earlier) * len(later))


def tau_u(baseline: Sequence[float], treatment: Sequence[float]) -> float | None:
    """Tau-U of baseline (in time order) vs treatment, corrected for baseline trend."""
    if not baseline or not treatment:
        return None
    # Tau-U "A vs. B - Trend A": Parker et al. 2011; S_AB = #(B < A) - #(B > A)
    s_ab = sum((b < a) - (b > a) for a in baseline for b in treatment)
    # S_A = Σ_{i<j} sign(A_i - A_j): positive when the baseline was already improving
    s_a = sum(
        (earlier > later) - (earlier < later)
        for i, earlier in enumerate(baseline)
        for later in baseline[i + 1 :]
    )
    return (s_ab - s_a) / (len(baseline) * len(treatment))


def _session_result(
    session: SessionDay,
    previous_day: date | None,
    next_day: date | None,
    days: Sequence[DayValue],
    exact_by_day: Mapping[date, Fraction],
    params: Parameters,
) -> SessionResult:
    start = session.day - timedelta(days=params.window)
    end = session.day + timedelta(days=params.window)
    # the session's own day is in neither window; neighbouring sessions cut both windows
    pre = [
        exact_by_day[d.day]
        for d in days
        if start <= d.day < session.day and (previous_day is None or d.day > previous_day)
    ]
    post = [
        exact_by_day[d.day]
        for d in days
        if session.day < d.day <= end and (next_day is None or d.day < next_day)
    ]
    pre_window, post_window = Window(len(pre), _mean(pre)), Window(len(post), _mean(post))
    if not pre or not post:
        return SessionResult(session, pre_window, post_window, None, None, None, None)
    pre_mean = _exact_mean(pre)
    # relief: a run of rated days at or below mean(pre) - M, up to the next session (SPEC §3)
    relief_threshold = pre_mean - Fraction(params.margin)
    followed = [d for d in days if d.day > session.day and (next_day is None or d.day < next_day)]
    run = 0
    for d in followed:
        if exact_by_day[d.day] > relief_threshold:
            break
        run += 1
    relief_days = (followed[run - 1].day - session.day).days if run else 0
    return SessionResult(
        session=session,
        pre=pre_window,
        post=post_window,
        change=float(_exact_mean(post) - pre_mean),
        nap=nap([float(value) for value in pre], [float(value) for value in post]),
        relief_days=relief_days,
        censored=run == len(followed),
    )


def _series(
    baseline: Sequence[DayValue],
    baseline_mean: Fraction,
    treatment: Sequence[DayValue],
    exact_by_day: Mapping[date, Fraction],
) -> Series:
    if not treatment:
        return Series()
    baseline_values = [d.value for d in baseline]
    treatment_values = [d.value for d in treatment]
    current_mean = _exact_mean(exact_by_day[d.day] for d in treatment[-CURRENT_DAYS:])
    change = current_mean - baseline_mean
    percent_change = None if baseline_mean == 0 else 100 * change / baseline_mean
    return Series(
        current_mean=float(current_mean),
        change=float(change),
        percent_change=_float(percent_change),
        nap=nap(baseline_values, treatment_values),
        tau_u=tau_u(baseline_values, treatment_values),
        # fixed thresholds of SPEC §1.3 (not --margin): Toussaint et al. 2020, Bischoff et al. 2020
        response=None if percent_change is None else percent_change <= RESPONSE_PERCENT,
        remission=current_mean < REMISSION_BELOW,
        mcid_met=change <= -MCID,
        reliable_change=change <= -RELIABLE_CHANGE,
    )


def _sustained(
    days: Sequence[DayValue],
    trailing_means: Mapping[date, Fraction | None],
    first_session: date,
    baseline_mean: Fraction,
    params: Parameters,
) -> Sustained:
    # relieved: trailing 7-day mean defined and <= baseline mean - M (SPEC §3)
    relief_level = baseline_mean - Fraction(params.margin)
    relieved: dict[date, bool] = {}  # treatment-phase days only
    for d in days:
        if d.day > first_session:
            seven_day_mean = trailing_means[d.day]
            relieved[d.day] = seven_day_mean is not None and seven_day_mean <= relief_level
    since = None
    for d in reversed(days):
        if not relieved.get(d.day, False):
            break
        since = d.day
    if since is not None:
        run_days = (days[-1].day - since).days + 1
        return Sustained(
            "sustained" if run_days >= params.sustain_days else "emerging", since, run_days
        )
    return Sustained("fading" if any(relieved.values()) else "not-yet", None, 0)


def analyse(
    days: Sequence[DayValue],
    sessions: Sequence[SessionDay],
    params: Parameters = Parameters(),
) -> Trend:
    """Baseline, per-session windows, series summary and sustained-relief verdict (SPEC §3)."""
    days = sorted(days, key=lambda d: d.day)
    sessions = sorted(sessions, key=lambda s: (s.day, s.number))
    exact_by_day = {d.day: _exact_value(d) for d in days}
    exact_trailing_means = {d.day: _exact_trailing_mean(exact_by_day, d.day) for d in days}
    trailing_means = {day: _float(exact) for day, exact in exact_trailing_means.items()}
    if not sessions:
        return Trend(
            params=params,
            days=days,
            trailing_means=trailing_means,
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
            exact_by_day,
            params,
        )
        for i, session in enumerate(sessions)
    ]

    first_session = session_days[0]
    start = first_session - timedelta(days=params.baseline_days)
    end = first_session - timedelta(days=1)
    baseline = [d for d in days if start <= d.day <= end]
    treatment = [d for d in days if d.day > first_session]
    baseline_ok = len(baseline) >= MIN_VALUES
    baseline_mean = _exact_mean(exact_by_day[d.day] for d in baseline) if baseline_ok else None
    series, sustained = Series(), Sustained("unavailable", None, 0)
    if baseline_mean is not None:
        series = _series(baseline, baseline_mean, treatment, exact_by_day)
        sustained = _sustained(days, exact_trailing_means, first_session, baseline_mean, params)
    return Trend(
        params=params,
        days=days,
        trailing_means=trailing_means,
        baseline=Baseline(start, end, len(baseline), _float(baseline_mean)),
        baseline_ok=baseline_ok,
        session_results=session_results,
        series=series,
        sustained=sustained,
        treatment_start=first_session,
    )
