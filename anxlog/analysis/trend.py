"""Is a series of treatment sessions giving sustained relief? (docs/methods.md).

Pure functions over dates and numbers: no I/O, no printing. Lower values are better.
The baseline is always the one before the first session of the whole history; a period
(``since``, ``until``) only chooses what is shown and the day the series is judged on.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import partial
from operator import is_not
from types import MappingProxyType
from typing import Literal, NamedTuple, cast

from ..records import Event, Tolerability
from . import gad7, reasons
from .days import MIN_VALUES, Days
from .durability import DURABILITY_SESSIONS, Durability, assess
from .gad7 import Administration, FollowUp
from .nonoverlap import nap_and_tau_bc
from .sessions import SessionDay, SessionResult, session_results, without_windows
from .thresholds import MCID, at_most, clinical_flags, percent_change

Verdict = Literal["sustained", "emerging", "fading", "not-yet", "unavailable"]
ITEM_MARGIN = 1.0  # one answer step: the default relief margin for one item (0–3)


def default_margin(item: str | None) -> float:
    """--margin when not given: the MCID for the total, one answer step for one item."""
    return MCID if item is None else ITEM_MARGIN


class Parameters(NamedTuple):
    window: int = 7  # --window W, days each side of a session
    baseline_days: int = 14  # --baseline-days
    margin: float = MCID  # --margin M (default_margin gives the default for --item)
    sustain_days: int = 14  # --sustain-days
    durability_sessions: int = DURABILITY_SESSIONS  # --durability-sessions K


class Period(NamedTuple):
    """What is shown and summarised: --since and --until (None = open)."""

    since: date | None = None
    until: date | None = None


class Baseline(NamedTuple):
    start: date | None  # s0 - baseline_days (GAD-7: s0 - 28); None without sessions
    end: date | None  # s0 - 1 (GAD-7: s0)
    n: int | None  # rated days in start … end (GAD-7: questionnaires)
    mean: float | None  # None with fewer than 3 values (GAD-7: the intake total)


class Current(NamedTuple):
    """The 7-day average: the trailing mean on the last rated day (status and trend)."""

    day: date | None
    mean: float | None


class Series(NamedTuple):
    """Baseline vs treatment phase; every field None when unavailable."""

    current_mean: float | None = None
    change: float | None = None
    percent_change: float | None = None
    nap: float | None = None
    tau_bc: float | None = None
    baseline_trend_corrected: bool | None = None
    response: bool | None = None
    remission: bool | None = None
    mcid_met: bool | None = None
    reliable_change: bool | None = None


class Sustained(NamedTuple):
    verdict: Verdict
    since: date | None
    days: int
    reason: str | None = None  # why the verdict is unavailable, and how to get one


class Trend(NamedTuple):
    instrument: str
    item: str | None  # one item (q1–q7) instead of the total
    params: Parameters
    rated: Days  # every rated day the analysis read: the whole history up to --until
    means: list[float | None]  # the trailing mean of each rated day, in the same order
    first_shown: int  # index in ``rated`` of the first day in the period (--since)
    baseline: Baseline
    session_results: list[SessionResult]  # the sessions in the period
    current: Current
    series: Series
    sustained: Sustained
    treatment_start: date | None = None  # s0, the first session's day
    intake: Administration | None = None  # GAD-7 only: the baseline questionnaire
    followups: list[FollowUp] | None = None  # GAD-7 only: the questionnaires after s0
    durability: Durability | None = None  # how long relief lasts (None for the GAD-7)
    # the treatment context, shown next to the analysis and never read by it (load.py)
    tolerability: Mapping[int, Tolerability] = MappingProxyType({})  # by session id
    events: tuple[Event, ...] = ()  # other changes in the period, by day

    @property
    def baseline_ok(self) -> bool:
        """The series and the verdict have a baseline to compare with."""
        return self.baseline.mean is not None

    def shown(self) -> tuple[Days, list[float | None]]:
        """The rated days in the period and their trailing means."""
        i = self.first_shown
        if i == 0:
            return self.rated, self.means
        rated = self.rated
        days = Days(rated.iso[i:], rated.ordinals[i:], rated.values[i:], rated.counts[i:])
        return days, self.means[i:]


def seven_day_average(days: Days, means: Sequence[float | None]) -> Current:
    """The trailing 7-day mean on the last rated day: `status`'s number and `trend`'s."""
    if not days.ordinals:
        return Current(None, None)
    return Current(date.fromordinal(days.ordinals[-1]), means[-1])


def days_before(day: date, days: int) -> date:
    """``day`` minus ``days``, no earlier than 1 January of year 1 (a stored year-one day)."""
    return date.fromordinal(max(1, day.toordinal() - days))


def baseline_window(first_session: date, baseline_days: int) -> tuple[date, date]:
    """The baseline's first and last day: s0 - baseline_days … s0 - 1."""
    return days_before(first_session, baseline_days), days_before(first_session, 1)


def mean_of_baseline(values: Sequence[float]) -> float | None:
    """The baseline mean, or None with fewer than 3 daily values."""
    return math.fsum(values) / len(values) if len(values) >= MIN_VALUES else None


def _up_to(days: Days, until: date | None) -> Days:
    """The rated days on or before ``until``."""
    if until is None or not days.ordinals or days.ordinals[-1] <= until.toordinal():
        return days
    end = bisect_right(days.ordinals, until.toordinal())
    return Days(days.iso[:end], days.ordinals[:end], days.values[:end], days.counts[:end])


class _Frame(NamedTuple):
    """What both instruments share: the days and sessions as of the end of the period."""

    rated: Days
    means: list[float | None]
    first_shown: int
    every: list[SessionDay]  # every session on or before --until, in order
    listed: list[SessionDay]  # the sessions in the period
    first_session: date | None  # s0, over the whole history
    current: Current


def as_of(period: Period, today: date | None) -> date | None:
    """The day "days since the last session" counts to: today, or --until if earlier."""
    if period.until is None or today is None:
        return period.until or today
    return min(period.until, today)


def _frame(days: Days, sessions: Sequence[SessionDay], period: Period) -> _Frame:
    rated = _up_to(days, period.until)
    means = rated.trailing_means()
    ordered = sorted(sessions, key=lambda s: (s.day, s.number))
    high = period.until or date.max
    every = [s for s in ordered if s.day <= high]
    low = period.since or date.min
    first_shown = 0 if period.since is None else bisect_left(rated.ordinals, low.toordinal())
    return _Frame(
        rated=rated,
        means=means,
        first_shown=first_shown,
        every=every,
        listed=[s for s in every if s.day >= low],
        first_session=ordered[0].day if ordered else None,
        current=seven_day_average(rated, means),
    )


def analyse(
    days: Days,
    sessions: Sequence[SessionDay],
    params: Parameters = Parameters(),
    *,
    period: Period = Period(),
    item: str | None = None,
    instrument: str = "daily",
    today: date | None = None,
) -> Trend:
    """Baseline, per-session windows, series summary, sustained-relief verdict and
    how long relief lasts (without onsets: durability.with_onsets adds them).

    ``days`` are the daily values (of the total, or of ``item``) of the whole history,
    ``sessions`` every session; ``period`` chooses what is shown and the day the series
    is judged on (the last rated day on or before ``period.until``); the days since the
    last session count to ``today``, or to ``period.until`` when that is earlier."""
    frame = _frame(days, sessions, period)
    rated, means = frame.rated, frame.means
    every = session_results(
        frame.every,
        frame.every,
        rated.ordinals,
        rated.values,
        window=params.window,
        margin=params.margin,
    )
    results = every[len(every) - len(frame.listed) :]  # the period's: the latest ones
    durability = assess(
        every,
        rated.ordinals,
        sessions=params.durability_sessions,
        window=params.window,
        as_of=as_of(period, today),
    )
    trend = Trend(
        instrument=instrument,
        item=item,
        params=params,
        rated=rated,
        means=means,
        first_shown=frame.first_shown,
        baseline=Baseline(None, None, None, None),
        session_results=results,
        current=frame.current,
        series=Series(),
        sustained=Sustained("unavailable", None, 0, reasons.no_session(None, None)),
        durability=durability,
    )
    s0 = frame.first_session
    if s0 is None:
        return trend
    start, end = baseline_window(s0, params.baseline_days)
    ordinals, values = rated.ordinals, rated.values
    in_baseline = slice(
        bisect_left(ordinals, start.toordinal()), bisect_left(ordinals, s0.toordinal())
    )
    baseline_mean = mean_of_baseline(values[in_baseline])
    baseline = Baseline(start, end, in_baseline.stop - in_baseline.start, baseline_mean)
    trend = trend._replace(baseline=baseline, treatment_start=s0)
    if not frame.every:
        reason = reasons.no_session(s0, period.until)
        return trend._replace(sustained=Sustained("unavailable", None, 0, reason))
    if baseline_mean is None:
        reason = reasons.no_baseline(baseline.n or 0, params.baseline_days, start, end)
        return trend._replace(sustained=Sustained("unavailable", None, 0, reason))
    treatment = bisect_right(ordinals, s0.toordinal())  # the first day after s0
    share, tau = nap_and_tau_bc(
        start.toordinal(),
        ordinals[in_baseline],
        values[in_baseline],
        ordinals[treatment:],
        values[treatment:],
    )
    current = frame.current.mean if treatment < len(ordinals) else None
    series = Series(nap=share, tau_bc=tau.tau_bc, baseline_trend_corrected=tau.corrected)
    if current is not None:
        change = current - baseline_mean
        percent = percent_change(change, baseline_mean)
        flags = clinical_flags(current, change, percent, one_item=item is not None)
        series = series._replace(
            current_mean=current, change=change, percent_change=percent, **flags._asdict()
        )
    sustained = _sustained(ordinals, means, treatment, s0, baseline_mean - params.margin, params)
    return trend._replace(series=series, sustained=sustained)


def _sustained(
    ordinals: Sequence[int],
    means: Sequence[float | None],
    treatment: int,
    s0: date,
    relief_level: float,
    params: Parameters,
) -> Sustained:
    """The verdict from the trailing means of the treatment phase (from index ``treatment``)."""
    if treatment == len(ordinals):
        return Sustained("unavailable", None, 0, reasons.no_treatment_day(s0))
    if means[-1] is None:
        return Sustained("unavailable", None, 0, reasons.no_current(date.fromordinal(ordinals[-1])))
    # relieved: trailing 7-day mean defined and <= baseline mean - M
    treatment_means = means[treatment:]
    run = 0  # relieved days at the end of the data
    for mean in reversed(treatment_means):
        if mean is None or not at_most(mean, relief_level):
            break
        run += 1
    if run:
        since = ordinals[-run]
        days = ordinals[-1] - since + 1
        verdict: Verdict = "sustained" if days >= params.sustain_days else "emerging"
        return Sustained(verdict, date.fromordinal(since), days)
    # some treatment day relieved <=> the lowest defined trailing mean is low enough
    defined = cast("Iterable[float]", filter(partial(is_not, None), treatment_means))  # in C
    lowest = min(defined, default=None)
    fading = lowest is not None and at_most(lowest, relief_level)
    return Sustained("fading" if fading else "not-yet", None, 0)


def analyse_gad7(
    days: Days,
    administrations: Sequence[Administration],
    sessions: Sequence[SessionDay],
    params: Parameters = Parameters(),
    *,
    period: Period = Period(),
    item: str | None = None,
) -> Trend:
    """The standard GAD-7: each follow-up against the intake questionnaire.

    ``administrations`` are every GAD-7 of the whole history in time order (their
    totals, or ``item``'s answers); ``days`` their daily values, for the chart."""
    frame = _frame(days, sessions, period)
    until = period.until or date.max
    taken = [a for a in administrations if a.day <= until]
    trend = Trend(
        instrument="gad7",
        item=item,
        params=params,
        rated=frame.rated,
        means=frame.means,
        first_shown=frame.first_shown,
        baseline=Baseline(None, None, None, None),
        session_results=[without_windows(s) for s in frame.listed],
        current=frame.current,
        series=Series(),
        sustained=Sustained("unavailable", None, 0, reasons.no_session(None, None)),
    )
    s0 = frame.first_session
    if s0 is None:
        return trend
    start, end = gad7.intake_window(s0)
    found = gad7.intake(taken, s0)
    in_window = sum(start <= a.day <= end for a in taken)
    baseline = Baseline(start, end, in_window, None if found is None else float(found.total))
    trend = trend._replace(baseline=baseline, treatment_start=s0, intake=found)
    if not frame.every:
        reason = reasons.no_session(s0, period.until)
        return trend._replace(sustained=Sustained("unavailable", None, 0, reason))
    if found is None:
        return trend._replace(
            sustained=Sustained("unavailable", None, 0, reasons.no_intake(start, end))
        )
    follow = gad7.followups(taken, found, s0, margin=params.margin, one_item=item is not None)
    trend = trend._replace(followups=follow)
    if not follow:
        return trend._replace(sustained=Sustained("unavailable", None, 0, reasons.no_followup(s0)))
    latest = follow[-1]
    series = Series(
        current_mean=float(latest.total),
        change=latest.change,
        percent_change=latest.percent_change,
        **latest.flags._asdict(),
    )
    judged = gad7.judge(follow)
    return trend._replace(
        series=series, sustained=Sustained(judged.verdict, judged.since, judged.days)
    )
