"""The provider report: one self-contained HTML page a person can print or bring along.

``collect`` gathers what the page shows from the store, ``build_report`` turns it into
HTML (``html.py``, chart from ``svg_chart.py``). Nothing here knows the CLI framework.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING

from ..analysis.trend import Trend
from ..instrument import DAILY, GAD7, ITEM_KEYS
from ..records import Rating, Session
from .html import render_report

if TYPE_CHECKING:
    from ..storage import Store

RECENT_DAYS = 14  # the items table compares the baseline with the last 14 calendar days


@dataclass(frozen=True)
class ItemWindow:
    """Mean answer of each item (q1–q7) over the rated days of a date range."""

    start: date
    end: date
    days: int  # rated days in start … end
    means: tuple[float | None, ...]  # one per item, None without rated days


@dataclass(frozen=True)
class ReportData:
    instrument: str
    since: date | None  # as asked on the command line
    until: date | None
    generated: date
    trend: Trend
    ratings: list[Rating]  # of the chosen instrument, in the period
    gad7: list[Rating]  # standard GAD-7 results in the period
    daily_notes: list[Rating]  # daily check-ins in the period that carry a note
    sessions: list[Session]  # in the period, in treatment order
    baseline_items: ItemWindow | None  # None without a baseline window (no sessions)
    recent_items: ItemWindow | None  # None without ratings

    def _days(self) -> list[date]:
        ratings = [*self.ratings, *self.gad7, *self.daily_notes]
        events = [event.day for event in self.trend.events]
        return [r.day for r in ratings] + [s.day for s in self.sessions] + events

    @property
    def first_day(self) -> date | None:
        """Start of the period: --since, else the first day with any record."""
        return self.since or min(self._days(), default=None)

    @property
    def last_day(self) -> date | None:
        """End of the period: --until, else the last day with any record."""
        return self.until or max(self._days(), default=None)


def item_window(ratings: Sequence[Rating], start: date, end: date) -> ItemWindow:
    """Per item: the mean over rated days of that day's mean answer (as daily values)."""
    by_day: dict[date, list[Rating]] = {}
    for rating in ratings:
        if start <= rating.day <= end:
            by_day.setdefault(rating.day, []).append(rating)
    means: list[float | None] = []
    for index in range(len(ITEM_KEYS)):
        day_means = [
            Fraction(sum(r.answers[index] for r in day), len(day)) for day in by_day.values()
        ]
        means.append(float(sum(day_means, Fraction(0)) / len(day_means)) if day_means else None)
    return ItemWindow(start, end, len(by_day), tuple(means))


def _baseline_items(store: Store, trend: Trend) -> ItemWindow | None:
    """The items before the first session, whatever the period: the baseline window's
    days, or for the standard GAD-7 the intake questionnaire alone."""
    if trend.instrument == GAD7:
        intake = trend.intake
        if intake is None:
            return None
        on_day = store.ratings(instrument=GAD7, since=intake.day, until=intake.day)
        return item_window(on_day[-1:], intake.day, intake.day)  # the latest is the intake
    baseline = trend.baseline
    if baseline.start is None or baseline.end is None:
        return None
    ratings = store.ratings(instrument=trend.instrument, since=baseline.start, until=baseline.end)
    return item_window(ratings, baseline.start, baseline.end)


def collect(
    store: Store,
    *,
    instrument: str,
    since: date | None,
    until: date | None,
    today: date,
) -> ReportData:
    """Everything the report shows, for one instrument and period."""
    from ..analysis.load import load_trend

    trend = load_trend(store, instrument=instrument, since=since, until=until)
    ratings = store.ratings(instrument=instrument, since=since, until=until)
    gad7 = (
        ratings if instrument == GAD7 else store.ratings(instrument=GAD7, since=since, until=until)
    )
    daily = (
        ratings
        if instrument == DAILY
        else store.ratings(instrument=DAILY, since=since, until=until)
    )
    baseline_items = _baseline_items(store, trend)
    recent_items = None
    if ratings:
        last = ratings[-1].day  # ratings come in time order, already within the period
        recent_items = item_window(ratings, last - timedelta(days=RECENT_DAYS - 1), last)
    return ReportData(
        instrument=instrument,
        since=since,
        until=until,
        generated=today,
        trend=trend,
        ratings=ratings,
        gad7=gad7,
        daily_notes=[rating for rating in daily if rating.note],
        sessions=store.sessions(since=since, until=until),
        baseline_items=baseline_items,
        recent_items=recent_items,
    )


def build_report(
    store: Store,
    *,
    instrument: str,
    since: date | None,
    until: date | None,
    today: date,
) -> str:
    """The whole HTML page as text."""
    return render_report(
        collect(store, instrument=instrument, since=since, until=until, today=today)
    )
