"""Non-overlap statistics of two phases (SPEC §3): NAP and Tau-U, lower is better.

Counted with a sort and binary search, O((m + n) log n) instead of m·n comparisons,
so 100 years of daily values cost milliseconds.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import repeat


def _below_and_ties(earlier: Sequence[float], later: Sequence[float]) -> tuple[int, int, int]:
    """Over all (earlier a, later b) pairs: #(b < a), #(b == a), #(b > a).

    Counted with a sort and binary search, O((m + n) log n) instead of m·n comparisons,
    so 100 years of daily values cost milliseconds.
    """
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


def tau_u(baseline: Sequence[float], treatment: Sequence[float]) -> float | None:
    """Tau-U of baseline (in time order) vs treatment, corrected for baseline trend."""
    if not baseline or not treatment:
        return None
    return _tau_u(_below_and_ties(baseline, treatment), baseline, len(treatment))


def nap_and_tau_u(
    baseline: Sequence[float], treatment: Sequence[float]
) -> tuple[float | None, float | None]:
    """nap and tau_u of the same two phases, their pairs counted once."""
    if not baseline or not treatment:
        return None, None
    counts = _below_and_ties(baseline, treatment)
    return _nap(counts, len(baseline) * len(treatment)), _tau_u(counts, baseline, len(treatment))


def _nap(counts: tuple[int, int, int], pairs: int) -> float:
    # NAP: Parker & Vannest 2009, oriented so that lower later values are better
    below, ties, _ = counts
    return (below + 0.5 * ties) / pairs


def _tau_u(counts: tuple[int, int, int], baseline: Sequence[float], treatment_days: int) -> float:
    # Tau-U "A vs. B - Trend A": Parker et al. 2011; S_AB = #(B < A) - #(B > A)
    below, _, above = counts
    s_ab = below - above
    # S_A = Σ_{i<j} sign(A_i - A_j): positive when the baseline was already improving
    s_a = sum(
        (earlier > later) - (earlier < later)
        for i, earlier in enumerate(baseline)
        for later in baseline[i + 1 :]
    )
    return (s_ab - s_a) / (len(baseline) * treatment_days)
