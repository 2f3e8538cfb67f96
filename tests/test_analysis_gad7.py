"""The standard GAD-7 on its two-weekly schedule: intake, follow-ups and each verdict,
computed by hand (docs/methods.md, "The standard GAD-7")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
from helpers_analysis import days_of
from test_analysis import day, session

from anxlog.analysis.gad7 import Administration
from anxlog.analysis.thresholds import Flags
from anxlog.analysis.trend import Parameters, Period, Trend, analyse_gad7

S0 = 28  # the first session's day offset; the intake is looked for on days 0 … 28


def judged(
    totals: Mapping[int, int],
    sessions: Sequence[int] = (S0,),
    *,
    item: str | None = None,
    params: Parameters = Parameters(),
    period: Period = Period(),
) -> Trend:
    """analyse_gad7 over one GAD-7 on each day offset given (in day order)."""
    taken = [Administration(day(offset), total) for offset, total in sorted(totals.items())]
    days = days_of({day(offset): total for offset, total in totals.items()})
    numbered = [session(offset, number) for number, offset in enumerate(sessions, 1)]
    return analyse_gad7(days, taken, numbered, params, period=period, item=item)


def verdict(trend: Trend) -> tuple[str, object, int]:
    return trend.sustained.verdict, trend.sustained.since, trend.sustained.days


# intake: the latest GAD-7 in days 0 … 28 is day 26 (15); day 0 (18) is older
INTAKE = {0: 18, 26: 15}


def test_the_intake_is_the_latest_gad7_in_the_28_days_before_the_first_session() -> None:
    trend = judged(INTAKE | {40: 9})
    assert trend.intake == Administration(day(26), 15)
    assert (trend.baseline.start, trend.baseline.end) == (day(0), day(28))
    assert (trend.baseline.n, trend.baseline.mean) == (2, 15.0)
    # on the session's own day counts too (often filled in at the clinic)
    assert judged({26: 15, 28: 16, 40: 9}).intake == Administration(day(28), 16)


def test_a_follow_up_by_hand() -> None:
    (followup,) = judged(INTAKE | {40: 9}).followups or []
    assert followup.day == day(40) and followup.total == 9
    assert followup.change == 9 - 15  # -6
    assert followup.percent_change == 100 * -6 / 15  # -40
    # -40 > -50: no response; 9 is not < 5; -6 <= -4 and -6 <= -6; 9 <= 15 - 4
    assert followup.flags == Flags(
        response=False, remission=False, mcid_met=True, reliable_change=True
    )
    assert followup.relieved is True
    # 15 -> 7: -53.3 % is a response; 15 -> 4: remission
    (seven,) = judged(INTAKE | {40: 7}).followups or []
    assert seven.flags.response is True and seven.flags.remission is False
    (four,) = judged(INTAKE | {40: 4}).followups or []
    assert four.flags.remission is True


def test_sustained_needs_the_latest_two_relieved_at_least_10_days_apart() -> None:
    # 15 - 4 = 11: day 40 (10) and day 54 (9) relieved, 14 days apart
    trend = judged(INTAKE | {40: 10, 54: 9})
    assert verdict(trend) == ("sustained", day(40), 54 - 40 + 1)
    series = trend.series
    assert series.current_mean == 9 and series.change == -6
    assert (series.nap, series.tau_bc, series.baseline_trend_corrected) == (None, None, None)
    # exactly 10 days apart is enough
    assert verdict(judged(INTAKE | {40: 10, 50: 9})) == ("sustained", day(40), 11)


def test_emerging_when_only_the_latest_is_relieved() -> None:
    # day 40 (12) not relieved; day 54 (11 = 15 - 4 exactly) relieved
    assert verdict(judged(INTAKE | {40: 12, 54: 11})) == ("emerging", day(54), 1)


def test_emerging_when_the_two_are_less_than_10_days_apart() -> None:
    # day 40 and 48 relieved, 8 days apart: not yet confirmed
    assert verdict(judged(INTAKE | {40: 10, 48: 10})) == ("emerging", day(40), 48 - 40 + 1)
    # three relieved, the latest two 9 days apart: still emerging, since the first of the run
    assert verdict(judged(INTAKE | {40: 10, 45: 10, 54: 9})) == ("emerging", day(40), 15)


def test_fading() -> None:
    assert verdict(judged(INTAKE | {40: 10, 54: 12})) == ("fading", None, 0)  # 12 > 11


def test_not_yet() -> None:
    assert verdict(judged(INTAKE | {40: 13, 54: 12})) == ("not-yet", None, 0)


def test_unavailable_without_a_session() -> None:
    trend = judged(INTAKE | {40: 9}, sessions=())
    assert verdict(trend) == ("unavailable", None, 0)
    assert trend.sustained.reason == "No verdict yet: no session logged ('anxlog session add')."
    assert trend.intake is None and trend.followups is None


def test_unavailable_without_an_intake_gad7() -> None:
    trend = judged({-1: 15, 40: 9})  # day -1 is 29 days before the first session
    assert verdict(trend) == ("unavailable", None, 0)
    assert trend.sustained.reason == (
        "No verdict: no standard GAD-7 from 2024-03-01 to 2024-03-29 (the 28 days before the "
        "first session, or its day) to serve as the intake score. If your clinic gave you "
        "one, enter it with 'anxlog rate --gad7 --date YYYY-MM-DD'."
    )


def test_unavailable_without_a_follow_up_yet() -> None:
    trend = judged(INTAKE)
    assert verdict(trend) == ("unavailable", None, 0)
    assert trend.followups == []
    assert trend.sustained.reason == (
        "No verdict yet: no standard GAD-7 after the first session (2024-03-29) "
        "('anxlog rate --gad7'; suggested every 14 days)."
    )


def test_one_item_has_no_thresholds_and_its_own_margin() -> None:
    # q2 answers: intake 3, then 2 and 2: relieved at <= 3 - 1 with the item's margin 1
    trend = judged({26: 3, 40: 2, 54: 2}, item="q2", params=Parameters(margin=1.0))
    assert verdict(trend) == ("sustained", day(40), 15)
    assert trend.series.mcid_met is None and trend.series.response is None
    assert all(f.flags == Flags() for f in trend.followups or [])


def test_a_period_judges_the_follow_ups_up_to_until_against_the_same_intake() -> None:
    trend = judged(INTAKE | {40: 10, 54: 12, 68: 9}, period=Period(since=day(50), until=day(60)))
    assert trend.intake == Administration(day(26), 15)  # before the period: still the intake
    assert [f.day for f in trend.followups or []] == [day(40), day(54)]
    assert verdict(trend) == ("fading", None, 0)
    assert trend.session_results == []  # the session on day 28 is not in the period
    (result,) = judged(INTAKE | {40: 9}).session_results
    assert (result.pre, result.post, result.change, result.relief_days) == (None,) * 4


@pytest.mark.parametrize("offset", [40, 54])
def test_current_is_the_latest_follow_up(offset: int) -> None:
    trend = judged(INTAKE | {40: 10, 54: 9}, period=Period(until=day(offset)))
    assert trend.series.current_mean == {40: 10, 54: 9}[offset]
