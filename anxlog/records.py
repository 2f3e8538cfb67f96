"""What anxlog stores: a rating and a session, as plain values (no I/O)."""

from __future__ import annotations

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
    difficulty: int | None
    total: int
    note: str | None

    @property
    def backfilled(self) -> bool:
        """Recorded on a later calendar day than the day it is about."""
        return self.recorded_at[:10] > self.day.isoformat()

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
    def from_row(cls, row: dict[str, Any]) -> Rating:
        return cls(
            id=row["id"],
            uid=row["uid"],
            instrument=row["instrument"],
            day=date.fromisoformat(row["day"]),
            taken_at=row["taken_at"],
            recorded_at=row["recorded_at"],
            answers=tuple(row[key] for key in ITEM_KEYS),
            difficulty=row["difficulty"],
            total=row["total"],
            note=row["note"],
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
        return {
            "id": self.id,
            "uid": self.uid,
            "day": self.day.isoformat(),
            "time": self.time,
            "kind": self.kind,
            "dose": self.dose,
            "unit": self.unit,
            "course": self.course,
            "note": self.note,
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Session:
        return cls(
            id=row["id"],
            uid=row["uid"],
            day=date.fromisoformat(row["day"]),
            time=row["time"],
            kind=row["kind"],
            dose=row["dose"],
            unit=row["unit"],
            course=row["course"],
            note=row["note"],
        )

    def dose_text(self) -> str:
        if self.dose is None:
            return ""
        return f"{self.dose:g} {self.unit}"
