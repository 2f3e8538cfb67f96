"""How long relief lasts after a session: a Kaplan–Meier estimate over the latest
sessions, and how many hours relief took to begin (docs/methods.md, "Durability").

Pure functions over numbers: no I/O, no printing. A session's relief time is its
``relief_days``; a time is *censored* when the relief was still going where the walk
ended (the next session, the end of the data, or a long unrated stretch), so the
relief lasted at least that long.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from .thresholds import at_most

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


class Durability(NamedTuple):
    """The summary of how long relief lasted after the latest sessions."""

    sessions: int  # relief times used (at most K)
    censored: int  # of which still going where their walk ended
    median_days: int | None  # None when S(t) never falls to 0.5
    median_more_than: int | None  # the longest time, when the median is not reached
    shortest_days: int
    longest_days: int
    longest_censored: bool
    curve: list[Step]


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


def summarise(times: Sequence[ReliefTime]) -> Durability | None:
    """The Kaplan–Meier summary of ``times``; None with fewer than 2 of them."""
    if len(times) < MIN_SESSIONS:
        return None
    curve = kaplan_meier(times)
    median = median_days(curve)
    longest = max(time.days for time in times)
    return Durability(
        sessions=len(times),
        censored=sum(1 for time in times if time.censored),
        median_days=median,
        median_more_than=longest if median is None else None,
        shortest_days=min(time.days for time in times),
        longest_days=longest,
        longest_censored=any(time.censored for time in times if time.days == longest),
        curve=curve,
    )


def onset_hours(
    start: datetime,
    threshold: float,
    ratings: Sequence[tuple[datetime, float]],
    *,
    window_days: int,
    next_start: datetime | None = None,
) -> float | None:
    """Hours from a session's start to the first rating at or below ``threshold``.

    ``ratings`` are (taken at, total) in time order. Only ratings after ``start``, at
    most ``window_days`` later and before ``next_start`` (the next session) count, those
    on the session's own day included. The threshold is the session's pre mean − M; a
    rating exactly on it counts."""
    latest = start + timedelta(days=window_days)
    for taken_at, total in ratings:
        if taken_at <= start:
            continue
        if taken_at > latest or (next_start is not None and taken_at >= next_start):
            break
        if at_most(total, threshold):
            return round((taken_at - start) / timedelta(hours=1), 1)
    return None


def median_hours(hours: Sequence[float]) -> float | None:
    """The median of the onsets that exist, to one decimal; None without any."""
    return round(statistics.median(hours), 1) if hours else None
