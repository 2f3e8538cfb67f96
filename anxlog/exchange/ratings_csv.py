"""`export ratings` as CSV, fast: SQLite joins the cells of plain rows (storage/csv_lines).

The bytes are the very ones ``csvfile.to_csv(RATINGS_COLUMNS, ratings_rows(...))``
gives; a test holds the two to that.
"""

from __future__ import annotations

from datetime import date

from ..records import Rating
from ..storage import Store
from ..storage.csv_lines import day_number, rating_lines
from .csvfile import BOM, to_csv
from .tables import RATINGS_COLUMNS, SessionCalendar, ratings_rows

LINE_END = "\r\n"  # the csv module's excel dialect
HEADER = ",".join(RATINGS_COLUMNS)
COMMAS = HEADER.count(",")  # in every line none of whose cells holds a comma


def ratings_csv(
    store: Store,
    *,
    instrument: str | None = None,
    since: date | None = None,
    until: date | None = None,
    excel: bool = False,
) -> tuple[bytes, int]:
    """The CSV bytes of the ratings export and its number of rows."""
    sessions = store.sessions()  # all of them: numbers count over the whole history
    session_days = [day_number(session.day) for session in sessions]
    rows = rating_lines(store, instrument=instrument, since=since, until=until)
    lines = []
    unwritten = 0  # rows with a cell that SQLite did not write
    after = 0  # sessions on or before the current row's day: the latest one's number
    for line, _, day in rows:
        while after < len(session_days) and session_days[after] <= day:
            after += 1
        if line is None:
            lines.append("")  # written by the csv module below
            unwritten += 1
        elif after:
            lines.append(f"{line},{after},{day - session_days[after - 1]}")
        else:
            lines.append(f"{line},,")
    body = LINE_END.join(lines)
    # one look at the whole text: no cell holds a comma, quote or line break (the usual
    # case), or else the rows that do (and the rows without a line) go to the csv module
    if (
        unwritten
        or body.count(",") != COMMAS * len(lines)
        or '"' in body
        or body.count("\n") != max(len(lines) - 1, 0)
        or body.count("\r") != max(len(lines) - 1, 0)
    ):
        calendar = SessionCalendar(sessions)
        lines = [
            _written_by_csv(store.rating(rating_id), calendar) if _special(line) else line
            for line, (_, rating_id, _) in zip(lines, rows, strict=True)
        ]
        body = LINE_END.join(lines)
    text = HEADER + LINE_END + (body + LINE_END if lines else "")
    return ((BOM if excel else "") + text).encode("utf-8"), len(lines)


def _special(line: str) -> bool:
    return line.count(",") != COMMAS or '"' in line or "\n" in line or "\r" in line


def _written_by_csv(rating: Rating, calendar: SessionCalendar) -> str:
    """One rating's row as the csv module writes it, without the line end."""
    text = to_csv(RATINGS_COLUMNS, ratings_rows([rating], calendar)).decode("utf-8")
    return text.split(LINE_END, 1)[1][: -len(LINE_END)]  # after the header line
