"""The sustained-relief verdict, its reasons, and what a period (--since/--until) changes:
hand-computed cases (docs/methods.md)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date

import pytest
from helpers_analysis import days_of
from test_analysis import day, rated, session

from anxlog.analysis.sessions import SessionDay
from anxlog.analysis.trend import Parameters, Period, analyse

# baseline mean 12 on days 6, 7, 8, margin 4 -> relieved <= 8; the session day 20 is
# rated 12 and counts in trailing means (it is in neither phase).
BASELINE = {6: 12, 7: 12, 8: 12, 20: 12}


def verdict_of(
    treatment: Mapping[int, float], params: Parameters = Parameters()
) -> tuple[str, date | None, int]:
    sustained = analyse(rated({**BASELINE, **treatment}), [session(20)], params).sustained
    assert (sustained.reason is None) == (sustained.verdict != "unavailable")
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


def test_never_fading_for_lack_of_ratings() -> None:
    # relieved on days 22 … 30, then a single rating on day 40: its 7 days (34 … 40) hold
    # 1 value, so it has no trailing mean and the verdict is unavailable, not fading
    treatment = {offset: 4 for offset in range(21, 31)} | {40: 4}
    trend = analyse(rated({**BASELINE, **treatment}), [session(20)])
    assert (trend.sustained.verdict, trend.sustained.since, trend.sustained.days) == (
        "unavailable",
        None,
        0,
    )
    assert trend.sustained.reason == (
        "No verdict: your latest rated day (2024-04-10) has fewer than 3 rated days in its "
        "7 days, so it has no 7-day average."
    )
    assert trend.series.current_mean is None and trend.series.nap == 1.0  # 3 vs 11 days


def test_no_treatment_day_is_unavailable() -> None:
    assert verdict_of({}) == ("unavailable", None, 0)


def test_no_sessions_is_unavailable() -> None:
    trend = analyse(rated({1: 10, 2: 11, 3: 12}), [])
    assert trend.baseline.start is None and trend.baseline.mean is None
    assert (trend.sustained.verdict, trend.sustained.reason) == (
        "unavailable",
        "No verdict yet: no session logged ('anxlog session add').",
    )
    assert trend.current == (day(3), 11.0)  # the 7-day average is still there for status


def test_fewer_than_three_baseline_values_says_how_to_get_a_baseline() -> None:
    # the case of most patients: rating started after the first session
    days = rated({9: 12, 11: 2, 12: 2, 13: 2})
    trend = analyse(days, [session(10)])
    assert (trend.baseline.start, trend.baseline.end) == (day(-4), day(9))
    assert (trend.baseline.n, trend.baseline.mean, trend.baseline_ok) == (1, None, False)
    assert trend.series.tau_bc is None and trend.series.current_mean is None
    assert trend.sustained.reason == (
        "No verdict: only 1 rated day in the 14 days before the first session (2024-02-26 to "
        "2024-03-10); a baseline needs at least 3. To get one, rate the days before the first "
        "session that you remember with 'anxlog rate --date YYYY-MM-DD' (they are kept, "
        "marked as entered later), or enter your clinic's intake GAD-7 with 'anxlog rate "
        "--gad7 --date YYYY-MM-DD' and use 'anxlog trend --instrument gad7'."
    )
    (result,) = trend.session_results  # per-session statistics do not need a baseline
    assert result.change == 2 - 12
    assert (result.relief_days, result.censored) == (13 - 10, True)


# --- a period shows; it never moves the baseline --------------------------------------------

# baseline days 6 … 19 (s0 = 20): 12, 12, 12 -> mean 12; sessions on 20 (rated 12) and 30;
# every later day at 6, except 31 … 33 at 9
HISTORY = {6: 12, 7: 12, 8: 12, 20: 12} | {d: 6 for d in range(21, 46)} | {31: 9, 32: 9, 33: 9}
SESSIONS = [session(20, 1), session(30, 2)]


def test_since_changes_what_is_shown_not_the_baseline_or_the_verdict() -> None:
    whole = analyse(rated(HISTORY), SESSIONS)
    cut = analyse(rated(HISTORY), SESSIONS, period=Period(since=day(30)))
    assert cut.baseline == whole.baseline
    assert (cut.baseline.start, cut.baseline.mean) == (day(6), 12.0)
    assert cut.series == whole.series and cut.sustained == whole.sustained
    # relieved <= 8: day 21 has 2 values; day 22 (12 + 6 + 6)/3 = 8 exactly; day 33
    # (27 … 30 at 6, 31 … 33 at 9) = 51/7 = 7.29 -> every day from 22 on is relieved
    assert whole.sustained[:3] == ("sustained", day(22), 45 - 22 + 1)
    shown, means = cut.shown()
    assert shown.dates()[0] == day(30) and len(shown.iso) == 45 - 30 + 1
    # the trailing mean of day 30 reads days 24 … 29, before the period (inside it, 1 value)
    assert means[0] == 7 * 6 / 7
    # session 1 (day 20) is before the period: not listed; session 2 is, and its pre window
    # reads days 23 … 29 before the period
    (second,) = cut.session_results
    assert second.session.number == 2 and second.pre is not None
    assert (second.pre.n, second.pre.mean) == (7, 6.0)


def test_until_judges_the_series_as_of_its_last_rated_day() -> None:
    trend = analyse(rated(HISTORY), SESSIONS, period=Period(until=day(33)))
    # the last rated day is 33: 7-day average (27 … 30 at 6, 31 … 33 at 9) = 51/7
    assert trend.current == (day(33), (4 * 6 + 3 * 9) / 7)
    assert trend.series.current_mean == 51 / 7
    assert trend.series.change == 51 / 7 - 12
    assert trend.sustained[:3] == ("emerging", day(22), 33 - 22 + 1)  # 12 days < 14
    assert trend.rated.dates()[-1] == day(33)  # nothing after --until is read
    # session 2's post window holds days 31 … 33 only, and its relief walk ends there
    second = trend.session_results[1]
    assert second.post is not None and second.post.n == 3
    # pre mean 6, threshold 2: day 31 (9) is not relieved
    assert (second.relief_days, second.censored) == (0, False)


def test_a_period_before_the_first_session_has_no_verdict() -> None:
    trend = analyse(rated(HISTORY), SESSIONS, period=Period(until=day(10)))
    assert trend.session_results == []
    assert trend.sustained.reason == (
        "No verdict: the first session (2024-03-21) comes after the end of this period "
        "(2024-03-11)."
    )


def test_the_worked_example_of_the_methods_document() -> None:
    """docs/methods.md, section 11, figure by figure."""
    march = {8: 14, 9: 16, 10: 15, 11: 13, 12: 15, 13: 14}
    march |= {16: 10, 17: 9, 18: 9, 19: 10, 20: 9, 21: 11}
    march |= {23: 8, 24: 8, 25: 9, 26: 8, 27: 9, 28: 8, 29: 7, 30: 8}
    days = days_of({date(2026, 3, d): v for d, v in march.items()})
    sessions = [
        SessionDay(1, 1, date(2026, 3, 15), "ketamine-iv", 0.5, "mg/kg"),
        SessionDay(2, 2, date(2026, 3, 22), "ketamine-iv", 0.5, "mg/kg"),
    ]
    trend = analyse(days, sessions)
    assert trend.baseline.mean == 87 / 6 == 14.5
    first, second = trend.session_results
    assert first.change == pytest.approx(58 / 6 - 14.5) and first.nap == 36 / 36
    assert (first.relief_days, first.censored) == (5, False)
    assert second.change == pytest.approx(57 / 7 - 58 / 6)
    assert (second.relief_days, second.censored) == (0, False)
    series = trend.series
    assert series.current_mean == 57 / 7
    assert round(series.change or 0, 2) == -6.36
    assert round(series.percent_change or 0, 1) == -43.8
    assert (series.response, series.remission, series.mcid_met, series.reliable_change) == (
        False,
        False,
        True,
        True,
    )
    assert series.nap == 84 / 84
    assert series.tau_bc == pytest.approx(84 / math.sqrt(84 * 167))  # 0.71
    assert series.baseline_trend_corrected is False
    assert trend.sustained == ("emerging", date(2026, 3, 19), 30 - 19 + 1, None)
