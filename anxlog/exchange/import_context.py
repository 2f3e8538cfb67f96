"""Import checks of the treatment context: a session's tolerability columns and an
events export's rows, as strict as the rest of the importer (importer.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..records import DIASTOLIC, SYSTOLIC, TOLERABILITY_COLUMNS

if TYPE_CHECKING:
    from .importer import _Cells

EVENT_FIELDS = ("uid", "day", "text")
LEVEL = "{column} is 0, 1, 2 or 3 (none, mild, moderate, severe), or empty"
SYSTOLIC_RANGE = f"a systolic pressure is {SYSTOLIC[0]} to {SYSTOLIC[1]} mmHg, or empty"
DIASTOLIC_RANGE = f"a diastolic pressure is {DIASTOLIC[0]} to {DIASTOLIC[1]} mmHg, or empty"


def tolerability(cells: _Cells) -> dict[str, int | None]:
    """The tolerability columns of a sessions row; all optional (an export made before
    anxlog had them has none of these columns)."""
    dissociation, nausea, *pressures = TOLERABILITY_COLUMNS
    row: dict[str, int | None] = {
        level: cells.whole(level, 0, 3, LEVEL.format(column=level))
        for level in (dissociation, nausea)
    }
    for systolic_column, diastolic_column in zip(pressures[::2], pressures[1::2], strict=True):
        systolic = cells.whole(systolic_column, *SYSTOLIC, SYSTOLIC_RANGE)
        diastolic = cells.whole(diastolic_column, *DIASTOLIC, DIASTOLIC_RANGE)
        if systolic is not None and diastolic is None:
            cells.fail(
                diastolic_column,
                f"empty while {systolic_column} is {systolic}",
                "a reading needs both numbers, or neither",
            )
        if diastolic is not None and systolic is None:
            cells.fail(
                systolic_column,
                f"empty while {diastolic_column} is {diastolic}",
                "a reading needs both numbers, or neither",
            )
        if systolic is not None and diastolic is not None and systolic <= diastolic:
            cells.fail(
                diastolic_column,
                f"{diastolic} is not below {systolic_column} {systolic}",
                "the diastolic pressure is the lower number of a reading",
            )
        row[systolic_column], row[diastolic_column] = systolic, diastolic
    return row


def event(cells: _Cells) -> dict[str, Any]:
    """One row of an events export, as the events table stores it."""
    return {
        "id": cells.row_id(),
        "uid": cells.text("uid", "every row needs the uid anxlog gave it", required=True),
        "day": cells.day("day"),
        "text": cells.text(
            "text", "describe the change, e.g. 'started sertraline 50 mg'", required=True
        ),
    }
