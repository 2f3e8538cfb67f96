"""The rows of the ratings, daily and sessions exports, in their documented columns.

A row is a dict in column order holding only str, int, float, bool or None, so the CSV
and the JSON writer show the same values: JSON keeps the native types, CSV writes them
as plain text (csvfile). Derived columns (band, backfilled, session_number, …) are
computed here and ignored again on import.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from ..instrument import ITEM_KEYS, band
from ..records import Rating, Session

if TYPE_CHECKING:
    from ..analysis.days import Days

Cell = str | int | float | bool | None
Row = dict[str, Cell]

RATINGS_COLUMNS = (
    "id",
    "uid",
    "instrument",
    "day",
    "taken_at",
    "recorded_at",
    *ITEM_KEYS,
    "total",
    "band",
    "difficulty",
    "note",
    "backfilled",
    "session_number",
    "days_since_session",
)
DAILY_COLUMNS = (
    "day",
    "value",
    "n_ratings",
    "trailing_mean",
    "session_number",
    "days_since_session",
    "session_kind",
    "session_dose",
    "session_unit",
)
SESSIONS_COLUMNS = ("number", "id", "uid", "day", "time", "kind", "dose", "unit", "course", "note")

COLUMNS = {"ratings": RATINGS_COLUMNS, "daily": DAILY_COLUMNS, "sessions": SESSIONS_COLUMNS}


class SessionCalendar:
    """Which session was the latest on or before a given day.

    Built from *all* sessions in treatment order, so session numbers are the same
    whatever --since/--until cut out of the export.
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
        """session_number and days_since_session for ``day``; empty before the first."""
        latest = self.latest(day)
        if latest is None:
            return None, None
        number, session = latest
        return number, (day - session.day).days


def ratings_rows(ratings: Iterable[Rating], calendar: SessionCalendar) -> list[Row]:
    rows: list[Row] = []
    for rating in ratings:
        number, days_since = calendar.columns(rating.day)
        q1, q2, q3, q4, q5, q6, q7 = rating.answers
        rows.append(
            {
                "id": rating.id,
                "uid": rating.uid,
                "instrument": rating.instrument,
                "day": rating.day.isoformat(),
                "taken_at": rating.taken_at,
                "recorded_at": rating.recorded_at,
                "q1": q1,
                "q2": q2,
                "q3": q3,
                "q4": q4,
                "q5": q5,
                "q6": q6,
                "q7": q7,
                "total": rating.total,
                # the plain band name, for programs; views add "for orientation" to daily totals
                "band": band(rating.total),
                "difficulty": rating.difficulty,
                "note": rating.note,
                "backfilled": rating.backfilled,
                "session_number": number,
                "days_since_session": days_since,
            }
        )
    return rows


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
        number, days_since = calendar.columns(day)
        latest = calendar.latest(day)
        session = latest[1] if latest is not None and days_since == 0 else None
        rows.append(
            {
                "day": day.isoformat(),
                "value": value,
                "n_ratings": count,
                "trailing_mean": mean,
                "session_number": number,
                "days_since_session": days_since,
                "session_kind": session.kind if session else None,
                "session_dose": session.dose if session else None,
                "session_unit": session.unit if session else None,
            }
        )
    return rows


def sessions_rows(sessions: Iterable[Session], numbers: dict[int, int]) -> list[Row]:
    """Sessions in treatment order; ``numbers`` counts over the whole history."""
    return [
        {
            "number": numbers[session.id],
            "id": session.id,
            "uid": session.uid,
            "day": session.day.isoformat(),
            "time": session.time,
            "kind": session.kind,
            "dose": session.dose,
            "unit": session.unit,
            "course": session.course,
            "note": session.note,
        }
        for session in sessions
    ]
