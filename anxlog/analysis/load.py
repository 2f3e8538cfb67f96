"""From the database to the analysis: the daily values and sessions of one period."""

from __future__ import annotations

from datetime import date

from ..storage import Store
from .trend import (
    Days,
    Parameters,
    SessionDay,
    Trend,
    analyse,
    baseline_window,
    mean_of_baseline,
)


def session_days(store: Store, since: date | None, until: date | None) -> list[SessionDay]:
    """The sessions between since and until, numbered over the whole history."""
    low, high = since or date.min, until or date.max
    return [
        SessionDay(session.id, number, session.day, session.kind, session.dose, session.unit)
        for number, session in enumerate(store.sessions(), 1)
        if low <= session.day <= high
    ]


def baseline_mean(store: Store, instrument: str) -> float | None:
    """The baseline mean of SPEC §3 with default parameters (None until it exists)."""
    first = store.first_session_day()
    if first is None:
        return None
    start, end = baseline_window(first, Parameters().baseline_days)
    days = Days.from_sums(*store.day_sums(instrument, since=start, until=end))
    return mean_of_baseline(days.values)


def load_trend(
    store: Store,
    *,
    instrument: str,
    since: date | None = None,
    until: date | None = None,
    item: str | None = None,
    params: Parameters | None = None,
) -> Trend:
    """SPEC §3 over the ratings and sessions between ``since`` and ``until``."""
    days = Days.from_sums(*store.day_sums(instrument, since=since, until=until, item=item))
    return analyse(days, session_days(store, since, until), params or Parameters())
