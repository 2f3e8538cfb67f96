"""Why a verdict is unavailable, in one sentence that says how to get one.

The analysis returns these as the verdict's ``reason``; `trend`, `report` and the JSON
show them as they are.
"""

from __future__ import annotations

from datetime import date

RATE_EARLIER = (
    "To get one, rate the days before the first session that you remember with "
    "'anxlog rate --date YYYY-MM-DD' (they are kept, marked as entered later), or enter "
    "your clinic's intake GAD-7 with 'anxlog rate --gad7 --date YYYY-MM-DD' and use "
    "'anxlog trend --instrument gad7'."
)


def _days(n: int) -> str:
    return "no rated day" if n == 0 else f"only {n} rated day" + ("" if n == 1 else "s")


def no_session(first_session: date | None, until: date | None) -> str:
    if first_session is not None and until is not None:
        return (
            f"No verdict: the first session ({first_session.isoformat()}) comes after the "
            f"end of this period ({until.isoformat()})."
        )
    return "No verdict yet: no session logged ('anxlog session add')."


def no_baseline(n: int, baseline_days: int, start: date, end: date) -> str:
    return (
        f"No verdict: {_days(n)} in the {baseline_days} days before the first session "
        f"({start.isoformat()} to {end.isoformat()}); a baseline needs at least 3. " + RATE_EARLIER
    )


def no_treatment_day(first_session: date) -> str:
    return f"No verdict yet: no rated day after the first session ({first_session.isoformat()})."


def no_current(last: date) -> str:
    return (
        f"No verdict: your latest rated day ({last.isoformat()}) has fewer than 3 rated days "
        "in its 7 days, so it has no 7-day average."
    )


def no_intake(start: date, end: date) -> str:
    return (
        f"No verdict: no standard GAD-7 from {start.isoformat()} to {end.isoformat()} (the 28 "
        "days before the first session, or its day) to serve as the intake score. If your "
        "clinic gave you one, enter it with 'anxlog rate --gad7 --date YYYY-MM-DD'."
    )


def no_followup(first_session: date) -> str:
    return (
        "No verdict yet: no standard GAD-7 after the first session "
        f"({first_session.isoformat()}) ('anxlog rate --gad7'; suggested every 14 days)."
    )
