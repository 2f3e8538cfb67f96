"""From the database to the analysis: the daily values and sessions of one period."""

from __future__ import annotations

import math
from datetime import date, timedelta

from .analysis import MIN_VALUES, Parameters, SessionDay, Trend, analyse, daily_values
from .storage import Store


def session_days(store: Store, since: date | None, until: date | None) -> list[SessionDay]:
    numbers = store.session_numbers()
    return [
        SessionDay(
            id=session.id,
            number=numbers[session.id],
            day=session.day,
            kind=session.kind,
            dose=session.dose,
            unit=session.unit,
        )
        for session in store.sessions(since=since, until=until)
    ]


def baseline_mean(store: Store, instrument: str) -> float | None:
    """The baseline mean of SPEC §3 with default parameters (None until it exists)."""
    first = store.first_session_day()
    if first is None:
        return None
    start = first - timedelta(days=Parameters().baseline_days)
    days = daily_values(store.day_totals(instrument, since=start, until=first - timedelta(days=1)))
    if len(days) < MIN_VALUES:
        return None
    return math.fsum(d.value for d in days) / len(days)


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
    days = daily_values(store.day_totals(instrument, since=since, until=until, item=item))
    return analyse(days, session_days(store, since, until), params or Parameters())
