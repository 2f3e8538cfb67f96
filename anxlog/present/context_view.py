"""The treatment context next to `trend`: sessions by kind and dose, and the events
(other changes) of the period. The report shows the same tables."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from ..analysis.by_dose import DoseGroup
from ..records import Event
from .tables import listing
from .text import MISSING, escape_controls, number, signed

DESCRIBES = "Dose usually changes with time in a series: this table describes, it does not compare."
EVENT_ROWS = 5  # the terminal names the latest events; `event list` has them all


DOSE_LEGEND = (
    "Change: mean of the sessions' changes. Relief: median of their relief days (+ = at "
    "least: relief still going could move it). Onset: median hours to relief."
)


def relief_text(group: DoseGroup) -> str:
    """The median relief days, '+' when some relief time is censored (at least)."""
    if group.median_relief_days is None:
        return MISSING
    return f"{group.median_relief_days:g}{'+' if group.relief_censored else ''}"


def dose_table(groups: Sequence[DoseGroup], width: int = 100) -> Table:
    """One row per (kind, dose, unit), in the order the series first used it; kind and
    dose share a column below 70 columns."""
    apart = width >= 70
    table = listing("Sessions by kind and dose")
    if apart:
        table.add_column("Kind", overflow="fold")
        table.add_column("Dose", no_wrap=True)
    else:
        table.add_column("Kind, dose", overflow="fold", min_width=11)
    table.add_column("Sessions", justify="right", no_wrap=True)
    table.add_column("Change", justify="right", no_wrap=True)
    table.add_column("Relief", justify="right", no_wrap=True)
    table.add_column("Onset (h)", justify="right", no_wrap=True)
    for group in groups:
        kind = escape_controls(group.kind)
        dose = "" if group.dose is None else f"{group.dose:g} {group.unit}"
        what = [Text(kind), dose] if apart else [Text(kind + (f"\n{dose}" if dose else ""))]
        table.add_row(
            *what,
            str(group.sessions),
            signed(group.mean_change),
            relief_text(group),
            number(group.median_onset_hours),
        )
    return table


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
