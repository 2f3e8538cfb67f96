"""Every query anxlog makes: ratings, sessions, events, settings and bulk import.

Only the storage package talks SQL. It never imports the CLI framework; every failure
leaves as an ``AnxlogError`` with a sentence a person can act on.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

from .. import dates
from ..errors import NotFoundError
from ..instrument import ITEM_KEYS, total
from ..numbers import LARGEST_ID
from ..records import RATING_COLUMNS, SESSION_COLUMNS, Event, Rating, Session
from .opening import SCHEMA_VERSION, OpenFile

__all__ = ["SCHEMA_VERSION", "RatingInput", "Store"]

IMPORTED_TABLES = ("ratings", "sessions", "events")  # the tables import may add rows to
_SPANS_PER_QUERY = 200  # 4 parameters a span: 800, below SQLite's oldest limit of 999


@dataclass(frozen=True)
class RatingInput:
    instrument: str
    day: date
    taken_at: str
    answers: tuple[int, ...]
    difficulty: int | None = None
    note: str | None = None


class Store(OpenFile):
    """An open anxlog database and its queries."""

    # -- ratings -------------------------------------------------------------

    def add_rating(self, rating: RatingInput) -> Rating:
        row: dict[str, Any] = {
            "uid": str(uuid.uuid4()),
            "instrument": rating.instrument,
            "day": rating.day.isoformat(),
            "taken_at": rating.taken_at,
            "recorded_at": dates.now_instant(),
            **dict(zip(ITEM_KEYS, rating.answers, strict=True)),
            "difficulty": rating.difficulty,
            "total": total(rating.answers),
            "note": rating.note,
        }
        with self.transaction():
            rowid = self._insert("ratings", row)
        return self.rating(rowid)

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values())
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def rating(self, rating_id: int) -> Rating:
        rows = self.query(
            f"SELECT {_RATING_SELECT} FROM ratings WHERE id = ?", [_id_or_none(rating_id)]
        )
        if not rows:
            raise NotFoundError(f"No rating has id {rating_id}: 'anxlog history' lists the ids.")
        return Rating.from_columns(rows[0])

    def ratings(
        self,
        *,
        instrument: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int | None = None,
    ) -> list[Rating]:
        """Ratings in time order; with ``limit``, the most recent ones."""
        if limit is None:
            rows = self.rating_rows(instrument=instrument, since=since, until=until)
            return list(map(Rating.from_columns, rows))
        sql, params = _ratings_sql(instrument, since, until, "DESC")
        latest = self.query(f"{sql} LIMIT ?", [*params, min(limit, LARGEST_ID)])
        return [Rating.from_columns(row) for row in reversed(latest)]

    def rating_rows(
        self,
        *,
        instrument: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        """The stored values of each rating (records.RATING_COLUMNS), in time order, one
        row at a time as SQLite gives them."""
        return self.stream(*_ratings_sql(instrument, since, until, "ASC"))

    def day_sums(
        self,
        instrument: str,
        *,
        since: date | None = None,
        until: date | None = None,
        item: str | None = None,
    ) -> tuple[list[str], list[int], list[int]]:
        """The sum and count of the totals (or of one item's answers) of each rated day.

        Three parallel lists, in day order: days (YYYY-MM-DD), sums and counts. Whole
        numbers sum exactly, so sum / count is the same mean as averaging the day's
        ratings one by one. The totals come from the (instrument, day, total) index
        alone, and are grouped here: on 100 years of ratings that is ~2x quicker than
        SQLite's GROUP BY (bench/run.py)."""
        column = item if item in ITEM_KEYS else "total"
        where, params = _range_filter(since, until)
        where.append("instrument = ?")
        params.append(instrument)
        sql = f"SELECT day, {column} FROM ratings WHERE {' AND '.join(where)} ORDER BY day"
        rows = self.query(sql, params)
        days = list(map(itemgetter(0), rows))
        if len(set(days)) == len(days):  # one rating a day, the usual case: nothing to add up
            # map runs in C: no Python step per day on 100 years of ratings
            return days, list(map(itemgetter(1), rows)), [1] * len(days)
        sums: dict[str, int] = {}
        counts: dict[str, int] = {}
        for day, value in rows:
            sums[day] = sums.get(day, 0) + value
            counts[day] = counts.get(day, 0) + 1
        return list(sums), list(sums.values()), list(counts.values())

    def values_at_most(
        self,
        instrument: str,
        spans: Sequence[tuple[str, str, float]],
        item: str | None = None,
    ) -> list[tuple[str, str, int]]:
        """(day, taken_at, total or one item's answer) of the ratings on the days first …
        last (ISO dates) of each span whose value is at most its limit: the few that can
        start relief.

        The (instrument, day, total) index answers the day and total tests, so only the
        ratings that pass them are read from the table; the spans go in batches of a few
        hundred, one OR term each, well under SQLite's limit on parameters."""
        column = item if item in ITEM_KEYS else "total"
        found: list[tuple[str, str, int]] = []
        for start in range(0, len(spans), _SPANS_PER_QUERY):
            batch = spans[start : start + _SPANS_PER_QUERY]
            term = f"(instrument = ? AND day BETWEEN ? AND ? AND {column} <= ?)"
            params: list[Any] = []
            for first, last, limit in batch:
                params += [instrument, first, last, limit]
            where = " OR ".join([term] * len(batch))
            sql = f"SELECT day, taken_at, {column} FROM ratings WHERE {where}"
            found += self.query(sql, params)
        return found

    def ratings_on(self, instrument: str, day: date) -> int:
        [(count,)] = self.query(
            "SELECT count(*) FROM ratings WHERE instrument = ? AND day = ?",
            [instrument, day.isoformat()],
        )
        return int(count)

    def last_entered_rating(self) -> Rating | None:
        """The rating recorded last (julianday compares instants across UTC offsets)."""
        rows = self.query(
            f"SELECT {_RATING_SELECT} FROM ratings "
            "ORDER BY julianday(recorded_at) DESC, id DESC LIMIT 1"
        )
        return Rating.from_columns(rows[0]) if rows else None

    def previous_rating(self, rating: Rating) -> Rating | None:
        """The rating of the same instrument just before this one in time."""
        rows = self.query(
            f"SELECT {_RATING_SELECT} FROM ratings WHERE instrument = ? AND id != ? "
            "AND (day < ? OR (day = ? AND (taken_at < ? OR (taken_at = ? AND id < ?)))) "
            "ORDER BY day DESC, taken_at DESC, id DESC LIMIT 1",
            [
                rating.instrument,
                rating.id,
                rating.day.isoformat(),
                rating.day.isoformat(),
                rating.taken_at,
                rating.taken_at,
                rating.id,
            ],
        )
        return Rating.from_columns(rows[0]) if rows else None

    def update_rating(self, rating_id: int, changes: dict[str, Any]) -> Rating:
        """Apply column changes (answers as q1..q7) and recompute the total."""
        current = self.rating(rating_id)
        if not changes:
            return current
        answers = [
            changes.get(key, old) for key, old in zip(ITEM_KEYS, current.answers, strict=True)
        ]
        changes = {**changes, "total": total(answers)}
        assignments = ", ".join(f"{column} = ?" for column in changes)
        with self.transaction():
            self.conn.execute(
                f"UPDATE ratings SET {assignments} WHERE id = ?", [*changes.values(), rating_id]
            )
        return self.rating(rating_id)

    def delete_rating(self, rating_id: int) -> None:
        self.rating(rating_id)
        with self.transaction():
            self.conn.execute("DELETE FROM ratings WHERE id = ?", [rating_id])

    # -- sessions ------------------------------------------------------------

    def add_session(self, values: dict[str, Any]) -> Session:
        row = {"uid": str(uuid.uuid4()), **values}
        with self.transaction():
            rowid = self._insert("sessions", row)
        return self.session(rowid)

    def session(self, session_id: int) -> Session:
        rows = self.query(
            f"SELECT {_SESSION_SELECT} FROM sessions WHERE id = ?", [_id_or_none(session_id)]
        )
        if not rows:
            raise NotFoundError(
                f"No session has id {session_id}: 'anxlog session list' lists the ids."
            )
        return Session.from_columns(rows[0])

    def sessions(self, *, since: date | None = None, until: date | None = None) -> list[Session]:
        """Sessions in treatment order: by day, then time (untimed first), then id."""
        where, params = _range_filter(since, until)
        sql = f"SELECT {_SESSION_SELECT} FROM sessions"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY day, time IS NOT NULL, time, id"
        return list(map(Session.from_columns, self.query(sql, params)))

    def first_session_day(self) -> date | None:
        [(first,)] = self.query("SELECT min(day) FROM sessions")
        return None if first is None else date.fromisoformat(first)

    def session_order(self) -> dict[int, int]:
        """Each session's id -> its 1-based place in the whole treatment history."""
        return {session.id: number for number, session in enumerate(self.sessions(), 1)}

    def update_session(self, session_id: int, changes: dict[str, Any]) -> Session:
        self.session(session_id)
        if changes:
            assignments = ", ".join(f"{column} = ?" for column in changes)
            with self.transaction():
                self.conn.execute(
                    f"UPDATE sessions SET {assignments} WHERE id = ?",
                    [*changes.values(), session_id],
                )
        return self.session(session_id)

    def delete_session(self, session_id: int) -> None:
        self.session(session_id)
        with self.transaction():
            self.conn.execute("DELETE FROM sessions WHERE id = ?", [session_id])

    # -- events (other changes: medication, therapy, …) -------------------------

    def add_event(self, day: date, text: str) -> Event:
        row = {"uid": str(uuid.uuid4()), "day": day.isoformat(), "text": text}
        with self.transaction():
            rowid = self._insert("events", row)
        return self.event(rowid)

    def event(self, event_id: int) -> Event:
        rows = self.query(
            f"SELECT {_EVENT_SELECT} FROM events WHERE id = ?", [_id_or_none(event_id)]
        )
        if not rows:
            raise NotFoundError(f"No event has id {event_id}: 'anxlog event list' lists the ids.")
        return Event.from_columns(rows[0])

    def events(self, *, since: date | None = None, until: date | None = None) -> list[Event]:
        """Events by day, then in the order they were entered."""
        where, params = _range_filter(since, until)
        sql = f"SELECT {_EVENT_SELECT} FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY day, id"
        return list(map(Event.from_columns, self.query(sql, params)))

    def update_event(self, event_id: int, changes: dict[str, Any]) -> Event:
        self.event(event_id)
        if changes:
            assignments = ", ".join(f"{column} = ?" for column in changes)
            with self.transaction():
                self.conn.execute(
                    f"UPDATE events SET {assignments} WHERE id = ?", [*changes.values(), event_id]
                )
        return self.event(event_id)

    def delete_event(self, event_id: int) -> None:
        self.event(event_id)
        with self.transaction():
            self.conn.execute("DELETE FROM events WHERE id = ?", [event_id])

    # -- settings and bulk import ------------------------------------------------

    def meta(self, key: str) -> str | None:
        rows = self.query("SELECT value FROM meta WHERE key = ?", [key])
        return str(rows[0][0]) if rows else None

    def meta_default(self, key: str, make: Callable[[], str]) -> str:
        """The stored value of ``key``, storing ``make()`` first when there is none."""
        value = self.meta(key)
        if value is None:
            with self.transaction():
                self.conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", [key, make()]
                )
            value = self.meta(key)
            assert value is not None
        return value

    def existing_uids(self, table: str, uids: Sequence[str]) -> set[str]:
        assert table in IMPORTED_TABLES
        found: set[str] = set()
        chunk = 500
        for start in range(0, len(uids), chunk):
            part = list(uids[start : start + chunk])
            marks = ", ".join("?" for _ in part)
            found.update(
                row[0]
                for row in self.query(f"SELECT uid FROM {table} WHERE uid IN ({marks})", part)
            )
        return found

    def ids(self, table: str) -> set[int]:
        """Every id in use in one of the imported tables."""
        assert table in IMPORTED_TABLES
        return {row[0] for row in self.query(f"SELECT id FROM {table}")}

    def insert_rows(self, table: str, rows: Sequence[dict[str, Any]]) -> int:
        """Insert complete rows (uid included) in ONE transaction: all or nothing."""
        assert table in IMPORTED_TABLES
        if not rows:
            return 0
        columns = list(dict.fromkeys(column for row in rows for column in row))
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        )
        with self.transaction():
            self.conn.executemany(sql, [[row.get(c) for c in columns] for row in rows])
        return len(rows)


_RATING_SELECT = ", ".join(RATING_COLUMNS)
_SESSION_SELECT = ", ".join(SESSION_COLUMNS)
_EVENT_SELECT = ", ".join(Event._fields)


def _ratings_sql(
    instrument: str | None, since: date | None, until: date | None, order: str
) -> tuple[str, list[Any]]:
    """The query of ratings in time order (ASC) or latest first (DESC)."""
    where, params = _range_filter(since, until)
    if instrument is not None:
        where.append("instrument = ?")
        params.append(instrument)
    sql = f"SELECT {_RATING_SELECT} FROM ratings"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY day {order}, taken_at {order}, id {order}"
    return sql, params


def _id_or_none(record_id: int) -> int | None:
    """An id SQLite can compare; one outside its integers matches nothing."""
    return record_id if -LARGEST_ID <= record_id <= LARGEST_ID else None


def _range_filter(since: date | None, until: date | None) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if since is not None:
        where.append("day >= ?")
        params.append(since.isoformat())
    if until is not None:
        where.append("day <= ?")
        params.append(until.isoformat())
    return where, params
