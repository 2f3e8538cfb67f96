"""The provider report as one HTML page: inline CSS and SVG, no script, no URL of any kind.

Sections in the order of issue 5: header, verdict and series summary, chart, per-session
table, items, standard GAD-7 results and session list, then the notes written with the
daily check-ins and the footnotes (layout for screen, phone and paper: ``style.py``).
Every piece of text, and user-written text above all, goes through ``html.escape``.
"""

from __future__ import annotations

import html
from string import Template
from typing import TYPE_CHECKING

from .. import __version__
from ..instrument import DAILY, DIFFICULTY_LABELS, GAD7, ITEM_KEYS, ITEMS, LICENCE, band_label
from ..present.durability_text import durability_sentence, onset_sentence, summary_line
from ..present.rows import Layout, followup_rows, measure_name, series_rows, session_rows
from ..present.text import MISSING, number, signed
from ..present.verdict import settings_sentence, verdict_sentence
from ..present.wording import NOT_ADVICE
from .context import dose_part, tolerability_part, with_events
from .footnotes import DEFINITIONS, SOURCES, THRESHOLDS
from .markup import paragraph as _p
from .markup import rows_table
from .markup import section as _section
from .markup import table as _table
from .markup import user_text as _user
from .style import CSS

if TYPE_CHECKING:
    from ..analysis.trend import Trend
    from . import ItemWindow, ReportData

DAILY_CAVEAT = (
    "These are anxlog's daily check-ins: the seven GAD-7 items asked about the last 24 hours. "
    "This daily adaptation is not the validated GAD-7 (two-week recall), so its totals are not "
    "GAD-7 scores; the GAD-7 thresholds and severity bands are shown for orientation only."
)
GAD7_NOTE = "Standard GAD-7, two-week recall (Spitzer et al. 2006)."

PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>$title</title>
<style>$css</style>
</head>
<body>
$body
</body>
</html>
""")


SESSIONS = Layout("apart", felt=False)  # every session, kind and dose in their own columns


def _period(data: ReportData) -> str:
    first, last = data.first_day, data.last_day
    if first is None or last is None:
        return "no data recorded"
    asked = "as requested" if data.since or data.until else "all recorded data"
    return f"{first.isoformat()} to {last.isoformat()} ({asked})"


def _header(data: ReportData) -> str:
    trend, instrument = data.trend, data.instrument
    sessions = data.sessions
    session_text = f"{len(sessions)}"
    if sessions:
        session_text += f" ({sessions[0].day.isoformat()} to {sessions[-1].day.isoformat()})"
    facts = [
        ("Period", _period(data)),
        ("Measure", measure_name(instrument, None)),
        ("Ratings", f"{len(data.ratings)} on {len(trend.shown()[0].iso)} days"),
        ("Sessions", session_text),
        ("Generated", f"{data.generated.isoformat()} by anxlog {__version__}"),
    ]
    rows = "\n".join(
        f"<dt>{html.escape(name)}</dt><dd>{html.escape(value)}</dd>" for name, value in facts
    )
    caveat = _p(DAILY_CAVEAT if instrument == DAILY else GAD7_NOTE, "caveat")
    return (
        '<header id="report-header">\n'
        "<h1>Anxiety self-ratings and treatment sessions</h1>\n"
        + _p(
            "A summary for the treating provider, from the patient's own anxlog records.",
            "subtitle",
        )
        + f'\n<dl class="facts">\n{rows}\n</dl>\n{caveat}\n</header>'
    )


def _summary(data: ReportData) -> str:
    trend = data.trend
    table = "\n".join(
        f'<tr><th scope="row">{html.escape(label)}</th>'
        f'<td class="num">{html.escape(value)}</td></tr>'
        for label, value in series_rows(trend, compact=True)
    )
    settings = settings_sentence(trend)
    return _section(
        "summary",
        "Verdict and series summary",
        _p(verdict_sentence(trend), "verdict")
        + _durability_line(trend)
        + f'\n<table class="summary"><tbody>\n{table}\n</tbody></table>\n'
        + _p(settings, "small"),
    )


def _chart(data: ReportData) -> str:
    trend = data.trend
    if not trend.shown()[0].iso:
        return _section("chart", "Chart", _p("No ratings in this period, so nothing to chart."))
    from .svg_chart import trend_svg

    daily = data.instrument == DAILY
    y_label = "Daily check-in total (0–21)" if daily else "Standard GAD-7 score (0–21)"
    svg, ranges = trend_svg(trend, y_label=y_label)
    shared = " (sessions too close together to number one by one share one label, as 11–14)"
    caption = (
        "Dots: daily values (the mean of a day's totals). Green line: trailing 7-day mean "
        "(shown when at least 3 of the 7 days are rated). Orange lines: sessions, labelled "
        f"with their id as in the tables{shared if ranges else ''}. Grey: baseline window. "
        "Red dashed: baseline mean; red dotted: baseline minus "
        f"{trend.params.margin:g} points, the relief level. "
        + (
            "Purple dashed lines: events (other changes), lettered as in the session list. "
            if trend.events
            else ""
        )
        + "Shading: severity bands (Spitzer et al. 2006)"
        + (", for orientation only on daily totals." if daily else ".")
    )
    return _section(
        "chart",
        "Chart",
        f'<figure class="chart">\n{svg}\n'
        f"<figcaption>{html.escape(caption)}</figcaption>\n</figure>",
    )


def _sessions(data: ReportData) -> str:
    trend = data.trend
    if trend.instrument == GAD7:
        return _section("sessions", "Follow-ups and sessions", _gad7_followups(trend))
    if not trend.session_results:
        return _section("sessions", "Per session", _p("No sessions logged in this period."))
    window, margin = trend.params.window, trend.params.margin
    explanation = (
        f"Pre / Post: mean daily value in the {window} days before / after the session (number "
        "of rated days); neighbouring sessions cut the windows and the session day is in "
        "neither. Change = post − pre (negative = better). NAP: 0.5 = no change, 1 = every "
        f"post day lower. Relief days: days after the session that stayed at least {margin:g} "
        "points below the pre mean; + = still going at the next session, at more than "
        f"{window} days without a rating, or at the last rating. Onset: hours to the first "
        "rating at that level."
    )
    return _section(
        "sessions",
        "Per session",
        "\n".join(
            filter(
                None,
                [
                    rows_table(session_rows(trend, SESSIONS)),  # Felt: see Tolerability
                    _p(explanation, "small"),
                    dose_part(trend),
                ],
            )
        ),
    )


def _durability_line(trend: Trend) -> str:
    """Page 1: how long relief lasted and where the last session stands, under the verdict."""
    line = summary_line(trend)
    return "" if line is None else "\n" + _p(line, "durability")


def _durability(data: ReportData) -> str:
    """How long relief lasts: the sentence, the Kaplan–Meier step curve and the onset."""
    trend = data.trend
    durability = trend.durability
    if durability is None:  # the standard GAD-7 has no per-session relief
        return ""
    title = "How long relief lasts"
    sentence = durability_sentence(trend) or ""
    estimate = durability.estimate
    if estimate is None:
        return _section("durability", title, _p(sentence))
    from .relief_chart import relief_svg

    window, margin = trend.params.window, trend.params.margin
    caption = (
        f"The share of relief still going (at least {margin:g} points below the mean of the "
        f"{window} days before the session) after each day, over the last {estimate.sessions} "
        "sessions with a known relief (Kaplan & Meier 1958). +: still going where counting "
        "stopped, so at least that long. Dotted: 50 %, the median where the curve reaches it."
    )
    onset = onset_sentence(trend)
    # the curve with its caption and the onset beside it (below it on a phone)
    return _section(
        "durability",
        title,
        _p(sentence)
        + f'\n<figure class="relief">\n{relief_svg(estimate)}\n<figcaption>'
        + _p(caption)
        + (_p(onset, "onset") if onset else "")
        + "</figcaption>\n</figure>",
    )


def _gad7_followups(trend: Trend) -> str:
    """The standard GAD-7 has no per-session windows: each follow-up against the intake."""
    parts = []
    if trend.followups:
        rows = followup_rows(trend)
        parts += [rows_table(rows), _p(rows.legend or "", "small")]
    else:
        parts.append(_p("No follow-up GAD-7 to compare with an intake one in this period."))
    if trend.session_results:
        parts.append(rows_table(session_rows(trend, SESSIONS)))
    parts.append(
        _p(
            "The two-week GAD-7 has no per-session windows: each follow-up questionnaire is "
            "compared with the intake one instead.",
            "small",
        )
    )
    return "\n".join(parts)


def _window_heading(name: str, window: ItemWindow | None) -> str:
    if window is None:
        return html.escape(name)
    span = f"{window.start.isoformat()} to {window.end.isoformat()}"
    days = f"{window.days} rated day" + ("" if window.days == 1 else "s")
    return "".join(
        [html.escape(name)]
        + [f'<span class="range">{html.escape(part)}</span>' for part in (span, days)]
    )


def _items(data: ReportData) -> str:
    baseline, recent = data.baseline_items, data.recent_items
    if recent is None:
        return _section(
            "items", "Items: baseline vs last 14 days", _p("No ratings in this period.")
        )
    empty = (None,) * len(ITEM_KEYS)
    before = baseline.means if baseline is not None else empty
    after = recent.means
    rows = []
    for key, text, old, new in zip(ITEM_KEYS, ITEMS, before, after, strict=True):
        change = None if old is None or new is None else new - old
        rows.append([html.escape(f"{key} {text}"), number(old), number(new), signed(change)])
    old_total = None if None in before else sum(m for m in before if m is not None)
    new_total = None if None in after else sum(m for m in after if m is not None)
    change = None if old_total is None or new_total is None else new_total - old_total
    rows.append(["Total (0–21)", number(old_total), number(new_total), signed(change)])
    headers = [
        "Item (mean answer 0–3)",
        _window_heading("Baseline", baseline),
        _window_heading("Last 14 days", recent),
        "Change",
    ]
    note = (
        "A day rated more than once counts once, with its mean. Negative change = less bothered."
        if baseline is not None
        else "No baseline: no session is logged, or no intake GAD-7 before the first one."
    )
    return _section(
        "items",
        "Items: baseline vs last 14 days",
        _table(
            headers,
            rows,
            classes=["", "num", "num", "num"],
            row_classes=[""] * len(ITEM_KEYS) + ["total"],
        )
        + "\n"
        + _p(note, "small"),
    )


def _gad7(data: ReportData) -> str:
    if not data.gad7:
        text = "No standard GAD-7 in this period ('anxlog rate --gad7'; suggested every 14 days)."
        return _section("gad7", "Standard GAD-7 results", _p(text))
    rows = [
        [
            rating.day.isoformat(),
            str(rating.total),
            html.escape(band_label(rating.total, GAD7)),
            html.escape(DIFFICULTY_LABELS[rating.difficulty])
            if rating.difficulty is not None
            else MISSING,
            _user(rating.note),
        ]
        for rating in data.gad7
    ]
    headers = ["Date", "Total (0–21)", "Band", "Difficulty", "Note"]
    classes = ["day", "num", "", "", "note"]
    if not any(rating.note for rating in data.gad7):  # an empty column only takes room
        headers, classes, rows = headers[:-1], classes[:-1], [row[:-1] for row in rows]
    table = _table(headers, rows, classes=classes)
    return _section("gad7", "Standard GAD-7 results", table)


def _session_list(data: ReportData) -> str:
    events = data.trend.events
    if not data.sessions and not events:
        return _section("session-list", "Sessions", _p("No sessions logged in this period."))
    rows = [
        [
            str(session.id),
            session.day.isoformat(),
            html.escape(session.time or ""),
            _user(session.kind),
            html.escape(session.dose_text()),
            _user(session.course),
            _user(session.note),
        ]
        for session in data.sessions
    ]
    headers = ["ID", "Date", "Time", "Kind", "Dose", "Course", "Note"]
    rows, kinds = with_events(rows, data.sessions, events, len(headers))
    classes = ["num", "day", "day", "", "day", "", "note"]
    table = _table(headers, rows, classes=classes, row_classes=kinds)
    title = "Sessions and events" if events else "Sessions"  # an event's row: its letter
    return _section(
        "session-list", title, "\n".join(filter(None, [table, tolerability_part(data.sessions)]))
    )


def _daily_notes(data: ReportData) -> str:
    title = "Notes"
    if not data.daily_notes:
        return _section("daily-notes", title, _p("No notes were written with the daily check-ins."))
    rows = [[rating.day.isoformat(), _user(rating.note)] for rating in data.daily_notes]
    table = _table(["Date", "Note"], rows, classes=["day", ""], table_class="notes")
    intro = _p("Notes written with the daily check-ins, as the patient wrote them.", "small intro")
    return _section("daily-notes", title, intro + "\n" + table)


def _footnotes() -> str:
    definitions = "\n".join(
        f"<dt>{html.escape(term)}</dt><dd>{html.escape(text)}</dd>" for term, text in DEFINITIONS
    )
    thresholds = "\n".join(f"<li>{html.escape(text)}</li>" for text in THRESHOLDS)
    sources = "\n".join(f"<li>{html.escape(text)}</li>" for text in SOURCES)
    return (
        '<footer id="notes">\n<h2>Definitions, thresholds and sources</h2>\n'
        f"<dl>\n{definitions}\n</dl>\n<h3>Thresholds</h3>\n<ul>\n{thresholds}\n</ul>\n"
        f"<h3>Sources</h3>\n<ol>\n{sources}\n</ol>\n"
        + _p(LICENCE, "licence")
        + "\n"
        + _p(NOT_ADVICE, "not-advice")
        + "\n</footer>"
    )


def render_report(data: ReportData) -> str:
    """The whole page; the same data gives the same text."""
    body = "\n".join(
        filter(
            None,
            [
                _header(data),
                _summary(data),
                _chart(data),
                _sessions(data),
                _durability(data),
                _items(data),
                _gad7(data),
                _session_list(data),
                _daily_notes(data),
                _footnotes(),
            ],
        )
    )
    title = f"anxlog report: {_period(data)}"
    return PAGE.substitute(title=html.escape(title), css=CSS, body=body)
