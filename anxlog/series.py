"""From the database to the analysis: the daily values and sessions of one period."""

from __future__ import annotations

from datetime import date

from .analysis import Parameters, SessionDay, Trend, analyse, daily_values
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
