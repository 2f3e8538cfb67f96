"""Per session: the windows before and after it, their change, NAP and relief days.

Pure functions over dates and numbers; definitions with a worked example in
docs/methods.md ("Per session").
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from .nonoverlap import nap
from .thresholds import at_most


class SessionDay(NamedTuple):
    """One logged treatment session."""

    id: int
    number: int  # 1-based ordinal across all of the user's sessions
    day: date
    kind: str
    dose: float | None
    unit: str | None
    time: str | None = None  # "HH:MM", local time, when it was logged with one


class Window(NamedTuple):
    """The daily values in a pre- or post-session window."""

    n: int
    mean: float | None  # None when the window holds no rated day


class SessionResult(NamedTuple):
    """What one session did; windows are None where they are not computed (GAD-7)."""

    session: SessionDay
    pre: Window | None
    post: Window | None
    change: float | None  # mean(post) - mean(pre), negative = better
    nap: float | None
    relief_days: int | None
    censored: bool | None  # the relief run was still going where the walk ended
    onset_hours: float | None = None  # to the first rating at or below pre mean - M


def without_windows(session: SessionDay) -> SessionResult:
    """A session listed only: the two-week GAD-7 has no per-session windows."""
    return SessionResult(session, None, None, None, None, None, None)


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def session_result(
    session: SessionDay,
    previous_day: date | None,
    next_day: date | None,
    ordinals: Sequence[int],
    values: Sequence[float],
    *,
    window: int,
    margin: float,
) -> SessionResult:
    """Windows, change, NAP and relief days of one session, its neighbours given."""
    day = session.day.toordinal()
    # the session's own day is in neither window; neighbouring sessions cut both windows
    pre_after = day - window - 1
    if previous_day is not None:
        pre_after = max(pre_after, previous_day.toordinal())
    next_ordinal = None if next_day is None else next_day.toordinal()
    post_before = day + window + 1
    if next_ordinal is not None:
        post_before = min(post_before, next_ordinal)
    first_after = bisect_right(ordinals, day)  # the first rated day after the session
    pre = values[bisect_right(ordinals, pre_after) : bisect_left(ordinals, day)]
    post = values[first_after : bisect_left(ordinals, post_before)]
    pre_mean, post_mean = _mean(pre), _mean(post)
    pre_window, post_window = Window(len(pre), pre_mean), Window(len(post), post_mean)
    if pre_mean is None or post_mean is None:
        return SessionResult(session, pre_window, post_window, None, None, None, None)
    up_to = len(ordinals) if next_ordinal is None else bisect_left(ordinals, next_ordinal)
    relief_days, censored = _relief(
        ordinals, values, day, first_after, up_to, pre_mean - margin, window
    )
    return SessionResult(
        session=session,
        pre=pre_window,
        post=post_window,
        change=post_mean - pre_mean,
        nap=nap(pre, post),
        relief_days=relief_days,
        censored=censored,
    )


def _relief(
    ordinals: Sequence[int],
    values: Sequence[float],
    day: int,
    first: int,
    up_to: int,
    level: float,
    window: int,
) -> tuple[int, bool]:
    """(relief days, censored): walk the rated days first … up_to - 1 after ``day``.

    The run goes on while a day's value is at most ``level``; more than ``window``
    calendar days without a rating end the walk, as the next session and the end of
    the data do, and then the run is censored: it lasted at least that long."""
    last = day  # the last day of the run so far
    for index in range(first, up_to):
        if ordinals[index] - last - 1 > window:
            break  # an unrated stretch: we do not know how the days in it went
        if not at_most(values[index], level):
            return last - day, False
        last = ordinals[index]
    return last - day, True


def session_results(
    listed: Sequence[SessionDay],
    every: Sequence[SessionDay],
    ordinals: Sequence[int],
    values: Sequence[float],
    *,
    window: int,
    margin: float,
) -> list[SessionResult]:
    """The results of the ``listed`` sessions; ``every`` session (in order) cuts windows."""
    days = [s.day for s in every]
    position = {(s.day, s.number): i for i, s in enumerate(every)}
    results = []
    for session in listed:
        i = position[(session.day, session.number)]
        previous_day = days[i - 1] if i > 0 else None
        next_day = days[i + 1] if i + 1 < len(days) else None
        results.append(
            session_result(
                session,
                previous_day,
                next_day,
                ordinals,
                values,
                window=window,
                margin=margin,
            )
        )
    return results
