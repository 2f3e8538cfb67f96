"""Kaplan–Meier relief times and onset hours, by hand and against a brute-force product."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

from helpers_analysis import days_of
from hypothesis import given
from hypothesis import strategies as st

from anxlog.analysis.durability import (
    ReliefTime,
    StillGoing,
    kaplan_meier,
    median_days,
    median_hours,
    onset_hours,
    summarise,
)
from anxlog.analysis.sessions import SessionDay
from anxlog.analysis.trend import Parameters, Period, Trend, analyse
from anxlog.present.durability_text import durability_sentence


def times(*written: str) -> list[ReliefTime]:
    """'7' ended after 7 days, '5+' still going (censored) at 5 days."""
    return [ReliefTime(int(text.rstrip("+")), text.endswith("+")) for text in written]


def test_kaplan_meier_with_ties_and_censoring_by_hand() -> None:
    # times 3, 5+, 7, 7, 10+, 12 (six sessions):
    # t=3: 6 at risk, 1 ended  -> S = 5/6
    # t=7: 4 at risk (7, 7, 10+, 12; 5+ left the risk set), 2 ended -> S = 5/6 * 2/4 = 5/12
    # t=12: 1 at risk (12; 10+ left), 1 ended -> S = 0
    curve = kaplan_meier(times("3", "5+", "7", "7", "10+", "12"))
    assert [(s.days, s.at_risk, s.ended) for s in curve] == [(3, 6, 1), (7, 4, 2), (12, 1, 1)]
    assert [s.survival for s in curve] == [5 / 6, 5 / 6 * (1 - 2 / 4), 0.0]
    assert median_days(curve) == 7  # the first t with S(t) <= 0.5: 5/12 at 7


def test_summary_by_hand() -> None:
    summary = summarise(times("3", "5+", "7", "7", "10+", "12"))
    assert summary is not None
    assert summary.sessions == 6 and summary.censored == 2
    assert summary.median_days == 7 and summary.median_more_than is None
    assert (summary.shortest_days, summary.longest_days) == (3, 12)
    assert summary.longest_censored is False


def test_a_censored_time_equal_to_an_ended_one_is_still_at_risk() -> None:
    # 4, 4+, 9: at t=4, 3 at risk (4+ counts), 1 ended -> S = 2/3; t=9: 1 at risk -> 0
    curve = kaplan_meier(times("4", "4+", "9"))
    assert [(s.days, s.at_risk, s.ended, s.survival) for s in curve] == [
        (4, 3, 1, 1 - 1 / 3),
        (9, 1, 1, 0.0),
    ]
    assert median_days(curve) == 9


def test_exactly_one_half_is_the_median() -> None:
    # 2, 6: at t=2, S = 1 - 1/2 = 0.5 exactly -> median 2
    assert median_days(kaplan_meier(times("2", "6"))) == 2


def test_more_than_t_when_survival_never_reaches_one_half() -> None:
    # 4, 9+, 12+, 16+: S(4) = 3/4 and no later end -> no median; "more than 16 days"
    summary = summarise(times("4", "9+", "12+", "16+"))
    assert summary is not None
    assert summary.median_days is None and summary.median_more_than == 16
    assert summary.longest_censored is True and summary.censored == 3


def test_all_censored_has_no_curve_and_no_median() -> None:
    summary = summarise(times("5+", "8+"))
    assert summary is not None
    assert summary.curve == () and summary.median_days is None and summary.median_more_than == 8


def test_fewer_than_two_sessions_give_no_summary() -> None:
    assert summarise([]) is None
    assert summarise(times("7")) is None


def brute_force_survival(relief: list[ReliefTime], t: int) -> Fraction:
    """S(t) straight from the definition: a product over every day u <= t at which some
    relief ended, of (1 - ended at u / lasted at least u), in exact fractions."""
    survival = Fraction(1)
    for u in range(t + 1):
        ended = sum(1 for r in relief if r.days == u and not r.censored)
        if ended:
            survival *= 1 - Fraction(ended, sum(1 for r in relief if r.days >= u))
    return survival


@given(st.lists(st.builds(ReliefTime, st.integers(0, 30), st.booleans()), min_size=2, max_size=12))
def test_kaplan_meier_matches_a_brute_force_product(relief: list[ReliefTime]) -> None:
    curve = kaplan_meier(relief)
    for step in curve:
        assert abs(step.survival - float(brute_force_survival(relief, step.days))) < 1e-12
    # the median: the first day at which the exact product is at most one half
    exact = [u for u in range(31) if brute_force_survival(relief, u) <= Fraction(1, 2)]
    assert median_days(curve) == (exact[0] if exact else None)


START_AT = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
START = START_AT.timestamp()  # instants are POSIX seconds


def at(hours: float) -> float:
    return (START_AT + timedelta(hours=hours)).timestamp()


def test_onset_is_the_first_rating_at_or_below_the_threshold() -> None:
    # pre mean 12, margin 4 -> threshold 8; ratings 2.5 h (10), 5.5 h (8: exactly on it)
    ratings = [(at(2.5), 10.0), (at(5.5), 8.0), (at(26), 3.0)]
    assert onset_hours(START, 8.0, ratings, window_days=7) == 5.5


def test_ratings_before_the_session_time_never_count() -> None:
    # the same day, but taken at 08:00, before the 09:30 session
    ratings = [(at(-1.5), 2.0), (at(3), 9.0), (at(30.25), 7.0)]
    assert onset_hours(START, 8.0, ratings, window_days=7) == 30.3  # 30 h 15 min, halves up


def test_no_onset_after_the_next_session_or_the_window() -> None:
    ratings = [(at(49), 5.0)]
    assert onset_hours(START, 8.0, ratings, window_days=7, next_start=at(48)) is None
    assert onset_hours(START, 8.0, ratings, window_days=2) is None  # 49 h > 48 h
    assert onset_hours(START, 8.0, [(at(48), 5.0)], window_days=2) == 48.0  # at most W days
    assert onset_hours(START, 8.0, [(at(2), 9.0)], window_days=7) is None


def test_median_onset() -> None:
    assert median_hours([5.5, 2.0, 30.0]) == 5.5
    assert median_hours([2.0, 5.0]) == 3.5
    assert median_hours([5.2, 5.3]) == 5.3  # 5.25: halves up, as onsets are rounded
    assert median_hours([]) is None


# -- the summary over a series, by hand -----------------------------------------------

DAY0 = date(2024, 3, 1)


def day(offset: int) -> date:
    return DAY0 + timedelta(days=offset)


def series_trend(today: int, until: int | None = None) -> Trend:
    """Sessions on days 10, 20 and 40 (W = 7, M = 4).

    Day 10: pre = days 3…9 at 15, level 11; days 11…19 at 9 up to the next session:
    relief 19 - 10 = 9, still going when the next session came (9+).
    Day 20: pre = days 13…19 at 9, level 5; days 21…23 at 4, then nothing until day 34:
    a 10-day unrated stretch (> W) ends the walk: relief 3, still going at a pause (3+).
    Day 40: pre = day 34 (4), level 0; days 41…45 at 0, the latest ratings: 5+."""
    values = {
        **{offset: 15.0 for offset in range(3, 10)},
        **{offset: 9.0 for offset in range(11, 20)},
        **{offset: 4.0 for offset in (21, 22, 23, 34)},
        **{offset: 0.0 for offset in range(41, 46)},
    }
    days = days_of({day(offset): value for offset, value in values.items()})
    sessions = [
        SessionDay(number, number, day(offset), "ketamine-iv", None, None)
        for number, offset in enumerate((10, 20, 40), 1)
    ]
    period = Period(until=None if until is None else day(until))
    return analyse(days, sessions, Parameters(), period=period, today=day(today))


def test_where_each_relief_was_still_going() -> None:
    trend = series_trend(today=47)
    durability = trend.durability
    assert durability is not None and durability.estimate is not None
    assert [(r.relief_days, r.censored) for r in trend.session_results] == [
        (9, True),
        (3, True),
        (5, True),
    ]
    assert durability.still_going == StillGoing(next_session=1, latest_rating=1, pause=1)
    # every time censored: no step, S stays 1 and the median is "more than 9 days"
    estimate = durability.estimate
    assert estimate.curve == () and estimate.median_days is None
    assert estimate.median_more_than == 9 and estimate.longest_censored
    assert estimate.shortest_days == 3 and estimate.shortest_censored
    # today is day 47: 7 days after the last session; the latest rating (day 45) is 2 days
    # old and its run reaches it: still going
    assert durability.days_since_last_session == 7
    assert durability.last_session_relief_ongoing is True
    assert durability_sentence(trend) == (
        "After your last 3 sessions, relief of at least 4 points lasted a median of more "
        "than 9 days (shortest 3+, longest 9+; 1 still going when the next session came, "
        "1 still going at your latest rating, 1 still going when ratings paused for more "
        f"than 7 days). Your last session was 7 days before {day(47).isoformat()}; relief "
        "after it is still going."
    )


def test_ratings_that_stopped_long_ago_say_nothing_about_now() -> None:
    # today is day 60: the latest rating (day 45) is 15 days old, more than W
    trend = series_trend(today=60)
    durability = trend.durability
    assert durability is not None
    assert durability.days_since_last_session == 20
    assert durability.last_session_relief_ongoing is None
    sentence = durability_sentence(trend)
    assert sentence is not None
    assert sentence.endswith(
        "with no rating in the last 15 days, whether relief after it is still going is not known."
    )


def test_a_pause_after_the_last_session_leaves_it_unknown() -> None:
    # up to day 38 the last session is day 20, whose walk ended at the unrated stretch
    cut = series_trend(today=60, until=38)
    durability = cut.durability
    assert durability is not None and durability.days_since_last_session == 18  # 38 - 20
    assert durability.last_session_relief_ongoing is None  # 3+ at a pause, day 34 within W
    sentence = durability_sentence(cut)
    assert sentence is not None and sentence.endswith(
        "ratings paused for more than 7 days after it, so whether relief is still going is "
        "not known."
    )
