"""How long relief lasts, in plain words, for `trend`, `status` and the report.

Descriptive only: how long relief lasted and where the last session stands, never when
a next session would be due (docs/methods.md, "How long relief lasts"). No rich import:
`status` uses these sentences too.
"""

from __future__ import annotations

from datetime import date

from .. import dates
from ..analysis.durability import Durability, KaplanMeier
from ..analysis.trend import Trend


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _points(value: float) -> str:
    return f"{value:g} point" + ("" if value == 1 else "s")


def _hours(value: float) -> str:
    return f"{value:g} hour" + ("" if value == 1 else "s")


def relief_words(trend: Trend) -> str:
    """ "relief of at least 4 points" (of one item: "relief of at least 1 point on q2")."""
    on_item = f" on {trend.item}" if trend.item else ""
    return f"relief of at least {_points(trend.params.margin)}{on_item}"


def _ago(days: int, as_of: date) -> str:
    if as_of != dates.today():  # --until: counted to the end of the period
        return f"{_plural(days, 'day')} before {as_of.isoformat()}"
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"


def _still_going(durability: Durability, window: int) -> str:
    next_session, latest, pause = durability.still_going
    parts = []
    if next_session:
        parts.append(f"{next_session} still going when the next session came")
    if latest:
        parts.append(f"{latest} still going at your latest rating")
    if pause:
        parts.append(f"{pause} still going when ratings paused for more than {window} days")
    return "; " + ", ".join(parts) if parts else ""


def _lasted(estimate: KaplanMeier) -> str:
    if estimate.median_days is not None:
        return f"a median of {_plural(estimate.median_days, 'day')}"
    assert estimate.median_more_than is not None
    return f"a median of more than {_plural(estimate.median_more_than, 'day')}"


def _extremes(estimate: KaplanMeier) -> str:
    """ "shortest 3, longest 12+" (+: still going where its count ended, so at least)."""
    shortest = f"{estimate.shortest_days}{'+' if estimate.shortest_censored else ''}"
    longest = f"{estimate.longest_days}{'+' if estimate.longest_censored else ''}"
    return f"shortest {shortest}, longest {longest}"


def estimate_sentence(trend: Trend) -> str | None:
    """How long relief lasted after the latest sessions; the reason when it cannot say."""
    durability = trend.durability
    if durability is None:
        return None
    estimate = durability.estimate
    if estimate is None:
        return durability.reason
    return (
        f"After your last {estimate.sessions} sessions, {relief_words(trend)} lasted "
        f"{_lasted(estimate)} ({_extremes(estimate)}"
        f"{_still_going(durability, trend.params.window)})."
    )


def last_session_sentence(trend: Trend) -> str | None:
    """How long ago the last session was, and whether relief after it is still going."""
    durability = trend.durability
    if durability is None or durability.days_since_last_session is None:
        return None
    assert durability.as_of is not None
    text = f"Your last session was {_ago(durability.days_since_last_session, durability.as_of)}"
    ongoing, relief_days = durability.last_session_relief_ongoing, durability.last_relief_days
    if ongoing:
        return text + "; relief after it is still going."
    if ongoing is False and relief_days:
        return text + f"; relief after it lasted {_plural(relief_days, 'day')}."
    if ongoing is False:
        return text + f"; the first day rated after it showed no {relief_words(trend)}."
    last_rated = durability.last_rated
    if relief_days is None or last_rated is None:
        return text + "."
    stale = (durability.as_of - last_rated).days
    if stale > trend.params.window:
        return (
            text + f"; with no rating in the last {_plural(stale, 'day')}, whether relief "
            "after it is still going is not known."
        )
    return (
        text + f"; ratings paused for more than {_plural(trend.params.window, 'day')} "
        "after it, so whether relief is still going is not known."
    )


def durability_sentence(trend: Trend) -> str | None:
    """The estimate and the last session, as one paragraph (None for the GAD-7)."""
    parts = [estimate_sentence(trend), last_session_sentence(trend)]
    text = " ".join(part for part in parts if part)
    return text or None


def onset_sentence(trend: Trend) -> str | None:
    """The median onset in hours over the sessions of the estimate that have one."""
    durability = trend.durability
    if durability is None or durability.estimate is None:
        return None
    sessions = durability.estimate.sessions
    rating = f"rating{f' of {trend.item}' if trend.item else ''}"
    level = f"at least {_points(trend.params.margin)} below the days before a session"
    if durability.median_onset_hours is None:
        return (
            f"Onset: none of these {sessions} sessions has a time and, within "
            f"{_plural(trend.params.window, 'day')} of it, a {rating} {level}."
        )
    return (
        f"Onset: the first {rating} {level} came a median of "
        f"{_hours(durability.median_onset_hours)} after its start ({durability.onsets} of "
        f"these {sessions} sessions had one)."
    )


def curve_text(trend: Trend) -> str | None:
    """The Kaplan–Meier curve in words: the share of relief still going after each day
    on which some relief ended."""
    durability = trend.durability
    if durability is None or durability.estimate is None:
        return None
    steps = durability.estimate.curve
    if not steps:
        return "Relief still going (Kaplan–Meier): 100 %; none of these reliefs has ended."
    shares = "; ".join(f"after day {step.days}: {100 * step.survival:.0f} %" for step in steps)
    return f"Relief still going (Kaplan–Meier): {shares}."


def summary_line(trend: Trend) -> str | None:
    """The report's page 1: the median relief and the last session, in two lines at most."""
    durability = trend.durability
    if durability is None:
        return None
    estimate = durability.estimate
    if estimate is None:
        text = f"How long relief lasts: {durability.reason}"
    else:
        text = (
            f"How long relief lasts: {_lasted(estimate)} after your last {estimate.sessions} "
            f"sessions ({_extremes(estimate)})."
        )
    if durability.days_since_last_session is None:
        return text
    assert durability.as_of is not None
    ago = _ago(durability.days_since_last_session, durability.as_of)
    ongoing, relief_days = durability.last_session_relief_ongoing, durability.last_relief_days
    after = ""
    if ongoing:
        after = ", and relief after it is still going"
    elif ongoing is False and relief_days:
        after = f", and relief after it lasted {_plural(relief_days, 'day')}"
    elif ongoing is False:
        after = ", with no relief on the first day rated after it"
    return f"{text} Your last session was {ago}{after}."


def status_line(trend: Trend) -> str | None:
    """`status`: the median relief and the last session, in one line."""
    durability = trend.durability
    if durability is None or durability.days_since_last_session is None:
        return None
    assert durability.as_of is not None
    ago = _ago(durability.days_since_last_session, durability.as_of)
    estimate = durability.estimate
    if estimate is None:
        return "  Relief: too few sessions yet to say how long it lasts (see 'anxlog trend')."
    going = ", its relief still going" if durability.last_session_relief_ongoing else ""
    return (
        f"  Relief after your last {estimate.sessions} sessions: {_lasted(estimate)}; "
        f"the last one was {ago}{going}."
    )
