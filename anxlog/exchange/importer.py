"""Reading anxlog's own ratings, sessions or events export back in: validated, idempotent,
all or nothing.

The whole file is read and every row checked before the database is touched; the first
bad row stops the import with "row N, column C: what is wrong; what is accepted".
A row whose uid is already in the database is skipped, so importing a file twice adds
nothing. A row keeps its ``id`` when that id is free (always, in an empty database, so
export → import → export gives identical files); otherwise it gets a new one. Derived
columns (order, band, backfilled, session_id, days_since_session, and number and
session_number of older exports) are ignored. A sessions export made before sessions had
tolerability columns is read as having none.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .. import dates, numbers
from ..errors import AnxlogError, InputError
from ..instrument import GAD7, INSTRUMENTS, ITEM_KEYS
from ..records import RATING_COLUMNS, SESSION_COLUMNS, TOLERABILITY_COLUMNS, UNITS
from . import import_context
from .csvfile import read_table, restore

if TYPE_CHECKING:
    from ..storage import Store

# the stored columns a file must give; the id is optional (a new one when it is taken), and
# so is tolerability (exports made before sessions had it)
RATING_FIELDS = tuple(column for column in RATING_COLUMNS if column != "id")
SESSION_FIELDS = tuple(
    column for column in SESSION_COLUMNS if column != "id" and column not in TOLERABILITY_COLUMNS
)
FIELDS = {
    "ratings": RATING_FIELDS,
    "sessions": SESSION_FIELDS,
    "events": import_context.EVENT_FIELDS,
}

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INSTANT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})"
)
_CLOCK = re.compile(r"([0-9]{2}):([0-9]{2})")

ANSWER = "an answer is a whole number 0, 1, 2 or 3"
DAY = "a day is written YYYY-MM-DD"
INSTANT = "write ISO 8601 with seconds and a UTC offset, e.g. 2026-11-20T21:30:00+01:00"
TAKEN = INSTANT + ", or the date alone when the time is not known"


@dataclass(frozen=True)
class ImportFile:
    """A validated export: which table, and its rows as the database stores them."""

    table: str  # "ratings", "sessions" or "events"
    rows: list[dict[str, Any]]  # "id" is None when the file gives none


@dataclass(frozen=True)
class ImportPlan:
    table: str
    rows: list[dict[str, Any]]  # the rows to add, ready for Store.insert_rows
    skipped: int  # rows whose uid is already in the database


def read_import_file(path: Path) -> bytes:
    if path.is_dir():
        raise InputError(f"{path} is a directory: give the CSV or JSON file to import.")
    if not path.exists():
        raise InputError(f"{path} does not exist: give the CSV or JSON file to import.")
    try:
        return path.read_bytes()
    except OSError as error:
        raise AnxlogError(f"Cannot read {path}: {error.strerror}.") from None


def detect_table(columns: Sequence[str], source: str) -> str:
    """ratings, sessions or events, from the column names of the header (CSV) or first row
    (JSON)."""
    names = set(columns)
    if names & {"instrument", "taken_at", "total", *ITEM_KEYS}:
        return "ratings"
    if names & {"kind", "dose", "course"}:
        return "sessions"
    if "text" in names:
        return "events"
    if names & {"n_ratings", "trailing_mean", "value"}:
        raise AnxlogError(
            f"{source} is a daily export, which is computed from ratings: import the file "
            "written by 'anxlog export ratings' instead."
        )
    raise AnxlogError(
        f"{source} is not an anxlog ratings, sessions or events export: its first row names "
        f"none of their columns (a ratings export has {', '.join(RATING_FIELDS)}; a sessions "
        f"export has {', '.join(SESSION_FIELDS)}; an events export has "
        f"{', '.join(import_context.EVENT_FIELDS)})."
    )


def parse_import(data: bytes, source: str) -> ImportFile:
    """Read and fully validate an import file; raises on the first bad row."""

    def check_header(columns: tuple[str, ...], form: str) -> None:
        table = detect_table(columns, source)
        missing = [name for name in FIELDS[table] if name not in columns]
        if form == "csv" and missing:
            raise AnxlogError(
                f"row 1 (the header): the column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)} {'are' if len(missing) > 1 else 'is'} missing; "
                f"{_a(table)} export has the columns {', '.join(FIELDS[table])}."
            )

    raw = read_table(data, source, check_header)
    if not raw.rows and raw.format == "json":
        return ImportFile("ratings", [])  # "[]": an empty export of either table
    table = detect_table(raw.columns, source)
    fields = FIELDS[table]
    check = CHECKS[table]
    rows: list[dict[str, Any]] = []
    first_row_of_uid: dict[str, int] = {}
    for number, values in raw.rows:
        cells = _Cells(number, values, from_csv=raw.format == "csv")
        missing = [name for name in fields if name not in values]
        if missing:
            raise AnxlogError(
                f"row {number}: the key{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"{'are' if len(missing) > 1 else 'is'} missing; {_a(table)} row has the keys "
                f"{', '.join(fields)}."
            )
        row = check(cells)
        if row["uid"] in first_row_of_uid:
            cells.fail(
                "uid",
                f"{row['uid']!r} is already used by row {first_row_of_uid[row['uid']]}",
                "each row needs its own uid",
            )
        first_row_of_uid[row["uid"]] = number
        rows.append(row)
    return ImportFile(table, rows)


def plan_import(store: Store, parsed: ImportFile) -> ImportPlan:
    """Which rows are new (by uid), and which keep the id they had."""
    existing = store.existing_uids(parsed.table, [row["uid"] for row in parsed.rows])
    new_rows = [row for row in parsed.rows if row["uid"] not in existing]
    used_ids = store.ids(parsed.table)
    keeping: list[dict[str, Any]] = []
    renumbered: list[dict[str, Any]] = []
    for row in new_rows:
        row_id = row["id"]
        if row_id is not None and row_id not in used_ids:
            used_ids.add(row_id)
            keeping.append(row)
        else:
            renumbered.append({**row, "id": None})  # NULL: SQLite gives the next free id
    # rows keeping their id go in first, so a new id (max + 1) can never collide with one
    return ImportPlan(parsed.table, keeping + renumbered, len(parsed.rows) - len(new_rows))


def _a(table: str) -> str:
    return f"an {table}" if table.startswith("event") else f"a {table}"


# -- one row -------------------------------------------------------------------


def _show(value: object) -> str:
    """A cell's value as an error quotes it: text in quotes, numbers as they are; clipped."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "…"


class _Cells:
    """One row's values, read column by column with errors that name row and column."""

    def __init__(self, number: int, values: dict[str, object], *, from_csv: bool) -> None:
        self.number = number
        self.values = values
        self.from_csv = from_csv

    def fail(self, column: str, problem: str, accepted: str) -> NoReturn:
        raise AnxlogError(f"row {self.number}, column {column}: {problem}; {accepted}.")

    def raw(self, column: str) -> object:
        """The value, None when missing (CSV: an empty cell; JSON: null or absent)."""
        value = self.values.get(column)
        if self.from_csv and value == "":
            return None
        return value

    def text(self, column: str, accepted: str, *, required: bool = False) -> str | None:
        value = self.raw(column)
        if value is None:
            if required:
                self.fail(column, "empty", accepted)
            return None
        if not isinstance(value, str):
            # the value itself is not repeated: it may be a private note
            self.fail(column, f"a {type(value).__name__} is not text", accepted)
        text = restore(value) if self.from_csv else value
        if required and not text.strip():
            self.fail(column, "blank", accepted)
        if required and "\x00" in text:
            # SQLite's length() stops at NUL, so the table's CHECK (length > 0) could not hold
            self.fail(column, "holds a NUL character", accepted)
        return text

    def whole(self, column: str, low: int, high: int, accepted: str) -> int | None:
        value = self.raw(column)
        if value is None:
            return None
        if isinstance(value, str) and numbers.WHOLE.fullmatch(value.strip()):
            number = numbers.whole(value, low, high)  # never int() of a huge digit string
        elif isinstance(value, int) and not isinstance(value, bool):
            number = value if low <= value <= high else None
        else:  # JSON's NaN and Infinity are floats: not whole numbers either
            self.fail(column, f"{_show(value)} is not a whole number", accepted)
        if number is None:
            digits = str(value).strip()  # as written, clipped: it may be thousands long
            shown = digits if len(digits) <= 20 else digits[:17] + "…"
            self.fail(column, f"{shown} is out of range", accepted)
        return number

    def required_whole(self, column: str, low: int, high: int, accepted: str) -> int:
        number = self.whole(column, low, high, accepted)
        if number is None:
            self.fail(column, "empty", accepted)
        return number

    def matching(
        self, column: str, pattern: re.Pattern[str], what: str, accepted: str
    ) -> str | None:
        value = self.raw(column)
        if value is None:
            return None
        if not isinstance(value, str) or not pattern.fullmatch(value):
            self.fail(column, f"{_show(value)} is not {what}", accepted)
        return value

    def day(self, column: str) -> str:
        text = self.matching(column, _DAY, "a date", DAY)
        if text is None:
            self.fail(column, "empty", DAY)
        try:
            day = date.fromisoformat(text)
        except ValueError:
            self.fail(column, f"{text!r} is not a real calendar date", DAY)
        if day < dates.EARLIEST:
            self.fail(
                column, f"{text} is too long ago", f"give a date from {dates.EARLIEST.year} on"
            )
        # one day of slack: the file may come from a machine in a time zone ahead of this one
        if day > dates.today() + timedelta(days=1):
            self.fail(column, f"{text} is in the future", "give today or an earlier date")
        return text

    def instant(self, column: str) -> str:
        text = self.matching(column, _INSTANT, "a date and time", INSTANT)
        if text is None:
            self.fail(column, "empty", INSTANT)
        try:
            datetime.fromisoformat(text)
        except ValueError:
            self.fail(column, f"{text!r} is not a real date and time", INSTANT)
        return text

    def taken(self, column: str) -> str:
        """An instant, or the date alone: a rating whose time is not known (dates.taken_at)."""
        value = self.raw(column)
        if isinstance(value, str) and _DAY.fullmatch(value):
            try:
                date.fromisoformat(value)
            except ValueError:
                self.fail(column, f"{value!r} is not a real calendar date", TAKEN)
            return value
        if value is not None and not (isinstance(value, str) and _INSTANT.fullmatch(value)):
            self.fail(column, f"{_show(value)} is not a date and time", TAKEN)
        return self.instant(column)

    def choice(self, column: str, options: Sequence[str]) -> str | None:
        accepted = f"use {' or '.join(options)}"
        value = self.raw(column)
        if value is None:
            return None
        if value not in options:
            self.fail(column, f"{_show(value)} is not known", accepted)
        assert isinstance(value, str)
        return value

    def row_id(self) -> int | None:
        accepted = "an id is a whole number of 1 or more, or empty"
        return self.whole("id", 1, numbers.LARGEST_ID, accepted)


def _rating(cells: _Cells) -> dict[str, Any]:
    uid = cells.text("uid", "every row needs the uid anxlog gave it", required=True)
    instrument = cells.choice("instrument", INSTRUMENTS)
    if instrument is None:
        cells.fail("instrument", "empty", f"use {' or '.join(INSTRUMENTS)}")
    row: dict[str, Any] = {
        "id": cells.row_id(),
        "uid": uid,
        "instrument": instrument,
        "day": cells.day("day"),
        "taken_at": cells.taken("taken_at"),
        "recorded_at": cells.instant("recorded_at"),
    }
    answers = [cells.required_whole(key, 0, 3, ANSWER) for key in ITEM_KEYS]
    row.update(zip(ITEM_KEYS, answers, strict=True))
    total = cells.required_whole("total", 0, 21, "the total is the sum of q1 to q7, 0 to 21")
    if total != sum(answers):
        cells.fail(
            "total",
            f"{total} does not match the answers, which add up to {sum(answers)}",
            "the total must be the sum of q1 to q7",
        )
    row["total"] = total
    difficulty = cells.whole("difficulty", 0, 3, "the difficulty item is 0, 1, 2 or 3, or empty")
    if difficulty is not None and instrument != GAD7:
        cells.fail(
            "difficulty",
            f"{difficulty} given for a daily check-in",
            "only gad7 ratings have the difficulty item; leave it empty",
        )
    row["difficulty"] = difficulty
    row["note"] = cells.text("note", "a note is text, or empty")
    return row


def _session(cells: _Cells) -> dict[str, Any]:
    uid = cells.text("uid", "every row needs the uid anxlog gave it", required=True)
    day = cells.day("day")
    clock = cells.matching("time", _CLOCK, "a time", "a time is HH:MM, 00:00 to 23:59, or empty")
    if clock is not None and (int(clock[:2]) > 23 or int(clock[3:]) > 59):
        cells.fail("time", f"{clock!r} is not a time of day", "a time is HH:MM, 00:00 to 23:59")
    kind = cells.text("kind", "name the kind of session, e.g. ketamine-iv", required=True)
    dose = _dose(cells)
    unit = cells.choice("unit", UNITS)
    if dose is not None and unit is None:
        cells.fail("unit", f"empty while the dose is {dose:g}", "give mg or mg/kg with a dose")
    if unit is not None and dose is None:
        cells.fail("dose", f"empty while the unit is {unit}", "give a dose greater than 0")
    return {
        "id": cells.row_id(),
        "uid": uid,
        "day": day,
        "time": clock,
        "kind": kind,
        "dose": dose,
        "unit": unit,
        "course": cells.text("course", "a course is text, or empty"),
        "note": cells.text("note", "a note is text, or empty"),
        **import_context.tolerability(cells),
    }


CHECKS: dict[str, Callable[[_Cells], dict[str, Any]]] = {
    "ratings": _rating,
    "sessions": _session,
    "events": import_context.event,
}


def _dose(cells: _Cells) -> float | None:
    accepted = "a dose is a number greater than 0, such as 35 or 0.5, or empty"
    value = cells.raw("dose")
    if value is None:
        return None
    if isinstance(value, str) and numbers.DECIMAL.fullmatch(value.strip()):
        dose = numbers.decimal(value, 0, math.inf)  # the rule of 'session add --dose'
    elif isinstance(value, int | float) and not isinstance(value, bool):
        # JSON's own numbers: NaN, Infinity and 1e999 are floats that no dose is, nor is
        # an integer too large for a float
        dose = float(value) if abs(value) <= sys.float_info.max else None
    else:
        cells.fail("dose", f"{_show(value)} is not a number", accepted)
    if dose is None or dose <= 0:
        cells.fail("dose", f"{_show(value)} is not accepted", accepted)
    return dose
