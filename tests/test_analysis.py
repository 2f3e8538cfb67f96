"""Hand-computed checks of the analysis (docs/methods.md); the arithmetic is written out
next to each expectation."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, timedelta

import pytest
from helpers_analysis import daily_values, days_of, trailing_mean, trailing_means, trend_to_json
from helpers_history import QUICK
from hypothesis import given
from hypothesis import strategies as st

from anxlog.analysis.days import Days
from anxlog.analysis.sessions import SessionDay, Window
from anxlog.analysis.trend import Parameters, Series, analyse

DAY0 = date(2024, 3, 1)


def day(offset: int) -> date:
    return DAY0 + timedelta(days=offset)


def rated(values: Mapping[int, float]) -> Days:
    """Daily values keyed by day offset, one rating each."""
    return days_of({day(offset): value for offset, value in values.items()})


def session(offset: int, number: int = 1, session_id: int | None = None) -> SessionDay:
    return SessionDay(
        id=number if session_id is None else session_id,
        number=number,
        day=day(offset),
        kind="ketamine-iv",
        dose=0.5,
        unit="mg/kg",
    )


# --- daily values and trailing means --------------------------------------------------------


def test_a_days_value_is_the_mean_of_its_totals() -> None:
    days = Days.from_sums(["2024-03-01", "2024-03-02", "2024-03-03"], [4, 39, 11], [1, 3, 2])
    assert days.values == [4.0, 39 / 3, 11 / 2]  # 13 and 5.5
    assert days.ordinals == [day(0).toordinal(), day(1).toordinal(), day(2).toordinal()]


def test_trailing_means_of_ten_unbroken_days() -> None:
    days = rated({i: float(i + 1) for i in range(10)})
    # (1+2+3)/3 = 2, (1+…+4)/4 = 2.5, 15/5 = 3, 21/6 = 3.5, 28/7 = 4, then 35/7, 42/7, 49/7
    assert days.trailing_means() == [None, None, 2, 2.5, 3, 3.5, 4, 5, 6, 7]


def test_trailing_mean_spans_calendar_days_d_minus_6_to_d() -> None:
    days = rated({-1: 100, 0: 3, 2: 6, 6: 9, 7: 50})
    means = dict(zip(days.dates(), days.trailing_means(), strict=True))
    assert means[day(6)] == (3 + 6 + 9) / 3  # days 0 … 6: day -1 is 7 days back
    assert means[day(2)] == (100 + 3 + 6) / 3  # days -4 … 2: days -1, 0 and 2
    assert means[day(7)] == (6 + 9 + 50) / 3  # days 1 … 7: days 2, 6 and 7


def test_trailing_mean_needs_three_values() -> None:
    days = rated({0: 3, 6: 9})
    assert days.trailing_means() == [None, None]  # 1 and 2 values


@st.composite
def day_columns(draw: st.DrawFn) -> Days:
    """Sorted rated days, one per day: whole values or means of several ratings."""
    start = draw(st.dates(date(1900, 1, 1), date(2100, 1, 1)))
    offsets = sorted(draw(st.lists(st.integers(0, 60), max_size=40, unique=True)))
    values, counts = {}, {}
    for offset in offsets:
        n = draw(st.integers(1, 4))
        values[start + timedelta(days=offset)] = draw(st.integers(0, 21 * n)) / n
        counts[start + timedelta(days=offset)] = n
    return days_of(values, counts)


@QUICK
@given(days=day_columns())
def test_trailing_means_equal_the_day_by_day_oracle(days: Days) -> None:
    assert days.trailing_means() == list(trailing_means(days).values())


def test_trailing_means_of_a_dense_week_with_fractions() -> None:
    values = [7 / 3, 8.0, 9.0, 1 / 3, 5.0, 6.0, 7.0, 8.0]
    days = rated(dict(enumerate(values)))
    means = days.trailing_means()
    assert means[:2] == [None, None]
    assert means[2] == math.fsum([7 / 3, 8.0, 9.0]) / 3
    assert means[7] == math.fsum(values[1:8]) / 7  # day 7 drops day 0
    by_day = dict(zip(days.dates(), days.values, strict=True))
    assert means[7] == trailing_mean(by_day, day(7))


# --- per-session windows --------------------------------------------------------------------


def test_windows_cut_by_neighbouring_sessions() -> None:
    before = {2: 99, 3: 12, 5: 14, 9: 13, 10: 20, 11: 8, 12: 9, 13: 10}
    days = rated(before | {14: 3, 15: 5, 16: 4, 21: 8, 22: 2})
    first, second = analyse(days, [session(10, 1), session(14, 2)]).session_results
    # first: pre = days 3 … 9 (day 2 is outside W = 7) -> 12, 14, 13;
    # post = days 11 … 17 but before the next session (day 14) -> 8, 9, 10
    assert first.pre == Window(3, (12 + 14 + 13) / 3)  # 13
    assert first.post == Window(3, (8 + 9 + 10) / 3)  # 9
    assert first.change == 9 - 13
    assert first.nap == 9 / 9  # every post value below every pre value
    # relief threshold 13 - 4 = 9: day 11 (8) yes, day 12 (9) yes, day 13 (10) breaks the run
    assert (first.relief_days, first.censored) == (12 - 10, False)
    # second: pre = days 7 … 13 after the previous session (day 10) -> 8, 9, 10;
    # post = days 15 … 21 -> 5, 4, 8 (day 22 is outside W)
    assert second.pre == Window(3, 9.0)
    assert second.post == Window(3, (5 + 4 + 8) / 3)
    assert second.nap == (8 + 0.5) / 9  # 8 pairs below, (8, 8) a tie
    # threshold 9 - 4 = 5: day 15 (5) yes, 16 (4) yes, 21 (8) breaks
    assert (second.relief_days, second.censored) == (16 - 14, False)


def test_consecutive_day_sessions_have_empty_windows() -> None:
    days = rated({8: 10, 9: 11, 10: 12, 11: 13, 12: 3, 13: 4})
    first, second = analyse(days, [session(10, 1), session(11, 2)]).session_results
    assert first.pre == Window(2, 10.5)  # days 8, 9
    assert first.post == Window(0, None)  # day 11 is the next session's day
    assert second.pre == Window(0, None)  # day 10 is the previous session's day
    assert second.post == Window(2, 3.5)  # days 12, 13
    for result in (first, second):
        assert (result.change, result.nap, result.relief_days, result.censored) == (None,) * 4


def test_two_sessions_on_the_same_day_are_ordered_by_number() -> None:
    days = rated({8: 10, 9: 12, 11: 3, 12: 4})
    first, second = analyse(days, [session(10, 2, 7), session(10, 1, 6)]).session_results
    assert (first.session.id, second.session.id) == (6, 7)
    assert (first.pre, first.post) == (Window(2, 11.0), Window(0, None))
    assert (second.pre, second.post) == (Window(0, None), Window(2, 3.5))


# --- relief days and the gap rule -----------------------------------------------------------


def test_relief_until_the_next_session_is_censored() -> None:
    # pre mean 12, threshold 8; day 12 unrated (a one-day gap does not end the walk)
    days = rated({8: 12, 9: 12, 11: 8, 13: 6, 15: 2})
    first, _ = analyse(days, [session(10, 1), session(14, 2)]).session_results
    assert (first.relief_days, first.censored) == (13 - 10, True)


def test_relief_runs_past_the_window_to_the_end_of_data() -> None:
    # days 11, 12, 17, 24: the unrated stretches 13 … 16 (4 days) and 18 … 23 (6) are <= W
    days = rated({8: 12, 9: 12, 11: 5, 12: 6, 17: 7, 24: 8})
    (result,) = analyse(days, [session(10)]).session_results
    assert result.post == Window(3, (5 + 6 + 7) / 3)  # day 24 is outside the window …
    assert (result.relief_days, result.censored) == (24 - 10, True)  # … the run is not


def test_more_than_w_unrated_days_end_the_relief_run_censored() -> None:
    # the case of the bug report: relief "ran 33 days" with 27 unrated days inside.
    # pre mean 12, threshold 8; rated 11 … 16 at 5, then nothing from day 17 to day 43
    # (27 days > W = 7), then day 44 at 3: the walk ends after day 16
    days = rated({8: 12, 9: 12} | {d: 5 for d in range(11, 17)} | {44: 3})
    (result,) = analyse(days, [session(10)]).session_results
    assert 43 - 17 + 1 == 27
    assert (result.relief_days, result.censored) == (16 - 10, True)


def test_exactly_w_unrated_days_do_not_end_the_walk() -> None:
    # day 12, then days 13 … 19 unrated (7 = W, not more), then day 20 and 21
    days = rated({8: 12, 9: 12, 11: 5, 12: 5, 20: 6, 21: 9})
    (result,) = analyse(days, [session(10)]).session_results
    # 20 (6 <= 8) continues the run, 21 (9 > 8) ends it, not censored
    assert (result.relief_days, result.censored) == (20 - 10, False)
    # with W = 6 the same 7 unrated days are more than W: censored at day 12
    (short,) = analyse(days, [session(10)], Parameters(window=6)).session_results
    assert (short.relief_days, short.censored) == (12 - 10, True)


def test_relief_is_zero_when_the_first_day_after_is_not_relieved() -> None:
    days = rated({8: 12, 9: 12, 11: 9, 12: 2})  # threshold 8: day 11 (9) is not relieved
    (result,) = analyse(days, [session(10)]).session_results
    assert (result.relief_days, result.censored) == (0, False)


def test_a_value_exactly_on_the_threshold_counts_despite_float_rounding() -> None:
    ratings = [(day(9), 16.0), (day(9), 16.0), (day(9), 17.0)]  # pre mean 49/3
    ratings += [(day(11), 12.0), (day(11), 12.0), (day(11), 13.0)]  # 37/3 = 49/3 - 4 exactly
    assert not 37 / 3 <= 49 / 3 - 4  # naive floats would miss the tie
    (result,) = analyse(daily_values(ratings), [session(10)]).session_results
    assert (result.relief_days, result.censored) == (1, True)


def test_relief_uses_the_margin_parameter() -> None:
    days = rated({8: 12, 9: 12, 11: 9, 12: 2})
    (result,) = analyse(days, [session(10)], Parameters(margin=3)).session_results
    assert (result.relief_days, result.censored) == (12 - 10, True)  # 12 - 3 = 9: both


# --- series summary -------------------------------------------------------------------------


def test_series_summary_by_hand() -> None:
    baseline = {6: 10, 7: 12, 8: 14}  # mean 12
    treatment = {21: 11, 22: 10, 23: 7, 24: 6, 25: 5, 26: 6, 27: 7, 28: 5, 29: 6}
    trend = analyse(rated(baseline | {20: 30} | treatment), [session(20)])
    series = trend.series
    # current: the trailing mean on day 29 spans days 23 … 29 (the session day 20 is not in it)
    assert series.current_mean == (7 + 6 + 5 + 6 + 7 + 5 + 6) / 7  # 6
    assert trend.current == (day(29), 6.0)
    assert series.change == 6 - 12
    assert series.percent_change == 100 * -6 / 12  # -50
    assert (series.response, series.remission) == (True, False)  # -50 <= -50; 6 is not < 5
    assert (series.mcid_met, series.reliable_change) == (True, True)  # -6 <= -4, -6 <= -6
    # NAP: A=10: 7 below + 1 tie (10), A=12: 9 below, A=14: 9 below -> (25 + 0.5) / 27
    assert series.nap == 25.5 / 27
    # Tau-BC: 3 baseline values never make a significant trend, so r = y.
    # below 25, above 1 (11 > 10); N = 12, n0 = 66; tied values: 10 ×2, 7 ×2, 6 ×3, 5 ×2
    # -> n2 = 1 + 1 + 3 + 1 = 6; Tau-BC = (25 - 1) / sqrt(27 · (66 - 6))
    assert series.tau_bc == pytest.approx(24 / math.sqrt(27 * 60))  # 0.596
    assert series.baseline_trend_corrected is False


def test_current_is_the_7_day_average_not_the_last_7_rated_days() -> None:
    # one day missed (26): the trailing mean on day 29 spans 23 … 29 -> six values
    treatment = {21: 20, 22: 10, 23: 8, 24: 8, 25: 8, 27: 8, 28: 8, 29: 8}
    trend = analyse(rated({6: 12, 7: 12, 8: 12} | treatment), [session(20)])
    assert trend.series.current_mean == 48 / 6  # not (10 + 6 · 8) / 7, the last 7 rated days
    assert trend.current == (day(29), 8.0)


@pytest.mark.parametrize(
    ("baseline_values", "current_values", "change", "naive_misses_it"),
    [
        # baseline 82/14, current 13/7: 26/14 - 82/14 = -56/14 = -4 exactly
        ([6] * 12 + [5] * 2, [2] * 6 + [1], -4.0, True),
        # baseline 122/14, current 19/7: 38/14 - 122/14 = -84/14 = -6 exactly
        ([9] * 10 + [8] * 4, [3] * 5 + [2] * 2, -6.0, True),
    ],
)
def test_a_change_exactly_on_the_mcid_or_reliable_change_meets_it(
    baseline_values: list[int], current_values: list[int], change: float, naive_misses_it: bool
) -> None:
    base = {6 + i: v for i, v in enumerate(baseline_values)}  # days 6 … 19, s0 = 20
    now = {30 + i: v for i, v in enumerate(current_values)}  # days 30 … 36
    trend = analyse(rated(base | now), [session(20)])
    series = trend.series
    assert series.change is not None and series.change == pytest.approx(change)
    assert (series.change <= change) is not naive_misses_it  # float rounding lands above
    assert series.mcid_met is True
    assert series.reliable_change is (change == -6.0)


def test_response_and_remission_on_their_thresholds() -> None:
    # baseline 10, current exactly 5: percent -50 meets response, 5 is not below 5
    trend = analyse(rated({6: 10, 7: 10, 8: 10, 30: 5, 31: 5, 32: 5}), [session(20)])
    assert trend.series.percent_change == -50
    assert (trend.series.response, trend.series.remission) == (True, False)
    # current 34/7 = 4.86 < 5: remission
    days = rated({6: 10, 7: 10, 8: 10} | {30 + i: v for i, v in enumerate([5] * 6 + [4])})
    assert analyse(days, [session(20)]).series.remission is True


def test_percent_change_and_response_are_null_when_the_baseline_mean_is_zero() -> None:
    trend = analyse(rated({1: 0, 2: 0, 3: 0, 5: 1, 6: 2, 7: 3}), [session(4)])
    series = trend.series
    assert trend.baseline.mean == 0
    assert series.current_mean == (0 + 0 + 0 + 1 + 2 + 3) / 6  # days 1 … 7
    assert (series.percent_change, series.response) == (None, None)
    assert series.remission is True  # 1 < 5
    assert series.nap == 0.0  # 9 pairs, every later value higher


def test_one_item_has_no_clinical_thresholds() -> None:
    trend = analyse(rated({6: 3, 7: 3, 8: 2, 21: 1, 22: 0, 23: 0}), [session(20)], item="q2")
    series = trend.series
    assert trend.item == "q2"
    assert series.change == pytest.approx(1 / 3 - 8 / 3)  # still computed
    assert (series.response, series.remission, series.mcid_met, series.reliable_change) == (
        None,
        None,
        None,
        None,
    )


def test_without_a_treatment_phase_the_series_is_unavailable() -> None:
    trend = analyse(rated({1: 10, 2: 10, 3: 10, 4: 2}), [session(4)])
    assert trend.baseline_ok
    assert trend.series == Series()
    assert trend.sustained.verdict == "unavailable"
    assert trend.sustained.reason == (
        "No verdict yet: no rated day after the first session (2024-03-05)."
    )


# --- JSON shape (the oracle) ----------------------------------------------------------------


def test_the_json_oracle_has_no_nan_and_nulls_for_what_is_missing() -> None:
    report = trend_to_json(analyse(rated({}), []))
    assert json.loads(json.dumps(report, allow_nan=False)) == report
    assert report["baseline"] == {"start": None, "end": None, "n": None, "mean": None}
    assert all(value is None for value in report["series"].values())
    assert report["sessions"] == [] and report["days"] == [] and report["followups"] is None
    assert report["sustained"] == {
        "verdict": "unavailable",
        "since": None,
        "days": 0,
        "reason": "No verdict yet: no session logged ('anxlog session add').",
    }
