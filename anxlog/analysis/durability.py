"""How long relief lasts after a session: a Kaplan–Meier estimate over the latest
sessions, where the last session stands, and how many hours relief took to begin
(docs/methods.md, "How long relief lasts").

Pure functions over dates and numbers: no I/O, no printing. A session's relief time is
its ``relief_days``; a time is *censored* when the relief was still going where the walk
ended (the next session, the end of the data, or a long unrated stretch), so the relief
lasted at least that long.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from .sessions import SessionDay, SessionResult
from .thresholds import EXACT, at_most

SECONDS_AN_HOUR = 3600
SECONDS_A_DAY = 24 * SECONDS_AN_HOUR
DURABILITY_SESSIONS = 6  # --durability-sessions: the latest K sessions with a relief time
MIN_SESSIONS = 2  # fewer sessions with a relief time than this: no estimate


class ReliefTime(NamedTuple):
    """One session's relief: how many days it lasted, and whether it was still going."""

    days: int
    censored: bool


class Step(NamedTuple):
    """The Kaplan–Meier estimate just after ``days``: S(days)."""

    days: int
    at_risk: int  # sessions whose relief lasted at least ``days``
    ended: int  # sessions whose relief ended at ``days``
    survival: float


class KaplanMeier(NamedTuple):
    """How long relief lasted after the sessions it was given."""

    sessions: int  # relief times used (at most K)
    censored: int  # of which still going where their walk ended
    median_days: int | None  # None when S(t) never falls to 0.5
    median_more_than: int | None  # the longest time, when the median is not reached
    shortest_days: int
    longest_days: int
    longest_censored: bool
    curve: tuple[Step, ...]
    shortest_censored: bool  # every time equal to the shortest is censored ("3+")
    times: tuple[ReliefTime, ...]  # what it was computed from, oldest session first


def kaplan_meier(times: Sequence[ReliefTime]) -> list[Step]:
    """S(t) at each distinct time at which some relief ended, in ascending order.

    n_t counts the sessions whose time is at least t (a censored time equal to t is
    still at risk at t), d_t those that ended at t; S(t) = Π (1 − d_t / n_t)
    (Kaplan & Meier 1958)."""
    ended_at = sorted({time.days for time in times if not time.censored})
    steps: list[Step] = []
    survival = 1.0
    for days in ended_at:
        at_risk = sum(1 for time in times if time.days >= days)
        ended = sum(1 for time in times if time.days == days and not time.censored)
        survival *= 1 - ended / at_risk
        steps.append(Step(days, at_risk, ended, survival))
    return steps


def median_days(curve: Sequence[Step]) -> int | None:
    """The smallest time at which S(t) <= 0.5, or None when it never gets there."""
    for step in curve:
        if at_most(step.survival, 0.5):
            return step.days
    return None


def summarise(times: Sequence[ReliefTime]) -> KaplanMeier | None:
    """The Kaplan–Meier summary of ``times``; None with fewer than 2 of them."""
    if len(times) < MIN_SESSIONS:
        return None
    curve = kaplan_meier(times)
    median = median_days(curve)
    longest = max(time.days for time in times)
    shortest = min(time.days for time in times)
    return KaplanMeier(
        sessions=len(times),
        censored=sum(1 for time in times if time.censored),
        median_days=median,
        median_more_than=longest if median is None else None,
        shortest_days=shortest,
        longest_days=longest,
        longest_censored=any(time.censored for time in times if time.days == longest),
        curve=tuple(curve),
        shortest_censored=all(time.censored for time in times if time.days == shortest),
        times=tuple(times),
    )


# -- onset: hours from a session's start to the first rating at the relief level ----


def one_decimal(value: float) -> float:
    """``value`` to one decimal, halves rounded up (``round`` sends 30.25 to 30.2)."""
    return math.floor(value * 10 + 0.5) / 10


def onset_hours(
    start: float,
    threshold: float,
    ratings: Sequence[tuple[float, float]],
    *,
    window_days: int,
    next_start: float | None = None,
) -> float | None:
    """Hours from a session's start to the first rating at or below ``threshold``.

    Instants are POSIX seconds (one number per instant, whatever its UTC offset);
    ``ratings`` are (taken at, total) in time order. Only ratings after ``start``, at
    most ``window_days`` later and before ``next_start`` (the next session) count, those
    on the session's own day included. The threshold is the session's pre mean − M; a
    rating exactly on it counts."""
    latest = start + window_days * SECONDS_A_DAY
    for taken_at, total in ratings:
        if taken_at <= start:
            continue
        if taken_at > latest or (next_start is not None and taken_at >= next_start):
            break
        if at_most(total, threshold):
            return one_decimal((taken_at - start) / SECONDS_AN_HOUR)
    return None


def median_hours(hours: Sequence[float]) -> float | None:
    """The median of the onsets that exist, to one decimal; None without any."""
    if not hours:
        return None
    ordered, middle = sorted(hours), len(hours) // 2
    median = ordered[middle] if len(hours) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return one_decimal(median)


def session_start(session: SessionDay) -> float | None:
    """The session's day and time in local time, as POSIX seconds; None without a time."""
    if session.time is None:
        return None
    return datetime.combine(session.day, time.fromisoformat(session.time)).astimezone().timestamp()


def _day_start(day: date) -> float:
    """Midnight at the start of ``day``, local time, as POSIX seconds."""
    return datetime.combine(day, time()).astimezone().timestamp()


def taken_instant(taken_at: str) -> float | None:
    """A rating's taken_at as POSIX seconds; None when it holds the date alone (its time
    is not known, so it can never give an onset in hours)."""
    if "T" not in taken_at:
        return None
    moment = datetime.fromisoformat(taken_at)
    return (moment if moment.tzinfo is not None else moment.astimezone()).timestamp()


class OnsetWindow(NamedTuple):
    """Where one session's onset can come from: the ratings on the days ``first`` …
    ``last`` (ISO dates: the session's day to W days later, or to the next session's
    day) with a value at most ``limit`` (its relief level, with the tolerance of at_most)."""

    first: str
    last: str
    limit: float
    position: int  # of the session in the series


def onset_windows(series: Sequence[SessionResult], window: int, margin: float) -> list[OnsetWindow]:
    """The windows of the sessions of ``series`` (every session, in order) that can have
    an onset: those with a time and both windows (docs/methods.md)."""
    windows = []
    span = timedelta(days=window)
    following = [result.session.day for result in series[1:]]
    for position, result in enumerate(series):
        session, pre = result.session, result.pre
        if result.change is None or session.time is None or pre is None or pre.mean is None:
            continue
        last = session.day + span
        if position < len(following) and following[position] < last:
            last = following[position]
        limit = pre.mean - margin + EXACT
        windows.append(OnsetWindow(session.day.isoformat(), last.isoformat(), limit, position))
    return windows


def with_onsets(
    series: Sequence[SessionResult],
    windows: Sequence[OnsetWindow],
    ratings: Iterable[tuple[str, str, float]],
    *,
    window: int,
    margin: float,
) -> list[SessionResult]:
    """``series`` with the onset_hours of each session ``windows`` names, from
    ``ratings`` (day, taken_at, value): at least those the windows ask for, in any order.

    Most windows hold no rating at their level; a session's local start is only worked
    out when its window holds one, the next session's only when one falls on its day."""
    found = sorted(ratings)  # by day: ISO dates sort as the days do
    days = [day for day, _, _ in found]
    results = list(series)
    for first, last, _, position in windows:
        near = found[bisect_left(days, first) : bisect_right(days, last)]
        if not near:
            continue  # no rating at the relief level in its window: no onset
        result = results[position]
        start = session_start(result.session)
        assert start is not None and result.pre is not None and result.pre.mean is not None
        next_start = None
        if near[-1][0] == last and position + 1 < len(series):
            following = series[position + 1].session
            if following.day.isoformat() == last:  # a rating on its day may come before it
                next_start = session_start(following) or _day_start(following.day)
        timed = [
            (moment, value)
            for _, taken, value in near
            if (moment := taken_instant(taken)) is not None
        ]
        timed.sort()
        hours = onset_hours(
            start, result.pre.mean - margin, timed, window_days=window, next_start=next_start
        )
        results[position] = result._replace(onset_hours=hours)
    return results


# -- the summary: the latest K sessions, and where the last one stands -----------------


class StillGoing(NamedTuple):
    """Where the censored relief runs were still going (for the sentence)."""

    next_session: int = 0  # when the next session came
    latest_rating: int = 0  # at the latest rating
    pause: int = 0  # where more than W days went unrated


class Durability(NamedTuple):
    """How long relief lasted after the latest sessions, and where the last one stands."""

    estimate: KaplanMeier | None  # None with fewer than 2 sessions with a relief time
    median_onset_hours: float | None  # over the sessions of the estimate that have one
    onsets: int  # how many of those sessions have one
    days_since_last_session: int | None  # as of ``as_of``; None without a session
    last_session_relief_ongoing: bool | None
    reason: str | None  # why there is no estimate
    as_of: date | None  # today, or --until when that is earlier
    last_relief_days: int | None  # the last session's relief_days
    last_rated: date | None  # the last rated day on or before ``as_of``
    still_going: StillGoing
    series: tuple[SessionResult, ...]  # every session up to the end of the period


def _reason(sessions: int, relief_times: int, window: int) -> str | None:
    if relief_times >= MIN_SESSIONS:
        return None
    if sessions == 0:
        return "No session logged yet, so nothing to say about how long relief lasts."
    have = "no session" if relief_times == 0 else "only 1 session"
    return (
        f"Not enough sessions yet to say how long relief lasts: {have} with rated days in "
        f"the {window} days before it and after it (it needs {MIN_SESSIONS})."
    )


def assess(
    series: Sequence[SessionResult],
    ordinals: Sequence[int],
    *,
    sessions: int,
    window: int,
    as_of: date | None,
) -> Durability:
    """Durability over the latest ``sessions`` (K) sessions of ``series`` (every session
    up to the end of the period, in order) whose relief is known; ``ordinals`` are the
    rated days up to the end of the period."""
    end = as_of.toordinal() if as_of is not None else None
    considered = [r for r in series if end is None or r.session.day.toordinal() <= end]
    known = [i for i, r in enumerate(considered) if r.relief_days is not None]
    used = known[-sessions:]
    estimate = summarise([_time(considered[i]) for i in used])
    still = [0, 0, 0]
    for index in used:
        where = _where_censored(considered, index, ordinals)
        if where is not None:
            still[where] += 1
    onsets = [h for i in used if (h := considered[i].onset_hours) is not None]
    last = considered[-1] if considered else None
    last_rated = bisect_right(ordinals, end) if end is not None else len(ordinals)
    last_day = date.fromordinal(ordinals[last_rated - 1]) if last_rated else None
    return Durability(
        estimate=estimate,
        median_onset_hours=median_hours(onsets) if estimate is not None else None,
        onsets=len(onsets),
        days_since_last_session=(
            None if last is None or as_of is None else (as_of - last.session.day).days
        ),
        last_session_relief_ongoing=_ongoing(considered, last_day, as_of, window),
        reason=_reason(len(considered), len(known), window),
        as_of=as_of,
        last_relief_days=None if last is None else last.relief_days,
        last_rated=last_day,
        still_going=StillGoing(*still),
        series=tuple(series),
    )


def _time(result: SessionResult) -> ReliefTime:
    assert result.relief_days is not None
    return ReliefTime(result.relief_days, bool(result.censored))


def _where_censored(
    considered: Sequence[SessionResult], index: int, ordinals: Sequence[int]
) -> int | None:
    """StillGoing's field (0 next session, 1 latest rating, 2 pause) of a censored run."""
    result = considered[index]
    if not result.censored or result.relief_days is None:
        return None
    run_end = result.session.day.toordinal() + result.relief_days
    after = bisect_right(ordinals, run_end)  # the first rated day after the run
    if index + 1 < len(considered):
        next_day = considered[index + 1].session.day.toordinal()
        return 0 if after == bisect_left(ordinals, next_day) else 2
    return 1 if after == len(ordinals) else 2


def _ongoing(
    considered: Sequence[SessionResult],
    last_rated: date | None,
    as_of: date | None,
    window: int,
) -> bool | None:
    """Whether relief after the last session is still going: its run reaches the latest
    rating, which is at most W days old; False when the run ended; None when it is not
    known (no relief time, a pause in ratings, or no rating in the last W days)."""
    if not considered:
        return None
    last = considered[-1]
    if last.relief_days is None:
        return None
    if not last.censored:
        return False
    if as_of is None or last_rated is None or (as_of - last_rated).days > window:
        return None
    # censored at the latest rating, not at a pause: the run reaches the last rated day
    return True if last.session.day + timedelta(days=last.relief_days) == last_rated else None
