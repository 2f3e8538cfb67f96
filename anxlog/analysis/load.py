"""From the database to the analysis: the daily values, sessions and GAD-7s it reads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .. import dates
from ..instrument import GAD7, ITEM_KEYS
from ..records import Session
from ..storage import Store
from .days import Days
from .durability import assess, onset_windows, with_onsets
from .gad7 import Administration
from .sessions import SessionDay
from .trend import (
    Parameters,
    Period,
    Trend,
    analyse,
    analyse_gad7,
    baseline_window,
    default_margin,
    mean_of_baseline,
)


def session_days(sessions: Sequence[Session]) -> list[SessionDay]:
    """Every session of ``sessions`` (the whole history, in order), numbered."""
    return [
        SessionDay(s.id, number, s.day, s.kind, s.dose, s.unit, s.time)
        for number, s in enumerate(sessions, 1)
    ]


def baseline_mean(store: Store, instrument: str) -> float | None:
    """The baseline mean with the default parameters (None until it exists)."""
    first = store.first_session_day()
    if first is None:
        return None
    start, end = baseline_window(first, Parameters().baseline_days)
    days = Days.from_sums(*store.day_sums(instrument, since=start, until=end))
    return mean_of_baseline(days.values)


def administrations(store: Store, until: date | None, item: str | None) -> list[Administration]:
    """Every standard GAD-7 up to ``until``, in time order: its total or one item's answer."""
    ratings = store.ratings(instrument=GAD7, until=until)
    if item is None:
        return [Administration(r.day, r.total) for r in ratings]
    index = ITEM_KEYS.index(item)
    return [Administration(r.day, r.answers[index]) for r in ratings]


def load_trend(
    store: Store,
    *,
    instrument: str,
    since: date | None = None,
    until: date | None = None,
    item: str | None = None,
    params: Parameters | None = None,
    today: date | None = None,
) -> Trend:
    """The analysis of one instrument, shown for ``since`` … ``until``, with the period's
    treatment context (tolerability and events, which the analysis does not read); the
    days since the last session count to ``today`` (default: the clock's), or to ``until``.

    Reads the whole history up to ``until``: the baseline lies before the first session
    whatever the period, and windows and trailing means read days before ``since``."""
    days = Days.from_sums(*store.day_sums(instrument, until=until, item=item))
    every = store.sessions()
    sessions = session_days(every)
    period = Period(since, until)
    chosen = params or Parameters(margin=default_margin(item))
    if instrument == GAD7:
        taken = administrations(store, until, item)
        trend = analyse_gad7(days, taken, sessions, chosen, period=period, item=item)
    else:
        found = analyse(
            days,
            sessions,
            chosen,
            period=period,
            item=item,
            instrument=instrument,
            today=today or dates.today(),
        )
        trend = _with_onsets(store, found)
    # the treatment context, for the views: how the period's sessions felt, its events
    felt = {
        session.id: session.tolerability
        for session in every
        if (since is None or session.day >= since) and (until is None or session.day <= until)
    }
    events = tuple(store.events(since=since, until=until))
    return trend._replace(tolerability=felt, events=events)


def _with_onsets(store: Store, trend: Trend) -> Trend:
    """The trend with each session's onset hours, from the few ratings that can give one
    (those on the days after a session at or below its relief level)."""
    durability, params = trend.durability, trend.params
    if durability is None:
        return trend
    wanted = onset_windows(durability.series, params.window, params.margin)
    if not wanted:
        return trend
    spans = [(window.first, window.last, window.limit) for window in wanted]
    found = store.values_at_most(trend.instrument, spans, trend.item)
    series = with_onsets(
        durability.series, wanted, found, window=params.window, margin=params.margin
    )
    shown = series[len(series) - len(trend.session_results) :]
    again = assess(
        series,
        trend.rated.ordinals,
        sessions=params.durability_sessions,
        window=params.window,
        as_of=durability.as_of,
    )
    return trend._replace(session_results=shown, durability=again)
