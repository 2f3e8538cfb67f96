"""The ratings export's CSV lines, joined by SQLite itself.

Turning 36,500 rows (100 years) into Python objects and back into CSV cells costs
~4x the floor of bench/run.py; letting SQLite join the cells costs a fraction. That
is right only for *plain* rows, whose every text cell starts with an ASCII letter or
digit and holds no comma, quote or line break: such a cell needs neither CSV quoting
nor formula neutralisation (exchange/csvfile), so it is written as it is. The query
checks the first characters, the exporter the rest; any other row is written cell by
cell by the csv module. A property test holds both ways to the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from ..instrument import BANDS
from .opening import OpenFile
from .store import RATING_COLUMNS

_BAND = "CASE {} END".format(
    " ".join(f"WHEN total BETWEEN {low} AND {high} THEN '{name}'" for low, high, name in BANDS)
)
# backfilled: recorded on a later calendar day than the day it is about (records.Rating)
_BACKFILLED = "CASE WHEN substr(recorded_at, 1, 10) > day THEN 'true' ELSE 'false' END"
DERIVED = {"band": _BAND, "backfilled": _BACKFILLED}  # cells computed from the row
STORED = frozenset(RATING_COLUMNS.split(", "))  # the stored columns of a rating
# the free-text cells start with an ASCII letter or digit (or the note is empty) and hold
# no NUL, where printf's %s would cut them short
_PLAIN_START = " AND ".join(
    [
        *(
            f"{column} GLOB :start AND instr({column}, char(0)) = 0"
            for column in ("uid", "taken_at", "recorded_at")
        ),
        "(note IS NULL OR (note GLOB :start AND instr(note, char(0)) = 0))",
    ]
)


def rating_lines(
    store: OpenFile,
    cells: Sequence[str],
    *,
    instrument: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Iterator[tuple[str | None, int, int]]:
    """Each rating in time order: (line, id, day number).

    ``line`` holds the ``cells`` (names of STORED columns or DERIVED cells) joined by
    commas, or None when a free-text cell does not start with an ASCII letter or digit
    or holds a NUL; the caller still looks for commas, quotes and line breaks in it.
    The day number counts days (a Julian day number), so the difference of two is the
    days between them.
    """
    unknown = [cell for cell in cells if cell not in STORED and cell not in DERIVED]
    if unknown:
        raise ValueError(f"not a cell of a rating: {unknown}")
    expressions = [DERIVED.get(cell, cell) for cell in cells]
    line = "printf('{}', {})".format(",".join("%s" for _ in cells), ", ".join(expressions))
    where = ["1"]
    params: dict[str, str] = {"start": "[0-9A-Za-z]*"}
    if instrument is not None:
        where.append("instrument = :instrument")
        params["instrument"] = instrument
    if since is not None:
        where.append("day >= :since")
        params["since"] = since.isoformat()
    if until is not None:
        where.append("day <= :until")
        params["until"] = until.isoformat()
    sql = (
        f"SELECT CASE WHEN {_PLAIN_START} THEN {line} END, id, "
        f"CAST(julianday(day) AS INTEGER) FROM ratings WHERE {' AND '.join(where)} "
        "ORDER BY day, taken_at, id"
    )
    cursor = store.conn.cursor()
    cursor.row_factory = None
    return cursor.execute(sql, params)  # rows as they come: 100 years never held twice


def day_number(day: date) -> int:
    """The day number that rating_lines gives for ``day``."""
    return day.toordinal() + _JULIAN_OFFSET


_JULIAN_OFFSET = 1721424  # CAST(julianday('0001-01-01') AS INTEGER) - date(1, 1, 1).toordinal()
