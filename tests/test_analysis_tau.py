"""NAP and Tau-BC: hand-computed examples, and Tau-BC against an independent computation
with scipy (Theil–Sen slope, Kendall's tau-b), a test-only dependency."""

from __future__ import annotations

import math
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anxlog.analysis.nonoverlap import TauBC, baseline_trend, nap, nap_and_tau_bc

scipy_stats = pytest.importorskip("scipy.stats")


def tau_bc(baseline: list[float], treatment: list[float], start: int = 0) -> TauBC:
    """Tau-BC with the baseline on days start, start+1, … and treatment right after it."""
    m = len(baseline)
    baseline_days = list(range(start, start + m))
    treatment_days = list(range(start + m + 1, start + m + 1 + len(treatment)))
    return nap_and_tau_bc(0, baseline_days, baseline, treatment_days, treatment)[1]


# --- NAP --------------------------------------------------------------------------------------


def test_nap_lower_is_better() -> None:
    # pairs (earlier, later): (10,6) below, (10,8) below, (8,6) below, (8,8) tie
    assert nap([10, 8], [6, 8]) == (3 + 0.5 * 1) / (2 * 2)
    assert nap([1, 2], [5, 6]) == 0.0  # every later value higher: worse
    assert nap([5], [5]) == 0.5  # no change
    assert nap([], [1.0]) is None and nap([1.0], []) is None


def test_nap_of_the_parker_vannest_example_mirrored_for_lower_is_better() -> None:
    # Parker & Vannest 2009 style data, higher = better there: negate it
    earlier = [-a for a in [20, 20, 26, 25, 22, 23]]
    later = [-b for b in [28, 25, 24, 27, 30, 30, 29]]
    # 6 x 7 = 42 pairs: 38 improve, 1 tie (25, 25), 3 worsen (26 vs 25, 24; 25 vs 24)
    assert nap(earlier, later) == pytest.approx(38.5 / 42)  # ≈ 0.917


# --- the baseline trend test --------------------------------------------------------------------


def test_baseline_trend_needs_five_steadily_rising_values() -> None:
    # m = 4 rising: S = 6, Var = 4·3·13/18 = 8.67, z = (6 - 1)/2.94 = 1.70, p = 0.089
    assert not baseline_trend([0, 1, 2, 3], [10, 11, 12, 13])
    # m = 5 rising: S = 10, Var = 5·4·15/18 = 16.67, z = 9/4.08 = 2.20, p = 0.027
    assert baseline_trend([0, 1, 2, 3, 4], [10, 11, 12, 13, 14])
    assert 2 * scipy_stats.norm.sf(9 / math.sqrt(300 / 18)) == pytest.approx(0.0275, abs=1e-4)


def test_baseline_trend_with_tied_values() -> None:
    # 1, 1, 2, 3, 4, 5: S = 15 pairs - 1 tied = 14; Var = (6·5·17 - 2·1·9)/18 = 492/18;
    # z = 13/5.23 = 2.49, p = 0.013
    assert baseline_trend([0, 1, 2, 3, 4, 5], [1, 1, 2, 3, 4, 5])
    assert not baseline_trend([0, 1, 2], [5, 5, 5])  # constant
    assert not baseline_trend([0, 1], [1, 9])  # fewer than 3


# --- Tau-BC by hand ----------------------------------------------------------------------------


def test_tau_bc_without_a_significant_baseline_trend() -> None:
    # A = 10, 11, 12, 13 (rising, p = 0.089: not corrected), B = 12, 12
    # B below A: 13 -> 2; ties: 12 -> 2; above: 10, 11 -> 4; S = above - below = 2
    # N = 6, n0 = 15, n0 - n1 = m·n = 8; tied values: 12 three times -> n2 = 3
    # Tau-BC = -S / sqrt(8 · (15 - 3)) = -2 / sqrt(96)
    assert tau_bc([10, 11, 12, 13], [12, 12]) == TauBC(-2 / math.sqrt(96), False)


def test_tau_bc_with_a_significant_baseline_trend() -> None:
    # A = 10 … 14 on t = 9 … 13 (p = 0.027: corrected); B = 12, 12, 12 on t = 15, 16, 17
    # Theil–Sen: every slope is 1, b = 1; a = median(y - t) = median(1, 1, 1, 1, 1) = 1
    # residuals: A all 0; B 12 - (1 + 15) = -4, -5, -6
    # every B below every A: S = -15; N = 8, n0 = 28, m·n = 15; five tied 0s -> n2 = 10
    # Tau-BC = 15 / sqrt(15 · (28 - 10)) = 15 / sqrt(270) = 0.913
    result = tau_bc([10, 11, 12, 13, 14], [12, 12, 12], start=9)
    assert result.corrected is True
    assert result.tau_bc == pytest.approx(15 / math.sqrt(270))
    # uncorrected the same values balance: below 6 (13, 14), above 6 (10, 11) -> S = 0
    raw = scipy_stats.kendalltau([0] * 5 + [1] * 3, [10, 11, 12, 13, 14, 12, 12, 12])
    assert raw.statistic == 0


def test_tau_bc_of_a_baseline_trend_that_simply_goes_on() -> None:
    # a baseline already falling on its own, 14, 13, 12, 11, 10 on t = 0 … 4, and treatment
    # days on t = 6, 7 that stay on its line: 14 - 6 = 8, 14 - 7 = 7
    # b = -1, a = median(y + t) = 14; every residual is 0 -> every value tied: undefined
    assert tau_bc([14, 13, 12, 11, 10], [8, 7]) == TauBC(None, True)
    # uncorrected, the same values would read as a clear improvement
    assert tau_bc([14, 13, 12, 11], [8, 7]).tau_bc == pytest.approx(8 / math.sqrt(8 * 15))


def test_tau_bc_is_unavailable_for_an_empty_phase() -> None:
    assert nap_and_tau_bc(0, [], [], [1], [1.0]) == (None, TauBC(None, None))
    assert nap_and_tau_bc(0, [0], [1.0], [], []) == (None, TauBC(None, None))


# --- Tau-BC against scipy ------------------------------------------------------------------


def independent_tau_bc(
    times: list[int], baseline: list[float], later: list[int], treatment: list[float]
) -> tuple[float | None, bool]:
    """Tau-BC computed another way: S by counting, p from scipy's normal distribution,
    the slope from scipy.stats.theilslopes and tau-b from scipy.stats.kendalltau."""
    m = len(baseline)
    correct = False
    if m >= 3 and len(set(baseline)) > 1:
        s = sum(
            math.copysign(1, baseline[j] - baseline[i])
            for i in range(m)
            for j in range(i + 1, m)
            if baseline[j] != baseline[i]
        )
        ties = [baseline.count(v) for v in set(baseline)]
        variance = (m * (m - 1) * (2 * m + 5) - sum(u * (u - 1) * (2 * u + 5) for u in ties)) / 18
        z = max(abs(s) - 1, 0) / math.sqrt(variance)
        correct = bool(2 * scipy_stats.norm.sf(z) < 0.05)
    values = baseline + treatment
    if correct:
        slope = float(scipy_stats.theilslopes(baseline, times).slope)
        intercept = statistics.median(y - slope * t for t, y in zip(times, baseline, strict=True))
        values = [
            round(y - (intercept + slope * t), 9)
            for t, y in zip(times + later, values, strict=True)
        ]
    phase = [0] * m + [1] * len(treatment)
    tau = float(scipy_stats.kendalltau(phase, values, variant="b").statistic)
    return (None if math.isnan(tau) else -tau), correct


@st.composite
def phases(draw: st.DrawFn) -> tuple[list[int], list[float], list[int], list[float]]:
    """A baseline on some of 14 days, then a treatment phase on later days; whole
    values, or halves (a day rated twice)."""
    value = st.integers(0, 42).map(lambda v: v / 2)
    times = sorted(draw(st.lists(st.integers(0, 13), min_size=1, max_size=14, unique=True)))
    trend = draw(st.sampled_from([0.0, 0.5, -1.0]))  # sometimes a clear baseline trend
    noise = st.integers(-2, 2).map(lambda v: v / 2)
    baseline = [min(21.0, max(0.0, 10 + trend * t + draw(noise))) for t in times]
    later = sorted(draw(st.lists(st.integers(15, 60), min_size=1, max_size=30, unique=True)))
    treatment = [draw(value) for _ in later]
    return times, baseline, later, treatment


@settings(max_examples=300, deadline=None)
@given(phases())
def test_tau_bc_equals_an_independent_computation(
    data: tuple[list[int], list[float], list[int], list[float]],
) -> None:
    times, baseline, later, treatment = data
    _, result = nap_and_tau_bc(0, times, baseline, later, treatment)
    expected, corrected = independent_tau_bc(times, baseline, later, treatment)
    assert result.corrected is corrected
    if expected is None:
        assert result.tau_bc is None
    else:
        assert result.tau_bc is not None
        assert abs(result.tau_bc - expected) < 1e-9
        assert -1 <= result.tau_bc <= 1


# --- plain words -----------------------------------------------------------------------------


def test_nap_and_tau_bc_in_plain_words() -> None:
    from anxlog.present.verdict import nap_reading, tau_bc_reading

    assert nap_reading(0.97) == (
        "NAP 0.97: in 97 % of comparisons of a baseline day with a treatment day, the "
        "treatment day was lower (ties count half); 0.5 = no change."
    )
    assert tau_bc_reading(0.913, True) == (
        "Tau-BC 0.91 (−1 to 1, 0 = no difference): treatment days tended to be lower than "
        "baseline days; a trend already present in the baseline was taken out first."
    )
    higher = tau_bc_reading(-0.2, False)
    assert higher is not None and "tended to be higher" in higher and "none was taken out" in higher
    assert nap_reading(None) is None and tau_bc_reading(None, None) is None
