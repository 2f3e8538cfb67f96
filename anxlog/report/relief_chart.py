"""The report's Kaplan–Meier step curve: the share of relief still going, day by day
after a session (docs/methods.md, "How long relief lasts"), in the style of the chart.

matplotlib is imported only inside the function, as in ``svg_chart.py``.
"""

from __future__ import annotations

import io
from typing import Any

from ..analysis.durability import KaplanMeier
from .svg_chart import STYLE, inline_svg, require_matplotlib

_CURVE_COLOR = "#4d6f9e"
_MEDIAN_COLOR = "#a32020"


def _share_after(estimate: KaplanMeier, days: int) -> float:
    """S(days) in percent: the last step at or before ``days`` (100 before the first)."""
    share = 1.0
    for step in estimate.curve:
        if step.days <= days:
            share = step.survival
    return 100 * share


def relief_svg(estimate: KaplanMeier) -> str:
    """The step curve with a + at each censored time and the 50 % line; an <svg> element."""
    matplotlib = require_matplotlib()
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    right = estimate.longest_days + 1
    days = [0, *(step.days for step in estimate.curve), right]
    shares = [100.0, *(100 * step.survival for step in estimate.curve)]
    shares.append(shares[-1])
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(5.6, 2.2), layout="constrained")
        FigureCanvasSVG(figure)
        axes: Any = figure.add_subplot()
        axes.set_xlim(0, right)
        axes.set_ylim(0, 105)
        axes.step(
            days,
            shares,
            where="post",
            color=_CURVE_COLOR,
            linewidth=2.2,
            label=f"Kaplan–Meier, {estimate.sessions} sessions",
        )
        censored = sorted({time.days for time in estimate.times if time.censored})
        if censored:
            axes.plot(
                censored,
                [_share_after(estimate, days) for days in censored],
                linestyle="none",
                marker="+",
                markersize=11,
                markeredgewidth=1.6,
                color=_CURVE_COLOR,
                label="+ still going where counting stopped",
            )
        axes.axhline(50, color=_MEDIAN_COLOR, linestyle=":", linewidth=1.3, label="50 %")
        if estimate.median_days is not None:
            axes.plot(
                [estimate.median_days, estimate.median_days],
                [0, 50],
                color=_MEDIAN_COLOR,
                linestyle=":",
                linewidth=1.3,
            )
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        axes.set_yticks([0, 50, 100])
        axes.set_xlabel("Days after the session")
        axes.set_ylabel("Relief still going")
        axes.grid(axis="y", color="#e4e4e4", linewidth=0.6)
        figure.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=9)
        text = io.StringIO()
        figure.savefig(text, format="svg", metadata={"Date": None})
    return inline_svg(text.getvalue())
