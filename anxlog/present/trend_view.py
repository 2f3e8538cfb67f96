"""`anxlog trend` for people: chart, per-session table, series summary, verdict."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..analysis.trend import Trend
from ..instrument import DAILY, ITEM_KEYS, ITEMS, MAX_TOTAL
from .tables import listing
from .text import MISSING, escape_controls, number, signed, yes_no
from .wording import NOT_ADVICE


def measure_name(instrument: str, item: str | None) -> str:
    if item is not None:
        return f"{item}: {ITEMS[ITEM_KEYS.index(item)]} (0–3)"
    if instrument == DAILY:
        return f"Daily check-in total (0–{MAX_TOTAL}), daily adaptation of the GAD-7 items"
    return f"Standard GAD-7 score (0–{MAX_TOTAL})"


def _points(value: float) -> str:
    return f"{value:g} point" + ("" if value == 1 else "s")


def verdict_sentence(trend: Trend) -> str:
    """One plain, descriptive sentence from the sustained-relief rule (SPEC §3)."""
    sustained, margin = trend.sustained, trend.params.margin
    below = f"at least {_points(margin)} below your baseline"
    if not trend.session_results:
        return "No verdict yet: no sessions logged in this period ('anxlog session add')."
    if not trend.baseline_ok:
        baseline = trend.baseline
        assert baseline.start is not None and baseline.end is not None
        return (
            f"No verdict: only {baseline.n or 0} rated day(s) in the {trend.params.baseline_days} "
            f"days before the first session ({baseline.start.isoformat()} to "
            f"{baseline.end.isoformat()}); a baseline needs at least 3."
        )
    since = sustained.since.isoformat() if sustained.since else ""
    days = f"{sustained.days} day" + ("" if sustained.days == 1 else "s")
    if sustained.verdict == "sustained":
        return (
            f"Sustained relief: your 7-day average has stayed {below} for {days} (since {since})."
        )
    if sustained.verdict == "emerging":
        return (
            f"Emerging relief: your 7-day average has been {below} for {days} (since {since}); "
            f"relief counts as sustained after {trend.params.sustain_days} days."
        )
    if sustained.verdict == "fading":
        return (
            f"Fading: your 7-day average was {below} earlier in the treatment phase, "
            "but it is not on your latest rated day."
        )
    return f"Not yet: your 7-day average has not been {below} since the first session."


SESSION_ROWS = 20  # the terminal shows the latest sessions; --json and exports have all


def sessions_table(trend: Trend, width: int = 100) -> Table:
    """One row per session; kind and dose share a column below 100 columns and are
    left out below 76 (``session list`` has them), so nothing is ever cut off."""
    window = trend.params.window
    shown = trend.session_results[-SESSION_ROWS:]
    hidden = len(trend.session_results) - len(shown)
    earlier = f"; the {hidden} earlier ones: --since or --json" if hidden else ""
    table = listing(f"Per session (pre and post: {window} days either side{earlier})")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    if width >= 100:
        table.add_column("Kind", overflow="fold")
        table.add_column("Dose", no_wrap=True)
    elif width >= 76:
        table.add_column("Kind, dose", overflow="fold", min_width=11)
    table.add_column("Pre (n)", justify="right", no_wrap=True)
    table.add_column("Post (n)", justify="right", no_wrap=True)
    table.add_column("Change", justify="right", no_wrap=True)
    table.add_column("NAP", justify="right", no_wrap=True)
    table.add_column("Relief", justify="right", no_wrap=True)
    for result in shown:
        session = result.session
        dose = f"{session.dose:g} {session.unit}" if session.dose is not None else ""
        relief = MISSING
        if result.relief_days is not None:
            relief = f"{result.relief_days}{'+' if result.censored else ''}"
        what: list[Text | str] = []
        if width >= 100:
            what = [Text(escape_controls(session.kind)), dose]
        elif width >= 76:
            what = [Text(escape_controls(session.kind) + (f"\n{dose}" if dose else ""))]
        table.add_row(
            str(session.number),
            session.day.isoformat(),
            *what,
            f"{number(result.pre.mean)} ({result.pre.n})",
            f"{number(result.post.mean)} ({result.post.n})",
            signed(result.change),
            number(result.nap, 2),
            relief,
        )
    return table


def series_table(trend: Trend, instrument: str) -> Table:
    series, baseline = trend.series, trend.baseline
    orientation = " (for orientation)" if instrument == DAILY else ""
    table = Table(
        title="Series: baseline vs treatment phase",
        title_justify="left",
        show_header=False,
        box=box.SIMPLE,
        pad_edge=False,
    )
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row(f"Baseline mean ({baseline.n or 0} days)", number(baseline.mean))
    table.add_row("Current mean (last 7 rated days)", number(series.current_mean))
    percent = MISSING if series.percent_change is None else f"{signed(series.percent_change)} %"
    table.add_row("Change", f"{signed(series.change)} ({percent})")
    table.add_row("NAP (0.5 = no change, 1 = all lower)", number(series.nap, 2))
    table.add_row("Tau-U (trend-corrected)", number(series.tau_u, 2))
    table.add_row(f"Response: ≥ 50 % below baseline{orientation}", yes_no(series.response))
    table.add_row(f"Remission: current mean < 5{orientation}", yes_no(series.remission))
    table.add_row(f"Minimal important change: ≥ 4 points{orientation}", yes_no(series.mcid_met))
    table.add_row(f"Reliable change: ≥ 6 points{orientation}", yes_no(series.reliable_change))
    return table


def chart_size(console: Console) -> tuple[int, int]:
    width = max(40, console.width)
    return width, 15 if width < 80 else 20


def render_trend(
    trend: Trend,
    instrument: str,
    *,
    item: str | None,
    console: Console,
    show_chart: bool = True,
) -> list[RenderableType]:
    parts: list[RenderableType] = []
    if not trend.rated.iso or not show_chart:
        parts.append(Text(measure_name(instrument, item), style="bold"))
    if not trend.rated.iso:
        parts.append(Text("No ratings in this period yet. Start with 'anxlog rate'."))
        parts.append(Text(NOT_ADVICE, style="dim"))
        return parts
    if show_chart:
        from .chart import render_trend_chart

        width, height = chart_size(console)
        color = console.is_terminal and not console.no_color
        chart = render_trend_chart(
            days=trend.rated.dates(),
            values=trend.rated.values,
            trailing=trend.means,
            session_days=[r.session.day for r in trend.session_results],
            baseline_mean=trend.baseline.mean,
            margin=trend.params.margin,
            title=measure_name(instrument, item),
            width=width,
            height=height,
            color=color,
            y_max=3 if item else MAX_TOTAL,
        )
        parts.append(Text.from_ansi(chart) if color else Text(chart))
    if trend.session_results:
        parts.append(sessions_table(trend, console.width))
        parts.append(
            Text(
                "Change = post mean − pre mean (negative = better). Relief: days after the "
                f"session that stayed ≥ {trend.params.margin:g} below the pre mean; "
                "+ = still going at the next session or the last rating.",
                style="dim",
            )
        )
    else:
        parts.append(Text("No sessions logged yet: add them with 'anxlog session add'."))
    parts.append(series_table(trend, instrument))
    parts.append(Text(verdict_sentence(trend), style="bold"))
    parts.append(Text(NOT_ADVICE, style="dim"))
    return parts


def print_trend(
    trend: Trend, instrument: str, *, item: str | None, console: Console, show_chart: bool
) -> None:
    parts = render_trend(trend, instrument, item=item, console=console, show_chart=show_chart)
    console.print(Group(*parts))
