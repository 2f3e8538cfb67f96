"""Rated days: each day's value (SPEC §2) and its trailing 7-day mean (SPEC §3).

Pure functions over dates and numbers. A history is held column-wise (`Days`: parallel
lists of days, values and counts), so 100 years of ratings go from the database through
the analysis, the views and the exports without an object per day; `DayValue` rows are
what callers of `analyse` may hand in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from itertools import accumulate, repeat
from operator import attrgetter, sub, truediv
from typing import NamedTuple

TRAILING_DAYS = 7  # SPEC §3: the trailing mean on day d spans the calendar days d-6 … d
MIN_VALUES = 3  # SPEC §3: a trailing mean and a baseline need at least 3 daily values


class DayValue(NamedTuple):
    """One rated day: the mean of that day's totals (or of one item with --item)."""

    day: date
    value: float
    n: int  # number of ratings that day


class Days(NamedTuple):
    """Rated days in order, one per day, as parallel lists."""

    iso: list[str]  # YYYY-MM-DD
    ordinals: list[int]  # date.toordinal() of each day
    values: list[float]  # the day's value: mean of its totals (SPEC §2)
    counts: list[int]  # ratings that day

    @classmethod
    def from_sums(cls, days: list[str], sums: list[int], counts: list[int]) -> Days:
        """From (YYYY-MM-DD, sum of whole-number totals, count) columns, days in order.

        The sum of whole numbers is exact, so sum / count is the same correctly rounded
        mean that daily_values gives (SPEC §2)."""
        ordinals = list(map(date.toordinal, map(date.fromisoformat, days)))
        return cls(days, ordinals, list(map(truediv, sums, counts)), counts)

    @classmethod
    def from_values(cls, day_values: Iterable[DayValue]) -> Days:
        """From DayValues in any order (one per day)."""
        ordered = sorted(day_values, key=attrgetter("day"))
        dates = list(map(attrgetter("day"), ordered))
        return cls(
            list(map(date.isoformat, dates)),
            list(map(date.toordinal, dates)),
            list(map(attrgetter("value"), ordered)),
            list(map(attrgetter("n"), ordered)),
        )

    def dates(self) -> list[date]:
        return list(map(date.fromordinal, self.ordinals))

    def trailing_means(self) -> list[float | None]:
        """The trailing mean of every rated day, in the same order."""
        return _trailing_means(self.ordinals, self.values)


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


def trailing_means(days: Sequence[DayValue]) -> dict[date, float | None]:
    """The trailing mean of every rated day in one pass (days sorted, one per day)."""
    columns = Days.from_values(days)
    return dict(zip(columns.dates(), columns.trailing_means(), strict=True))


def _trailing_means(ordinals: Sequence[int], values: Sequence[float]) -> list[float | None]:
    """trailing_means over the days' ordinals and values, in the same order."""
    # whole values (one rating a day, the usual case) add up exactly, so a running sum
    # gives the very means that summing each span afresh gives, several times faster
    whole = list(map(int, values)) == values
    if whole and ordinals and ordinals[-1] - ordinals[0] == len(ordinals) - 1:
        return _unbroken_means(values)
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


def _unbroken_means(values: Sequence[float]) -> list[float | None]:
    """Trailing means of whole values rated on every calendar day, with no day missed.

    Day i's span is then the days i-6 … i, so each mean is a difference of running
    sums (exact for whole numbers) over a fixed count: all of it runs in C."""
    sums = list(accumulate(values, initial=0.0))  # sums[i] = values[0] + … + values[i-1]
    # the first days have fewer than 7 days behind them: i + 1 of them
    partial_count = min(len(values), TRAILING_DAYS - 1)
    means: list[float | None] = [None] * min(len(values), MIN_VALUES - 1)
    means += map(
        truediv, sums[MIN_VALUES : partial_count + 1], range(MIN_VALUES, partial_count + 1)
    )
    means += map(truediv, map(sub, sums[TRAILING_DAYS:], sums), repeat(TRAILING_DAYS))
    return means


def trailing_mean(values_by_day: Mapping[date, float], day: date) -> float | None:
    """Mean of the daily values on calendar days day-6 … day; None with fewer than 3."""
    span = (day - timedelta(days=offset) for offset in range(TRAILING_DAYS))
    values = [values_by_day[d] for d in span if d in values_by_day]
    return math.fsum(values) / len(values) if len(values) >= MIN_VALUES else None
