"""`anxlog trend` for people: chart, per-session table, series summary, verdict."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from ..analysis.by_dose import by_dose
from ..analysis.trend import Trend
from ..instrument import MAX_TOTAL
from .chart import EVENT_GLYPH
from .context_view import events_text
from .durability_text import curve_text, durability_sentence, onset_sentence
from .rows import (
    DESCRIBES,
    DOSE_LEGEND,
    FELT,
    KIND_LAYOUTS,
    SERIES_TITLE,
    SESSION_ROWS,
    Layout,
    Rows,
    dose_rows,
    felt_texts,
    followup_rows,
    measure_name,
    series_rows,
    session_rows,
)
from .tables import listing
from .verdict import readings, verdict_sentence
from .wording import METHODS, NOT_ADVICE

ONSET_LEGEND = " Onset: hours from the session's start to the first rating at that level."
FELT_LEGEND = "Felt: D dissociation, N nausea (self-rated, 0–3)."
_UNLIMITED = 10_000  # columns: room enough for a table's natural width


def rich_table(rows: Rows, *, legend: bool = True) -> Table:
    """``rows`` as a listing; ``legend``: its legend as the caption. User text ("fold")
    may fold onto more lines; every other column keeps each cell on its line(s)."""
    table = listing(rows.title, rows.legend if legend else None)
    for column in rows.columns:
        if column.kind == "fold":
            table.add_column(column.header, overflow="fold", min_width=11)
        elif column.kind == "num":
            table.add_column(column.header, justify="right", no_wrap=True)
        else:
            table.add_column(column.header, no_wrap=True)
    for cells in rows.cells:
        table.add_row(*map(Text, cells))
    return table


def sessions_table(trend: Trend, width: int = 100, *, felt: bool = True) -> Table:
    """The latest sessions, in the widest layout that fits ``width`` with nothing cut
    off: kind and dose in columns of their own, then sharing one, then left out
    (``session list`` has them); the "Felt" column (``felt``, when some session shown
    has it) gives way only after them, and the "Onset" column last of all."""
    felts = felt_texts(trend, trend.session_results[-SESSION_ROWS:])
    layouts = [Layout(kind, True) for kind in KIND_LAYOUTS] if felt and any(felts) else []
    layouts += [Layout(kind, False) for kind in KIND_LAYOUTS]
    layouts.append(Layout("none", False, onset=False))  # the last resort: about 60 columns
    if trend.instrument == "gad7":  # a short list: kind and dose always have room
        layouts = layouts[:1]
    measure = Console(width=_UNLIMITED, file=io.StringIO())
    for layout in layouts:
        table = rich_table(session_rows(trend, layout, latest=SESSION_ROWS))
        if Measurement.get(measure, measure.options, table).maximum <= width:
            break  # its natural width: every cell on its line(s), nothing cut
    return table


def durability_section(trend: Trend) -> list[RenderableType]:
    """How long relief lasts: the sentence, the median onset and the curve in words."""
    sentence = durability_sentence(trend)
    if sentence is None:
        return []
    lines = [line for line in (onset_sentence(trend), curve_text(trend)) if line]
    return [
        Text("\nHow long relief lasts", style="bold"),
        Text(sentence),
        *([Text("\n".join(lines), style="dim")] if lines else []),
    ]


def series_table(trend: Trend) -> Table:
    """The series summary: a label and a value a row."""
    table = Table(
        title=SERIES_TITLE,
        title_justify="left",
        show_header=False,
        box=box.SIMPLE,
        pad_edge=False,
    )
    table.add_column("measure")
    table.add_column("value", justify="right")
    for label, value in series_rows(trend):
        table.add_row(label, value)
    return table


def chart_size(console: Console) -> tuple[int, int]:
    width = max(40, console.width)
    return width, 15 if width < 80 else 20


def render_trend(
    trend: Trend, *, console: Console, show_chart: bool = True
) -> list[RenderableType]:
    instrument, item = trend.instrument, trend.item
    days, means = trend.shown()
    parts: list[RenderableType] = []
    if not days.iso or not show_chart:
        parts.append(Text(measure_name(instrument, item), style="bold"))
    if not days.iso:
        parts.append(Text("No ratings in this period yet. Start with 'anxlog rate'."))
    elif show_chart:
        from .chart import render_trend_chart

        width, height = chart_size(console)
        color = console.is_terminal and not console.no_color
        chart = render_trend_chart(
            days=days.dates(),
            values=days.values,
            trailing=means,
            session_days=[r.session.day for r in trend.session_results],
            baseline_mean=trend.baseline.mean,
            margin=trend.params.margin,
            title=measure_name(instrument, item),
            width=width,
            height=height,
            color=color,
            y_max=3 if item else MAX_TOTAL,
            event_days=[event.day for event in trend.events],
        )
        parts.append(Text.from_ansi(chart) if color else Text(chart))
    if trend.events:
        marked = EVENT_GLYPH if days.iso and show_chart else None
        parts.append(events_text(trend.events, marked=marked))
    if trend.session_results:
        table = sessions_table(trend, console.width)
        parts.append(table)
        if any(column.header == FELT for column in table.columns):
            parts.append(Text(FELT_LEGEND, style="dim"))
        if instrument != "gad7":
            parts.append(
                Text(
                    "Change = post mean − pre mean (negative = better). Relief: days after the "
                    f"session that stayed ≥ {trend.params.margin:g} below the pre mean; + = "
                    "still going at the next session, the last rating or a gap of more than "
                    f"{trend.params.window} unrated days."
                    + (ONSET_LEGEND if any(c.header == "Onset" for c in table.columns) else ""),
                    style="dim",
                )
            )
        groups = by_dose(trend.session_results) if instrument != "gad7" else []
        if groups:
            parts.append(rich_table(dose_rows(groups, apart=console.width >= 70), legend=False))
            parts.append(Text(DOSE_LEGEND, style="dim"))
            parts.append(Text(DESCRIBES))
    elif trend.treatment_start is None:
        parts.append(Text("No sessions logged yet: add them with 'anxlog session add'."))
    else:
        parts.append(Text("No sessions in this period."))
    if trend.followups:
        parts.append(rich_table(followup_rows(trend, wide=console.width >= 70)))
    parts.append(series_table(trend))
    lines = readings(trend)
    if lines:
        parts.append(Text("\n".join(lines), style="dim"))
    parts.append(Text(verdict_sentence(trend), style="bold"))
    parts.extend(durability_section(trend))
    parts.append(Text(f"Definitions of every figure: {METHODS} in anxlog's source.", style="dim"))
    parts.append(Text(NOT_ADVICE, style="dim"))
    return parts


def print_trend(trend: Trend, *, console: Console, show_chart: bool) -> None:
    console.print(Group(*render_trend(trend, console=console, show_chart=show_chart)))
