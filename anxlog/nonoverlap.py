"""Non-overlap statistics of two phases (SPEC §3): NAP and Tau-U, lower is better.

Counted with a sort and binary search, O((m + n) log n) instead of m·n comparisons,
so 100 years of daily values cost milliseconds.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence


def _below_and_ties(earlier: Sequence[float], later: Sequence[float]) -> tuple[int, int, int]:
    """Over all (earlier a, later b) pairs: #(b < a), #(b == a), #(b > a).

    Counted with a sort and binary search, O((m + n) log n) instead of m·n comparisons,
    so 100 years of daily values cost milliseconds.
    """
    ordered = sorted(later)
    below = ties = 0
    for a in earlier:
        low, high = bisect_left(ordered, a), bisect_right(ordered, a)
        below += low
        ties += high - low
    above = len(earlier) * len(ordered) - below - ties
    return below, ties, above


def nap(earlier: Sequence[float], later: Sequence[float]) -> float | None:
    """Share of (earlier, later) pairs where later is lower, ties count half."""
    if not earlier or not later:
        return None
    # NAP: Parker & Vannest 2009, oriented so that lower later values are better
    below, ties, _ = _below_and_ties(earlier, later)
    return (below + 0.5 * ties) / (len(earlier) * len(later))


def tau_u(baseline: Sequence[float], treatment: Sequence[float]) -> float | None:
    """Tau-U of baseline (in time order) vs treatment, corrected for baseline trend."""
    if not baseline or not treatment:
        return None
    # Tau-U "A vs. B - Trend A": Parker et al. 2011; S_AB = #(B < A) - #(B > A)
    below, _, above = _below_and_ties(baseline, treatment)
    s_ab = below - above
    # S_A = Σ_{i<j} sign(A_i - A_j): positive when the baseline was already improving
    s_a = sum(
        (earlier > later) - (earlier < later)
        for i, earlier in enumerate(baseline)
        for later in baseline[i + 1 :]
    )
    return (s_ab - s_a) / (len(baseline) * len(treatment))
