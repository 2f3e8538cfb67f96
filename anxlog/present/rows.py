"""The tables `trend` and the report share, as plain rows: a title, columns, cells.

The terminal draws them with rich (``trend_view.rich_table``), the report as HTML
(``report/markup.rows_table``): both show the very same figures and words. No rich
import here, so the report builds its tables without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ..analysis.by_dose import DoseGroup
from ..analysis.sessions import SessionResult
from ..analysis.trend import Trend
from ..instrument import DAILY, ITEM_KEYS, ITEMS, MAX_TOTAL
from ..records import NOT_RECORDED
from .text import MISSING, escape_controls, number, signed, yes_no
from .verdict import tau_bc_direction

NOT_FOR_ONE_ITEM = "not defined for one item"
SESSION_ROWS = 20  # the terminal shows the latest sessions; --json and exports have all
FELT = "Felt"
SERIES_TITLE = "Series: baseline vs treatment phase"


class Column(NamedTuple):
    header: str
    kind: str = "text"  # "text", "day" (a date), "num" (right-aligned) or "fold" (user text)


class Rows(NamedTuple):
    title: str
    columns: tuple[Column, ...]
    cells: list[tuple[str, ...]]  # one tuple a row; user text already made safe to print
    legend: str | None = None  # what the columns mean, under the table


def measure_name(instrument: str, item: str | None) -> str:
    if item is not None:
        return f"{item}: {ITEMS[ITEM_KEYS.index(item)]} (0–3)"
    if instrument == DAILY:
        return f"Daily check-in total (0–{MAX_TOTAL}), daily adaptation of the GAD-7 items"
    return f"Standard GAD-7 score (0–{MAX_TOTAL})"


# -- per session -----------------------------------------------------------------------

KIND_LAYOUTS = ("apart", "together", "none")  # kind and dose: two columns, one, none


class Layout(NamedTuple):
    """Which optional columns a per-session table has."""

    kind: str = "apart"  # one of KIND_LAYOUTS
    felt: bool = False
    onset: bool = True


def felt_texts(trend: Trend, results: Sequence[SessionResult]) -> list[str]:
    """How each session felt, e.g. "D2 N1" ('' where nothing is recorded)."""
    return [trend.tolerability.get(r.session.id, NOT_RECORDED).felt() for r in results]


def session_rows(trend: Trend, layout: Layout, *, latest: int | None = None) -> Rows:
    """One row per session of the period (the ``latest`` ones only, when given); for
    the standard GAD-7 no per-session windows: the sessions are only listed."""
    window = trend.params.window
    windows = trend.instrument != "gad7"
    shown = trend.session_results[-latest:] if latest else trend.session_results
    hidden = len(trend.session_results) - len(shown)
    earlier = f"; the {hidden} earlier ones: --since or --json" if hidden else ""
    title = f"Per session (pre and post: {window} days either side{earlier})"
    columns = [Column("ID", "num"), Column("Date", "day")]  # the id 'session edit' takes
    if layout.kind == "apart":
        columns += [Column("Kind", "fold"), Column("Dose")]
    elif layout.kind == "together":
        columns.append(Column("Kind, dose", "fold"))
    if windows:
        headers = ["Pre (n)", "Post (n)", "Change", "NAP", "Relief"]
        columns += [Column(header, "num") for header in headers]
        if layout.onset:
            columns.append(Column("Onset", "num"))
    if layout.felt:
        columns.append(Column(FELT))
    cells = []
    for result, felt in zip(shown, felt_texts(trend, shown), strict=True):
        session = result.session
        kind = escape_controls(session.kind)
        dose = f"{session.dose:g} {session.unit}" if session.dose is not None else ""
        row = [str(session.id), session.day.isoformat()]
        if layout.kind == "apart":
            row += [kind, dose]
        elif layout.kind == "together":
            row.append(kind + (f"\n{dose}" if dose else ""))
        if windows:
            row += window_cells(result)[: None if layout.onset else -1]
        if layout.felt:
            row.append(felt)
        cells.append(tuple(row))
    return Rows(title if windows else f"Sessions{earlier}", tuple(columns), cells)


def window_cells(result: SessionResult) -> list[str]:
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


# -- the standard GAD-7's follow-ups ---------------------------------------------------


def followup_rows(trend: Trend, *, wide: bool = True) -> Rows:
    """The standard GAD-7s after the first session, each against the intake one; not
    ``wide``: response and remission left out (the series summary has the latest)."""
    intake = trend.intake
    assert intake is not None
    legend = (
        "Change and % from the intake score. "
        + ("Resp.: response, ≥ 50 % lower; Remis.: remission, below 5; " if wide else "")
        + "MCID: ≥ 4 points lower; RC: reliable change, ≥ 6 points lower; Relief: "
        f"≥ {trend.params.margin:g} below the intake."
        + (f" The thresholds are {NOT_FOR_ONE_ITEM} (–)." if trend.item else "")
    )
    headers = ("Total", "Change", "%", *(("Resp.", "Remis.") if wide else ()), "MCID", "RC")
    columns = (Column("Date", "day"), *(Column(h, "num") for h in (*headers, "Relief")))
    cells = []
    for followup in trend.followups or []:
        flags = followup.flags
        percent = followup.percent_change
        shown_flags = (flags.response, flags.remission) if wide else ()
        cells.append(
            (
                followup.day.isoformat(),
                str(followup.total),
                signed(followup.change, 0),
                MISSING if percent is None else f"{signed(percent, 0)} %",
                *map(yes_no, (*shown_flags, flags.mcid_met, flags.reliable_change)),
                yes_no(followup.relieved),
            )
        )
    title = f"Standard GAD-7 follow-ups vs intake ({intake.total} on {intake.day})"
    return Rows(title, columns, cells, legend)


# -- sessions by kind and dose ---------------------------------------------------------

DESCRIBES = "Dose usually changes with time in a series: this table describes, it does not compare."
DOSE_LEGEND = (
    "Change: mean of the sessions' changes. Relief: median of their relief days (+ = at "
    "least: relief still going could move it). Onset: median hours to relief."
)


def relief_text(group: DoseGroup) -> str:
    """The median relief days, '+' when some relief time is censored (at least)."""
    if group.median_relief_days is None:
        return MISSING
    return f"{group.median_relief_days:g}{'+' if group.relief_censored else ''}"


def dose_rows(groups: Sequence[DoseGroup], *, apart: bool = True) -> Rows:
    """One row per (kind, dose, unit), in the order the series first used it; not
    ``apart``: kind and dose share a column."""
    what = (Column("Kind", "fold"), Column("Dose")) if apart else (Column("Kind, dose", "fold"),)
    headers = ("Sessions", "Change", "Relief", "Onset (h)")
    cells = []
    for group in groups:
        kind = escape_controls(group.kind)
        dose = "" if group.dose is None else f"{group.dose:g} {group.unit}"
        shown = (kind, dose) if apart else (kind + (f"\n{dose}" if dose else ""),)
        figures = (
            str(group.sessions),
            signed(group.mean_change),
            relief_text(group),
            number(group.median_onset_hours),
        )
        cells.append((*shown, *figures))
    columns = (*what, *(Column(header, "num") for header in headers))
    return Rows("Sessions by kind and dose", columns, cells, DOSE_LEGEND)


# -- the series summary ----------------------------------------------------------------


def series_rows(trend: Trend, *, compact: bool = False) -> list[tuple[str, str]]:
    """The series summary as (label, value) pairs. ``compact`` (the report's summary):
    shorter labels, NAP and Tau-BC read in a few words (the terminal prints the readings
    in full after the table; the report's footnotes have them)."""
    series, baseline = trend.series, trend.baseline
    gad7 = trend.instrument == "gad7"
    rows: list[tuple[str, str]] = []
    if gad7:
        intake, follow = trend.intake, trend.followups
        rows.append(
            (
                "Intake GAD-7" + (f" ({intake.day})" if intake else ""),
                MISSING if intake is None else str(intake.total),
            )
        )
        latest = follow[-1] if follow else None
        rows.append(
            (
                "Latest GAD-7" + (f" ({latest.day})" if latest else ""),
                MISSING if latest is None else str(latest.total),
            )
        )
    else:
        span = f", {baseline.start} to {baseline.end}" if baseline.start and not compact else ""
        rated = baseline.n or 0
        days = f"{rated} day{'' if rated == 1 else 's'}"
        rows.append((f"Baseline mean ({days}{span})", number(baseline.mean)))
        # the 7-day average on the last rated day, as `status` shows it, when that day
        # is in the treatment phase (or there is no session): even without a baseline
        day, current = trend.current
        s0 = trend.treatment_start
        if day is None or (s0 is not None and day <= s0):
            day, current = None, None
        rows.append((f"7-day average{f' on {day}' if day else ''}", number(current)))
    percent = MISSING if series.percent_change is None else f"{signed(series.percent_change)} %"
    rows.append(("Change", f"{signed(series.change)} ({percent})"))
    if not gad7:
        nap_label = "NAP (0.5 = no change, 1 = all lower)"
        tau_label = "Tau-BC (−1 to 1, positive = lower)"
        if compact and series.nap is not None:  # its reading in a few words
            nap_label = f"NAP: lower in {100 * series.nap:.0f} % of comparisons"
        if compact and series.tau_bc is not None:
            corrected = ", baseline trend out" if series.baseline_trend_corrected else ""
            tau_label = f"Tau-BC{corrected}: {tau_bc_direction(series.tau_bc)} during treatment"
        rows.append((nap_label, number(series.nap, 2)))
        rows.append((tau_label, number(series.tau_bc, 2)))
    orientation = " (for orientation)" if trend.instrument == DAILY and not trend.item else ""
    current_name = "latest GAD-7" if gad7 else "7-day average"
    for label, flag in (
        (f"Response: ≥ 50 % below baseline{orientation}", series.response),
        (f"Remission: {current_name} < 5{orientation}", series.remission),
        (f"Minimal important change: ≥ 4 points{orientation}", series.mcid_met),
        (f"Reliable change: ≥ 6 points{orientation}", series.reliable_change),
    ):
        rows.append((label, NOT_FOR_ONE_ITEM if trend.item else yes_no(flag)))
    return rows
