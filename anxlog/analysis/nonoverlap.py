"""Effect sizes of a baseline phase A against a treatment phase B: NAP and Tau-BC.

Lower is better. Pairs are counted with a sort and binary search, O((m + n) log n)
instead of m·n comparisons, so 100 years of daily values cost milliseconds; only the
baseline's own trend test and slope compare its values pairwise (m is a few weeks).
Definitions with worked examples: docs/methods.md.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from itertools import repeat
from typing import NamedTuple

TREND_P = 0.05  # a baseline trend is taken out when its Kendall test gives p < 0.05
RESIDUAL_DIGITS = 9  # residuals are rounded so that values that are equal stay tied


class TauBC(NamedTuple):
    tau_bc: float | None  # -1 … 1, positive = lower during treatment
    corrected: bool | None  # whether a baseline trend was taken out first


def _below_and_ties(earlier: Sequence[float], later: Sequence[float]) -> tuple[int, int, int]:
    """Over all (earlier a, later b) pairs: #(b < a), #(b == a), #(b > a)."""
    ordered = sorted(later)
    below = sum(map(bisect_left, repeat(ordered), earlier))  # #(b < a), summed over a
    ties = sum(map(bisect_right, repeat(ordered), earlier)) - below  # #(b <= a) - #(b < a)
    above = len(earlier) * len(ordered) - below - ties
    return below, ties, above


def nap(earlier: Sequence[float], later: Sequence[float]) -> float | None:
    """Share of (earlier, later) pairs where later is lower, ties count half."""
    if not earlier or not later:
        return None
    return _nap(_below_and_ties(earlier, later), len(earlier) * len(later))


def _nap(counts: tuple[int, int, int], pairs: int) -> float:
    # NAP: Parker & Vannest 2009, oriented so that lower later values are better
    below, ties, _ = counts
    return (below + 0.5 * ties) / pairs


def nap_and_tau_bc(
    origin: int,
    baseline_days: Sequence[int],
    baseline: Sequence[float],
    treatment_days: Sequence[int],
    treatment: Sequence[float],
) -> tuple[float | None, TauBC]:
    """NAP and Tau-BC of the same two phases; days are ordinals, ``origin`` is day 0."""
    if not baseline or not treatment:
        return None, TauBC(None, None)
    counts = _below_and_ties(baseline, treatment)
    share = _nap(counts, len(baseline) * len(treatment))
    times = [day - origin for day in baseline_days]
    if not baseline_trend(times, baseline):
        return share, TauBC(_tau_b(counts, [*baseline, *treatment], len(baseline)), False)
    # Tarlow 2017: take the baseline's Theil–Sen line out of every value, then compare
    slope = _median([(y - x) / (u - t) for t, x, u, y in _pairs(times, baseline)])
    intercept = _median([y - slope * t for t, y in zip(times, baseline, strict=True)])
    a = _residuals(times, baseline, intercept, slope)
    b = _residuals([day - origin for day in treatment_days], treatment, intercept, slope)
    return share, TauBC(_tau_b(_below_and_ties(a, b), [*a, *b], len(a)), True)


def baseline_trend(times: Sequence[int], values: Sequence[float]) -> bool:
    """Whether the baseline has a trend: Kendall's S test, continuity-corrected, p < 0.05.

    Needs at least 3 values that are not all equal (Tarlow 2017)."""
    m = len(values)
    if m < 3 or min(values) == max(values):
        return False
    s = sum(_sign(y - x) * _sign(u - t) for t, x, u, y in _pairs(times, values))
    ties = sum(u * (u - 1) * (2 * u + 5) for u in Counter(values).values())
    variance = (m * (m - 1) * (2 * m + 5) - ties) / 18
    z = max(abs(s) - 1, 0) / math.sqrt(variance)
    return math.erfc(z / math.sqrt(2)) < TREND_P  # two-sided p = 2(1 - Φ(z))


def _tau_b(counts: tuple[int, int, int], values: Sequence[float], m: int) -> float | None:
    """-tau_b(phase, value) with phase 0 for the first m values, 1 for the rest.

    Only pairs across the phases are discordant or concordant, so S = #(B > A) - #(B < A)
    and (n0 - n1) = m·n; n2 counts the pairs tied in value over all N values."""
    below, _, above = counts
    n_all = len(values)
    across = m * (n_all - m)  # n0 - n1
    tied = sum(u * (u - 1) // 2 for u in Counter(values).values())  # n2
    untied = n_all * (n_all - 1) // 2 - tied  # n0 - n2
    if across == 0 or untied == 0:
        return None  # every value equal: no order to measure
    tau = (below - above) / math.sqrt(across * untied)  # one rounding of an exact product
    return max(-1.0, min(1.0, tau))  # |S| <= the root, but its float may round below |S|


def _residuals(
    times: Sequence[int], values: Sequence[float], intercept: float, slope: float
) -> list[float]:
    return [
        round(y - (intercept + slope * t), RESIDUAL_DIGITS)
        for t, y in zip(times, values, strict=True)
    ]


def _pairs(times: Sequence[int], values: Sequence[float]) -> list[tuple[int, float, int, float]]:
    """(t_i, y_i, t_j, y_j) for every i < j."""
    points = list(zip(times, values, strict=True))
    return [(*points[i], *points[j]) for i in range(len(points)) for j in range(i + 1, len(points))]


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
