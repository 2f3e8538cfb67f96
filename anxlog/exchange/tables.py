"""The rows of the ratings, daily, sessions and events exports, in their documented columns.

A row holds only str, int, float, bool or None, in column order (a tuple for ratings,
which stream from the database; a dict for the others), so the CSV and the JSON writer
show the same values: JSON keeps the native types, CSV writes them as plain text
(csvfile). Derived columns (band, backfilled, session_id, …) are computed here and
ignored again on import. A session is named by its id, as everywhere; its place in the
treatment order is the sessions table's ``order`` column.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from ..instrument import MAX_TOTAL, band
from ..records import RATING_COLUMNS, SESSION_COLUMNS, Event, Session, is_backfilled

if TYPE_CHECKING:
    from ..analysis.days import Days

Cell = str | int | float | bool | None
Row = dict[str, Cell]

_DAY = RATING_COLUMNS.index("day")
_RECORDED_AT = RATING_COLUMNS.index("recorded_at")
_AFTER_TOTAL = RATING_COLUMNS.index("total") + 1
# the stored columns with the band after the total, then what follows from the row's day
RATINGS_COLUMNS = (
    *RATING_COLUMNS[:_AFTER_TOTAL],
    "band",
    *RATING_COLUMNS[_AFTER_TOTAL:],
    "backfilled",
    "session_id",
    "days_since_session",
)
DAILY_COLUMNS = (
    "day",
    "value",
    "n_ratings",
    "trailing_mean",
    "session_id",
    "days_since_session",
    "session_kind",
    "session_dose",
    "session_unit",
)
SESSIONS_COLUMNS = ("id", "order", *SESSION_COLUMNS[1:])  # the tolerability columns last
EVENTS_COLUMNS = ("id", "uid", "day", "text", "session_id", "days_since_session")

COLUMNS = {
    "ratings": RATINGS_COLUMNS,
    "daily": DAILY_COLUMNS,
    "sessions": SESSIONS_COLUMNS,
    "events": EVENTS_COLUMNS,
}


class SessionCalendar:
    """Which session was the latest on or before a given day.

    Built from *all* sessions in treatment order, so the latest session of a day is the
    same whatever --since/--until cut out of the export.
    """

    def __init__(self, sessions: Sequence[Session]) -> None:
        self._sessions = list(sessions)
        self._days = [session.day for session in self._sessions]

    def latest(self, day: date) -> tuple[int, Session] | None:
        """(1-based number, session) of the last session on or before ``day``."""
        count = bisect_right(self._days, day)
        if count == 0:
            return None
        return count, self._sessions[count - 1]

    def columns(self, day: date) -> tuple[int | None, int | None]:
        """session_id and days_since_session for ``day``; empty before the first."""
        latest = self.latest(day)
        if latest is None:
            return None, None
        _, session = latest
        return session.id, (day - session.day).days


def ratings_rows(
    stored: Iterable[Sequence[Any]], sessions: Sequence[Session]
) -> Iterator[tuple[Cell, ...]]:
    """Each rating's export row (RATINGS_COLUMNS), one at a time, from its stored values
    (records.RATING_COLUMNS) in time order, as ``Store.rating_rows`` gives them.

    ``sessions`` are all of them in treatment order, so the latest session of a day is
    the same whatever --since/--until cut out of the export.
    """
    # the plain band name, for programs; views add "for orientation" to daily totals
    bands = [band(score) for score in range(MAX_TOTAL + 1)]
    session_days = [session.day.toordinal() for session in sessions]
    session_ids = [session.id for session in sessions]
    after = 0  # how many sessions are on or before the current row's day
    current_day = None
    session_id: int | None = None
    days_since: int | None = None
    for row in stored:
        day = row[_DAY]
        if day != current_day:  # rows come in day order: the session columns move on
            current_day = day
            ordinal = date.fromisoformat(day).toordinal()
            while after < len(session_days) and session_days[after] <= ordinal:
                after += 1
            session_id = session_ids[after - 1] if after else None
            days_since = ordinal - session_days[after - 1] if after else None
        # id … total, band, difficulty, note, backfilled, session_id, days_since_session
        yield (
            *row[:_AFTER_TOTAL],
            bands[row[_AFTER_TOTAL - 1]],
            *row[_AFTER_TOTAL:],
            is_backfilled(day, row[_RECORDED_AT]),
            session_id,
            days_since,
        )


def daily_rows(
    days: Days,
    calendar: SessionCalendar,
    *,
    since: date | None = None,
    until: date | None = None,
) -> list[Row]:
    """One row per rated day of one instrument.

    ``days`` covers the whole history, so the trailing mean of the first days in the
    range still sees the days before it; only the rows are cut to the range.
    """
    low, high = since or date.min, until or date.max
    rows: list[Row] = []
    columns = zip(days.dates(), days.values, days.counts, days.trailing_means(), strict=True)
    for day, value, count, mean in columns:
        if not low <= day <= high:
            continue
        session_id, days_since = calendar.columns(day)
        latest = calendar.latest(day)
        session = latest[1] if latest is not None and days_since == 0 else None
        rows.append(
            {
                "day": day.isoformat(),
                "value": value,
                "n_ratings": count,
                "trailing_mean": mean,
                "session_id": session_id,
                "days_since_session": days_since,
                "session_kind": session.kind if session else None,
                "session_dose": session.dose if session else None,
                "session_unit": session.unit if session else None,
            }
        )
    return rows


def sessions_rows(sessions: Iterable[Session], order: dict[int, int]) -> list[Row]:
    """Sessions in treatment order, each with its id and its place in the whole history."""
    rows: list[Row] = []
    for session in sessions:
        row = {"id": session.id, "order": order[session.id], **session.to_json()}
        del row["tolerability"]  # stored flat, in its columns
        row.update(session.tolerability.to_columns())
        rows.append(row)
    return rows


def events_rows(events: Iterable[Event], calendar: SessionCalendar) -> list[Row]:
    """Events by day; the session columns place each in the series (derived, not imported)."""
    rows: list[Row] = []
    for event in events:
        session_id, days_since = calendar.columns(event.day)
        rows.append(
            {
                "id": event.id,
                "uid": event.uid,
                "day": event.day.isoformat(),
                "text": event.text,
                "session_id": session_id,
                "days_since_session": days_since,
            }
        )
    return rows
