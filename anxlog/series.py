"""From the database to the analysis: the daily values and sessions of one period."""

from __future__ import annotations

from datetime import date

from .analysis import (
    Parameters,
    SessionDay,
    Trend,
    analyse,
    baseline_window,
    day_values_from_sums,
    mean_of_baseline,
)
from .storage import Store


def session_days(store: Store, since: date | None, until: date | None) -> list[SessionDay]:
    """The sessions between since and until, numbered over the whole history."""
    return [
        SessionDay(
            id=session.id,
            number=number,
            day=session.day,
            kind=session.kind,
            dose=session.dose,
            unit=session.unit,
        )
        for number, session in enumerate(store.sessions(), 1)
        if (since is None or session.day >= since) and (until is None or session.day <= until)
    ]


def baseline_mean(store: Store, instrument: str) -> float | None:
    """The baseline mean of SPEC §3 with default parameters (None until it exists)."""
    first = store.first_session_day()
    if first is None:
        return None
    start, end = baseline_window(first, Parameters().baseline_days)
    days = day_values_from_sums(store.day_sums(instrument, since=start, until=end))
    return mean_of_baseline([d.value for d in days])


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
    days = day_values_from_sums(store.day_sums(instrument, since=since, until=until, item=item))
    return analyse(days, session_days(store, since, until), params or Parameters())
