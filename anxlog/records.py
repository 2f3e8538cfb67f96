"""What anxlog stores: a rating, a session (with how it was tolerated) and an event, as
plain values (no I/O)."""

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


# How a session was tolerated: anxlog's own simple self-rated items, not a validated scale
# (docs/commands.md, "Tolerability").
LEVELS = ("none", "mild", "moderate", "severe")  # dissociation and nausea, 0-3
SYSTOLIC = (60, 260)  # plausible blood pressures in mmHg; outside them is a typo
DIASTOLIC = (30, 160)


class BloodPressure(NamedTuple):
    """One blood pressure reading in mmHg (systolic above diastolic)."""

    systolic: int
    diastolic: int

    def __str__(self) -> str:
        return f"{self.systolic}/{self.diastolic}"

    def to_json(self) -> dict[str, int]:
        return {"systolic": self.systolic, "diastolic": self.diastolic}


def _pressure(systolic: int | None, diastolic: int | None) -> BloodPressure | None:
    return None if systolic is None or diastolic is None else BloodPressure(systolic, diastolic)


class Tolerability(NamedTuple):
    """How a session was tolerated; every part is optional."""

    dissociation: int | None = None  # 0-3, see LEVELS
    nausea: int | None = None  # 0-3
    bp_before: BloodPressure | None = None
    bp_after: BloodPressure | None = None

    @property
    def empty(self) -> bool:
        return self == NOT_RECORDED

    def felt(self) -> str:
        """Dissociation and nausea in a few characters, e.g. 'D2 N1' ('' when neither)."""
        parts = [
            f"{letter}{level}"
            for letter, level in (("D", self.dissociation), ("N", self.nausea))
            if level is not None
        ]
        return " ".join(parts)

    def pressures(self) -> str:
        """Blood pressure before → after, e.g. '128/82 → 141/90' ('' when neither)."""
        if self.bp_before is None and self.bp_after is None:
            return ""
        before = str(self.bp_before) if self.bp_before else "–"
        after = str(self.bp_after) if self.bp_after else "–"
        return f"{before} → {after}"

    def summary(self) -> str:
        """Everything in one short line, e.g. 'D2 N1 BP 128/82 → 141/90'."""
        pressures = self.pressures()
        return " ".join(part for part in (self.felt(), pressures and f"BP {pressures}") if part)

    def to_json(self) -> dict[str, Any]:
        return {
            "dissociation": self.dissociation,
            "nausea": self.nausea,
            "bp_before": self.bp_before.to_json() if self.bp_before else None,
            "bp_after": self.bp_after.to_json() if self.bp_after else None,
        }

    def to_columns(self) -> dict[str, int | None]:
        """The stored columns, in TOLERABILITY_COLUMNS order."""
        before, after = self.bp_before, self.bp_after
        return {
            "dissociation": self.dissociation,
            "nausea": self.nausea,
            "bp_before_systolic": before.systolic if before else None,
            "bp_before_diastolic": before.diastolic if before else None,
            "bp_after_systolic": after.systolic if after else None,
            "bp_after_diastolic": after.diastolic if after else None,
        }

    @classmethod
    def from_columns(cls, values: Sequence[int | None]) -> Tolerability:
        """From the stored columns, in TOLERABILITY_COLUMNS order."""
        dissociation, nausea, before_sys, before_dia, after_sys, after_dia = values
        return cls(
            dissociation,
            nausea,
            _pressure(before_sys, before_dia),
            _pressure(after_sys, after_dia),
        )


NOT_RECORDED = Tolerability()
TOLERABILITY_COLUMNS = tuple(NOT_RECORDED.to_columns())


class Session(NamedTuple):
    """One logged treatment session, with how it was tolerated."""

    id: int
    uid: str
    day: date
    time: str | None
    kind: str
    dose: float | None
    unit: str | None
    course: str | None
    note: str | None
    tolerability: Tolerability = NOT_RECORDED

    def to_json(self) -> dict[str, Any]:
        return {
            **self._asdict(),
            "day": self.day.isoformat(),  # day keeps its place
            "tolerability": self.tolerability.to_json(),
        }

    @classmethod
    def from_columns(cls, row: Sequence[Any]) -> Session:
        """A Session from the values of SESSION_COLUMNS, in that order."""
        time, kind, dose, unit, course, note = row[3:9]
        return cls(
            row[0],
            row[1],
            date.fromisoformat(row[2]),
            time,
            kind,
            dose,
            unit,
            course,
            note,
            Tolerability.from_columns(row[9:]),
        )

    def dose_text(self) -> str:
        if self.dose is None:
            return ""
        return f"{self.dose:g} {self.unit}"


# a session's stored columns, in export and import order: its fields, then its tolerability's
SESSION_COLUMNS = (*Session._fields[:-1], *TOLERABILITY_COLUMNS)


class Event(NamedTuple):
    """Another change worth reading the series against (a new medication, therapy, a hard
    month), on the day it happened."""

    id: int
    uid: str
    day: date
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "uid": self.uid, "day": self.day.isoformat(), "text": self.text}

    @classmethod
    def from_columns(cls, row: Sequence[Any]) -> Event:
        """An Event from the values of its stored columns (its fields), in that order."""
        return cls(row[0], row[1], date.fromisoformat(row[2]), row[3])
