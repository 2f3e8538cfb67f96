"""Slow, obvious versions of the analysis' rules and of `trend --json`'s shape: the
oracles the fast package code is checked against. They live here, not in the package,
so that the package keeps one implementation of each rule."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from anxlog.analysis.by_dose import by_dose
from anxlog.analysis.days import Days
from anxlog.analysis.trend import Trend
from anxlog.records import BloodPressure, Tolerability


def days_of(values: Mapping[date, float], counts: Mapping[date, int] | None = None) -> Days:
    """Days from daily values keyed by date (one rating a day unless ``counts`` says)."""
    ordered = sorted(values)
    return Days(
        [d.isoformat() for d in ordered],
        [d.toordinal() for d in ordered],
        [float(values[d]) for d in ordered],
        [1 if counts is None else counts[d] for d in ordered],
    )


def daily_values(ratings: Iterable[tuple[date, float]]) -> Days:
    """Group ratings by day; a day's value is the mean of its totals."""
    by_day: dict[date, list[float]] = {}
    for day, total in ratings:
        by_day.setdefault(day, []).append(total)
    values = {day: math.fsum(totals) / len(totals) for day, totals in by_day.items()}
    return days_of(values, {day: len(totals) for day, totals in by_day.items()})


def trailing_mean(values_by_day: Mapping[date, float], day: date) -> float | None:
    """Mean of the daily values on calendar days day-6 … day; None with fewer than 3."""
    span = (day - timedelta(days=offset) for offset in range(7))
    values = [values_by_day[d] for d in span if d in values_by_day]
    return math.fsum(values) / len(values) if len(values) >= 3 else None


def trailing_means(days: Days) -> dict[date, float | None]:
    """trailing_mean of every rated day, day by day."""
    values_by_day = dict(zip(days.dates(), days.values, strict=True))
    return {day: trailing_mean(values_by_day, day) for day in values_by_day}


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _pressure(pressure: BloodPressure | None) -> dict[str, int] | None:
    return None if pressure is None else {"systolic": pressure[0], "diastolic": pressure[1]}


def _tolerability(felt: Tolerability | None) -> dict[str, Any]:
    """How a session felt, every part null when nothing is recorded."""
    return {
        "dissociation": None if felt is None else felt.dissociation,
        "nausea": None if felt is None else felt.nausea,
        "bp_before": None if felt is None else _pressure(felt.bp_before),
        "bp_after": None if felt is None else _pressure(felt.bp_after),
    }


def trend_to_json(trend: Trend) -> dict[str, Any]:
    """The documented shape of `trend --json` (docs/trend.md), built key by key."""
    shown, means = trend.shown()
    if trend.instrument == "gad7":
        intake = trend.intake
        baseline: dict[str, Any] = {
            "day": None if intake is None else intake.day.isoformat(),
            "total": None if intake is None else intake.total,
        }
    else:
        b = trend.baseline
        baseline = {"start": _iso(b.start), "end": _iso(b.end), "n": b.n, "mean": b.mean}
    series = trend.series
    return {
        "instrument": trend.instrument,
        "item": trend.item,
        "parameters": {
            "window": trend.params.window,
            "baseline_days": trend.params.baseline_days,
            "margin": trend.params.margin,
            "sustain_days": trend.params.sustain_days,
            "durability_sessions": trend.params.durability_sessions,
        },
        "days": [
            {"day": day, "value": value, "n": n, "trailing_mean": mean}
            for day, value, n, mean in zip(
                shown.iso, shown.values, shown.counts, means, strict=True
            )
        ],
        "baseline": baseline,
        "sessions": [
            {
                "id": r.session.id,
                "day": r.session.day.isoformat(),
                "kind": r.session.kind,
                "dose": r.session.dose,
                "unit": r.session.unit,
                "pre": None if r.pre is None else {"n": r.pre.n, "mean": r.pre.mean},
                "post": None if r.post is None else {"n": r.post.n, "mean": r.post.mean},
                "change": r.change,
                "nap": r.nap,
                "relief_days": r.relief_days,
                "censored": r.censored,
                "onset_hours": r.onset_hours,
                "tolerability": _tolerability(trend.tolerability.get(r.session.id)),
            }
            for r in trend.session_results
        ],
        "by_dose": None
        if trend.instrument == "gad7"
        else [
            {
                "kind": g.kind,
                "dose": g.dose,
                "unit": g.unit,
                "sessions": g.sessions,
                "mean_change": g.mean_change,
                "median_relief_days": g.median_relief_days,
                "relief_censored": g.relief_censored,
                "median_onset_hours": g.median_onset_hours,
            }
            for g in by_dose(trend.session_results)
        ],
        "events": [
            {"id": e.id, "uid": e.uid, "day": e.day.isoformat(), "text": e.text}
            for e in trend.events
        ],
        "followups": None
        if trend.followups is None
        else [
            {
                "day": f.day.isoformat(),
                "total": f.total,
                "change": f.change,
                "percent_change": f.percent_change,
                "response": f.flags.response,
                "remission": f.flags.remission,
                "mcid_met": f.flags.mcid_met,
                "reliable_change": f.flags.reliable_change,
                "relieved": f.relieved,
            }
            for f in trend.followups
        ],
        "series": {
            "current_mean": series.current_mean,
            "change": series.change,
            "percent_change": series.percent_change,
            "nap": series.nap,
            "tau_bc": series.tau_bc,
            "baseline_trend_corrected": series.baseline_trend_corrected,
            "response": series.response,
            "remission": series.remission,
            "mcid_met": series.mcid_met,
            "reliable_change": series.reliable_change,
        },
        "sustained": {
            "verdict": trend.sustained.verdict,
            "since": _iso(trend.sustained.since),
            "days": trend.sustained.days,
            "reason": trend.sustained.reason,
        },
        "durability": durability_to_json(trend),
    }


def durability_to_json(trend: Trend) -> dict[str, Any] | None:
    """The "durability" object: null for the GAD-7; without an estimate (fewer than 2
    sessions with a relief time) every figure of the estimate is null."""
    durability = trend.durability
    if durability is None:
        return None
    km = durability.estimate
    return {
        "sessions": km.sessions if km else None,
        "censored": km.censored if km else None,
        "median_days": km.median_days if km else None,
        "median_more_than": km.median_more_than if km else None,
        "shortest_days": km.shortest_days if km else None,
        "longest_days": km.longest_days if km else None,
        "longest_censored": km.longest_censored if km else None,
        "median_onset_hours": durability.median_onset_hours,
        "days_since_last_session": durability.days_since_last_session,
        "last_session_relief_ongoing": durability.last_session_relief_ongoing,
        "reason": durability.reason,
    }
