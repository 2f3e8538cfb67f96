"""The report's treatment context: sessions by kind and dose, how each session was
tolerated, and the events (other changes) of the period, lettered as on the chart."""

from __future__ import annotations

import html
from collections.abc import Sequence
from string import ascii_uppercase

from ..analysis.by_dose import by_dose
from ..analysis.trend import Trend
from ..present.rows import DESCRIBES, DOSE_LEGEND, dose_rows
from ..present.text import MISSING
from ..records import LEVELS, BloodPressure, Event, Session
from .markup import paragraph, rows_table, table, user_text

TOLERABILITY_NOTE = html.escape(
    "self-rated 0–3, anxlog's own items (not a validated scale such as the CADSS); blood "
    "pressure in mmHg"
)


def event_mark(index: int) -> str:
    """The letter of the ``index``-th event (0-based): A … Z, then AA, AB, …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = ascii_uppercase[rest] + letters
    return letters


def dose_part(trend: Trend) -> str:
    """The sessions by kind and dose ('' for the standard GAD-7 or a single group)."""
    groups = [] if trend.instrument == "gad7" else by_dose(trend.session_results)
    if not groups:
        return ""
    return "\n".join(
        [
            "<h3>Sessions by kind and dose</h3>",
            rows_table(dose_rows(groups), table_class="context"),
            paragraph(f"{DOSE_LEGEND} {DESCRIBES}", "small"),
        ]
    )


def _level(level: int | None) -> str:
    return MISSING if level is None else html.escape(f"{level} {LEVELS[level]}")


def _pressure(pressure: BloodPressure | None) -> str:
    return MISSING if pressure is None else str(pressure)


def tolerability_part(sessions: Sequence[Session]) -> str:
    """Dissociation, nausea and blood pressure of the sessions that have any, under the
    session list ('' when none has)."""
    felt = [session for session in sessions if not session.tolerability.empty]
    if not felt:
        return ""
    rows = [
        [
            session.day.isoformat(),
            user_text(session.kind),
            _level(session.tolerability.dissociation),
            _level(session.tolerability.nausea),
            _pressure(session.tolerability.bp_before),
            _pressure(session.tolerability.bp_after),
        ]
        for session in felt
    ]
    headers = ["Date", "Kind", "Dissociation", "Nausea", "BP before", "BP after"]
    classes = ["day", "", "", "", "num", "num"]
    heading = (
        f'<h3 id="tolerability">Tolerability <span class="aside">{TOLERABILITY_NOTE}</span></h3>'
    )
    return heading + "\n" + table(headers, rows, classes=classes, table_class="context")


def with_events(
    rows: Sequence[list[str]],
    sessions: Sequence[Session],
    events: Sequence[Event],
    columns: int,
) -> tuple[list[list[str]], list[str]]:
    """The session list's rows (one per session, in day order) with a row per event after
    the sessions of its day, and each row's class ("event" for an event)."""
    merged: list[list[str]] = []
    classes: list[str] = []
    waiting = list(enumerate(events))
    for session, row in zip(sessions, rows, strict=True):
        while waiting and waiting[0][1].day < session.day:
            merged.append(_event_row(*waiting.pop(0), columns))
            classes.append("event")
        merged.append(list(row))
        classes.append("")
    for index, event in waiting:
        merged.append(_event_row(index, event, columns))
        classes.append("event")
    return merged, classes


def _event_row(index: int, event: Event, columns: int) -> list[str]:
    """[letter, date, '', 'event', '', …, text]: the text in the last (note) column."""
    letter, day, text = event_mark(index), event.day.isoformat(), user_text(event.text)
    return [letter, day, "", "event", *[""] * (columns - 5), text]
