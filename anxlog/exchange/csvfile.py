"""CSV and JSON bytes of export rows, and the readers that take them back.

CSV is RFC 4180 as Python's ``csv`` writes it (excel dialect: CRLF line ends, fields
quoted only when needed), UTF-8, with a byte order mark only for ``--excel``.

Formula neutralisation (OWASP "CSV Injection"; ASVS 5.0 1.2.10): a text cell that a
spreadsheet could run as a formula gets a single quote in front. To keep the round trip
exact the rule is reversible: a text is *risky* when, after any leading single quotes,
it starts with = + - @ tab CR LF or NUL, or its first non-blank character is = + - @.
Export adds one quote to every risky text; import removes one quote from every risky
text that starts with a quote. "'=x" is risky too, so it leaves as "''=x" and comes back
as "'=x". Numbers are never touched; JSON is never neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from ..errors import AnxlogError
from .tables import Cell

BOM = "\ufeff"
FORMULA_START = frozenset("=+-@\t\r\n\0")
FORMULA_AFTER_BLANKS = frozenset("=+-@")
HOW_TO_EXPORT = "'anxlog export ratings', 'anxlog export sessions' or 'anxlog export events'"


def _risky(text: str) -> bool:
    core = text.lstrip("'")
    if not core:
        return False
    if core[0] in FORMULA_START:
        return True
    visible = core.lstrip()
    return bool(visible) and visible[0] in FORMULA_AFTER_BLANKS


def neutralise(text: str) -> str:
    """The text as a spreadsheet-safe CSV cell (a leading quote when risky)."""
    return "'" + text if _risky(text) else text


def restore(text: str) -> str:
    """The original of a neutralised cell: ``restore(neutralise(t)) == t`` for every t."""
    return text[1:] if text.startswith("'") and _risky(text) else text


def plain_number(value: int | float) -> str:
    """A number as plain digits: no exponent, no rounding, no grouping (7.25, 0.00001)."""
    if isinstance(value, int):
        return str(value)
    # repr is the shortest text that reads back as the same float; Decimal drops the exponent
    shortest = repr(value)
    if "e" not in shortest:
        return shortest
    from decimal import Decimal  # only for the rare exponent form (1e-05)

    return format(Decimal(shortest), "f")


def _csv_cell(value: Cell) -> Cell:
    """A cell as the csv module should write it: risky text neutralised, booleans as
    true/false, floats as plain digits; None and whole numbers it writes itself."""
    # by exact type, most common first: this runs for every cell of every row
    kind = type(value)
    if kind is str:
        text: str = value  # type: ignore[assignment]
        # a text starting with a letter or digit is never risky (uids, dates, kinds)
        return text if text[:1].isalnum() else neutralise(text)
    if kind is bool:
        return "true" if value else "false"
    if kind is float:
        return plain_number(value)  # type: ignore[arg-type]
    if kind is int or value is None:
        return value
    return neutralise(str(value))


def write_csv(
    out: BinaryIO, columns: Sequence[str], rows: Iterable[Sequence[Cell]], *, excel: bool = False
) -> int:
    """Write the header and each row to ``out`` as they come; returns the number of rows.

    ``out`` is a binary stream (stdout's, or a file): the text is encoded as UTF-8 with
    the csv module's line ends, so a note's line break is written as it is stored."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        if excel:
            text.write(BOM)
        writer = csv.writer(text, dialect="excel")
        writer.writerow(columns)
        cell = _csv_cell
        count = 0
        for row in rows:
            # whole numbers and empty cells as they are: no call for most cells of a row
            writer.writerow([v if type(v) is int or v is None else cell(v) for v in row])
            count += 1
        text.flush()
    finally:
        text.detach()  # the stream stays open: it belongs to the caller
    return count


def to_json(value: object) -> bytes:
    """Plain JSON (UTF-8, one line, one final newline); notes exactly as stored (hidden
    characters such as C1 controls as \\u escapes, which read back as the same text).

    No indent: that keeps json's C encoder, ~10x faster on long histories."""
    import json  # here: the CSV exports never need it

    from ..present.text import json_escaped

    return (json_escaped(json.dumps(value, ensure_ascii=False)) + "\n").encode("utf-8")


# -- reading -------------------------------------------------------------------


@dataclass(frozen=True)
class RawTable:
    """What an import file holds before validation.

    ``rows`` pairs each row's number as errors show it with its values: for CSV the
    row as a spreadsheet numbers it (the header is row 1), for JSON the position in
    the array (the first object is row 1). CSV values are the cell texts with the
    formula neutralisation still on; JSON values are native.
    """

    format: str  # "csv" or "json"
    columns: tuple[str, ...]
    rows: list[tuple[int, dict[str, object]]]


HeaderCheck = Callable[[tuple[str, ...], str], None]


def read_table(data: bytes, source: str, check_header: HeaderCheck) -> RawTable:
    """Detect CSV or JSON from the content and read it into rows.

    ``check_header(columns, format)`` sees the CSV header (or the first JSON row's
    keys) before any row is read, so a file of the wrong kind is named as such.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise AnxlogError(
            f"{source} is not a UTF-8 text file: import reads a CSV or JSON file "
            f"written by {HOW_TO_EXPORT}."
        ) from None
    text = text.removeprefix(BOM)
    start = text.lstrip()
    if not start:
        raise AnxlogError(
            f"{source} is empty: import reads a CSV or JSON file written by {HOW_TO_EXPORT}."
        )
    if start[0] in "[{":
        return _read_json(text, source, check_header)
    return _read_csv(text, source, check_header)


def _read_json(text: str, source: str, check_header: HeaderCheck) -> RawTable:
    import json

    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise AnxlogError(
            f"{source} is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); import reads the array written by {HOW_TO_EXPORT} --format json."
        ) from None
    except (ValueError, RecursionError):
        # a number of thousands of digits, or arrays nested thousands deep
        raise AnxlogError(
            f"{source} is JSON that no anxlog export contains (a huge number or deep nesting); "
            f"import reads the array written by {HOW_TO_EXPORT} --format json."
        ) from None
    if not isinstance(value, list):
        raise AnxlogError(
            f"{source} holds a JSON object, not a list of rows (a FHIR bundle cannot be "
            f"imported); import reads the array written by {HOW_TO_EXPORT} --format json."
        )
    rows: list[tuple[int, dict[str, object]]] = []
    for number, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise AnxlogError(
                f"row {number}: found {type(item).__name__} where an object of column values "
                f'belongs; each row is an object such as {{"uid": …, "day": …}}.'
            )
        rows.append((number, item))
    columns = tuple(str(key) for key in rows[0][1]) if rows else ()
    if rows:
        check_header(columns, "json")
    return RawTable("json", columns, rows)


def _read_csv(text: str, source: str, check_header: HeaderCheck) -> RawTable:
    reader = csv.reader(io.StringIO(text, newline=""), dialect="excel")
    number = 1
    try:
        header = [name.strip() for name in next(reader)]
        seen: set[str] = set()
        for name in header:
            if name in seen:
                raise AnxlogError(
                    f"row 1 (the header), column {name}: named twice; each column may appear once."
                )
            seen.add(name)
        check_header(tuple(header), "csv")
        rows: list[tuple[int, dict[str, object]]] = []
        for number, cells in enumerate(reader, 2):
            if not cells:
                continue  # a blank line
            if len(cells) != len(header):
                cell_count = f"{len(cells)} cell{'' if len(cells) == 1 else 's'}"
                raise AnxlogError(
                    f"row {number}: {cell_count} but the header names {len(header)} columns; "
                    "every row needs one cell per column."
                )
            rows.append((number, dict(zip(header, cells, strict=True))))
    except csv.Error as error:
        raise AnxlogError(
            f"row {number} of {source} is not valid CSV ({error}); import reads a CSV file "
            f"written by {HOW_TO_EXPORT}."
        ) from None
    return RawTable("csv", tuple(header), rows)
