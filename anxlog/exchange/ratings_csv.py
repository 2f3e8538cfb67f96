"""`export ratings` as CSV, fast: SQLite joins the cells of plain rows (storage/csv_lines).

The bytes are the very ones ``csvfile.to_csv(RATINGS_COLUMNS, ratings_rows(...))``
gives; a test holds the two to that.
"""

from __future__ import annotations

from datetime import date

from ..records import Rating
from ..storage import Store
from ..storage.csv_lines import day_number, rating_lines
from .tables import RATINGS_COLUMNS, SessionCalendar, ratings_rows

LINE_END = "\r\n"  # the csv module's excel dialect
HEADER = ",".join(RATINGS_COLUMNS)
# SQLite writes the cells up to backfilled; the two session columns, last, are added here
SQL_CELLS = RATINGS_COLUMNS[: RATINGS_COLUMNS.index("session_number")]
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
    rows = rating_lines(store, SQL_CELLS, instrument=instrument, since=since, until=until)
    lines: list[str] = []
    ids: list[int] = []
    unwritten = 0  # rows with a cell that SQLite did not write
    after = 0  # sessions on or before the current row's day: the latest one's number
    for line, rating_id, day in rows:
        ids.append(rating_id)
        while after < len(session_days) and session_days[after] <= day:
            after += 1
        if line is None:
            lines.append("")  # written by the csv module below
            unwritten += 1
        elif after:
            lines.append(f"{line},{after},{day - session_days[after - 1]}")
        else:
            lines.append(f"{line},,")
    # one look at the whole text: no cell holds a comma, quote or line break (the usual
    # case), or else the rows that do (and the rows without a line) go to the csv module
    text = LINE_END.join([HEADER, *lines, ""])
    breaks = len(lines) + 1  # one after each line, the header's included
    if (
        unwritten
        or text.count(",") != COMMAS * breaks
        or '"' in text
        or text.count("\n") != breaks
        or text.count("\r") != breaks
    ):
        calendar = SessionCalendar(sessions)
        lines = [
            _written_by_csv(store.rating(rating_id), calendar) if _special(line) else line
            for line, rating_id in zip(lines, ids, strict=True)
        ]
        text = LINE_END.join([HEADER, *lines, ""])
    count = len(lines)
    del lines, ids  # 100 years of lines: let them go before the bytes are made
    # the BOM is added as bytes: in the str it would make Python widen all of the text
    # to 2 bytes a character first, which makes encoding 100 years ~10x slower
    data = text.encode("utf-8")
    if not excel:
        return data, count
    from .csvfile import BOM  # here: plain rows never need the csv module

    return BOM.encode("utf-8") + data, count


def _special(line: str) -> bool:
    return line.count(",") != COMMAS or '"' in line or "\n" in line or "\r" in line


def _written_by_csv(rating: Rating, calendar: SessionCalendar) -> str:
    """One rating's row as the csv module writes it, without the line end."""
    from .csvfile import to_csv

    text = to_csv(RATINGS_COLUMNS, ratings_rows([rating], calendar)).decode("utf-8")
    return text.split(LINE_END, 1)[1][: -len(LINE_END)]  # after the header line
