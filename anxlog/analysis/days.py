"""Rated days: each day's value and its trailing 7-day mean (docs/methods.md).

Pure functions over dates and numbers. A history is held column-wise (`Days`: parallel
lists of days, values and counts), so 100 years of ratings go from the database through
the analysis, the views and the exports without an object per day.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from datetime import date
from operator import truediv
from typing import NamedTuple

TRAILING_DAYS = 7  # the trailing mean on day d spans the calendar days d-6 … d
MIN_VALUES = 3  # a trailing mean and a baseline need at least 3 daily values


class Days(NamedTuple):
    """Rated days in order, one per day, as parallel lists."""

    iso: list[str]  # YYYY-MM-DD
    ordinals: list[int]  # date.toordinal() of each day
    values: list[float]  # the day's value: the mean of its totals
    counts: list[int]  # ratings that day

    @classmethod
    def from_sums(cls, days: list[str], sums: list[int], counts: list[int]) -> Days:
        """From (YYYY-MM-DD, sum of whole-number totals, count) columns, days in order.

        Whole numbers add up exactly, so sum / count is the correctly rounded mean of
        the day's totals: the same rational gives the same float whatever the ratings."""
        ordinals = list(map(date.toordinal, map(date.fromisoformat, days)))
        return cls(days, ordinals, list(map(truediv, sums, counts)), counts)

    def dates(self) -> list[date]:
        return list(map(date.fromordinal, self.ordinals))

    def trailing_means(self) -> list[float | None]:
        """The trailing mean of every rated day, in the same order."""
        return trailing_means(self.ordinals, self.values)


def trailing_means(ordinals: Sequence[int], values: Sequence[float]) -> list[float | None]:
    """For each rated day d: the mean of the daily values on d-6 … d, None with fewer
    than 3 of them (docs/methods.md, "7-day average")."""
    means: list[float | None] = []
    add = means.append
    # the rated days in the 7 days up to d, and their values: one rated day per calendar
    # day, so never more than 7 (maxlen drops the 8th oldest, which is 7 days back)
    span_days: deque[int] = deque(maxlen=TRAILING_DAYS)
    span: deque[float] = deque(maxlen=TRAILING_DAYS)
    for ordinal, value in zip(ordinals, values, strict=True):
        span_days.append(ordinal)
        span.append(value)
        oldest = ordinal - TRAILING_DAYS  # this day and earlier are out of the span
        while span_days[0] <= oldest:
            span_days.popleft()
            span.popleft()
        n = len(span)
        # fsum: the correctly rounded sum, so the mean does not depend on the order
        add(math.fsum(span) / n if n >= MIN_VALUES else None)
    return means
