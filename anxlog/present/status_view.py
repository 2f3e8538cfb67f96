"""`anxlog status`: today at a glance, in a few plain lines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from ..analysis.trend import Trend
from ..records import Rating, Session
from .durability_text import status_line
from .text import escape_controls, number, signed
from .wording import NOT_ADVICE

GAD7_EVERY_DAYS = 14  # a standard GAD-7 is suggested every 14 days (docs/methods.md)
NO_BASELINE = "no baseline yet"  # the line after it (baseline_hint) says why, and how to add one


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def _ago(days: int) -> str:
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"


def status_lines(
    *,
    today: date,
    rated_today: int,
    gad7_today: int,
    sessions: Sequence[Session],
    trend: Trend,
    last_gad7: Rating | None,
) -> list[str]:
    lines = [f"Today, {today.isoformat()}:"]
    if rated_today:
        lines.append(f"  Daily check-in: done {_times(rated_today)} today.")
    else:
        lines.append("  Daily check-in: not yet today ('anxlog rate').")
    past = [s for s in sessions if s.day <= today]
    if past:
        last = past[-1]
        dose = f", {last.dose_text()}" if last.dose is not None else ""
        lines.append(
            f"  Last session {last.id}: {last.day.isoformat()} "
            f"({_ago((today - last.day).days)}), {escape_controls(last.kind)}{dose}."
        )
    else:
        lines.append("  Sessions: none logged yet ('anxlog session add --kind …').")
    lines.extend(average_lines(trend))
    lines += baseline_hint(trend)
    lines.extend(line for line in [status_line(trend)] if line)  # how long relief lasts
    if gad7_today:
        lines.append("  Standard GAD-7: done today.")
    elif last_gad7 is None:
        lines.append("  Standard GAD-7: due, none taken yet ('anxlog rate --gad7').")
    elif (today - last_gad7.day).days >= GAD7_EVERY_DAYS:
        lines.append(
            f"  Standard GAD-7: due (last on {last_gad7.day.isoformat()}, "
            f"{_ago((today - last_gad7.day).days)}): 'anxlog rate --gad7'."
        )
    else:
        next_due = last_gad7.day + timedelta(days=GAD7_EVERY_DAYS)
        lines.append(f"  Standard GAD-7: next due {next_due.isoformat()}.")
    lines.append(NOT_ADVICE)
    return lines


def average_lines(trend: Trend) -> list[str]:
    """The 7-day average: the very number `trend` shows, under the same name."""
    day, mean = trend.current
    if day is None:
        return []
    if mean is None:
        return ["  7-day average: needs at least 3 rated days in the last 7."]
    baseline = trend.baseline.mean
    if trend.treatment_start is None:
        return [f"  7-day average: {number(mean)} on {day.isoformat()} (no session yet)."]
    if baseline is None:
        return [f"  7-day average: {number(mean)} on {day.isoformat()} ({NO_BASELINE})."]
    return [
        f"  7-day average: {number(mean)} vs baseline {number(baseline)} "
        f"({signed(mean - baseline)}), as of {day.isoformat()}."
    ]


def baseline_hint(trend: Trend) -> list[str]:
    """How to add a baseline, for the many who start tracking after treatment began."""
    baseline = trend.baseline
    if not trend.session_results or trend.baseline_ok or baseline.start is None:
        return []
    assert baseline.end is not None
    rated = baseline.n or 0
    return [
        f"  Baseline: {rated} rated day{'' if rated == 1 else 's'} in the "
        f"{trend.params.baseline_days} days before your first session "
        f"({baseline.start.isoformat()} to {baseline.end.isoformat()}); it needs 3. "
        "Add the days you remember with 'anxlog rate … --date DAY' (kept as entered "
        "later), or the clinic's intake GAD-7 with 'anxlog rate --gad7 … --date DAY'."
    ]
