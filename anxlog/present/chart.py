"""The `anxlog trend` terminal chart, drawn with plotext and returned as a string."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from itertools import groupby
from typing import Any

NO_RATINGS = "(no ratings to chart)"
TOO_SMALL = "(terminal too small for the chart)"

# Below this the plot area is a row or two of cells and says nothing.
_MIN_WIDTH = 30
_MIN_HEIGHT = 8

# Colours of the chart elements (plotext colour names); only used when colour is on.
_DAILY_COLOR = "blue+"
_MEAN_COLOR = "green+"
_SESSION_COLOR = "orange"
_BASELINE_COLOR = "red+"
_EVENT_COLOR = "magenta+"
EVENT_GLYPH = "▼"  # an event's mark at the top of the plot; "╎" below it, never a session's "┃"

_SHORT_NAMES = {"7-day mean": "mean", "baseline − margin": "−margin"}

# Columns one ISO date tick label needs, with room to breathe: "2024-01-31" plus spaces.
_DATE_LABEL_COLUMNS = 14


def render_trend_chart(
    days: Sequence[date],
    values: Sequence[float],
    trailing: Sequence[float | None],
    session_days: Sequence[date],
    baseline_mean: float | None,
    margin: float,
    title: str,
    width: int,
    height: int,
    color: bool,
    y_max: float = 21,
    event_days: Sequence[date] = (),
) -> str:
    """Draw daily values, their trailing mean, sessions, events (other changes) and
    baseline lines, `width` x `height`."""
    if not days:
        return NO_RATINGS
    if width < _MIN_WIDTH or height < _MIN_HEIGHT:
        return _fit(TOO_SMALL, width)
    # Heavy import kept here so the CLI's quick path (`rate`, `--help`) never loads plotext.
    import plotext as plt

    first, last = days[0], days[-1]
    span = (last - first).days
    y_max = y_max if y_max > 0 else 1

    # plotext clamps plot_size to the real terminal unless told not to.
    plt.terminal.limit(False, False)
    fig = plt.figure
    fig.clear()
    fig.theme("simple")  # unpainted canvas, so the chart suits dark and light terminals
    fig.plot_size(width, height)

    # Sessions and baseline lines first, so the ratings are drawn over them. They are
    # segments with a one-character marker of their own colour and no background: the
    # terminal's own background shows through, on dark and light themes alike.
    key = [("▖", "daily", _DAILY_COLOR)]
    references: list[tuple[str, str, str]] = []
    if baseline_mean is not None:
        for level, glyph, name in [
            (baseline_mean, "─", "baseline"),
            (baseline_mean - margin, "┈", "baseline − margin"),
        ]:
            # a line outside the y range would be pinned to the frame, where it would mislead
            if 0 <= level <= y_max:
                fig.draw(_segment(plt, (0, max(span, 1)), (level, level), glyph, _BASELINE_COLOR))
                references.append((glyph, name, _BASELINE_COLOR))

    sessions = sorted({day for day in session_days if first <= day <= last})
    # one line per terminal column is all that shows: 100 years of boosters are ~1,700 lines
    columns = {(session - first).days * width // (span + 1): session for session in sessions}
    offsets = [(session - first).days for session in columns.values()]
    if offsets:  # one signal of vertical segments: a signal each would cost ~1 ms apiece
        xs = [x for offset in offsets for x in (offset, offset)]
        ys = [y for _ in offsets for y in (0, y_max)]
        lines = fig.signal(xs, ys, marker=plt.marker("┃", _SESSION_COLOR)).lines()
        for index in range(2, len(xs), 2):
            lines.line(index, False)
        fig.draw(lines)
    # Events first, so the ratings are drawn over them: a dashed line where no session
    # line is near (the columns here are close to plotext's, not exact), and on top, at
    # the end, their mark, which also shows an event beside a session.
    events = _columns([day for day in event_days if first <= day <= last], first, span, width)
    near = {
        column + step
        for column in _columns(session_days, first, span, width)
        for step in (-1, 0, 1)
    }
    for column, offset in events.items():
        if column not in near:
            dashes = plt.marker("╎", _EVENT_COLOR)
            fig.draw(fig.segment((offset, offset), (0, y_max), marker=dashes))

    # x is "days since the first rated day": plain numbers are much faster than plotext dates.
    # Points that would share a terminal sub-cell are dropped first: plotext costs ~15 µs a point.
    # The grid matches the markers' resolution (2 sub-columns and 2 sub-rows a cell for "hd",
    # 2 x 4 for braille), so what is dropped would have landed on a drawn sub-cell anyway.
    buckets = 2 * width
    daily_x, daily_y = _thin_points(
        [(day - first).days for day in days], list(values), span, buckets, y_max / (2 * height)
    )
    fig.draw(fig.signal(daily_x, daily_y, marker=plt.marker("hd", _DAILY_COLOR)))

    # The trailing mean is one line per run of defined days, broken where it is undefined.
    segments: list[list[tuple[int, float]]] = [[]]
    for day, mean in zip(days, trailing, strict=True):
        if mean is None:
            segments.append([])
        else:
            segments[-1].append(((day - first).days, mean))
    mean_points: list[tuple[int, float]] = []
    breaks: list[int] = []
    for segment in filter(None, segments):
        breaks.append(len(mean_points))
        mean_points += _thin_line(segment, span, buckets)
    if mean_points:
        mean_x, mean_y = zip(*mean_points, strict=True)
        mean_line = fig.signal(mean_x, mean_y, marker=plt.marker("braille", _MEAN_COLOR)).lines()
        for index in breaks[1:]:
            mean_line.line(index, False)
        fig.draw(mean_line)
        key.append(("⣀", "7-day mean", _MEAN_COLOR))
    if sessions:
        key.append(("┃", "session", _SESSION_COLOR))
    key += references

    if events:
        offsets = list(events.values())
        marks = plt.marker(EVENT_GLYPH, _EVENT_COLOR)
        fig.draw(fig.signal(offsets, [y_max] * len(offsets), marker=marks))
        key.append((EVENT_GLYPH, "event", _EVENT_COLOR))

    x_ruler = fig.ruler("x")
    x_ruler.lim(0, max(span, 1))
    y_label_width = len(f"{y_max:g}")
    positions = _date_tick_positions(span, width - y_label_width - 3)
    x_ruler.ticks(positions, labels=[(first + timedelta(days=p)).isoformat() for p in positions])
    y_ticks = [0, y_max / 3, 2 * y_max / 3, y_max] if height >= 12 else [0, y_max]
    fig.ruler("y").lim(0, y_max).ticks(y_ticks, labels=[f"{round(tick, 1):g}" for tick in y_ticks])

    # plotext silently drops a title or label wider than the plot, so shorten them first.
    fig.title(_fit(title, width))
    fig.label(_key_label(plt, key, width), axis="x")

    rendered: str = fig.build().string(colorless=not color)
    return rendered.rstrip("\n")


def _segment(
    plt: Any, xs: tuple[float, float], ys: tuple[float, float], glyph: str, hue: str
) -> Any:
    """A straight line of ``glyph`` in ``hue`` (foreground only: no background colour)."""
    return plt.figure.segment(xs, ys, marker=plt.marker(glyph, hue))


def _columns(days: Sequence[date], first: date, span: int, width: int) -> dict[int, int]:
    """The terminal column of each day, with the day's offset from ``first`` (the first
    day of each column kept)."""
    columns: dict[int, int] = {}
    for day in sorted(days):
        offset = (day - first).days
        columns.setdefault(offset * width // (span + 1), offset)
    return columns


def _date_tick_positions(span: int, columns: int) -> list[int]:
    """Evenly spaced whole-day offsets, few enough that ISO labels never touch."""
    count = min(span + 1, max(2, columns // _DATE_LABEL_COLUMNS))
    if count < 2:
        return [0]
    return sorted({round(i * span / (count - 1)) for i in range(count)})


def _fit(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    return text[: width - 1] + "…" if width > 0 else ""


def _key_label(plt: Any, entries: list[tuple[str, str, str]], width: int) -> Any:
    """The one-line legend under the x axis; a plotext legend box costs two rows per entry."""
    room = width - 1  # plotext drops a centred label as wide as an even-width plot
    short = [(glyph, _SHORT_NAMES.get(name, name), hue) for glyph, name, hue in entries]
    for names, separator in [(entries, "   "), (entries, "  "), (entries, " "), (short, " ")]:
        if len(separator.join(f"{glyph} {name}" for glyph, name, _ in names)) <= room:
            label = plt.colorize("")
            for number, (glyph, name, hue) in enumerate(names):
                label = label + plt.colorize(separator if number else "")
                label = label + plt.colorize(glyph, hue) + plt.colorize(f" {name}")
            return label
    return _fit(" ".join(f"{glyph} {name}" for glyph, name, _ in short), room)


def _thin_points(
    xs: list[int], ys: list[float], span: int, buckets: int, y_step: float
) -> tuple[list[int], list[float]]:
    """Keep one point per (x bucket, y step) cell; the others would be drawn on top of it."""
    if len(xs) <= buckets:
        return xs, ys
    seen: set[tuple[int, int]] = set()
    kept_x: list[int] = []
    kept_y: list[float] = []
    for x, y in zip(xs, ys, strict=True):
        cell = (x * buckets // (span + 1), round(y / y_step))
        if cell not in seen:
            seen.add(cell)
            kept_x.append(x)
            kept_y.append(y)
    return kept_x, kept_y


def _thin_line(points: list[tuple[int, float]], span: int, buckets: int) -> list[tuple[int, float]]:
    """Keep first, lowest, highest and last point per x bucket (M4, Jugel et al. 2014)."""
    if len(points) <= 4 * buckets:
        return points
    kept: list[tuple[int, float]] = []
    for _, group in groupby(points, key=lambda point: point[0] * buckets // (span + 1)):
        run = list(group)
        lowest = min(run, key=lambda point: point[1])
        highest = max(run, key=lambda point: point[1])
        kept += sorted({run[0], lowest, highest, run[-1]})
    return kept
