"""`anxlog trend` for people: chart, per-session table, series summary, verdict."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import NamedTuple

from rich import box
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from ..analysis.by_dose import by_dose
from ..analysis.sessions import SessionResult
from ..analysis.trend import Trend
from ..instrument import DAILY, ITEM_KEYS, ITEMS, MAX_TOTAL
from ..records import NOT_RECORDED
from .chart import EVENT_GLYPH
from .context_view import DESCRIBES, DOSE_LEGEND, dose_table, events_text
from .durability_text import curve_text, durability_sentence, onset_sentence
from .tables import listing
from .text import MISSING, escape_controls, number, signed, yes_no
from .verdict import readings, tau_bc_direction, verdict_sentence
from .wording import METHODS, NOT_ADVICE

NOT_FOR_ONE_ITEM = "not defined for one item"


def measure_name(instrument: str, item: str | None) -> str:
    if item is not None:
        return f"{item}: {ITEMS[ITEM_KEYS.index(item)]} (0–3)"
    if instrument == DAILY:
        return f"Daily check-in total (0–{MAX_TOTAL}), daily adaptation of the GAD-7 items"
    return f"Standard GAD-7 score (0–{MAX_TOTAL})"


SESSION_ROWS = 20  # the terminal shows the latest sessions; --json and exports have all
FELT = "Felt"
ONSET_LEGEND = " Onset: hours from the session's start to the first rating at that level."
FELT_LEGEND = "Felt: D dissociation, N nausea (self-rated, 0–3)."


def felt_texts(trend: Trend, results: Sequence[SessionResult]) -> list[str]:
    """How each session felt, e.g. "D2 N1" ('' where nothing is recorded)."""
    return [trend.tolerability.get(r.session.id, NOT_RECORDED).felt() for r in results]


def sessions_table(trend: Trend, width: int = 100, *, felt: bool = True) -> Table:
    """One row per session, in the widest layout that fits ``width`` with nothing cut
    off: kind and dose in columns of their own, then sharing one, then left out
    (``session list`` has them); the "Felt" column (``felt``, when some session shown
    has it) gives way only after them, and the "Onset" column last of all. For the
    standard GAD-7 there are no per-session windows: the sessions are only listed."""
    felts = felt_texts(trend, trend.session_results[-SESSION_ROWS:])
    layouts = [Layout(kind, True) for kind in _KIND_LAYOUTS] if felt and any(felts) else []
    layouts += [Layout(kind, False) for kind in _KIND_LAYOUTS]
    layouts.append(Layout("none", False, onset=False))  # the last resort: about 60 columns
    if trend.instrument == "gad7":  # a short list: kind and dose always have room
        layouts = layouts[:1]
    measure = Console(width=_UNLIMITED, file=io.StringIO())
    for layout in layouts:
        table = _sessions_table(trend, layout)
        if Measurement.get(measure, measure.options, table).maximum <= width:
            break  # its natural width: every cell on its line(s), nothing cut
    return table


_UNLIMITED = 10_000  # columns: room enough for a table's natural width
_KIND_LAYOUTS = ("apart", "together", "none")  # kind and dose: two columns, one, none


class Layout(NamedTuple):
    """Which optional columns a per-session table has."""

    kind: str  # one of _KIND_LAYOUTS
    felt: bool
    onset: bool = True


def _sessions_table(trend: Trend, layout: Layout) -> Table:
    kind, with_felt = layout.kind, layout.felt
    window = trend.params.window
    windows = trend.instrument != "gad7"
    shown = trend.session_results[-SESSION_ROWS:]
    hidden = len(trend.session_results) - len(shown)
    earlier = f"; the {hidden} earlier ones: --since or --json" if hidden else ""
    title = f"Per session (pre and post: {window} days either side{earlier})"
    table = listing(title if windows else f"Sessions{earlier}")
    felts = felt_texts(trend, shown)
    table.add_column("ID", justify="right", no_wrap=True)  # the id 'session edit' takes
    table.add_column("Date", no_wrap=True)
    if kind == "apart":
        table.add_column("Kind", overflow="fold")
        table.add_column("Dose", no_wrap=True)
    elif kind == "together":
        table.add_column("Kind, dose", overflow="fold", min_width=11)
    if windows:
        table.add_column("Pre (n)", justify="right", no_wrap=True)
        table.add_column("Post (n)", justify="right", no_wrap=True)
        table.add_column("Change", justify="right", no_wrap=True)
        table.add_column("NAP", justify="right", no_wrap=True)
        table.add_column("Relief", justify="right", no_wrap=True)
        if layout.onset:
            table.add_column("Onset", justify="right", no_wrap=True)
    if with_felt:
        table.add_column(FELT, no_wrap=True)
    for result, felt_text in zip(shown, felts, strict=True):
        session = result.session
        dose = f"{session.dose:g} {session.unit}" if session.dose is not None else ""
        what: list[Text | str] = []
        if kind == "apart":
            what = [Text(escape_controls(session.kind)), dose]
        elif kind == "together":
            what = [Text(escape_controls(session.kind) + (f"\n{dose}" if dose else ""))]
        cells: list[Text | str] = [str(session.id), session.day.isoformat(), *what]
        if windows:
            cells += _window_cells(result)[: None if layout.onset else -1]
        if with_felt:
            cells.append(felt_text)
        table.add_row(*cells)
    return table


def _window_cells(result: SessionResult) -> list[Text | str]:
    """Pre, post, change, NAP, relief and onset of one session ('' without its windows)."""
    if result.pre is None or result.post is None:
        return [""] * 6
    relief = MISSING
    if result.relief_days is not None:
        relief = f"{result.relief_days}{'+' if result.censored else ''}"
    return [
        f"{number(result.pre.mean)} ({result.pre.n})",
        f"{number(result.post.mean)} ({result.post.n})",
        signed(result.change),
        number(result.nap, 2),
        relief,
        onset_cell(result.onset_hours),
    ]


def onset_cell(hours: float | None) -> str:
    """Hours from a session's start to the first rating at its relief level: "5.5 h"."""
    return MISSING if hours is None else f"{hours:.1f} h"


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


def followups_table(trend: Trend, width: int = 100) -> Table:
    """The standard GAD-7s after the first session, each against the intake one; below
    70 columns response and remission are left out (the series table has the latest)."""
    intake = trend.intake
    assert intake is not None
    wide = width >= 70
    legend = (
        "Change and % from the intake score. "
        + ("Resp.: response, ≥ 50 % lower; Remis.: remission, below 5; " if wide else "")
        + "MCID: ≥ 4 points lower; RC: reliable change, ≥ 6 points lower; Relief: "
        f"≥ {trend.params.margin:g} below the intake."
        + (f" The thresholds are {NOT_FOR_ONE_ITEM} (–)." if trend.item else "")
    )
    table = listing(f"Standard GAD-7 follow-ups vs intake ({intake.total} on {intake.day})", legend)
    table.add_column("Date", no_wrap=True)
    headers = ("Total", "Change", "%", *(("Resp.", "Remis.") if wide else ()), "MCID", "RC")
    for header in (*headers, "Relief"):
        table.add_column(header, justify="right", no_wrap=True)
    for followup in trend.followups or []:
        flags = followup.flags
        percent = followup.percent_change
        shown_flags = (flags.response, flags.remission) if wide else ()
        table.add_row(
            followup.day.isoformat(),
            str(followup.total),
            signed(followup.change, 0),
            MISSING if percent is None else f"{signed(percent, 0)} %",
            *map(yes_no, (*shown_flags, flags.mcid_met, flags.reliable_change)),
            yes_no(followup.relieved),
        )
    return table


def series_table(trend: Trend, *, compact: bool = False) -> Table:
    """The series summary. ``compact`` (the report's two-column summary): shorter labels,
    NAP and Tau-BC read in a few words in their own row (the terminal prints the readings
    in full after the table; the report's footnotes have them)."""
    series, baseline = trend.series, trend.baseline
    gad7 = trend.instrument == "gad7"
    table = Table(
        title="Series: baseline vs treatment phase",
        title_justify="left",
        show_header=False,
        box=box.SIMPLE,
        pad_edge=False,
    )
    table.add_column("measure")
    table.add_column("value", justify="right")
    if gad7:
        intake, follow = trend.intake, trend.followups
        table.add_row(
            "Intake GAD-7" + (f" ({intake.day})" if intake else ""),
            MISSING if intake is None else str(intake.total),
        )
        latest = follow[-1] if follow else None
        table.add_row(
            "Latest GAD-7" + (f" ({latest.day})" if latest else ""),
            MISSING if latest is None else str(latest.total),
        )
    else:
        span = f", {baseline.start} to {baseline.end}" if baseline.start and not compact else ""
        rated = baseline.n or 0
        days = f"{rated} day{'' if rated == 1 else 's'}"
        table.add_row(f"Baseline mean ({days}{span})", number(baseline.mean))
        # the 7-day average on the last rated day, as `status` shows it, when that day
        # is in the treatment phase (or there is no session): even without a baseline
        day, current = trend.current
        s0 = trend.treatment_start
        if day is None or (s0 is not None and day <= s0):
            day, current = None, None
        table.add_row(f"7-day average{f' on {day}' if day else ''}", number(current))
    percent = MISSING if series.percent_change is None else f"{signed(series.percent_change)} %"
    table.add_row("Change", f"{signed(series.change)} ({percent})")
    if not gad7:
        nap_label, tau_label = (
            "NAP (0.5 = no change, 1 = all lower)",
            "Tau-BC (−1 to 1, positive = lower)",
        )
        if compact and series.nap is not None:  # its reading in a few words
            nap_label = f"NAP: lower in {100 * series.nap:.0f} % of comparisons"
        if compact and series.tau_bc is not None:
            tau_label = "Tau-BC" + (
                ", baseline trend out" if series.baseline_trend_corrected else ""
            )
            tau_label += f": {tau_bc_direction(series.tau_bc)} during treatment"
        table.add_row(nap_label, number(series.nap, 2))
        table.add_row(tau_label, number(series.tau_bc, 2))
    orientation = " (for orientation)" if trend.instrument == DAILY and not trend.item else ""
    current_name = "latest GAD-7" if gad7 else "7-day average"
    for label, flag in (
        (f"Response: ≥ 50 % below baseline{orientation}", series.response),
        (f"Remission: {current_name} < 5{orientation}", series.remission),
        (f"Minimal important change: ≥ 4 points{orientation}", series.mcid_met),
        (f"Reliable change: ≥ 6 points{orientation}", series.reliable_change),
    ):
        table.add_row(label, NOT_FOR_ONE_ITEM if trend.item else yes_no(flag))
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
        if _has(table, FELT):
            parts.append(Text(FELT_LEGEND, style="dim"))
        if instrument != "gad7":
            parts.append(
                Text(
                    "Change = post mean − pre mean (negative = better). Relief: days after the "
                    f"session that stayed ≥ {trend.params.margin:g} below the pre mean; + = "
                    "still going at the next session, the last rating or a gap of more than "
                    f"{trend.params.window} unrated days."
                    + (ONSET_LEGEND if _has(table, "Onset") else ""),
                    style="dim",
                )
            )
        groups = by_dose(trend.session_results) if instrument != "gad7" else []
        if groups:
            parts.append(dose_table(groups, console.width))
            parts.append(Text(DOSE_LEGEND, style="dim"))
            parts.append(Text(DESCRIBES))
    elif trend.treatment_start is None:
        parts.append(Text("No sessions logged yet: add them with 'anxlog session add'."))
    else:
        parts.append(Text("No sessions in this period."))
    if trend.followups:
        parts.append(followups_table(trend, console.width))
    parts.append(series_table(trend))
    lines = readings(trend)
    if lines:
        parts.append(Text("\n".join(lines), style="dim"))
    parts.append(Text(verdict_sentence(trend), style="bold"))
    parts.extend(durability_section(trend))
    parts.append(Text(f"Definitions of every figure: {METHODS} in anxlog's source.", style="dim"))
    parts.append(Text(NOT_ADVICE, style="dim"))
    return parts


def _has(table: Table, header: str) -> bool:
    return any(column.header == header for column in table.columns)


def print_trend(trend: Trend, *, console: Console, show_chart: bool) -> None:
    console.print(Group(*render_trend(trend, console=console, show_chart=show_chart)))
