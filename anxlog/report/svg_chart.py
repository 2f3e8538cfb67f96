"""The report's chart: matplotlib's SVG backend, returned as text to inline in the page.

matplotlib is imported only inside these functions, so the rest of anxlog never pays
for it (and it stays an optional extra: ``pip install 'anxlog[report]'``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from types import ModuleType
from typing import Any, NamedTuple

from ..analysis.days import TRAILING_DAYS
from ..analysis.trend import Trend
from ..errors import AnxlogError
from ..instrument import BANDS, MAX_TOTAL

INSTALL_HINT = (
    "The report needs matplotlib, which is not installed: "
    "install the report extra with pip install 'anxlog[report]'."
)

# Light band shades, so the data stays the strongest ink (bands: Spitzer et al. 2006).
_BAND_COLORS = {
    "minimal": "#eef6ee",
    "mild": "#fbf8e6",
    "moderate": "#fcefe2",
    "severe": "#fbe6e6",
}
_DAILY_COLOR = "#4d6f9e"
_MEAN_COLOR = "#1f6b35"
_SESSION_COLOR = "#b85c00"
_BASELINE_COLOR = "#a32020"
_BASELINE_SPAN_COLOR = "#e4e4e4"
_EVENT_COLOR = "#6a3d9a"  # purple: apart from the sessions' orange and the data's colours
_LABEL_SIZE = 9  # session ids, in points
_ROW_POINTS = 11.5  # from one row of session ids to the next
_GAP_POINTS = 3.0  # least space between two session ids on a row

# the report's charts: text stays text (drawn with the reader's sans-serif font), and the
# same data gives the same file
STYLE: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "anxlog",
    "font.family": "sans-serif",
    "font.size": 10.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
}

# matplotlib's SVG wrapper: XML prolog, DOCTYPE (with a URL), RDF metadata (with URLs)
# and namespace declarations; none is needed once the SVG sits inside an HTML page.
_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_NAMESPACES = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')


def require_matplotlib() -> ModuleType:
    try:
        import matplotlib
    except ImportError:
        raise AnxlogError(INSTALL_HINT) from None
    return matplotlib


def inline_svg(svg: str) -> str:
    """matplotlib's SVG document reduced to an ``<svg>`` element for an HTML page."""
    svg = _PROLOG.sub("", svg, count=1)
    svg = _METADATA.sub("", svg, count=1)
    head, rest = svg.split(">", 1)
    return _NAMESPACES.sub("", head) + ">" + rest


def _gapped(
    days: list[date], values: list[float | None], max_gap: int = 1
) -> tuple[list[date], list[float]]:
    """Points for a line that breaks across more than ``max_gap`` days without a rating
    and at undefined values (NaN makes matplotlib lift the pen)."""
    xs: list[date] = []
    ys: list[float] = []
    for i, (day, value) in enumerate(zip(days, values, strict=True)):
        if i and (day - days[i - 1]).days > max_gap:
            xs.append(days[i - 1] + timedelta(days=1))
            ys.append(float("nan"))
        xs.append(day)
        ys.append(float("nan") if value is None else value)
    return xs, ys


class Chart(NamedTuple):
    svg: str  # an <svg> element with text as text (no fonts to load, nothing external)
    ranges: bool  # whether sessions too close to number one by one share a label ("3–6")


def trend_svg(trend: Trend, *, y_label: str) -> Chart:
    """Daily values, trailing 7-day mean, sessions, baseline lines and severity bands."""
    matplotlib = require_matplotlib()
    from matplotlib import dates as mdates
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    days = trend.shown()[0].dates()  # the period's days; the baseline may lie before it
    session_days = [r.session.day for r in trend.session_results]
    event_days = [event.day for event in trend.events]
    baseline = trend.baseline
    whole = trend.first_shown == 0  # a period cut at --since leaves the baseline out of view
    shown = days + session_days + event_days
    shown += [baseline.start] if baseline.start and whole else []
    left, right = min(shown) - timedelta(days=1), max(shown) + timedelta(days=1)

    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(9, 4.3), layout="constrained")
        FigureCanvasSVG(figure)
        axes: Any = figure.add_subplot()  # matplotlib's stubs take no datetime.date
        axes.set_xlim(left, right)
        axes.set_ylim(0, MAX_TOTAL)
        _bands(axes)
        _baseline(axes, trend, right)
        _sessions(axes, session_days)
        _events(axes, event_days)
        _values(axes, trend)

        locator = mdates.AutoDateLocator(minticks=6, maxticks=12)  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_locator(locator)
        # the offset under the axis names the year only ("2026", not "2026-Nov")
        offsets = ["", "%Y", "%Y", "%Y-%m-%d", "%Y-%m-%d", "%Y-%m-%d %H:%M"]
        formatter = mdates.ConciseDateFormatter(locator, offset_formats=offsets)  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_formatter(formatter)
        axes.set_yticks([0, 5, 10, 15, MAX_TOTAL])
        axes.set_ylabel(y_label)
        axes.grid(axis="y", color="#ffffff", linewidth=0.6)
        columns = 4 if event_days else 3  # the event's entry keeps the legend on two rows
        figure.legend(loc="outside lower center", ncols=columns, frameon=False, fontsize=9.5)
        ids = [r.session.id for r in trend.session_results]  # the number every view uses
        ranges = _session_labels(figure, axes, session_days, ids)
        _event_labels(figure, axes, event_days)

        text = io.StringIO()
        figure.savefig(text, format="svg", metadata={"Date": None})
    return Chart(inline_svg(text.getvalue()), ranges)


def _bands(axes: Any) -> None:
    """Severity bands, lightly shaded and named right of the plot (Spitzer et al. 2006)."""
    from matplotlib.transforms import blended_transform_factory

    right_of_plot = blended_transform_factory(axes.transAxes, axes.transData)
    for low, high, name in BANDS:
        # a daily value can be a mean (12.5): band() rounds it, so the edges sit at .5
        bottom, top = max(0, low - 0.5), min(MAX_TOTAL, high + 0.5)
        axes.axhspan(bottom, top, color=_BAND_COLORS[name], zorder=0, linewidth=0)
        axes.text(
            1.008,
            (bottom + top) / 2,
            f"{name}\n{low}–{high}",
            transform=right_of_plot,
            ha="left",
            va="center",
            fontsize=8.5,
            color="#666666",
            clip_on=False,
        )


def _baseline(axes: Any, trend: Trend, right: date) -> None:
    """The baseline window, the baseline mean and the relief level (baseline − margin)."""
    baseline = trend.baseline
    if baseline.start is None or baseline.end is None:
        return
    axes.axvspan(
        baseline.start - timedelta(days=0.5),
        baseline.end + timedelta(days=0.5),
        color=_BASELINE_SPAN_COLOR,
        alpha=0.6,
        zorder=0.5,
        linewidth=0,
        label="baseline window",
    )
    if baseline.mean is None:
        return
    relief = baseline.mean - trend.params.margin
    for level, style, width, label in (
        (baseline.mean, "--", 1.3, f"baseline mean {baseline.mean:.1f}"),
        (relief, ":", 1.5, f"baseline − {trend.params.margin:g} (relief level {relief:.1f})"),
    ):
        axes.plot(
            [baseline.start, right],
            [level, level],
            color=_BASELINE_COLOR,
            linestyle=style,
            linewidth=width,
            label=label,
        )


def _values(axes: Any, trend: Trend) -> None:
    """Daily values as dots (joined lightly from day to day) and the trailing 7-day mean."""
    shown, trailing = trend.shown()
    days = shown.dates()
    values: list[float | None] = list(shown.values)
    axes.plot(*_gapped(days, values), color=_DAILY_COLOR, linewidth=0.7, alpha=0.45)
    axes.plot(
        days,
        values,
        linestyle="none",
        marker="o",
        markersize=3.2,
        color=_DAILY_COLOR,
        label="daily value",
    )
    axes.plot(
        *_gapped(days, trailing, max_gap=TRAILING_DAYS),  # defined across a missed day
        color=_MEAN_COLOR,
        linewidth=2.2,
        label="7-day mean" if any(mean is not None for mean in trailing) else None,
    )


def _sessions(axes: Any, session_days: list[date]) -> None:
    """A vertical line per session."""
    for i, day in enumerate(session_days):
        axes.axvline(
            day,
            color=_SESSION_COLOR,
            linewidth=1.0,
            alpha=0.75,
            zorder=1.5,
            label="session (id)" if i == 0 else None,
        )


def _events(axes: Any, event_days: list[date]) -> None:
    """A dashed vertical line per event (another change), in a colour of its own."""
    for i, day in enumerate(event_days):
        axes.axvline(
            day,
            color=_EVENT_COLOR,
            linestyle=(0, (4, 2.5)),
            linewidth=1.2,
            zorder=1.6,
            label="event (letter)" if i == 0 else None,
        )


class _Label(NamedTuple):
    first: int  # index of the first session it names
    last: int  # index of the last


def _place(
    labels: list[_Label], span: Callable[[_Label], tuple[float, float]]
) -> list[tuple[_Label, int]] | None:
    """Each label on the lower row where it touches no other, else on the upper row; a
    label with no room on either is joined to the one before it (``labels`` changes)
    and None is returned."""
    placed: list[tuple[_Label, int]] = []
    taken: list[list[tuple[float, float]]] = [[], []]
    for index, label in enumerate(labels):
        left, right = span(label)
        free = [row for row in (0, 1) if all(right <= a or left >= b for a, b in taken[row])]
        if not free:
            labels[index - 1 : index + 1] = [_Label(labels[index - 1].first, label.last)]
            return None
        taken[free[0]].append((left, right))
        placed.append((label, free[0]))
    return placed


def _placed_labels(
    figure: Any,
    axes: Any,
    label_days: list[date],
    text_of: Callable[[_Label], str],
    *,
    up: bool,
    style: dict[str, Any],
) -> list[tuple[float, _Label, Any]]:
    """(x, label, transform) of each label at the top edge of the plot, on one of two
    rows (above the edge when ``up``, else inside it) so that neighbours do not touch;
    marks of one day share a label, and marks still too close are joined into one."""
    from matplotlib.transforms import blended_transform_factory, offset_copy

    edge = blended_transform_factory(axes.transData, axes.transAxes)
    sign = 1 if up else -1
    rows = [
        offset_copy(edge, figure, y=sign * (3 + row * _ROW_POINTS), units="points")
        for row in (0, 1)
    ]
    probe = axes.text(0, 1, "", transform=rows[0], clip_on=False, **style)
    figure.draw_without_rendering()  # the final layout, so points on the page are known
    days = [axes.convert_xunits(day) for day in label_days]  # matplotlib's day numbers

    def middle(label: _Label) -> float:
        return float(days[label.first] + days[label.last]) / 2

    def span(label: _Label) -> tuple[float, float]:
        """Left and right edge of the label on the page (pixels), with half a gap each side."""
        probe.set_text(text_of(label))
        half = probe.get_window_extent().width / 2 + _GAP_POINTS * figure.dpi / 72 / 2
        centre = axes.transData.transform((middle(label), 0))[0]
        return centre - half, centre + half

    labels: list[_Label] = []
    for index, day in enumerate(label_days):  # marks of one day share a label
        if labels and label_days[labels[-1].last] == day:
            labels[-1] = _Label(labels[-1].first, index)
        else:
            labels.append(_Label(index, index))
    placed = _place(labels, span)
    while placed is None:  # _place joined two labels into one: try again
        placed = _place(labels, span)
    probe.remove()
    return [(middle(label), label, rows[row]) for label, row in placed]


def _session_labels(figure: Any, axes: Any, session_days: list[date], ids: list[int]) -> bool:
    """Each session's id above the plot, on one of two rows so neighbours do not touch;
    sessions still too close (daily sessions of an induction) share one label, "11–14"
    (or "3, 9" when their ids do not follow on), over their lines. Returns whether any
    label names more than one session."""
    if not session_days:
        return False

    def text_of(label: _Label) -> str:
        named = ids[label.first : label.last + 1]
        if len(named) == 1:
            return str(named[0])
        if named == list(range(named[0], named[0] + len(named))):
            return f"{named[0]}–{named[-1]}"
        return ", ".join(map(str, named))  # a session logged later sits among them

    style = {"fontsize": _LABEL_SIZE}
    placed = _placed_labels(figure, axes, session_days, text_of, up=True, style=style)
    for x, label, transform in placed:
        axes.text(
            x,
            1,
            text_of(label),
            transform=transform,
            ha="center",
            va="bottom",
            color=_SESSION_COLOR,
            clip_on=False,
            **style,
        )
    return any(label.first != label.last for _, label, _ in placed)


def _event_labels(figure: Any, axes: Any, event_days: list[date]) -> None:
    """Each event's letter inside the top of the plot, below the session numbers (which
    sit above it), on one of two rows so neighbours do not touch; events still too close
    share one label ("A–C")."""
    if not event_days:
        return
    from .context import event_mark

    def text_of(label: _Label) -> str:
        first, last = event_mark(label.first), event_mark(label.last)
        return first if label.first == label.last else f"{first}–{last}"

    style = {"fontsize": _LABEL_SIZE, "fontweight": "bold", "color": _EVENT_COLOR}
    placed = _placed_labels(figure, axes, event_days, text_of, up=False, style=style)
    for x, label, transform in placed:
        axes.text(
            x,
            1,
            text_of(label),
            transform=transform,
            ha="center",
            va="top",
            bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            **style,
        )
