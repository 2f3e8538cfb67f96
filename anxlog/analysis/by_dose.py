"""Sessions grouped by kind and dose: what went with each dose, described, not compared.

Dose usually changes with time in a series (an induction at one dose, boosters at
another), so a difference between groups mixes dose with time and with what came
before. Pure functions over the per-session results; docs/methods.md ("By kind and
dose").
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import NamedTuple

from .sessions import SessionResult

MIN_GROUPS = 2  # one group describes nothing the per-session table does not


class DoseGroup(NamedTuple):
    """The sessions of one (kind, dose, unit), in the order the series first used it."""

    kind: str
    dose: float | None
    unit: str | None
    sessions: int
    mean_change: float | None  # over the sessions whose change is defined
    median_relief_days: float | None  # censored relief times count with their time
    relief_censored: bool | None  # the median is a lower bound ("at least"); None without it
    median_onset_hours: float | None


def _onset_hours(result: SessionResult) -> float | None:
    """Hours from the session's start to relief (docs/methods.md, "Onset"); None without
    a time or a rating at its relief level."""
    return result.onset_hours


def _median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def dose_group(members: Sequence[SessionResult]) -> DoseGroup:
    """One group's figures; every member has the same kind, dose and unit."""
    session = members[0].session
    changes = [r.change for r in members if r.change is not None]
    relief = [
        (float(r.relief_days), bool(r.censored)) for r in members if r.relief_days is not None
    ]
    onsets = [hours for hours in map(_onset_hours, members) if hours is not None]
    times = sorted(days for days, _ in relief)
    # A censored time is a lower bound: had it lasted longer, the median could only grow,
    # and only if it sits at or below the middle (the upper middle of an even count).
    middle = times[len(times) // 2] if times else None
    return DoseGroup(
        kind=session.kind,
        dose=session.dose,
        unit=session.unit,
        sessions=len(members),
        mean_change=math.fsum(changes) / len(changes) if changes else None,
        median_relief_days=_median(times),
        relief_censored=(
            None
            if middle is None
            else any(censored and days <= middle for days, censored in relief)
        ),
        median_onset_hours=_median(onsets),
    )


def by_dose(results: Sequence[SessionResult]) -> list[DoseGroup]:
    """The sessions grouped by (kind, dose, unit) in order of first use; an empty list when
    they form fewer than two groups (nothing differs)."""
    groups: dict[tuple[str, float | None, str | None], list[SessionResult]] = {}
    for result in results:
        session = result.session
        groups.setdefault((session.kind, session.dose, session.unit), []).append(result)
    if len(groups) < MIN_GROUPS:
        return []
    return [dose_group(members) for members in groups.values()]
