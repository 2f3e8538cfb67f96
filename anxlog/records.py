"""What anxlog stores: a rating and a session, as plain values (no I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from .instrument import ITEM_KEYS

UNITS = ("mg", "mg/kg")
SUGGESTED_KINDS = (
    "ketamine-iv",
    "ketamine-im",
    "ketamine-sc",
    "ketamine-oral",
    "ketamine-sublingual",
    "esketamine-nasal",
    "other",
)


# A rating's stored columns, in the order the ratings export and import use them; Rating
# holds the same values in the same order, with q1–q7 as one tuple of answers.
RATING_COLUMNS = (
    "id",
    "uid",
    "instrument",
    "day",
    "taken_at",
    "recorded_at",
    *ITEM_KEYS,
    "total",
    "difficulty",
    "note",
)


def is_backfilled(day: str, recorded_at: str) -> bool:
    """Recorded on a later calendar day than the day it is about (both ISO 8601 text)."""
    return recorded_at[:10] > day


class Rating(NamedTuple):
    """One rating. A NamedTuple (immutable, like a frozen dataclass) because exports
    build tens of thousands of them and a frozen dataclass costs ~5x more to create."""

    id: int
    uid: str
    instrument: str
    day: date
    taken_at: str
    recorded_at: str
    answers: tuple[int, ...]
    total: int
    difficulty: int | None
    note: str | None

    @property
    def backfilled(self) -> bool:
        return is_backfilled(self.day.isoformat(), self.recorded_at)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uid": self.uid,
            "instrument": self.instrument,
            "day": self.day.isoformat(),
            "taken_at": self.taken_at,
            "recorded_at": self.recorded_at,
            "answers": list(self.answers),
            "difficulty": self.difficulty,
            "total": self.total,
            "note": self.note,
        }

    @classmethod
    def from_columns(cls, row: Sequence[Any]) -> Rating:
        """A Rating from the values of RATING_COLUMNS, in that order."""
        return cls(
            row[0],
            row[1],
            row[2],
            date.fromisoformat(row[3]),
            row[4],
            row[5],
            tuple(row[6:13]),
            row[13],
            row[14],
            row[15],
        )


class Session(NamedTuple):
    """One logged treatment session."""

    id: int
    uid: str
    day: date
    time: str | None
    kind: str
    dose: float | None
    unit: str | None
    course: str | None
    note: str | None

    def to_json(self) -> dict[str, Any]:
        return {**self._asdict(), "day": self.day.isoformat()}  # day keeps its place

    @classmethod
    def from_columns(cls, row: Sequence[Any]) -> Session:
        """A Session from the values of SESSION_COLUMNS, in that order."""
        return cls(row[0], row[1], date.fromisoformat(row[2]), *row[3:])

    def dose_text(self) -> str:
        if self.dose is None:
            return ""
        return f"{self.dose:g} {self.unit}"


SESSION_COLUMNS = Session._fields  # a session's stored columns, in export and import order
