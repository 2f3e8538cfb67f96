"""rich tables for the listing commands (history, session list)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..instrument import DAILY, band_label
from ..records import Event, Rating, Session
from .text import MISSING, escape_controls, ordinal


def make_console(*, stderr: bool = False) -> Console:
    """A console that drops colour and markup effects when output is not a terminal."""
    return Console(stderr=stderr, highlight=False, emoji=False, markup=False)


def listing(title: str, caption: str | None = None) -> Table:
    """The compact table style of every listing: a rule under the header, no side walls,
    so that notes keep room at 80 columns."""
    return Table(
        title=title,
        title_justify="left",
        caption=caption,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        collapse_padding=True,
        show_edge=False,
    )


def period_words(first: date | None, last: date | None) -> str:
    """'between A and B', 'from A on' or 'up to B': the period a listing was asked for."""
    if first is not None and last is not None:
        return f"between {first.isoformat()} and {last.isoformat()}"
    if first is not None:
        return f"from {first.isoformat()} on"
    return f"up to {last.isoformat()}" if last is not None else ""


def history_table(ratings: Sequence[Rating]) -> Table:
    table = listing(
        "Ratings",
        "Daily totals are anxlog's daily adaptation of the GAD-7 items, not the validated "
        f"GAD-7 score; their bands are for orientation. * = entered on a later day; "
        f"{MISSING} = time not known.",
    )
    table.add_column("ID", justify="right")
    table.add_column("Day", no_wrap=True)
    table.add_column("Time", no_wrap=True)
    table.add_column("Form", no_wrap=True)
    table.add_column("q1–q7", no_wrap=True)
    table.add_column("Total", justify="right")
    table.add_column("Band", no_wrap=True, min_width=8)
    table.add_column("Note", overflow="fold", ratio=1)
    for rating in ratings:
        instrument = "daily" if rating.instrument == DAILY else "GAD-7"
        answers = " ".join(str(answer) for answer in rating.answers)
        band = band_label(rating.total, rating.instrument).replace(" (for orientation)", "")
        table.add_row(
            str(rating.id),
            rating.day.isoformat() + ("*" if rating.backfilled else ""),
            rating.taken_at[11:16] or MISSING,  # the date alone: the time is not known
            instrument,
            answers,
            str(rating.total),
            band,
            Text(escape_controls(rating.note)),
        )
    return table


def sessions_table(sessions: Sequence[Session], order: Mapping[int, int]) -> Table:
    """Sessions by their id (the number every command takes). ``order`` gives each one's
    place in the whole treatment history: a column of its own when a session was logged
    after the fact, so that the ids do not follow the order by date."""
    table = listing("Sessions")
    table.add_column("ID", justify="right")
    ids = [session.id for session in sessions]
    out_of_order = ids != sorted(ids)
    if out_of_order:
        table.add_column("Order", justify="right")
    table.add_column("Day", no_wrap=True)
    table.add_column("Time", no_wrap=True)
    table.add_column("Kind", overflow="fold", min_width=11)
    table.add_column("Dose", no_wrap=True)
    table.add_column("Course")
    # how each session was tolerated, only when some session has it: one compact column
    felt = any(not session.tolerability.empty for session in sessions)
    if felt:
        table.add_column("Felt")
        table.caption = (
            "Felt: D dissociation, N nausea (self-rated, 0–3); BP before → after (mmHg)."
        )
    table.add_column("Note", overflow="fold")
    for session in sessions:
        table.add_row(
            str(session.id),
            *((ordinal(order[session.id]) if session.id in order else "",) if out_of_order else ()),
            session.day.isoformat(),
            session.time or "",
            Text(escape_controls(session.kind)),
            session.dose_text(),
            Text(escape_controls(session.course)),
            *((session.tolerability.summary(),) if felt else ()),
            Text(escape_controls(session.note)),
        )
    return table


def events_table(events: Sequence[Event]) -> Table:
    table = listing("Events")
    table.add_column("ID", justify="right")
    table.add_column("Day", no_wrap=True)
    table.add_column("What changed", overflow="fold", ratio=1)
    for event in events:
        table.add_row(str(event.id), event.day.isoformat(), Text(escape_controls(event.text)))
    return table
