"""Thresholds: the one rule for "at most", and the GAD-7's clinical flags (docs/methods.md).

Every comparison with a threshold (relief, response, remission, minimal important
change, reliable change) goes through `at_most`, so a value that lands exactly on a
threshold counts, whatever float rounding did to it.
"""

from __future__ import annotations

from typing import NamedTuple

EXACT = 1e-9  # a value within 1e-9 of a threshold is on it
MCID = 4.0  # minimal clinically important difference of 4 points: Toussaint et al. 2020
RELIABLE_CHANGE = 6.0  # reliable change of 6 points (RCI 5.59): Bischoff et al. 2020
RESPONSE_PERCENT = -50.0  # response = total at least 50 % below baseline
REMISSION_BELOW = 5.0  # remission = total below 5


def at_most(value: float, limit: float) -> bool:
    """value <= limit, where a value that lands on the limit counts.

    Daily values are means of whole numbers (k/n); different sums of them can land on
    the same rational by different float roundings, so equality is judged to within
    1e-9, far below the smallest real gap between such means (docs/methods.md)."""
    return value <= limit + EXACT


class Flags(NamedTuple):
    """The clinical thresholds of a change from baseline; None where not defined."""

    response: bool | None = None
    remission: bool | None = None
    mcid_met: bool | None = None
    reliable_change: bool | None = None


def percent_change(change: float, baseline: float) -> float | None:
    """100 · change / baseline, None when the baseline is 0."""
    return None if baseline == 0 else 100 * change / baseline


def clinical_flags(
    current: float, change: float, percent: float | None, *, one_item: bool
) -> Flags:
    """Response, remission, MCID and reliable change of a total (0–21).

    They belong to the 0–21 total (Toussaint et al. 2020, Bischoff et al. 2020), so for
    one item (0–3) none of them is defined."""
    if one_item:
        return Flags()
    return Flags(
        response=None if percent is None else at_most(percent, RESPONSE_PERCENT),
        remission=not at_most(REMISSION_BELOW, current),  # current < 5
        mcid_met=at_most(change, -MCID),
        reliable_change=at_most(change, -RELIABLE_CHANGE),
    )
