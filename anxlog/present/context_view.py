"""The treatment context next to `trend`: the events (other changes) of the period (the
sessions by kind and dose are a table of present/rows.py)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from ..records import Event
from .text import escape_controls

EVENT_ROWS = 5  # the terminal names the latest events; `event list` has them all


def events_text(events: Sequence[Event], *, marked: str | None) -> Text:
    """The period's events on a few lines; ``marked``: their mark on the chart, if drawn."""
    shown = events[-EVENT_ROWS:]
    hidden = len(events) - len(shown)
    notes = ["other changes"]
    if marked:
        notes.append(f"{marked} on the chart")
    if hidden:
        notes.append(f"the {hidden} earlier ones: anxlog event list")
    lines = [f"Events ({'; '.join(notes)}):"]
    lines += [f"  {event.day.isoformat()}  {escape_controls(event.text)}" for event in shown]
    return Text("\n".join(lines))
