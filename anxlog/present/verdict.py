"""The verdict and the effect sizes in plain words, for the terminal and the report.

Descriptive only: what the ratings did, never what to do (docs/methods.md).
"""

from __future__ import annotations

from ..analysis.trend import Trend


def _points(value: float) -> str:
    return f"{value:g} point" + ("" if value == 1 else "s")


def _days(n: int) -> str:
    return f"{n} day" + ("" if n == 1 else "s")


def verdict_sentence(trend: Trend) -> str:
    """One plain, descriptive sentence from the sustained-relief rule."""
    sustained = trend.sustained
    if sustained.verdict == "unavailable":
        return sustained.reason or "No verdict."
    if trend.instrument == "gad7":
        return _gad7_sentence(trend)
    below = f"at least {_points(trend.params.margin)} below your baseline"
    since = sustained.since.isoformat() if sustained.since else ""
    if sustained.verdict == "sustained":
        return (
            f"Sustained relief: your 7-day average has stayed {below} "
            f"for {_days(sustained.days)} (since {since})."
        )
    if sustained.verdict == "emerging":
        return (
            f"Emerging relief: your 7-day average has been {below} for {_days(sustained.days)} "
            f"(since {since}); relief counts as sustained after {trend.params.sustain_days} days."
        )
    if sustained.verdict == "fading":
        return (
            f"Fading: your 7-day average was {below} earlier in the treatment phase, "
            "but it is not on your latest rated day."
        )
    return f"Not yet: your 7-day average has not been {below} since the first session."


def _gad7_sentence(trend: Trend) -> str:
    intake, follow = trend.intake, trend.followups
    assert intake is not None and follow  # a verdict other than unavailable has both
    what = "standard GAD-7" + (f" {trend.item} answer" if trend.item else " score")
    intake_what = f"intake {trend.item} answer" if trend.item else "intake score"
    below = f"at least {_points(trend.params.margin)} below your {intake_what}"
    intake_text = f"{intake.total} on {intake.day.isoformat()}"
    latest = follow[-1]
    latest_text = f"{latest.day.isoformat()}: {latest.total}"
    verdict = trend.sustained.verdict
    if verdict == "sustained":
        previous = follow[-2]
        apart = (latest.day - previous.day).days
        return (
            f"Sustained relief: your last two {what}s ({previous.day.isoformat()}: "
            f"{previous.total}, {latest_text}) are both {below} ({intake_text}), "
            f"{_days(apart)} apart."
        )
    if verdict == "emerging":
        return (
            f"Emerging relief: your latest {what} ({latest_text}) is {below} ({intake_text}); "
            "a change counts as confirmed when two follow-ups at least 10 days apart are."
        )
    if verdict == "fading":
        return (
            f"Fading: an earlier {what} was {below} ({intake_text}), "
            f"but your latest ({latest_text}) is not."
        )
    return f"Not yet: no {what} since the first session has been {below} ({intake_text})."


def tau_bc_direction(tau_bc: float) -> str:
    """Which way treatment days went, as Tau-BC says: lower, higher or neither."""
    return "lower" if tau_bc > 0 else "higher" if tau_bc < 0 else "neither lower nor higher"


def nap_reading(nap: float | None) -> str | None:
    """NAP in plain words (Parker & Vannest 2009)."""
    if nap is None:
        return None
    return (
        f"NAP {nap:.2f}: in {100 * nap:.0f} % of comparisons of a baseline day with a "
        "treatment day, the treatment day was lower (ties count half); 0.5 = no change."
    )


def tau_bc_reading(tau_bc: float | None, corrected: bool | None) -> str | None:
    """Tau-BC in plain words (Tarlow 2017)."""
    if tau_bc is None:
        return None
    direction = tau_bc_direction(tau_bc)
    if tau_bc:
        went = f"treatment days tended to be {direction} than baseline days"
    else:
        went = f"treatment days were {direction} than baseline days"
    trend_note = (
        "a trend already present in the baseline was taken out first"
        if corrected
        else "the baseline showed no clear trend of its own, so none was taken out"
    )
    return f"Tau-BC {tau_bc:.2f} (−1 to 1, 0 = no difference): {went}; {trend_note}."


def readings(trend: Trend) -> list[str]:
    """The plain-words lines of the series' effect sizes (none when not computed)."""
    series = trend.series
    tau = tau_bc_reading(series.tau_bc, series.baseline_trend_corrected)
    # on the same -1 … 1 scale NAP reads 2·NAP - 1; a large gap deserves a word
    if tau is not None and series.nap is not None and (series.tau_bc or 0) < 2 * series.nap - 1.2:
        tau += (
            " It reads lower than NAP: Tau-BC is cautious when the two phases differ much "
            "in length or vary within themselves."
        )
    return [line for line in (nap_reading(series.nap), tau) if line is not None]


def settings_sentence(trend: Trend) -> str:
    """The settings the figures were computed with, for the report."""
    params, baseline = trend.params, trend.baseline
    if trend.instrument == "gad7":
        where = "the latest standard GAD-7 in the 28 days before the first session or on its day"
        if trend.intake is not None:
            where += f" ({trend.intake.total} on {trend.intake.day.isoformat()})"
        return (
            f"Settings: baseline = {where}; a follow-up counts as relief at least "
            f"{params.margin:g} points below it; sustained when the latest two follow-ups "
            "are, at least 10 days apart."
        )
    window = ""
    if baseline.start and baseline.end:
        window = (
            f" ({baseline.start.isoformat()} to {baseline.end.isoformat()}, "
            f"{baseline.n or 0} rated days), whatever the period shown"
        )
    return (
        f"Settings: baseline = the {params.baseline_days} days before the first session"
        f"{window}; session windows {params.window} days each side; relief = at least "
        f"{params.margin:g} points below baseline; sustained after {params.sustain_days} days."
    )
