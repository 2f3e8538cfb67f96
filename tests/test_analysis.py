"""Hand-computed checks of SPEC §3; the arithmetic is written out next to each expectation."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, timedelta

import pytest
from helpers_history import QUICK
from hypothesis import given
from hypothesis import strategies as st

from anxlog.analysis.trend import (
    DayValue,
    Parameters,
    Series,
    SessionDay,
    Window,
    analyse,
    daily_values,
    nap,
    nap_and_tau_u,
    tau_u,
    trailing_mean,
    trailing_means,
)

DAY0 = date(2024, 3, 1)


def day(offset: int) -> date:
    return DAY0 + timedelta(days=offset)


def rated(values: Mapping[int, float]) -> list[DayValue]:
    """Daily values keyed by day offset, one rating each."""
    return [DayValue(day(offset), value, 1) for offset, value in sorted(values.items())]


def session(offset: int, number: int = 1, session_id: int | None = None) -> SessionDay:
    return SessionDay(
        id=number if session_id is None else session_id,
        number=number,
        day=day(offset),
        kind="ketamine-iv",
        dose=0.5,
        unit="mg/kg",
    )


# --- daily values ---------------------------------------------------------------------------


def test_daily_values_mean_of_several_ratings_per_day() -> None:
    ratings = [(day(1), 10.0), (day(0), 4.0), (day(1), 13.0), (day(1), 16.0)]
    ratings += [(day(2), 5.0), (day(2), 6.0)]
    assert daily_values(ratings) == [
        DayValue(day(0), 4.0, 1),
        DayValue(day(1), (10 + 13 + 16) / 3, 3),  # 39 / 3 = 13
        DayValue(day(2), (5 + 6) / 2, 2),  # 5.5
    ]


def test_daily_values_empty() -> None:
    assert daily_values([]) == []


# --- trailing mean --------------------------------------------------------------------------


def test_trailing_mean_spans_calendar_days_d_minus_6_to_d() -> None:
    values_by_day = {day(-1): 100.0, day(0): 3.0, day(2): 6.0, day(6): 9.0, day(7): 50.0}
    # day 6 covers days 0 … 6: day -1 (7 days back) and day 7 (after) are left out
    assert trailing_mean(values_by_day, day(6)) == (3 + 6 + 9) / 3
    # day 5 covers days -1 … 5: 100, 3, 6
    assert trailing_mean(values_by_day, day(5)) == (100 + 3 + 6) / 3


def test_trailing_mean_needs_three_values() -> None:
    values_by_day = {day(0): 3.0, day(6): 9.0}
    assert trailing_mean(values_by_day, day(6)) is None  # 2 values
    assert trailing_mean(values_by_day, day(3)) is None  # 1 value, on an unrated day
    assert trailing_mean({}, day(0)) is None


# --- NAP and Tau-U ----------------------------------------------------------------------------


def test_nap_lower_is_better() -> None:
    # pairs (earlier, later): (10,6) below, (10,8) below, (8,6) below, (8,8) tie
    assert nap([10, 8], [6, 8]) == (3 + 0.5 * 1) / (2 * 2)
    assert nap([1, 2], [5, 6]) == 0.0  # every later value higher: worse
    assert nap([5], [5]) == 0.5  # no change


def test_nap_and_tau_u_unavailable_for_an_empty_phase() -> None:
    assert nap([], [1.0]) is None
    assert nap([1.0], []) is None
    assert tau_u([], [1.0]) is None
    assert tau_u([1.0], []) is None
    assert nap_and_tau_u([], [1.0]) == nap_and_tau_u([1.0], []) == (None, None)


def test_tau_u_by_hand() -> None:
    baseline, treatment = [10, 12, 11], [9, 11]
    # S_AB = #(B<A) - #(B>A): A=10: 9 below, 11 above -> 0; A=12: both below -> 2;
    # A=11: 9 below, 11 tie -> 1; S_AB = 3
    # S_A = sign(10-12) + sign(10-11) + sign(12-11) = -1 - 1 + 1 = -1 (baseline getting worse)
    assert tau_u(baseline, treatment) == (3 - (-1)) / (3 * 2)


# Parker, Vannest & Davis (2011) worked example, higher = improvement there.
PVD_A = [20, 20, 26, 25, 22, 23]
PVD_B = [28, 25, 24, 27, 30, 30, 29]


def test_parker_vannest_davis_reference_mirrored_for_lower_is_better() -> None:
    earlier = [-a for a in PVD_A]  # negate so that improvement = lower
    later = [-b for b in PVD_B]
    # 6 x 7 = 42 pairs: 38 improve, 1 tie (A=25, B=25), 3 worsen (A=26 vs B=25, 24; A=25 vs 24)
    assert nap(earlier, later) == pytest.approx(38.5 / 42)  # published NAP ≈ 0.917
    s_ab_share = 2 * (38.5 / 42) - 1  # (38 - 3) / 42: published Tau ≈ 0.833
    assert s_ab_share == pytest.approx(35 / 42)
    # with a constant baseline S_A = 0, so Tau-U reduces to the published S_AB / (m·n)
    assert tau_u([0.0] * 6, [-1.0] * 7) == 1.0
    # trend correction on the original A (20,20,26,25,22,23), counting rises as improvement:
    # from 20: 0+1+1+1+1 = 4; from 20: 1+1+1+1 = 4; from 26: -3; from 25: -2; from 22: +1 -> 4
    assert tau_u(earlier, later) == pytest.approx((35 - 4) / 42)  # ≈ 0.738


# --- baseline and per-session windows --------------------------------------------------------


def test_baseline_is_the_14_days_before_the_first_session() -> None:
    # session on day 20: baseline days 6 … 19; day 5 and the session day itself are out
    days = rated({5: 99, 6: 10, 10: 11, 19: 15, 20: 99})
    trend = analyse(days, [session(20)])
    assert trend.baseline.start == day(6)
    assert trend.baseline.end == day(19)
    assert trend.baseline.n == 3
    assert trend.baseline.mean == (10 + 11 + 15) / 3  # 12
    assert trend.baseline_ok


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
    assert first.relief_days == 12 - 10
    assert first.censored is False
    # second: pre = days 7 … 13 after the previous session (day 10) -> 8, 9, 10;
    # post = days 15 … 21 -> 5, 4, 8 (day 22 is outside W)
    assert second.pre == Window(3, 9.0)
    assert second.post == Window(3, (5 + 4 + 8) / 3)
    assert second.change == pytest.approx(17 / 3 - 9)
    assert second.nap == (8 + 0.5) / 9  # 8 pairs below, (8, 8) a tie
    # threshold 9 - 4 = 5: day 15 (5) yes, 16 (4) yes, 21 (8) breaks; day 22 (2) does not count
    assert second.relief_days == 16 - 14
    assert second.censored is False


def test_consecutive_day_sessions_have_empty_windows() -> None:
    days = rated({8: 10, 9: 11, 10: 12, 11: 13, 12: 3, 13: 4})
    first, second = analyse(days, [session(10, 1), session(11, 2)]).session_results
    assert first.pre == Window(2, 10.5)  # days 8, 9
    assert first.post == Window(0, None)  # day 11 is the next session's day
    assert second.pre == Window(0, None)  # day 10 is the previous session's day
    assert second.post == Window(2, 3.5)  # days 12, 13
    for result in (first, second):
        assert (result.change, result.nap, result.relief_days, result.censored) == (None,) * 4


def test_two_sessions_on_the_same_day() -> None:
    days = rated({8: 10, 9: 12, 11: 3, 12: 4})
    # given out of order: sessions are ordered by (day, number)
    trend = analyse(days, [session(10, 2, 7), session(10, 1, 6)])
    first, second = trend.session_results
    assert (first.session.id, second.session.id) == (6, 7)
    assert first.pre == Window(2, 11.0)
    assert first.post == Window(0, None)  # nothing before the next session's day (day 10)
    assert second.pre == Window(0, None)  # nothing after the previous session's day (day 10)
    assert second.post == Window(2, 3.5)
    assert first.change is None and second.change is None
    assert first.relief_days is None and second.relief_days is None


def test_session_on_an_unrated_day() -> None:
    days = rated({8: 10, 9: 12, 11: 7, 12: 9})
    (result,) = analyse(days, [session(10)]).session_results
    assert result.pre == Window(2, 11.0)  # (10 + 12) / 2
    assert result.post == Window(2, 8.0)  # (7 + 9) / 2
    assert result.change == 8 - 11
    # pairs: (10,7) below, (10,9) below, (12,7) below, (12,9) below
    assert result.nap == 4 / 4
    # threshold 11 - 4 = 7: day 11 (7) yes, day 12 (9) no
    assert (result.relief_days, result.censored) == (11 - 10, False)


# --- relief days ----------------------------------------------------------------------------


def test_relief_until_the_next_session_is_censored() -> None:
    # pre mean (12 + 12) / 2 = 12, threshold 8; day 12 unrated (a gap does not break the run)
    days = rated({8: 12, 9: 12, 11: 8, 13: 6, 15: 2})
    first, _ = analyse(days, [session(10, 1), session(14, 2)]).session_results
    assert first.relief_days == 13 - 10  # last day of the run is day 13
    assert first.censored is True  # every rated day before the next session is in the run


def test_relief_until_the_end_of_data_is_censored_and_not_limited_to_the_window() -> None:
    days = rated({8: 12, 9: 12, 11: 5, 12: 6, 25: 8})
    (result,) = analyse(days, [session(10)], Parameters(window=7)).session_results
    assert result.post == Window(2, 5.5)  # day 25 is outside the window …
    assert result.relief_days == 25 - 10  # … but the run goes on to the end of data
    assert result.censored is True


def test_relief_is_zero_when_the_first_day_after_is_not_relieved() -> None:
    # threshold 12 - 4 = 8: day 11 (9) is not relieved, day 12 (2) does not count
    days = rated({8: 12, 9: 12, 11: 9, 12: 2})
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
    # threshold 12 - 3 = 9: days 11 (9) and 12 (2) both relieved, to the end of data
    assert (result.relief_days, result.censored) == (12 - 10, True)


# --- series summary -------------------------------------------------------------------------


def test_series_summary_by_hand() -> None:
    baseline = {6: 10, 7: 12, 8: 14}  # mean 12
    treatment = {21: 11, 22: 10, 23: 7, 24: 6, 25: 5, 26: 6, 27: 7, 28: 5, 29: 6}
    trend = analyse(rated(baseline | {20: 30} | treatment), [session(20)])
    series = trend.series
    assert series.current_mean == (7 + 6 + 5 + 6 + 7 + 5 + 6) / 7  # last 7 rated days: 6
    assert series.change == 6 - 12
    assert series.percent_change == 100 * -6 / 12  # -50
    assert series.response is True  # -50 <= -50
    assert series.remission is False  # 6 is not < 5
    assert series.mcid_met is True  # -6 <= -4
    assert series.reliable_change is True  # -6 <= -6
    # NAP: A=10: 7 below + 1 tie (10), A=12: 9 below, A=14: 9 below -> (25 + 0.5) / 27
    assert series.nap == 25.5 / 27
    # S_AB = 25 below - 1 above (11 > 10) = 24; S_A = sign(10-12)+sign(10-14)+sign(12-14) = -3
    assert series.tau_u == (24 - (-3)) / 27


def test_series_percent_change_unavailable_when_baseline_mean_is_zero() -> None:
    trend = analyse(rated({1: 0, 2: 0, 3: 0, 5: 1, 6: 2}), [session(4)])
    series = trend.series
    assert trend.baseline.mean == 0
    assert series.current_mean == 1.5
    assert series.change == 1.5
    assert series.percent_change is None
    assert series.response is None
    assert series.remission is True  # 1.5 < 5
    assert (series.mcid_met, series.reliable_change) == (False, False)
    assert series.nap == 0.0  # 6 pairs, every later value higher
    assert series.tau_u == (-6 - 0) / 6  # S_AB = -6, flat baseline S_A = 0


def test_series_small_change_meets_neither_threshold() -> None:
    trend = analyse(rated({1: 10, 2: 10, 3: 10, 5: 7}), [session(4)])
    series = trend.series
    assert series.change == -3  # 7 - 10
    assert series.percent_change == pytest.approx(-30)
    assert (series.response, series.remission) == (False, False)
    assert (series.mcid_met, series.reliable_change) == (False, False)


def test_without_a_treatment_phase_the_series_is_unavailable() -> None:
    trend = analyse(rated({1: 10, 2: 10, 3: 10, 4: 2}), [session(4)])
    assert trend.baseline_ok
    assert trend.series == Series()
    assert trend.sustained.verdict == "not-yet"


# --- unavailable ----------------------------------------------------------------------------


def test_no_sessions_is_unavailable() -> None:
    trend = analyse(rated({1: 10, 2: 11, 3: 12}), [])
    assert trend.baseline.start is None and trend.baseline.n is None
    assert trend.baseline.mean is None
    assert trend.session_results == []
    assert trend.series == Series()
    assert (trend.sustained.verdict, trend.sustained.since, trend.sustained.days) == (
        "unavailable",
        None,
        0,
    )
    assert trend.rated.iso[-1] == day(3).isoformat()
    assert trend.means[-1] == 11.0  # still shown on the chart


def test_fewer_than_three_baseline_values_is_unavailable() -> None:
    days = rated({2: 12, 3: 12, 11: 2, 12: 2, 13: 2})
    trend = analyse(days, [session(10)])
    assert trend.baseline.start == day(-4) and trend.baseline.end == day(9)
    assert trend.baseline.n == 2
    assert trend.baseline.mean is None
    assert not trend.baseline_ok
    assert trend.series == Series()  # every field None, current_mean included
    assert trend.sustained.verdict == "unavailable"
    (result,) = trend.session_results  # per-session statistics do not need a baseline
    assert result.change == 2 - 12
    assert (result.relief_days, result.censored) == (13 - 10, True)


# --- sustained relief -----------------------------------------------------------------------

# baseline mean 12 on days 6, 7, 8 (far from the treatment phase), margin 4 -> relieved <= 8;
# the session day 20 is rated 12 and counts in trailing means.
BASELINE = {6: 12, 7: 12, 8: 12, 20: 12}


def verdict_of(
    treatment: Mapping[int, float], params: Parameters = Parameters()
) -> tuple[str, date | None, int]:
    sustained = analyse(rated({**BASELINE, **treatment}), [session(20)], params).sustained
    return sustained.verdict, sustained.since, sustained.days


def test_sustained() -> None:
    treatment = {offset: 4 for offset in range(21, 36)}
    # day 21: trailing over {12, 4} has 2 values -> undefined, not relieved
    # day 22: (12 + 4 + 4) / 3 = 6.67 <= 8 -> relieved, and so is every later day
    assert verdict_of(treatment) == ("sustained", day(22), 35 - 22 + 1)  # 14 >= 14


def test_emerging_counts_calendar_days() -> None:
    treatment = {21: 4, 22: 4, 23: 4, 25: 4, 27: 4}
    # 22: 20/3; 23: (12+12)/4 = 6; 25: days 19…25 -> (12 + 4·4)/5 = 5.6; 27: 4 -> all relieved
    assert verdict_of(treatment) == ("emerging", day(22), 27 - 22 + 1)  # 6 calendar days


def test_sustain_days_parameter() -> None:
    treatment = {21: 4, 22: 4, 23: 4, 25: 4, 27: 4}
    assert verdict_of(treatment, Parameters(sustain_days=6)) == ("sustained", day(22), 6)


def test_since_restarts_after_a_lapse() -> None:
    treatment = {21: 4, 22: 4, 23: 4, 40: 4, 41: 4, 42: 4, 45: 4}
    # days 40 and 41 have 1 and 2 values in their 7 days -> not relieved; 42 and 45 relieved
    assert verdict_of(treatment) == ("emerging", day(42), 45 - 42 + 1)


def test_fading() -> None:
    treatment = {offset: 4 for offset in range(21, 31)} | {31: 14, 32: 14, 33: 14}
    # 31: (6·4 + 14)/7 = 5.43 and 32: (5·4 + 2·14)/7 = 6.86 relieved; 33: (4·4 + 3·14)/7 = 8.29
    assert (4 * 4 + 3 * 14) / 7 > 8
    assert verdict_of(treatment) == ("fading", None, 0)


def test_not_yet() -> None:
    treatment = {offset: 10 for offset in range(21, 40)}  # trailing means 10 or more > 8
    assert verdict_of(treatment) == ("not-yet", None, 0)


def test_not_yet_without_rated_treatment_days() -> None:
    assert verdict_of({}) == ("not-yet", None, 0)


# --- JSON -----------------------------------------------------------------------------------


def test_to_json_shape() -> None:
    days = [DayValue(day(offset), 12.0, 1) for offset in (6, 7, 8)] + [
        DayValue(day(9), 4.5, 2),
        DayValue(day(11), 6.0, 1),
    ]
    report = analyse(days, [session(10, session_id=3)]).to_json("daily")
    assert json.loads(json.dumps(report, allow_nan=False)) == report
    assert report["instrument"] == "daily"
    assert report["parameters"] == {
        "window": 7,
        "baseline_days": 14,
        "margin": 4.0,
        "sustain_days": 14,
    }
    assert report["days"][3] == {
        "day": "2024-03-10",
        "value": 4.5,
        "n": 2,
        "trailing_mean": (12 * 3 + 4.5) / 4,
    }
    assert report["days"][0]["trailing_mean"] is None  # 1 value
    assert report["baseline"] == {
        "start": "2024-02-26",  # day 10 - 14 (2024 is a leap year)
        "end": "2024-03-10",
        "n": 4,
        "mean": (12 * 3 + 4.5) / 4,
    }
    assert report["sessions"] == [
        {
            "id": 3,
            "day": "2024-03-11",
            "kind": "ketamine-iv",
            "dose": 0.5,
            "unit": "mg/kg",
            "pre": {"n": 4, "mean": 10.125},
            "post": {"n": 1, "mean": 6.0},
            "change": 6 - 10.125,
            "nap": 3 / 4,  # 6 is below 12, 12, 12 and above 4.5
            "relief_days": 1,  # 6 <= 10.125 - 4 = 6.125
            "censored": True,
        }
    ]
    assert set(report["series"]) == {
        "current_mean",
        "change",
        "percent_change",
        "nap",
        "tau_u",
        "response",
        "remission",
        "mcid_met",
        "reliable_change",
    }
    assert report["series"]["current_mean"] == 6.0
    # day 11: trailing (3·12 + 4.5 + 6) / 5 = 9.3 > 10.125 - 4
    assert report["sustained"] == {"verdict": "not-yet", "since": None, "days": 0}


def test_to_json_without_sessions_uses_null_not_zero() -> None:
    report = analyse([], []).to_json("gad7")
    assert report["baseline"] == {"start": None, "end": None, "n": None, "mean": None}
    assert all(value is None for value in report["series"].values())
    assert report["sessions"] == [] and report["days"] == []
    assert report["sustained"] == {"verdict": "unavailable", "since": None, "days": 0}


# --- properties -----------------------------------------------------------------------------

scores = st.lists(st.integers(0, 21).map(float), min_size=1, max_size=12)


@given(scores, scores)
def test_nap_is_a_share_and_antisymmetric(earlier: list[float], later: list[float]) -> None:
    share = nap(earlier, later)
    reverse = nap(later, earlier)
    assert share is not None and reverse is not None
    assert 0 <= share <= 1
    assert share + reverse == pytest.approx(1)


@given(scores, scores)
def test_tau_u_is_non_overlap_minus_baseline_trend(
    baseline: list[float], treatment: list[float]
) -> None:
    m, n = len(baseline), len(treatment)
    value, share = tau_u(baseline, treatment), nap(baseline, treatment)
    assert value is not None and share is not None
    # |S_AB| <= m·n and |S_A| <= m(m-1)/2
    assert abs(value) <= 1 + (m - 1) / (2 * n) + 1e-12
    s_a = sum(
        math.copysign(1, a - b) for i, a in enumerate(baseline) for b in baseline[i + 1 :] if a != b
    )
    assert value == pytest.approx((2 * share - 1) - s_a / (m * n))  # S_AB/(m·n) = 2·NAP - 1


@given(scores, scores)
def test_nap_and_tau_u_together_equal_each_alone(
    baseline: list[float], treatment: list[float]
) -> None:
    """The series counts the pairs once for both statistics; same figures, same bits."""
    assert nap_and_tau_u(baseline, treatment) == (
        nap(baseline, treatment),
        tau_u(baseline, treatment),
    )


@given(st.integers(0, 21).map(float), st.integers(1, 8), scores)
def test_tau_u_of_a_flat_baseline_is_plain_non_overlap(
    level: float, m: int, treatment: list[float]
) -> None:
    flat = [level] * m
    share = nap(flat, treatment)
    assert share is not None
    assert tau_u(flat, treatment) == pytest.approx(2 * share - 1)  # S_A = 0


ratings_strategy = st.lists(
    st.tuples(st.integers(0, 40).map(day), st.integers(0, 21).map(float)), max_size=40
)


@given(ratings_strategy)
def test_daily_values_invariants(ratings: list[tuple[date, float]]) -> None:
    days = daily_values(ratings)
    assert [d.day for d in days] == sorted({rated_day for rated_day, _ in ratings})
    assert sum(d.n for d in days) == len(ratings)
    for d in days:
        totals = [total for rated_day, total in ratings if rated_day == d.day]
        assert min(totals) <= d.value <= max(totals)
        assert d.value * d.n == pytest.approx(sum(totals))


@given(
    ratings_strategy,
    st.lists(st.integers(0, 40), max_size=4),
    st.builds(
        Parameters,
        window=st.integers(1, 10),
        baseline_days=st.integers(1, 20),
        margin=st.integers(0, 8).map(float),
        sustain_days=st.integers(1, 20),
    ),
)
def test_analyse_never_raises_and_json_has_no_nan(
    ratings: list[tuple[date, float]], session_offsets: list[int], params: Parameters
) -> None:
    days = daily_values(ratings)
    sessions = [session(offset, number) for number, offset in enumerate(session_offsets, 1)]
    trend = analyse(days, sessions, params)
    report = trend.to_json("daily")
    json.dumps(report, allow_nan=False)
    assert len(report["days"]) == len(days)
    assert len(report["sessions"]) == len(sessions)
    assert (trend.sustained.since is None) == (trend.sustained.days == 0)
    if not trend.baseline_ok:
        assert trend.series == Series()
        assert trend.sustained.verdict == "unavailable"
    for result in trend.session_results:
        assert (result.change is None) == (result.pre.n == 0 or result.post.n == 0)
        assert result.nap is None or 0 <= result.nap <= 1
        assert result.relief_days is None or result.relief_days >= 0


# --- trailing_means: trailing_mean day by day -----------------------------------------------


@st.composite
def day_values(draw: st.DrawFn, *, whole: bool) -> list[DayValue]:
    """Sorted rated days, one per day; whole values (one rating a day) or daily means."""
    start = draw(st.dates(date(1900, 1, 1), date(2100, 1, 1)))
    offsets = sorted(draw(st.lists(st.integers(0, 60), max_size=40, unique=True)))
    days = []
    for offset in offsets:
        n = 1 if whole else draw(st.integers(1, 4))
        total = draw(st.integers(0, 21 * n))
        days.append(DayValue(start + timedelta(days=offset), total / n, n))
    if not whole:  # at least one value that is not a whole number
        day = start + timedelta(days=61)
        days.append(DayValue(day, draw(st.sampled_from([7 / 3, 0.5, 20.75, 1 / 3])), 3))
    return days


def _check_trailing_means(days: list[DayValue]) -> None:
    values_by_day = {d.day: d.value for d in days}
    means = trailing_means(days)
    assert list(means) == [d.day for d in days]
    for d in days:
        assert means[d.day] == trailing_mean(values_by_day, d.day), d.day


@QUICK
@given(days=day_values(whole=True))
def test_trailing_means_of_whole_values(days: list[DayValue]) -> None:
    assert all(d.value == int(d.value) for d in days)
    _check_trailing_means(days)


@QUICK
@given(days=day_values(whole=False))
def test_trailing_means_of_daily_means(days: list[DayValue]) -> None:
    _check_trailing_means(days)


@st.composite
def unbroken_days(draw: st.DrawFn) -> list[DayValue]:
    """Whole values on every calendar day, none missed: the usual case, summed in C."""
    start = draw(st.dates(date(1900, 1, 1), date(2100, 1, 1)))
    values = draw(st.lists(st.integers(0, 21), max_size=40))
    return [DayValue(start + timedelta(days=i), float(v), 1) for i, v in enumerate(values)]


@QUICK
@given(days=unbroken_days())
def test_trailing_means_of_unbroken_whole_values(days: list[DayValue]) -> None:
    _check_trailing_means(days)


def test_trailing_means_of_ten_unbroken_days() -> None:
    """Worked example: 1, 2, … 10 on ten days in a row."""
    start = date(2026, 1, 1)
    days = [DayValue(start + timedelta(days=i), float(i + 1), 1) for i in range(10)]
    # (1+2+3)/3 = 2, (1+…+4)/4 = 2.5, 15/5 = 3, 21/6 = 3.5, 28/7 = 4, then 35/7, 42/7, 49/7
    assert list(trailing_means(days).values()) == [None, None, 2, 2.5, 3, 3.5, 4, 5, 6, 7]


def test_trailing_means_of_a_dense_week() -> None:
    """Worked example: the span is the calendar days d-6 … d, at least 3 values."""
    start = date(2026, 1, 1)
    values = [7 / 3, 8.0, 9.0, 1 / 3, 5.0, 6.0, 7.0, 8.0]
    days = [DayValue(start + timedelta(days=i), v, 1) for i, v in enumerate(values)]
    means = trailing_means(days)
    assert means[start] is None and means[start + timedelta(days=1)] is None
    assert means[start + timedelta(days=2)] == math.fsum([7 / 3, 8.0, 9.0]) / 3
    # day 7 drops day 0
    assert means[start + timedelta(days=7)] == trailing_mean(
        {d.day: d.value for d in days[1:]}, start + timedelta(days=7)
    )
    _check_trailing_means(days)
