"""The standard two-week GAD-7, judged administration by administration (docs/methods.md).

Two-weekly questionnaires have no trailing means: each follow-up is compared with the
intake questionnaire, the way trials judge them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal, NamedTuple

from .thresholds import Flags, at_most, clinical_flags, percent_change

INTAKE_DAYS = 28  # the intake GAD-7 is the latest one in s0-28 … s0
CONFIRM_DAYS = 10  # two relieved follow-ups at least 10 days apart confirm a change


class Administration(NamedTuple):
    """One standard GAD-7: its day and its total (or one item's answer)."""

    day: date
    total: int


class FollowUp(NamedTuple):
    """A GAD-7 after the first session, compared with the intake one."""

    day: date
    total: int
    change: float  # total - intake total, negative = better
    percent_change: float | None  # None when the intake total is 0
    flags: Flags  # the validated thresholds; None for one item
    relieved: bool  # total <= intake total - margin


def intake_window(first_session: date) -> tuple[date, date]:
    """The days in which the intake GAD-7 is looked for: s0-28 … s0."""
    # no earlier than 1 January of year 1 (a year-one day stored by another program)
    return date.fromordinal(max(1, first_session.toordinal() - INTAKE_DAYS)), first_session


def intake(administrations: Sequence[Administration], first_session: date) -> Administration | None:
    """The latest GAD-7 taken on a day in s0-28 … s0 (administrations in time order)."""
    start, end = intake_window(first_session)
    found = [a for a in administrations if start <= a.day <= end]
    return found[-1] if found else None


def followups(
    administrations: Sequence[Administration],
    baseline: Administration,
    first_session: date,
    *,
    margin: float,
    one_item: bool,
) -> list[FollowUp]:
    """Every GAD-7 on a day after the first session, judged against ``baseline``."""
    result = []
    for administration in administrations:
        if administration.day <= first_session:
            continue
        change = float(administration.total - baseline.total)
        percent = percent_change(change, baseline.total)
        result.append(
            FollowUp(
                day=administration.day,
                total=administration.total,
                change=change,
                percent_change=percent,
                flags=clinical_flags(administration.total, change, percent, one_item=one_item),
                relieved=at_most(administration.total, baseline.total - margin),
            )
        )
    return result


class Judged(NamedTuple):
    verdict: Literal["sustained", "emerging", "fading", "not-yet"]
    since: date | None  # the first of the final run of relieved follow-ups
    days: int  # latest follow-up - since + 1, 0 without a final run


def judge(follow: Sequence[FollowUp]) -> Judged:
    """The verdict over at least one follow-up: a confirmed change needs the latest two
    relieved and at least 10 days apart, as trials ask for two consecutive assessments."""
    latest = follow[-1]
    if not latest.relieved:
        if any(f.relieved for f in follow):
            return Judged("fading", None, 0)
        return Judged("not-yet", None, 0)
    start = len(follow) - 1
    while start > 0 and follow[start - 1].relieved:
        start -= 1
    since = follow[start].day
    days = (latest.day - since).days + 1
    confirmed = len(follow) - start >= 2 and (latest.day - follow[-2].day).days >= CONFIRM_DAYS
    return Judged("sustained" if confirmed else "emerging", since, days)
